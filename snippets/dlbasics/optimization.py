"""최적화 알고리즘: 가중치 감쇠, SGD 옵티마이저 객체, 지역 최소점이 여럿인 시험용 손실.

갱신 규칙 θ ← θ - ηg 자체는 gradient_descent.sgd_step 한 곳에 있고, 여기서는 그것을 불러 쓴다.
SGD(params, lr, weight_decay)는 torch.optim.SGD(params, lr=lr, weight_decay=weight_decay)
(momentum=0)와 같은 궤적을 만든다. 다른 점: torch는 파라미터 텐서를 제자리에서 바꾸지만,
이 SGD는 새 배열로 바꿔 끼우고(opt.params) 호출한 쪽의 배열은 건드리지 않는다.
wavy_loss는 ½θ² + sin 3θ를 모든 성분에 걸쳐 더한 손실로, 지역 최소점이 셋이다.
"""

from .gradient_descent import check_grads, check_lr, sgd_step

# --8<-- [start:weight-decay]
import numpy as np


def check_weight_decay(weight_decay):
    if not weight_decay >= 0:  # NaN도 걸린다
        raise ValueError(f"weight_decay는 0 이상이어야 합니다: weight_decay={weight_decay}")


def add_weight_decay(params, grads, weight_decay):
    """g ← g + λθ: L + (λ/2)‖θ‖²의 기울기. 새 배열들의 리스트를 돌려준다."""
    check_weight_decay(weight_decay)
    check_grads(params, grads)  # 더하기 전에 확인한다 (브로드캐스팅 없음)
    # g + λθ (파라미터마다)
    return [np.asarray(g, dtype=np.float64) + weight_decay * np.asarray(p, dtype=np.float64) for p, g in zip(params, grads)]
# --8<-- [end:weight-decay]


# --8<-- [start:sgd]
import numpy as np


class SGD:
    """파라미터와 갱신 규칙을 함께 가진 옵티마이저. torch.optim.SGD(momentum=0)와 같은 갱신.

    상태는 파라미터 자체(self.params)다. step은 새 배열들로 바꿔 끼우므로
    생성할 때 넘긴 배열이나 step에 넘긴 기울기는 바뀌지 않는다.
    """

    def __init__(self, params, lr, weight_decay=0.0):
        check_lr(lr)
        check_weight_decay(weight_decay)
        if isinstance(params, np.ndarray):  # 배열 하나를 넘기면 행마다 쪼개지므로 막는다 (torch도 거부)
            raise ValueError(f"params는 배열들의 리스트여야 합니다: 배열 하나 {params.shape}")
        self.params = [np.array(p, dtype=np.float64) for p in params]  # 복사해서 가진다
        if not self.params:
            raise ValueError("params가 비어 있습니다")
        self.lr = lr
        self.weight_decay = weight_decay

    def step(self, grads):
        """g ← g + λθ,  θ ← θ - ηg. 새 파라미터 리스트를 저장하고 돌려준다."""
        grads = add_weight_decay(self.params, grads, self.weight_decay)  # λ = 0이면 g 그대로
        self.params = sgd_step(self.params, grads, self.lr)
        return self.params
# --8<-- [end:sgd]


# --8<-- [start:wavy-loss]
import numpy as np


def wavy_loss(params):
    """L(θ) = Σ_j (½θ_j² + sin 3θ_j): 모든 파라미터의 모든 성분에 걸쳐 더한다.

    ½θ²는 멀리 가면 손실을 키우는 그릇, sin 3θ는 그 바닥에 골짜기 여러 개를 판다.
    """
    return float(sum(np.sum(0.5 * p**2 + np.sin(3 * p)) for p in map(np.asarray, params)))


def wavy_loss_grads(params):
    """∂L/∂θ_j = θ_j + 3 cos 3θ_j (손으로 구한 기울기). 새 배열들의 리스트."""
    return [p + 3 * np.cos(3 * p) for p in (np.asarray(p, dtype=np.float64) for p in params)]
# --8<-- [end:wavy-loss]
