"""경사하강법: 갱신 규칙, 선형 회귀의 MSE 기울기와 헤세 행렬(학습률의 상한), 미니배치 나누기, 학습 루프,
학습률 훑기, 미니배치 기울기의 잡음.

sgd_step은 torch.optim.SGD(lr=lr)의 한 스텝(momentum=0, weight_decay=0)과 같다.
train은 batch_size 하나로 세 방식을 모두 돌린다: n이면 전체 배치, 1이면 확률적(SGD), 그 사이면 미니배치.
파라미터는 torch처럼 배열들의 리스트 [w, b]로 다루고, 어떤 함수도 받은 배열을 제자리에서 바꾸지 않는다.
"""

from .losses import mse_loss, mse_loss_grad

# --8<-- [start:sgd-step]
import numpy as np


def check_lr(lr):
    if not lr > 0:  # NaN도 걸린다
        raise ValueError(f"lr은 양수여야 합니다: lr={lr}")


def check_grads(params, grads):
    """params와 grads가 같은 개수, 같은 모양의 배열 리스트인지 확인한다 (브로드캐스팅 없음)."""
    for name, arrays in (("params", params), ("grads", grads)):
        if not isinstance(arrays, (list, tuple)):
            raise ValueError(f"{name}는 배열들의 리스트여야 합니다: {type(arrays).__name__}")
    if len(params) != len(grads):
        raise ValueError(f"params {len(params)}개와 grads {len(grads)}개의 개수가 다릅니다")
    for i, (p, g) in enumerate(zip(params, grads)):
        if np.shape(p) != np.shape(g):
            raise ValueError(f"params[{i}] 모양 {np.shape(p)}과 grads[{i}] 모양 {np.shape(g)}이 다릅니다")


def sgd_step(params, grads, lr):
    """θ ← θ - η∇L(θ). 새 배열들의 리스트를 돌려준다 (params는 그대로)."""
    check_lr(lr)
    check_grads(params, grads)
    return [np.asarray(p, dtype=np.float64) - lr * np.asarray(g, dtype=np.float64) for p, g in zip(params, grads)]
# --8<-- [end:sgd-step]


# --8<-- [start:linear-regression]
import numpy as np


def linear_regression_loss(params, X, y):
    """선형 회귀 ŷ = Xw + b의 MSE 손실과 기울기 [∂L/∂w, ∂L/∂b].

    params = [w (d,), b ()], X (n, d), y (n,)
    """
    w, b = (np.asarray(p, dtype=np.float64) for p in params)
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or w.shape != X.shape[1:] or b.shape != () or y.shape != X.shape[:1]:
        raise ValueError(f"모양이 맞지 않습니다: X {X.shape} (n, d), w {w.shape} (d,), b {b.shape} (), y {y.shape} (n,)")
    y_hat = X @ w + b
    delta = mse_loss_grad(y_hat, y)  # δ_i = ∂L/∂ŷ_i = (2/n)(ŷ_i - y_i)
    # ∂L/∂w = Xᵀδ,  ∂L/∂b = Σ_i δ_i
    return mse_loss(y_hat, y), [X.T @ delta, delta.sum()]
# --8<-- [end:linear-regression]


# --8<-- [start:stability]
import numpy as np


