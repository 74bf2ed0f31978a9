"""수렴 분석: 이차 손실에서 경사하강법과 모멘텀이 한 스텝에 오차를 얼마나 줄이는지, 몇 스텝이 걸리는지.

이차 손실 L(θ) = ½ θᵀHθ (최소점 0)의 헤세 행렬 H의 고윳값만으로 예측하는 함수들(condition_number, gd_rate,
optimal_gd_lr, predicted_steps, momentum_matrix, momentum_rate, stable_lr_limit, optimal_momentum)과, 이 라이브러리의
SGD(torch.optim.SGD와 같은 갱신)를 그 손실에서 실제로 돌려 재는 함수들(descend, run_quadratic, measured_rate,
steps_to_tolerance, steps_versus_condition)이 있다. 페이지는 예측과 측정이 같다는 것을, 테스트는 SGD의 궤적과
반복 행렬의 고윳값이 torch와 같다는 것을 본다.
"""

from .gradient_descent import check_lr
from .optimizers import SGD
from .schedulers import check_count, check_number

# --8<-- [start:spectrum]
import numpy as np


def check_eigenvalues(eigenvalues):
    """헤세 행렬의 고윳값들: 양수이고 유한한 실수가 하나 이상 (1차원 float64 배열로 돌려준다)."""
    values = np.asarray(eigenvalues, dtype=np.float64)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"eigenvalues는 수가 하나 이상인 1차원 배열이어야 합니다: 모양 {values.shape}")
    if not np.all(np.isfinite(values) & (values > 0)):
        raise ValueError(f"eigenvalues는 모두 양수이고 유한해야 합니다: eigenvalues={values.tolist()}")
    return values


def condition_number(eigenvalues):
    """조건수 κ = λ_max / λ_min."""
    values = check_eigenvalues(eigenvalues)
    return float(values.max() / values.min())
# --8<-- [end:spectrum]


# --8<-- [start:gd-rate]
import numpy as np


def gd_rate(eigenvalues, lr):
    """경사하강법이 한 스텝에 오차를 줄이는 비율 ρ(η) = max_i |1 - ηλ_i| (1 이상이면 수렴하지 않는다)."""
    values = check_eigenvalues(eigenvalues)
    check_lr(lr)
    # e_{t+1} = (I - ηH) e_t: 고유 방향 i의 성분에 스텝마다 1 - ηλ_i가 곱해진다
    return float(np.max(np.abs(1 - lr * values)))


def optimal_gd_lr(eigenvalues):
    """ρ(η)가 가장 작은 학습률 η* = 2 / (λ_min + λ_max). 그때 ρ* = (κ - 1) / (κ + 1)."""
    values = check_eigenvalues(eigenvalues)
    # 1 - η λ_min = -(1 - η λ_max): 양 끝 방향의 비율이 크기는 같고 부호가 반대
    return float(2.0 / (values.min() + values.max()))
# --8<-- [end:gd-rate]


# --8<-- [start:runner]
import itertools

import numpy as np


def check_hessian(hessian):
    """이차 손실의 헤세 행렬: 대칭이고 고윳값이 모두 양수인 (d, d) 행렬."""
    H = np.asarray(hessian, dtype=np.float64)
    if H.ndim != 2 or H.shape[0] != H.shape[1] or H.size == 0:
        raise ValueError(f"hessian은 (d, d) 정사각 행렬이어야 합니다: 모양 {H.shape}")
    if not np.all(np.isfinite(H)) or not np.allclose(H, H.T, rtol=0, atol=1e-12 * np.abs(H).max()):
        raise ValueError("hessian은 유한한 값의 대칭 행렬이어야 합니다")
    check_eigenvalues(np.linalg.eigvalsh(H))  # 최소점이 하나뿐인 그릇: 고윳값이 모두 양수
    return H


def descend(hessian, start, lr, momentum=0.0):
    """L(θ) = ½ θᵀHθ (최소점 0)에서 SGD(lr, momentum)가 지나는 자리 θ_0, θ_1, …를 차례로 내놓는 반복자.
    최소점이 0이라 θ_t가 곧 오차 e_t다. 인자는 부를 때 바로 검사한다."""
    H = check_hessian(hessian)
    check_number(momentum, "momentum", 0, 1)  # [0, 1): 1 이상이면 이차 손실에서 수렴하지 않는다
    start = np.asarray(start, dtype=np.float64)
    if start.shape != H.shape[:1]:
        raise ValueError(f"start 모양 {start.shape}이 hessian 모양 {H.shape}과 맞지 않습니다")
    optimizer = SGD([start], lr=lr, momentum=momentum)  # torch.optim.SGD와 같은 갱신 (lr 검사도 SGD가)

    def positions():
        yield optimizer.params[0]
        while True:
            yield optimizer.step([H @ optimizer.params[0]])[0]  # ∇L(θ) = Hθ

    return positions()


def run_quadratic(hessian, start, lr, steps, momentum=0.0):
    """descend의 처음 steps + 1개 자리 (처음 자리 포함), 모양 (steps + 1, d)."""
    check_count(steps, "steps", minimum=0)
    return np.array(list(itertools.islice(descend(hessian, start, lr, momentum), steps + 1)))
# --8<-- [end:runner]


# --8<-- [start:measure]
import numpy as np


