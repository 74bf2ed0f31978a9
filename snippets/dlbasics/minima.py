"""지역 최소값과 전역 최소값: 두 층 신경망이 XOR에서 어디에 멈추는지.

XOR 데이터 넷(XOR_INPUTS, XOR_LABELS)에 역전파 페이지의 두 층 신경망(affine → ReLU → affine, 교차 엔트로피)을
전체 배치 경사하강법으로 학습한다. init_two_layer는 torch nn.Linear의 기본 초기화(evolution.init_params),
train_two_layer는 torch.optim.SGD(lr)와 같은 궤적, restart_losses는 시드마다 학습한 뒤의 손실이다.
collapsed_loss는 입력 몇 개가 같은 예측을 내야 할 때 얻을 수 있는 가장 낮은 교차 엔트로피(멈춘 손실의 층),
permute_hidden은 은닉 뉴런의 순서를 바꾼 파라미터(같은 함수, 같은 손실)다.
"""

from .backpropagation import PARAM_NAMES, check_two_layer_shapes, two_layer_backward, two_layer_forward
from .evolution import init_params
from .gradient_descent import check_lr
from .losses import cross_entropy

# --8<-- [start:xor-training]
import numpy as np

XOR_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_LABELS = np.array([0, 1, 1, 0])  # 두 입력이 다르면 1


def init_two_layer(width, rng):
    """입력 2 → 은닉 width → 클래스 2. torch nn.Linear의 기본 초기화 (init 절)."""
    if isinstance(width, bool) or not isinstance(width, (int, np.integer)) or width < 1:
        raise ValueError(f"width는 1 이상의 정수여야 합니다: width={width!r}")
    (W1, b1), (W2, b2) = init_params((2, width, 2), rng)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def train_two_layer(params, x, target, lr, steps):
    """전체 배치 경사하강법 steps번: θ ← θ - η∇L(θ). 학습한 파라미터(새 dict)와 스텝마다의 손실을 돌려준다."""
    check_lr(lr)  # 경사하강법 페이지의 검사 (sgd-step 절)
    losses = []
    _, cache = two_layer_forward(x, params)
    for _ in range(steps):
        grads = two_layer_backward(cache, target)
        params = {name: params[name] - lr * grads[name] for name in PARAM_NAMES}
        logits, cache = two_layer_forward(x, params)  # 갱신한 뒤의 순전파: 손실과 다음 스텝의 역전파가 함께 쓴다
        losses.append(cross_entropy(logits, target))
    return params, losses


def restart_losses(width, seeds, lr=1.0, steps=200):
    """시드마다 새로 초기화해 XOR을 학습한 뒤의 손실 (시드 순서대로)."""
    return [train_two_layer(init_two_layer(width, np.random.default_rng(seed)), XOR_INPUTS, XOR_LABELS, lr, steps)[1][-1]
            for seed in seeds]
# --8<-- [end:xor-training]


# --8<-- [start:collapsed-loss]
import numpy as np


def collapsed_loss(groups):
    """groups: 같은 예측을 내야 하는 입력들의 레이블 묶음들 (예: [[0, 1], [1], [0]]). 두 클래스.
    묶음마다 가장 좋은 예측은 그 묶음의 레이블 비율 q이고, 그때의 손실은 n_g · H(q_g)다.
    돌려주는 값: (1/N) Σ_g n_g H(q_g), H(q) = -q ln q - (1-q) ln(1-q)."""
    groups = [np.asarray(group) for group in groups]
    if not groups or any(group.ndim != 1 or group.size == 0 for group in groups):
        raise ValueError("groups는 비어 있지 않은 레이블 묶음들의 목록이어야 합니다")
    if any(not np.isin(group, (0, 1)).all() for group in groups):
        raise ValueError("레이블은 0 또는 1이어야 합니다")
    total = 0.0
    for group in groups:
        q = group.mean()  # 묶음 안에서 레이블이 1인 비율
        total += sum(-n * np.log(p) for n, p in ((group.sum(), q), (group.size - group.sum(), 1 - q)) if n > 0)
    return total / sum(group.size for group in groups)
# --8<-- [end:collapsed-loss]


# --8<-- [start:permute-hidden]
import numpy as np


def permute_hidden(params, order):
    """은닉 뉴런을 order 순서로 바꿔 단 파라미터: W1 → P W1, b1 → P b1, W2 → W2 Pᵀ. 계산하는 함수는 같다."""
    check_two_layer_shapes(np.zeros((1, params["W1"].shape[1])), params)
    order = np.asarray(order)
    width = params["W1"].shape[0]
    if order.shape != (width,) or not np.array_equal(np.sort(order), np.arange(width)):
        raise ValueError(f"order는 0부터 {width - 1}까지를 한 번씩 담은 순열이어야 합니다: {order.tolist()}")
    return {"W1": params["W1"][order], "b1": params["b1"][order], "W2": params["W2"][:, order], "b2": params["b2"].copy()}
# --8<-- [end:permute-hidden]