def linear_regression_hessian(X):
    """선형 회귀 MSE의 헤세 행렬 H = (2/n) AᵀA, A = [X 1]. 모양 (d+1, d+1), 파라미터 순서 [w, b].

    손실이 (w, b)의 이차 함수라서 H는 어느 점에서나 같고, 레이블 y와도 상관이 없다.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or len(X) == 0:
        raise ValueError(f"X는 샘플이 하나 이상인 (n, d) 행렬이어야 합니다: X {X.shape}")
    A = np.column_stack([X, np.ones(len(X))])  # [X 1] (n, d+1)
    # H = (2/n) AᵀA
    return 2.0 / len(X) * A.T @ A


def max_stable_lr(X):
    """전체 배치 경사하강법이 수렴하는 학습률의 상한 2/λ_max (η가 이보다 작아야 수렴한다)."""
    # H는 대칭 행렬: eigvalsh가 고윳값을 오름차순으로 준다
    lam_max = np.linalg.eigvalsh(linear_regression_hessian(X))[-1]
    return 2.0 / lam_max
# --8<-- [end:stability]


# --8<-- [start:minibatches]
import numpy as np


def minibatches(n_samples, batch_size, rng):
    """한 에폭: 인덱스 0..n-1을 새로 섞어 batch_size개씩 자른 리스트.

    n이 batch_size로 나누어떨어지지 않으면 마지막 배치만 n mod batch_size개로 작다
    (torch DataLoader(shuffle=True, drop_last=False)와 같은 방식).
    """
    if not isinstance(batch_size, (int, np.integer)) or not 1 <= batch_size <= n_samples:
        raise ValueError(f"batch_size는 1 이상 n_samples 이하의 정수여야 합니다: batch_size={batch_size}, n_samples={n_samples}")
    order = rng.permutation(n_samples)  # 에폭마다 다른 순서
    return [order[start : start + batch_size] for start in range(0, n_samples, batch_size)]
# --8<-- [end:minibatches]


# --8<-- [start:train]
import numpy as np


def train(params, X, y, lr, batch_size, epochs, rng):
    """선형 회귀를 경사하강법으로 학습한다. 에폭마다 ⌈n/B⌉번 갱신한다.

    batch_size B = n: 전체 배치 경사하강법, 1: 확률적 경사하강법, 그 사이: 미니배치.
    돌려주는 것 (갱신 T번):
      trajectory  파라미터 [w, b] T+1개 (처음 값부터)
      losses      전체 학습 데이터의 손실 L(θ_t) T+1개, 모양 (T+1,) (기록용: 갱신에는 배치 기울기만 쓴다)
      batches     t번째 갱신에 쓴 샘플 인덱스 배열 T개
    """
    check_lr(lr)
    if not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs는 0 이상의 정수여야 합니다: epochs={epochs}")
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    params = [np.asarray(p, dtype=np.float64) for p in params]
    loss, _ = linear_regression_loss(params, X, y)  # 모양 검사도 여기서 한다
    trajectory, losses, batches = [params], [loss], []
    for _ in range(epochs):
        for idx in minibatches(len(X), batch_size, rng):
            _, grads = linear_regression_loss(params, X[idx], y[idx])  # 배치 B의 기울기 g_B
            params = sgd_step(params, grads, lr)
            trajectory.append(params)
            losses.append(linear_regression_loss(params, X, y)[0])
            batches.append(idx)
    return trajectory, np.array(losses), batches
# --8<-- [end:train]


# --8<-- [start:lr-sweep]
import numpy as np


def lr_sweep(params, X, y, lrs, batch_size, epochs, seed):
    """학습률마다 train을 돌린 전체 학습 손실 곡선 L(θ_t)을 쌓는다. 모양 (len(lrs), T+1).

    학습률마다 같은 시드로 rng를 새로 만들므로 모든 학습률이 같은 배치 순서로 학습한다:
    곡선끼리 다른 것은 학습률뿐이다.
    """
    return np.stack([train(params, X, y, lr, batch_size, epochs, np.random.default_rng(seed))[1] for lr in lrs])
# --8<-- [end:lr-sweep]


# --8<-- [start:gradient-noise]
import numpy as np


def per_sample_grads(params, X, y):
    """샘플마다의 기울기 ∇ℓ_i (크기 1 배치의 기울기)를 [∂/∂w, ∂/∂b] 순서로 펼쳐 쌓는다. (n, d+1)"""
    rows = []
    for i in range(len(X)):
        _, grads = linear_regression_loss(params, X[i : i + 1], y[i : i + 1])
        rows.append(np.concatenate([np.ravel(g) for g in grads]))
    return np.stack(rows)


def minibatch_grad_variance(sample_grads, batch_size):
    """비복원 추출한 크기 k 배치의 기울기 g_B의 분산 합 tr Cov(g_B).

    tr Cov(g_B) = (n - k) / (k (n - 1)) · s²,  s² = (1/n) Σ_i ‖∇ℓ_i - ∇L‖²
    """
    n = len(sample_grads)
    if not 1 <= batch_size <= n:
        raise ValueError(f"batch_size는 1 이상 n 이하여야 합니다: batch_size={batch_size}, n={n}")
    s2 = ((sample_grads - sample_grads.mean(axis=0)) ** 2).sum(axis=1).mean()
    if n == 1:
        return 0.0
    return (n - batch_size) / (batch_size * (n - 1)) * s2
# --8<-- [end:gradient-noise]
