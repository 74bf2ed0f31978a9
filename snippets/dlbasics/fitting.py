"""과적합과 과소적합: 다항 회귀의 차수(모델의 용량)를 바꿔 가며 재는 편향–분산 분해.

true_function(x)는 실험의 참 함수 f(x) = sin πx + ½x², make_targets(x, noise_std, rng)는 그 값에
정규 잡음을 더한 관측값이다. polynomial_features(x, degree)는 [1, x, …, x^degree] 열(torch.vander(x,
increasing=True)와 같다), fit_polynomial은 최소 제곱 계수(torch.linalg.lstsq와 같다), predict_polynomial은
그 예측이다. bias_variance(predictions, truth)는 학습 데이터 R벌로 맞춘 모델들의 예측에서 편향², 분산, 평균
제곱 오차를 잰다. 분산을 R로 나누므로(ddof=0) 오차 = 편향² + 분산이 표본에서도 정확히 성립한다.
capacity_sweep은 차수마다 이 값들과 학습 오차, 잡음 섞인 새 시험 데이터에서 잰 시험 오차를 모은다.
"""

# --8<-- [start:polynomial-fit]
import numpy as np


def check_degree(degree):
    if isinstance(degree, bool) or not isinstance(degree, (int, np.integer)) or degree < 0:
        raise ValueError(f"degree는 0 이상의 정수여야 합니다: degree={degree!r}")


def as_inputs(x, name="x"):
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"{name}는 비어 있지 않은 1차원 배열이어야 합니다: 모양 {x.shape}")
    return x


def polynomial_features(x, degree):
    """열이 1, x, x^2, …, x^degree인 행렬 (모양 (n, degree + 1))."""
    check_degree(degree)
    return as_inputs(x)[:, None] ** np.arange(degree + 1)


def fit_polynomial(x, y, degree):
    """학습 오차 (1/n) Σ (y_i - ŷ(x_i))^2를 가장 작게 하는 계수 w_0, …, w_degree (최소 제곱).
    y가 (n, k)이면 열마다 따로 맞춘 계수 (degree + 1, k): 같은 입력에 목표 k개."""
    X, y = polynomial_features(x, degree), np.asarray(y, dtype=np.float64)
    if y.ndim not in (1, 2) or y.shape[0] != X.shape[0]:  # 브로드캐스팅 없음
        raise ValueError(f"y는 x와 길이가 같은 (n,) 또는 (n, k) 모양이어야 합니다: x {X.shape[0]}개, y 모양 {y.shape}")
    return np.linalg.lstsq(X, y, rcond=None)[0]


def predict_polynomial(coefficients, x):
    """ŷ(x) = Σ_k w_k x^k. 계수가 (degree + 1, k)이면 예측도 열마다: (len(x), k)."""
    coefficients = np.asarray(coefficients, dtype=np.float64)
    if coefficients.ndim not in (1, 2) or coefficients.shape[0] == 0:
        raise ValueError(f"coefficients는 (degree + 1,) 또는 (degree + 1, k) 모양이어야 합니다: {coefficients.shape}")
    return polynomial_features(x, coefficients.shape[0] - 1) @ coefficients
# --8<-- [end:polynomial-fit]


# --8<-- [start:bias-variance]
from typing import NamedTuple

import numpy as np


class BiasVariance(NamedTuple):
    bias_squared: float  # (f(x) - ŷ의 평균)^2의 평균
    variance: float  # (ŷ - ŷ의 평균)^2의 평균
    error: float  # (f(x) - ŷ)^2의 평균 = bias_squared + variance


def bias_variance(predictions, truth):
    """predictions: (R, M) 학습 데이터 R벌로 맞춘 모델이 시험점 M개에서 낸 예측, truth: (M,) 참값 f(x).
    평균은 학습 데이터 R벌과 시험점 모두에 걸쳐 낸다."""
    predictions, truth = np.asarray(predictions, dtype=np.float64), np.asarray(truth, dtype=np.float64)
    if predictions.ndim != 2 or predictions.shape[0] < 2:
        raise ValueError(f"predictions는 (학습 데이터의 벌 수 R ≥ 2, 시험점 수 M) 모양이어야 합니다: {predictions.shape}")
    if truth.shape != predictions.shape[1:]:  # 브로드캐스팅 없음
        raise ValueError(f"truth의 모양 {truth.shape}이 시험점 수 {predictions.shape[1]}와 맞지 않습니다")
    average = predictions.mean(axis=0)  # 시험점마다 R개 모델의 평균 예측
    return BiasVariance(
        bias_squared=float(np.mean((truth - average) ** 2)),
        variance=float(np.mean((predictions - average) ** 2)),  # R로 나눈다: 분해가 정확해진다
        error=float(np.mean((truth - predictions) ** 2)),
    )
# --8<-- [end:bias-variance]


# --8<-- [start:capacity-sweep]
from typing import NamedTuple

import numpy as np


def true_function(x):
    """실험의 참 함수 f(x) = sin(πx) + x**2 / 2 (홀함수 sin에 짝수 항 x**2을 더해 원점 대칭이 아니다)."""
    x = np.asarray(x, dtype=np.float64)
    return np.sin(np.pi * x) + 0.5 * x**2


def make_targets(x, noise_std, rng):
    """관측값 y = f(x) + ε, ε ~ N(0, noise_std^2)."""
    x = np.asarray(x, dtype=np.float64)
    return true_function(x) + noise_std * rng.standard_normal(x.shape)


class SweepRow(NamedTuple):
    degree: int
    bias_squared: float
    variance: float
    train_error: float  # 자기 학습 데이터에서 잰 MSE의 평균
    test_error: float  # 새 잡음이 섞인 시험 데이터에서 잰 MSE의 평균
    test_error_se: float  # 그 표준오차 (학습 데이터 한 벌마다 한 값, R개)


def capacity_sweep(degrees, n_sets=500, n_train=20, noise_std=0.3, n_test=101, seed=0):
    """학습 입력 x는 [-1, 1]에 고르게 n_train개로 고정하고, 잡음만 새로 뽑은 학습 데이터 n_sets벌에
    차수마다 다항식을 맞춘다. 시험점은 [-1, 1]의 n_test개, 시험 데이터의 잡음도 학습 데이터 한 벌마다 새로 뽑는다."""
    rng = np.random.default_rng(seed)
    x_train, x_test = np.linspace(-1, 1, n_train), np.linspace(-1, 1, n_test)
    train_targets = make_targets(np.tile(x_train[:, None], n_sets), noise_std, rng)  # (n_train, n_sets): 열마다 학습 데이터 한 벌
    test_targets = make_targets(np.tile(x_test[:, None], n_sets), noise_std, rng)  # 한 벌마다 새 시험 데이터
    rows = []
    for degree in degrees:
        weights = fit_polynomial(x_train, train_targets, degree)  # 열마다 학습 데이터 한 벌의 계수
        predictions = predict_polynomial(weights, x_test)  # (n_test, n_sets)
        split = bias_variance(predictions.T, true_function(x_test))
        train = np.mean((predict_polynomial(weights, x_train) - train_targets) ** 2, axis=0)
        test = np.mean((test_targets - predictions) ** 2, axis=0)  # 학습 데이터 한 벌마다 하나
        rows.append(SweepRow(degree, split.bias_squared, split.variance, float(train.mean()),
                             float(test.mean()), float(test.std(ddof=1) / np.sqrt(n_sets))))
    return rows
# --8<-- [end:capacity-sweep]
