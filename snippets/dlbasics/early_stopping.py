"""가중치 감쇠와 조기 종료: 과적합하는 선형 회귀 실험과 EarlyStopping.

EarlyStopping(patience, min_delta, mode)의 step(value, params)는 검증 지표를 하나 받아 멈출지를 돌려주고,
가장 좋았던 값과 그 에폭(0부터 센 step 호출의 차례), 그때 파라미터의 복사본을 가진다. 나아졌다고 보는 것은
mode="min"이면 value < best - min_delta, mode="max"이면 value > best + min_delta일 때이고(같은 값은 나아진 것이
아니다), 나아지지 않은 에폭이 patience번 이어지면 멈춘다. torch에는 조기 종료가 없고, 가장 가까운
ReduceLROnPlateau(threshold_mode="abs")는 나아지지 않은 에폭이 patience번을 **넘으면** 학습률을 줄인다. 가장 좋은
값은 torch처럼 무한대(mode="max"면 -무한대)에서 시작한다.
overfitting_data는 샘플 수와 특징 수가 같은 선형 회귀 데이터, fit_with_weight_decay는 그것을 optimizers.SGD로
전체 배치 경사하강법 학습하며 학습·검증·시험 손실을 스텝마다 모은다 (조기 종료를 주면 멈추는 곳까지).
"""

from .gradient_descent import linear_regression_loss, max_stable_lr
from .optimizers import SGD

# --8<-- [start:metric]
import math

import numpy as np


def as_metric(value):
    """검증 지표 하나를 float로. 0차원 배열과 torch의 스칼라 텐서도 받고, 참·거짓, 글자, NaN은 거부한다."""
    if isinstance(value, (bool, np.bool_, str, bytes)) or np.ndim(value) != 0:
        raise ValueError(f"value는 수 하나여야 합니다: value={value!r}")
    try:
        value = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"value는 수 하나여야 합니다: value={value!r}") from None
    if math.isnan(value):
        raise ValueError("value가 NaN입니다: 학습이 발산했을 수 있습니다")
    return value
# --8<-- [end:metric]


# --8<-- [start:early-stopping]
import copy
import math
import numbers

import numpy as np


class EarlyStopping:
    """검증 지표가 patience 에폭 동안 min_delta보다 크게 나아지지 않으면 멈추라고 알린다."""

    def __init__(self, patience, min_delta=0.0, mode="min"):
        if isinstance(patience, bool) or not isinstance(patience, (int, np.integer)) or patience < 1:
            raise ValueError(f"patience는 1 이상의 정수여야 합니다: patience={patience!r}")
        if isinstance(min_delta, bool) or not isinstance(min_delta, numbers.Real) or not 0 <= min_delta < math.inf:
            raise ValueError(f"min_delta는 0 이상의 유한한 수여야 합니다: min_delta={min_delta!r}")
        if mode not in ("min", "max"):
            raise ValueError(f"mode는 'min'(손실처럼 작을수록 좋다)이나 'max'(정확도처럼 클수록 좋다)여야 합니다: mode={mode!r}")
        self.patience, self.min_delta, self.mode = patience, min_delta, mode
        self.best_value = math.inf if mode == "min" else -math.inf  # 처음 받는 유한한 값은 언제나 나아진 것
        self.best_epoch = self.best_params = None
        self.epoch = -1  # 지금까지 받은 값의 수 - 1
        self.bad_epochs = 0  # 마지막으로 나아진 뒤 나아지지 않은 에폭 수

    def improved(self, value):
        if self.mode == "min":
            return value < self.best_value - self.min_delta
        return value > self.best_value + self.min_delta

    def step(self, value, params=None):
        """이번 에폭의 검증 지표를 받아, 멈춰야 하면 True. 나아졌으면 params의 복사본을 남긴다."""
        value = as_metric(value)
        self.epoch += 1
        if self.improved(value):
            self.best_value, self.best_epoch = value, self.epoch
            self.best_params = copy.deepcopy(params)  # 학습이 계속 바꿀 배열이 아니라 지금의 값을
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        return bool(self.bad_epochs >= self.patience)

# --8<-- [end:early-stopping]


# --8<-- [start:overfitting]
import numpy as np


def overfitting_data(seed=0, n_features=30, n_train=30, n_val=30, n_test=2000, noise=0.5):
    """ŷ = Xw (특징은 표준 정규 분포)에 잡음을 더한 선형 회귀 데이터. 학습 데이터의 샘플 수가 특징 수와 같아
    편향까지 31개의 파라미터가 학습 데이터 30개를 정확히 지나갈 수 있다. {"train": (X, y), "val": …, "test": …}."""
    rng = np.random.default_rng(seed)
    w_true = rng.normal(scale=2 / np.sqrt(n_features), size=n_features)  # 신호의 분산 약 4

    def sample(n):
        X = rng.normal(size=(n, n_features))
        return X, X @ w_true + rng.normal(scale=noise, size=n)

    return {"train": sample(n_train), "val": sample(n_val), "test": sample(n_test)}


def fit_with_weight_decay(data, weight_decay, steps, stopper=None):
    """전체 배치 경사하강법(SGD, weight_decay = λ)으로 0에서 출발해 steps번 갱신한다. 학습률은 안정 한계의 절반.
    스텝마다 (갱신 전) 세 손실(MSE, 감쇠 항은 빼고)을 모은다. stopper를 주면 검증 손실을 넘겨 멈추라는 곳에서 멈춘다.
    돌려주는 것: ({"train": [...], "val": [...], "test": [...]}, 마지막 파라미터 [w, b])."""
    X, y = data["train"]
    opt = SGD([np.zeros(X.shape[1]), np.array(0.0)], lr=0.5 * max_stable_lr(X), weight_decay=weight_decay)
    history = {split: [] for split in data}
    for _ in range(steps):
        for split, (X_split, y_split) in data.items():
            history[split].append(float(linear_regression_loss(opt.params, X_split, y_split)[0]))
        if stopper is not None and stopper.step(history["val"][-1], opt.params):
            break
        opt.step(linear_regression_loss(opt.params, X, y)[1])
    return history, opt.params
# --8<-- [end:overfitting]
