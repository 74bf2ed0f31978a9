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
    """클래스 축 1을 따라 log softmax. (N, C) → (N, C), (N, C, d1, …)도 같다."""
    # log softmax(z)_k = z_k - m - log Σ_j exp(z_j - m),  m = max_j z_j
    # exp(z_j - m) ≤ 1 이므로 넘치지 않고, 합은 1 이상이라 log(0)도 없다.
    m = logits.max(axis=1, keepdims=True)
    shifted = logits - m
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
# --8<-- [end:log-softmax]


# --8<-- [start:cross-entropy]
import numpy as np


def cross_entropy(input, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """로짓의 교차 엔트로피. ℓ_i = -Σ_c a_ic log softmax(z_i)_c

    input: 로짓 (N, C), (N, C, d1, …), 또는 한 샘플 (C,). 클래스 축은 1 (한 샘플이면 0).
    target: 클래스 번호 (N,)·(N, d1, …) 정수, 또는 input과 모양이 같은 확률 정답.
    a: 정답 분포에 클래스 가중치를 곱한 것 (_cross_entropy_terms). 원-핫 정답이면 a = y.
    """
    log_p, a, keep, denominator = _cross_entropy_terms(input, target, weight, ignore_index, label_smoothing)
    loss = (a * -log_p).sum(axis=1)  # 샘플(또는 화소)마다 하나: (N, d1, …). 무시한 자리는 0
    if np.ndim(input) == 1:
        loss = loss.reshape(())  # 한 샘플 (C,)이면 손실도 하나: 모양 ()
    _check_reduction(reduction)
    if reduction == "none":
        return loss
    with np.errstate(invalid="ignore", divide="ignore"):  # 모두 무시하면 0/0 = nan (torch와 같다)
        return loss.sum() / (denominator if reduction == "mean" else 1.0)


def cross_entropy_grad(input, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """∂ℓ_i/∂z_i = (Σ_c a_ic) p̂_i - a_i, input과 같은 모양. a = y이면 p̂_i - y_i."""
    log_p, a, keep, denominator = _cross_entropy_terms(input, target, weight, ignore_index, label_smoothing)
    grad = np.exp(log_p) * a.sum(axis=1, keepdims=True) - a  # exp(log p̂) = p̂
    _check_reduction(reduction)
    if reduction == "mean":
        with np.errstate(invalid="ignore", divide="ignore"):
            grad = np.where(keep[:, None], grad / denominator, 0.0)  # 무시한 자리는 늘 0
    return grad.reshape(np.shape(input))
# --8<-- [end:cross-entropy]


# --8<-- [start:cross-entropy-terms]
import numpy as np


def _cross_entropy_terms(input, target, weight, ignore_index, label_smoothing):
    """log p̂, 무게 a = w_c·q_c, 무시하지 않는 자리 keep, 'mean'의 분모를 돌려준다 (클래스 축 1)."""
    input, target = np.asarray(input, dtype=np.float64), np.asarray(target)
    if input.ndim == 1 and target.shape in [(), input.shape]:  # 한 샘플 (C,): 배치 축을 붙인다
        input, target = input[None], target[None]
    elif input.ndim < 2:
        raise ValueError(f"input 모양 {input.shape}, target 모양 {target.shape}: 한 샘플의 로짓 (C,)에는 target () 또는 (C,)가 맞습니다")
    n_classes, soft = input.shape[1], np.issubdtype(target.dtype, np.floating)
    if soft:  # 확률 정답 q: input과 같은 모양, 클래스 축으로 더해 1 (soft-targets 절)
        q = _check_soft_target(input, target, ignore_index)
        keep = np.ones(input.shape[:1] + input.shape[2:], dtype=bool)
    else:  # 클래스 번호 t: (N, d1, …), ignore_index인 자리는 뺀다 (ignore-index 절)
        keep = _check_class_index(input, target, ignore_index)
        t = np.where(keep, target, 0)
        q = np.moveaxis(np.eye(n_classes)[t], -1, 1)  # 원-핫 (N, C, d1, …)
    if label_smoothing != 0.0:  # q ← (1 - ε)q + ε/C (label-smoothing 절)
        q = smooth_labels(q, label_smoothing)
    w = np.ones(n_classes) if weight is None else _check_class_weight(weight, n_classes)
    w = w.reshape((n_classes,) + (1,) * (input.ndim - 2))  # 클래스 축에 맞춘다
    a = w * q * keep[:, None]  # 무시하는 자리의 무게는 0
    # 'mean'의 분모: 확률 정답이면 샘플 수, 클래스 번호면 정답 클래스 가중치의 합 Σ w_{t_i}
    denominator = keep.size if soft else (w.reshape(-1)[t] * keep).sum()
    return log_softmax(input), a, keep, denominator
# --8<-- [end:cross-entropy-terms]


# --8<-- [start:ignore-index]
import numpy as np


def _check_class_index(input, target, ignore_index):
    """클래스 번호 target (N, d1, …)을 확인하고, 손실에 넣을 자리 keep = (t ≠ ignore_index)를 돌려준다."""
    if not np.issubdtype(target.dtype, np.integer):
        raise ValueError(f"target은 정수 클래스 번호나 실수 확률이어야 합니다: dtype {target.dtype}")
    expected = input.shape[:1] + input.shape[2:]  # input에서 클래스 축 1을 뺀 모양
    if target.shape != expected:
        raise ValueError(f"input 모양 {input.shape}에는 클래스 번호 target 모양 {expected}이 맞는데, target 모양은 {target.shape}입니다 (클래스 축은 1번입니다)")
    keep = target != ignore_index  # 예: 패딩, 영상 분할에서 경계나 모르는 화소
    outside = target[keep & ((target < 0) | (target >= input.shape[1]))]
    if outside.size:
        raise ValueError(f"범위 [0, C) 밖의 클래스 번호가 있습니다: {outside[0]} (C = {input.shape[1]}, ignore_index = {ignore_index})")
    return keep
# --8<-- [end:ignore-index]


# --8<-- [start:label-smoothing]
import numpy as np


def smooth_labels(q, label_smoothing):
    """레이블 스무딩. 정답 분포 q (클래스 축 1) → (1 - ε)q + ε/C"""
    if not 0.0 <= label_smoothing <= 1.0:  # NaN도 걸린다
        raise ValueError(f"label_smoothing은 [0, 1] 안의 수여야 합니다: {label_smoothing}")
    q = np.asarray(q, dtype=np.float64)
    n_classes = q.shape[1]
    # 정답 클래스: 1 → 1 - ε + ε/C,  나머지: 0 → ε/C.  합은 그대로 1
    return (1.0 - label_smoothing) * q + label_smoothing / n_classes
# --8<-- [end:label-smoothing]


# --8<-- [start:soft-targets]
import numpy as np

SOFT_TARGET_ATOL = 1e-6  # 합이 1에서 이만큼 벗어나도 분포로 본다 (반올림의 여유)


def _check_soft_target(input, target, ignore_index):
    """확률 정답 q: input과 같은 모양, 음수 없음, 클래스 축 1로 더하면 1."""
    target = target.astype(np.float64)
    if target.shape != input.shape:
        raise ValueError(f"확률 정답 target 모양 {target.shape}이 input 모양 {input.shape}과 다릅니다")
    if ignore_index != -100:  # torch도 확률 정답에는 ignore_index를 쓰지 못하게 한다
        raise ValueError(f"확률 정답에는 ignore_index를 쓸 수 없습니다 (ignore_index = {ignore_index}): 클래스 번호 정답에만 뜻이 있습니다")
    negative = target[~(target >= 0)]  # NaN도 걸린다
    if negative.size:
        raise ValueError(f"확률 정답에 음수나 NaN이 있습니다: {negative[0]}")
    sums = target.sum(axis=1)
    off = sums[np.abs(sums - 1.0) > SOFT_TARGET_ATOL]
    if off.size:
        raise ValueError(f"확률 정답은 클래스 축으로 더해 1이어야 합니다: 합이 {off[0]}인 샘플이 있습니다")
    return target
# --8<-- [end:soft-targets]


# --8<-- [start:class-weights]
import numpy as np


def _check_class_weight(weight, n_classes):
    """클래스 가중치 w: 클래스마다 하나 (C,), 음수나 NaN 없음."""
    if isinstance(weight, str):  # cross_entropy(x, t, "sum")처럼 reduction을 셋째 자리에 넣은 경우
        raise ValueError(f"weight는 (C,) 배열이어야 합니다: {weight!r} (reduction은 키워드로 넘기세요)")
    weight = np.asarray(weight, dtype=np.float64)
    if weight.shape != (n_classes,):
        raise ValueError(f"weight는 클래스마다 하나, 모양 ({n_classes},)이어야 합니다: 모양 {weight.shape}")
    bad = weight[~(weight >= 0)]
    if bad.size:
        raise ValueError(f"weight에 음수나 NaN이 있습니다: {bad[0]}")
    return weight
# --8<-- [end:class-weights]


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


def binary_cross_entropy(input, target, weight=None, reduction="mean"):
    """확률 p̂와 정답 y의 이진 교차 엔트로피. 두 log 모두 -100 아래를 자른다 (torch와 같음)."""
    p_hat, y = _check_probabilities(input, target)
    with np.errstate(divide="ignore"):  # log 0 = -inf → -100으로 자른다
        log_p = np.maximum(np.log(p_hat), -100.0)
        log_1mp = np.maximum(np.log1p(-p_hat), -100.0)
    # ℓ_i = -w_i [y_i log p̂_i + (1 - y_i) log(1 - p̂_i)],  weight가 없으면 w_i = 1
    loss = -(y * log_p + (1.0 - y) * log_1mp)
    if weight is not None:
        loss = loss * _broadcast_weight(weight, loss.shape)  # bce-weight 절
    return _reduce(loss, reduction)  # mean은 가중치가 있어도 원소 수 n으로 나눈다


def binary_cross_entropy_grad(input, target, weight=None, reduction="mean"):
    """∂ℓ_i/∂p̂_i = w_i (p̂_i - y_i) / max(p̂_i(1 - p̂_i), ε): torch의 역전파 식 그대로."""
    p_hat, y = _check_probabilities(input, target)
    grad = (p_hat - y) / np.maximum((1.0 - p_hat) * p_hat, BCE_GRAD_EPS)
    if weight is not None:
        grad = grad * _broadcast_weight(weight, grad.shape)
    return _reduce_grad(grad, reduction, p_hat.size)
# --8<-- [end:binary-cross-entropy]

# --8<-- [start:bce-weight]
import numpy as np


def _broadcast_weight(weight, shape):
    """원소마다의 가중치: input 모양으로 브로드캐스트할 수 있어야 한다 (torch와 같은 규칙)."""
    if isinstance(weight, str):
        raise ValueError(f"weight는 배열이어야 합니다: {weight!r} (reduction은 키워드로 넘기세요)")
    weight = np.asarray(weight, dtype=np.float64)
    try:
        fits = np.broadcast_shapes(weight.shape, shape) == shape  # input보다 커지면 안 된다
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"weight 모양 {weight.shape}을 input 모양 {shape}으로 브로드캐스트할 수 없습니다")
    bad = weight[~(weight >= 0)]
    if bad.size:
        raise ValueError(f"weight에 음수나 NaN이 있습니다: {bad[0]}")
    return np.broadcast_to(weight, shape)
# --8<-- [end:bce-weight]



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
