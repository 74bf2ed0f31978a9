"""옵티마이저의 궤적: 2차원 손실 지형 위에서 옵티마이저가 지나는 자리들.

두 손실(조건수가 10인 이차 손실, 로젠브록 함수)과 그 기울기, 옵티마이저 하나로 궤적을 만드는 trajectory,
페이지의 대화형 그림이 고를 수 있는 설정들(EXPLORER)과 그 설정마다의 옵티마이저(make_optimizer).
궤적은 빌드가 이 모듈로 계산해 그림과 JSON으로 싣고, 테스트가 torch의 궤적과 스텝마다 대조한다.
"""

from .optimizers import SGD, Adagrad, Adam, RMSprop
from .schedulers import check_count, check_number

# --8<-- [start:points]
import numpy as np


def check_points(points):
    """마지막 축의 길이가 2인 (x, y) 점 또는 점들 (유한한 실수)."""
    points = np.asarray(points, dtype=np.float64)
    if points.ndim == 0 or points.shape[-1] != 2:
        raise ValueError(f"점은 마지막 축의 길이가 2인 (x, y)여야 합니다: 모양 {points.shape}")
    if not np.all(np.isfinite(points)):
        raise ValueError(f"점에 유한하지 않은 값이 있습니다: {points[~np.isfinite(points)][:3]}")
    return points
# --8<-- [end:points]


# --8<-- [start:surfaces]
import numpy as np

CURVATURE = np.array([1.0, 10.0])  # 이차 손실의 두 축 곡률: 조건수 10


def quadratic_loss(points):
    """L = ½(x² + 10y²)와 기울기 (x, 10y). 최소점 (0, 0). 점 하나 (2,) 또는 점들 (..., 2)."""
    points = check_points(points)
    return 0.5 * (points**2 @ CURVATURE), CURVATURE * points


def rosenbrock_loss(points):
    """L = (1 - x)² + 100(y - x²)²와 기울기. 최소점 (1, 1), 손실 0."""
    points = check_points(points)
    x, y = points[..., 0], points[..., 1]
    loss = (1 - x) ** 2 + 100 * (y - x**2) ** 2
    grad = np.stack([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)], axis=-1)
    return loss, grad
# --8<-- [end:surfaces]


# --8<-- [start:trajectory]
import numpy as np


def trajectory(optimizer, loss_fn, steps, limit=1e3):
    """옵티마이저(파라미터 하나: 점 (2,))가 loss_fn의 기울기로 steps번 간 자리들, 처음 자리 포함 (steps + 1, 2).
    어느 좌표든 크기가 limit을 넘으면 (발산) 그 자리에서 멈춘다: 그때는 점이 steps + 1개보다 적다."""
    check_count(steps, "steps")
    check_number(limit, "limit", 0, np.inf, low_open=True)
    if len(optimizer.params) != 1 or optimizer.params[0].shape != (2,):
        raise ValueError(f"궤적의 옵티마이저는 모양 (2,)인 파라미터 하나를 가져야 합니다: {[p.shape for p in optimizer.params]}")
    path = [optimizer.params[0]]
    while len(path) <= steps and np.max(np.abs(path[-1])) <= limit:
        _, grad = loss_fn(path[-1])
        path.append(optimizer.step([grad])[0])
    return np.array(path)
# --8<-- [end:trajectory]


# --8<-- [start:explorer]
import numpy as np

# 대화형 그림이 고를 수 있는 것: 손실마다 (손실 함수, 출발점, 최소점, 스텝 수)와, 옵티마이저마다 학습률 세 가지
EXPLORER = {
    "quadratic": {"loss": quadratic_loss, "start": (-4.0, 1.0), "minimum": (0.0, 0.0), "steps": 60,
                  "lrs": {"SGD": (0.05, 0.15, 0.21), "Adagrad": (0.3, 1.0, 3.0),
                          "RMSprop": (0.01, 0.03, 0.1), "Adam": (0.03, 0.1, 0.3)}},
    "rosenbrock": {"loss": rosenbrock_loss, "start": (-1.2, 1.0), "minimum": (1.0, 1.0), "steps": 500,
                   "lrs": {"SGD": (5e-4, 1e-3, 2e-3), "Adagrad": (0.1, 0.3, 1.0),
                           "RMSprop": (2e-3, 5e-3, 7e-3), "Adam": (0.03, 0.1, 0.3)}},
}
MOMENTA = (0.0, 0.5, 0.9)  # SGD의 momentum (다른 옵티마이저는 기본값: Adam은 β₁ = 0.9로 이미 모멘텀을 쓴다)
OPTIMIZERS = {"SGD": SGD, "Adagrad": Adagrad, "RMSprop": RMSprop, "Adam": Adam}


def make_optimizer(name, start, lr, momentum=0.0):
    """이름이 name인 옵티마이저를 출발점 start에서 만든다 (momentum은 SGD만 받는다)."""
    if name not in OPTIMIZERS:
        raise ValueError(f"옵티마이저는 {list(OPTIMIZERS)} 가운데 하나여야 합니다: {name!r}")
    if momentum and name != "SGD":
        raise ValueError(f"이 그림에서 momentum은 SGD에만 줍니다: {name}, momentum={momentum}")
    extra = {"momentum": momentum} if name == "SGD" else {}
    return OPTIMIZERS[name]([check_points(start)], lr=lr, **extra)


def explorer_settings():
    """대화형 그림의 모든 설정 (손실, 옵티마이저, 학습률, momentum)."""
    return [(surface, name, lr, momentum)
            for surface, setup in EXPLORER.items() for name, lrs in setup["lrs"].items() for lr in lrs
            for momentum in (MOMENTA if name == "SGD" else (0.0,))]
# --8<-- [end:explorer]