def measured_rate(errors):
    """오차 노름 ‖e_0‖, …, ‖e_T‖로 잰 한 스텝의 비율: 뒤쪽 절반에서 log‖e_t‖를 직선으로 맞춘 기울기 s의 e^s.
    (앞쪽 절반은 빨리 줄어드는 방향들이 사라지기를 기다리는 구간이다.)"""
    errors = np.asarray(errors, dtype=np.float64)
    if errors.ndim != 1 or len(errors) < 5:
        raise ValueError(f"errors는 값이 5개 이상인 1차원 배열이어야 합니다: 모양 {errors.shape}")
    if not np.all(np.isfinite(errors) & (errors > 0)):
        raise ValueError("errors는 모두 양수이고 유한해야 합니다 (0이나 넘친 값은 로그를 잴 수 없다)")
    half = errors[len(errors) // 2 :]
    slope = np.polyfit(np.arange(len(half)), np.log(half), 1)[0]  # log‖e_t‖ ≈ s·t + c
    return float(np.exp(slope))
# --8<-- [end:measure]


# --8<-- [start:steps]
import itertools
import math

import numpy as np


def steps_to_tolerance(hessian, start, lr, tol, momentum=0.0, max_steps=100_000):
    """‖e_t‖ ≤ tol·‖e_0‖가 처음 되는 스텝 t (max_steps 안에 닿지 못하면 None)."""
    check_number(tol, "tol", 0, 1, low_open=True)  # (0, 1)
    check_count(max_steps, "max_steps")
    positions = descend(hessian, start, lr, momentum)  # 인자는 여기서 검사한다
    target = tol * np.linalg.norm(np.asarray(start, dtype=np.float64))
    for t, theta in enumerate(itertools.islice(positions, max_steps + 1)):
        if np.linalg.norm(theta) <= target:
            return t
    return None


def predicted_steps(rate, tol):
    """비율 ρ로 줄면 ρ^t ≤ tol이 되는 가장 작은 t = ⌈ln(1/tol) / ln(1/ρ)⌉."""
    check_number(rate, "rate", 0, 1, low_open=True)  # (0, 1): 수렴하는 비율
    check_number(tol, "tol", 0, 1, low_open=True)
    return math.ceil(math.log(1 / tol) / math.log(1 / rate))
# --8<-- [end:steps]


# --8<-- [start:momentum-matrix]
import numpy as np


def momentum_matrix(curvature, lr, momentum):
    """곡률 λ인 1차원 이차 손실에서 모멘텀 SGD의 반복 행렬 M: (θ_{t+1}, θ_t) = M (θ_t, θ_{t-1}).

    torch의 버퍼 꼴 b_t = μ b_{t-1} + λθ_t, θ_{t+1} = θ_t - η b_t에서 η b_{t-1} = θ_{t-1} - θ_t를 넣으면
    θ_{t+1} = (1 + μ - ηλ) θ_t - μ θ_{t-1}.
    """
    (curvature,) = check_eigenvalues([curvature])
    check_lr(lr)
    check_number(momentum, "momentum", 0, 1)
    return np.array([[1 + momentum - lr * curvature, -momentum], [1.0, 0.0]])


def momentum_rate(eigenvalues, lr, momentum):
    """모멘텀 SGD의 비율: 고유 방향마다의 반복 행렬의 스펙트럼 반지름(고윳값 크기의 최댓값) 가운데 가장 큰 것."""
    values = check_eigenvalues(eigenvalues)
    return max(float(np.abs(np.linalg.eigvals(momentum_matrix(lam, lr, momentum))).max()) for lam in values)


def stable_lr_limit(eigenvalues, momentum=0.0):
    """비율이 1보다 작은 학습률의 상한: 0 < η < 2(1 + μ) / λ_max (μ = 0이면 경사하강법의 2 / λ_max)."""
    values = check_eigenvalues(eigenvalues)
    check_number(momentum, "momentum", 0, 1)
    return float(2 * (1 + momentum) / values.max())
# --8<-- [end:momentum-matrix]


# --8<-- [start:optimal-momentum]
import numpy as np


def optimal_momentum(eigenvalues):
    """비율이 가장 작은 (학습률, 모멘텀): η = 4 / (√λ_max + √λ_min)², μ = ((√κ - 1) / (√κ + 1))².
    그때 비율은 √μ = (√κ - 1) / (√κ + 1)."""
    values = check_eigenvalues(eigenvalues)
    low, high = np.sqrt(values.min()), np.sqrt(values.max())
    # 양 끝 곡률에서 반복 행렬의 두 고윳값이 겹치게: ηλ_min = (1 - √μ)², ηλ_max = (1 + √μ)²
    root = (high - low) / (high + low)  # √μ = (√κ - 1) / (√κ + 1)
    return float(4 / (high + low) ** 2), float(root**2)
# --8<-- [end:optimal-momentum]


# --8<-- [start:sweep]
import numpy as np


def steps_versus_condition(condition_numbers, tol=1e-6):
    """곡률이 1과 κ인 2차원 이차 손실을 (1, 1)에서 출발해, 경사하강법과 모멘텀을 저마다 가장 좋은 설정으로
    돌려 ‖e_t‖ ≤ tol·‖e_0‖가 될 때까지의 스텝 수. {"gd": [...], "momentum": [...]} (κ의 순서대로)."""
    counts = {"gd": [], "momentum": []}
    for kappa in condition_numbers:
        check_number(kappa, "condition_numbers", 1, np.inf)  # κ ≥ 1
        eigenvalues = np.array([1.0, kappa])
        H, start = np.diag(eigenvalues), np.ones(2)
        counts["gd"].append(steps_to_tolerance(H, start, optimal_gd_lr(eigenvalues), tol))
        lr, momentum = optimal_momentum(eigenvalues)
        counts["momentum"].append(steps_to_tolerance(H, start, lr, tol, momentum=momentum))
    return counts
# --8<-- [end:sweep]
