"""최적화 알고리즘: 가중치 감쇠, 지역 최소점이 여럿인 시험용 손실.

add_weight_decay는 기울기에 λθ를 더한다 (L2 항의 기울기). 이 페이지가 가르치는 SGD 옵티마이저 객체는
옵티마이저 모듈(dlbasics.optimizers)의 SGD 한 곳에 있고, 그 SGD가 여기의 add_weight_decay를 쓴다.
wavy_loss는 ½θ² + sin 3θ를 모든 성분에 걸쳐 더한 손실로, 지역 최소점이 셋이다.
"""

from .gradient_descent import check_grads

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
