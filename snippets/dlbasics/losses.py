"""손실 함수와 그 기울기: MSE, MAE(L1), Huber, 교차 엔트로피, 이진 교차 엔트로피, 힌지.
그리고 교차 엔트로피의 기울기를 유도할 때 쓰는 소프트맥스의 야코비 행렬.

이름과 기본값은 torch.nn.functional을 따른다 (mse_loss, l1_loss, huber_loss,
cross_entropy, binary_cross_entropy). 힌지 손실은 torch에 같은 함수가 없어
torch.clamp(1 - y * ŷ, min=0)을 집계한 값과 같게 만든다.

*_grad 함수는 같은 인자를 받아 ∂(손실)/∂input을 input과 같은 모양으로 돌려준다.
reduction='none'이면 원소별 도함수(= 합의 기울기)다.
"""

# --8<-- [start:reduction]
import numpy as np

REDUCTIONS = ("mean", "sum", "none")


def _as_pair(input, target):
    """input, target을 float64 배열로 바꾸고 모양이 같은지 확인한다 (브로드캐스팅 없음)."""
    input = np.asarray(input, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    if input.shape != target.shape:
        raise ValueError(f"input 모양 {input.shape}과 target 모양 {target.shape}이 다릅니다")
    return input, target


def _check_reduction(reduction):
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction은 {REDUCTIONS} 중 하나여야 합니다: {reduction!r}")


def _reduce(loss, reduction):
    """원소별 손실 ℓ을 하나로 모은다: mean → (1/n)Σℓ_i, sum → Σℓ_i, none → ℓ 그대로."""
    _check_reduction(reduction)
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _reduce_grad(grad, reduction, n):
    """원소별 도함수 ∂ℓ_i/∂x를 집계 방식에 맞춘다: mean이면 1/n배 (n = 손실 항의 개수)."""
    _check_reduction(reduction)
    if reduction == "mean":
        return grad / n
    return grad
# --8<-- [end:reduction]


# --8<-- [start:mse]
import numpy as np


def mse_loss(input, target, reduction="mean"):
    """평균 제곱 오차. ℓ_i = (ŷ_i - y_i)²"""
    input, target = _as_pair(input, target)
    return _reduce((input - target) ** 2, reduction)


def mse_loss_grad(input, target, reduction="mean"):
    """∂ℓ_i/∂ŷ_i = 2(ŷ_i - y_i): 오차에 비례해 커진다."""
    input, target = _as_pair(input, target)
    return _reduce_grad(2.0 * (input - target), reduction, input.size)
# --8<-- [end:mse]


# --8<-- [start:mae]
import numpy as np


def l1_loss(input, target, reduction="mean"):
    """평균 절대 오차 (MAE). ℓ_i = |ŷ_i - y_i|"""
    input, target = _as_pair(input, target)
    return _reduce(np.abs(input - target), reduction)


def l1_loss_grad(input, target, reduction="mean"):
    """∂ℓ_i/∂ŷ_i = sign(ŷ_i - y_i): 오차가 0이 아니면 크기가 1, 정확히 0이면 0 (torch와 같음)."""
    input, target = _as_pair(input, target)
    return _reduce_grad(np.sign(input - target), reduction, input.size)
# --8<-- [end:mae]


# --8<-- [start:huber]
import numpy as np


def _check_delta(delta):
    if not delta > 0:
        raise ValueError(f"delta는 양수여야 합니다: delta={delta}")


def huber_loss(input, target, reduction="mean", delta=1.0):
    """Huber 손실. e = ŷ - y"""
    _check_delta(delta)
    input, target = _as_pair(input, target)
    abs_e = np.abs(input - target)
    # ℓ_i = ½e_i²            (|e_i| < δ)
    #     = δ(|e_i| - ½δ)    (|e_i| ≥ δ)
    loss = np.where(abs_e < delta, 0.5 * abs_e**2, delta * (abs_e - 0.5 * delta))
    return _reduce(loss, reduction)


def huber_loss_grad(input, target, reduction="mean", delta=1.0):
    """∂ℓ_i/∂ŷ_i = clip(e_i, -δ, δ): |e| ≤ δ이면 e, 밖이면 δ·sign(e)."""
    _check_delta(delta)
    input, target = _as_pair(input, target)
    grad = np.clip(input - target, -delta, delta)  # |e| = δ에서 두 식이 이어진다 (δ·sign(e))
    return _reduce_grad(grad, reduction, input.size)
# --8<-- [end:huber]


# --8<-- [start:log-softmax]
import numpy as np


def log_softmax(logits):
    """행마다 log softmax. (N, C) → (N, C)"""
    # log softmax(z)_k = z_k - m - log Σ_j exp(z_j - m),  m = max_j z_j
    # exp(z_j - m) ≤ 1 이므로 넘치지 않고, 합은 1 이상이라 log(0)도 없다.
    m = logits.max(axis=1, keepdims=True)
    shifted = logits - m
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
# --8<-- [end:log-softmax]


# --8<-- [start:cross-entropy]
import numpy as np


def _check_logits_target(input, target):
    """input: 로짓 (N, C), target: 정답 클래스 번호 (N,) 정수, 0 ≤ t < C."""
    input, target = np.asarray(input, dtype=np.float64), np.asarray(target)
    if input.ndim != 2:
        raise ValueError(f"input은 (N, C) 모양의 로짓이어야 합니다: 모양 {input.shape}")
    if target.ndim != 1 or not np.issubdtype(target.dtype, np.integer):
        raise ValueError(f"target은 1차원 정수 클래스 번호여야 합니다: 모양 {target.shape}, dtype {target.dtype}")
    if target.shape[0] != input.shape[0]:
        raise ValueError(f"input 모양 {input.shape}과 target 모양 {target.shape}의 N이 다릅니다")
    n_classes = input.shape[1]
    outside = target[(target < 0) | (target >= n_classes)]
    if outside.size:
        raise ValueError(f"클래스 번호 {outside[0]}이 범위 [0, C) 밖입니다 (C = {n_classes})")
    return input, target


def cross_entropy(input, target, reduction="mean"):
    """로짓의 교차 엔트로피. ℓ_i = -log softmax(z_i)_{t_i}, 모양 (N,)"""
    input, target = _check_logits_target(input, target)
    loss = -log_softmax(input)[np.arange(input.shape[0]), target]
    return _reduce(loss, reduction)


def cross_entropy_grad(input, target, reduction="mean"):
    """∂ℓ_i/∂z_i = softmax(z_i) - onehot(t_i), 모양 (N, C). mean은 N으로 나눈다."""
    input, target = _check_logits_target(input, target)
    grad = np.exp(log_softmax(input))  # softmax, 새 배열
    grad[np.arange(input.shape[0]), target] -= 1.0
    return _reduce_grad(grad, reduction, input.shape[0])
# --8<-- [end:cross-entropy]


# --8<-- [start:softmax-jacobian]
import numpy as np


def softmax_jacobian(logits):
    """로짓 한 줄 z (C,)에 대한 소프트맥스의 야코비 행렬 (C, C). J[c, k] = ∂p̂_c/∂z_k"""
    logits = np.asarray(logits, dtype=np.float64)
    if logits.ndim != 1:
        raise ValueError(f"logits는 (C,) 모양의 로짓 한 줄이어야 합니다: 모양 {logits.shape}")
    p_hat = np.exp(log_softmax(logits[None, :])[0])  # p̂ = softmax(z)
    # ∂p̂_c/∂z_k = p̂_c (δ_ck - p̂_k): 대각선은 p̂_c(1 - p̂_c), 나머지는 -p̂_c p̂_k
    return np.diag(p_hat) - np.outer(p_hat, p_hat)
# --8<-- [end:softmax-jacobian]


# --8<-- [start:binary-cross-entropy]
import numpy as np

BCE_GRAD_EPS = float(np.float32(1e-12))  # torch의 EPSILON (float32 1e-12 ≈ 9.99999996e-13)


def _check_probabilities(input, target):
    input, target = _as_pair(input, target)
    for name, values in (("input", input), ("target", target)):
        outside = values[~((values >= 0) & (values <= 1))]  # NaN도 걸린다
        if outside.size:
            raise ValueError(f"{name}은 [0, 1] 안의 값이어야 합니다: {outside[0]}")
    return input, target


def binary_cross_entropy(input, target, reduction="mean"):
    """확률 p̂와 정답 y의 이진 교차 엔트로피. 두 log 모두 -100 아래를 자른다 (torch와 같음)."""
    p_hat, y = _check_probabilities(input, target)
    with np.errstate(divide="ignore"):  # log 0 = -inf → -100으로 자른다
        log_p = np.maximum(np.log(p_hat), -100.0)
        log_1mp = np.maximum(np.log1p(-p_hat), -100.0)
    # ℓ_i = -[y_i log p̂_i + (1 - y_i) log(1 - p̂_i)]
    return _reduce(-(y * log_p + (1.0 - y) * log_1mp), reduction)


def binary_cross_entropy_grad(input, target, reduction="mean"):
    """∂ℓ_i/∂p̂_i = (p̂_i - y_i) / max(p̂_i(1 - p̂_i), ε): torch의 역전파 식 그대로."""
    p_hat, y = _check_probabilities(input, target)
    grad = (p_hat - y) / np.maximum((1.0 - p_hat) * p_hat, BCE_GRAD_EPS)
    return _reduce_grad(grad, reduction, p_hat.size)
# --8<-- [end:binary-cross-entropy]


# --8<-- [start:hinge]
import numpy as np


def _check_signs(input, target):
    input, target = _as_pair(input, target)
    wrong = target[(target != 1) & (target != -1)]
    if wrong.size:
        raise ValueError(f"힌지 손실의 target은 -1 또는 +1이어야 합니다: {wrong[0]}")
    return input, target


def hinge_loss(input, target, reduction="mean"):
    """이진 힌지 손실. input은 점수 ŷ (확률이 아님), target y ∈ {-1, +1}."""
    score, y = _check_signs(input, target)
    # ℓ_i = max(0, 1 - y_i ŷ_i)
    return _reduce(np.maximum(1.0 - y * score, 0.0), reduction)


def hinge_loss_grad(input, target, reduction="mean"):
    """∂ℓ_i/∂ŷ_i = -y_i (1 - y_i ŷ_i ≥ 0), 0 (그 밖). 마진이 정확히 1이면 -y_i (torch.clamp와 같음)."""
    score, y = _check_signs(input, target)
    grad = np.where(1.0 - y * score >= 0.0, -y, 0.0)
    return _reduce_grad(grad, reduction, score.size)
# --8<-- [end:hinge]
