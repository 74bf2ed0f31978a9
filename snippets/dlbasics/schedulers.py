"""학습률 스케줄러: 스텝마다 쓸 학습률을 배열로 돌려준다 (torch.optim.lr_scheduler와 같은 이름, 같은 값).

함수마다 돌려주는 배열의 t번째 값은 t번째 갱신에 쓰는 학습률이다. torch로 말하면 스케줄러를 만든 뒤
scheduler.step()을 t번 부른 때의 get_last_lr()이다 (t = 0은 만든 직후). one_cycle_lr은 모멘텀(Adam이면 β₁)도
같은 방식으로 돌려준다. train_with_schedule은 당뇨병 데이터(scikit-learn에 든 442명, 특징 10개)의 선형 회귀를
미니배치 SGD로 학습하며 스텝마다 그 학습률을 쓴다.
"""

from .gradient_descent import linear_regression_loss, minibatches, sgd_step

# --8<-- [start:checks]
import math
import numbers

import numpy as np


def check_count(value, name, minimum=1):
    """스텝 수, 주기처럼 minimum 이상의 정수여야 하는 값."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name}는 {minimum} 이상의 정수여야 합니다: {name}={value!r}")


def check_number(value, name, low, high, low_open=False, high_open=True):
    """low ~ high 사이의 실수 (양 끝을 넣을지는 *_open)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
        raise ValueError(f"{name}는 실수여야 합니다: {name}={value!r}")
    too_low = value <= low if low_open else value < low
    too_high = value >= high if high_open else value > high
    if too_low or too_high:
        interval = ("(" if low_open else "[") + f"{low}, {high}" + (")" if high_open else "]")
        raise ValueError(f"{name}는 {interval} 안에 있어야 합니다: {name}={value!r}")
# --8<-- [end:checks]


# --8<-- [start:constant]
import math

import numpy as np


def constant_lr(base_lr, total_steps):
    """스케줄러 없이: 모든 스텝에서 base_lr."""
    check_number(base_lr, "base_lr", 0, math.inf)
    check_count(total_steps, "total_steps")
    return np.full(total_steps, float(base_lr))
# --8<-- [end:constant]


# --8<-- [start:step]
import math

import numpy as np


def step_lr(base_lr, total_steps, step_size, gamma=0.1):
    """step_size 스텝마다 gamma배: η_t = η₀ γ^⌊t / step_size⌋."""
    check_number(base_lr, "base_lr", 0, math.inf)
    check_count(total_steps, "total_steps")
    check_count(step_size, "step_size")
    check_number(gamma, "gamma", 0, math.inf, low_open=True)  # 1보다 크면 학습률이 커진다 (torch도 받는다)
    t = np.arange(total_steps)
    return base_lr * gamma ** (t // step_size)
# --8<-- [end:step]


# --8<-- [start:exponential]
import math

import numpy as np


def exponential_lr(base_lr, total_steps, gamma):
    """스텝마다 gamma배: η_t = η₀ γ^t."""
    check_number(base_lr, "base_lr", 0, math.inf)
    check_count(total_steps, "total_steps")
    check_number(gamma, "gamma", 0, math.inf, low_open=True)
    return base_lr * gamma ** np.arange(total_steps)
# --8<-- [end:exponential]


# --8<-- [start:cosine]
import math

import numpy as np


def cosine(t, period, eta_max, eta_min):
    """반주기 period 동안 eta_max에서 eta_min으로 내려가는 코사인: η_min + ½(η_max - η_min)(1 + cos(π t / period))."""
    return eta_min + 0.5 * (eta_max - eta_min) * (1 + np.cos(np.pi * t / period))


def cosine_annealing_lr(base_lr, total_steps, T_max, eta_min=0.0):
    """T_max 스텝 동안 코사인으로 base_lr에서 eta_min까지. 그 뒤에도 같은 식이라 다시 올라간다 (재시작 없음)."""
    check_number(base_lr, "base_lr", 0, math.inf)
    check_count(total_steps, "total_steps")
    check_count(T_max, "T_max")
    check_number(eta_min, "eta_min", 0, math.inf)
    return cosine(np.arange(total_steps), T_max, base_lr, eta_min)
# --8<-- [end:cosine]


# --8<-- [start:warm-restarts]
import math

import numpy as np


def cosine_annealing_warm_restarts(base_lr, total_steps, T_0, T_mult=1, eta_min=0.0):
    """SGDR: 길이 T_0인 주기마다 코사인으로 내려갔다가 base_lr로 뛰어 다시 시작한다. 주기는 T_mult배씩 길어진다."""
    check_number(base_lr, "base_lr", 0, math.inf)
    check_count(total_steps, "total_steps")
    check_count(T_0, "T_0")
    check_count(T_mult, "T_mult")
    check_number(eta_min, "eta_min", 0, math.inf)
    since_restart, period = np.empty(total_steps), np.empty(total_steps)
    t_cur, t_i = 0, T_0
    for step in range(total_steps):
        since_restart[step], period[step] = t_cur, t_i
        t_cur += 1
        if t_cur >= t_i:  # 주기가 끝나면 처음으로 돌아가고, 다음 주기는 T_mult배
            t_cur, t_i = t_cur - t_i, t_i * T_mult
    return cosine(since_restart, period, base_lr, eta_min)
# --8<-- [end:warm-restarts]


# --8<-- [start:one-cycle-phases]
import numpy as np


def anneal(start, end, pct, strategy):
    """pct가 0에서 1로 갈 때 start에서 end로: 코사인("cos")이나 직선("linear")."""
    if strategy == "cos":
        return end + 0.5 * (start - end) * (1 + np.cos(np.pi * pct))
    return start + (end - start) * pct


def one_cycle_phases(max_lr, total_steps, pct_start, div_factor, final_div_factor, three_phase, base_momentum, max_momentum):
    """단계마다 (끝 스텝, 학습률의 처음과 끝, 모멘텀의 처음과 끝). 첫 단계는 스텝 pct_start·N - 1에서 끝난다."""
    check_number(pct_start, "pct_start", 0, 1, low_open=True)
    peak = pct_start * total_steps - 1  # 학습률이 가장 큰 스텝 (정수가 아닐 수도 있다)
    if peak <= 0:  # torch는 이 단계를 건너뛰거나 (peak < 0) 0으로 나눈다 (peak = 0)
        raise ValueError(f"pct_start · total_steps가 1보다 커야 올라가는 단계에 스텝이 있습니다: pct_start={pct_start}, total_steps={total_steps}")
    if three_phase and 2 * peak >= total_steps - 1:
        raise ValueError(f"three_phase=True이면 내려오는 단계가 끝나기 전에 학습이 끝납니다: pct_start={pct_start}는 약 0.5보다 작아야 합니다")
    initial_lr = max_lr / div_factor
    min_lr = initial_lr / final_div_factor
    rise = (peak, initial_lr, max_lr, max_momentum, base_momentum)
    if three_phase:  # 논문대로: 오르고, 같은 길이로 내려오고, 마지막에 더 작게
        return [rise, (2 * peak, max_lr, initial_lr, base_momentum, max_momentum), (total_steps - 1, initial_lr, min_lr, max_momentum, max_momentum)]
    return [rise, (total_steps - 1, max_lr, min_lr, base_momentum, max_momentum)]  # torch의 기본: 두 단계
# --8<-- [end:one-cycle-phases]


# --8<-- [start:one-cycle]
import math

import numpy as np


def one_cycle_lr(max_lr, total_steps, pct_start=0.3, anneal_strategy="cos", div_factor=25.0,
                 final_div_factor=1e4, three_phase=False, base_momentum=0.85, max_momentum=0.95):
    """1cycle: 학습률은 max_lr/div_factor에서 max_lr로 올랐다가 처음보다 final_div_factor배 작은 값까지 내려가고,
    모멘텀은 거꾸로 움직인다. 돌려주는 것: (학습률, 모멘텀) 두 배열."""
    check_number(max_lr, "max_lr", 0, math.inf)
    check_count(total_steps, "total_steps", minimum=2)
    if anneal_strategy not in ("cos", "linear"):
        raise ValueError(f"anneal_strategy는 'cos'나 'linear'여야 합니다: anneal_strategy={anneal_strategy!r}")
    for name, value in (("div_factor", div_factor), ("final_div_factor", final_div_factor)):
        check_number(value, name, 0, math.inf, low_open=True)
    for name, value in (("base_momentum", base_momentum), ("max_momentum", max_momentum)):
        check_number(value, name, 0, 1)
    phases = one_cycle_phases(max_lr, total_steps, pct_start, div_factor, final_div_factor, three_phase, base_momentum, max_momentum)
    lrs, momenta = np.empty(total_steps), np.empty(total_steps)
    for step in range(total_steps):
        start = 0.0
        for end, lr_from, lr_to, momentum_from, momentum_to in phases:
            if step <= end or end == total_steps - 1:  # 마지막 단계는 끝까지
                pct = (step - start) / (end - start)  # 이 단계에서 간 몫 (0 → 1)
                lrs[step] = anneal(lr_from, lr_to, pct, anneal_strategy)
                momenta[step] = anneal(momentum_from, momentum_to, pct, anneal_strategy)
                break
            start = end
    return lrs, momenta
# --8<-- [end:one-cycle]


# --8<-- [start:warmup]
import math

import numpy as np


def warmup_cosine_lr(base_lr, total_steps, warmup_steps, start_factor=0.01, eta_min=0.0):
    """처음 warmup_steps 스텝은 base_lr·start_factor에서 직선으로 올리고 (LinearLR), 그 뒤는 남은 스텝 동안
    코사인으로 내린다 (CosineAnnealingLR, SequentialLR로 잇는 것과 같다)."""
    check_number(base_lr, "base_lr", 0, math.inf)
    check_count(total_steps, "total_steps", minimum=2)
    check_count(warmup_steps, "warmup_steps")
    if warmup_steps >= total_steps:
        raise ValueError(f"warmup_steps는 total_steps보다 작아야 합니다: warmup_steps={warmup_steps}, total_steps={total_steps}")
    check_number(start_factor, "start_factor", 0, 1, low_open=True, high_open=False)
    check_number(eta_min, "eta_min", 0, math.inf)
    t = np.arange(total_steps)
    warmup = base_lr * (start_factor + (1 - start_factor) * t / warmup_steps)
    decay = cosine(t - warmup_steps, total_steps - warmup_steps, base_lr, eta_min)
    return np.where(t < warmup_steps, warmup, decay)
# --8<-- [end:warmup]


# --8<-- [start:experiment]
import numpy as np
from sklearn.datasets import load_diabetes


def diabetes_regression():
    """당뇨병 데이터 (442, 10)와 1년 뒤 병의 진행 정도. 특징과 목표를 모두 표준화한다 (평균 0, 표준편차 1)."""
    X, y = load_diabetes(return_X_y=True)
    return (X - X.mean(axis=0)) / X.std(axis=0), (y - y.mean()) / y.std()


def train_with_schedule(X, y, lrs, batch_size=16, seed=0):
    """0에서 출발해 미니배치 SGD로 len(lrs)번 갱신한다. t번째 갱신의 학습률은 lrs[t]. 에폭마다 새로 섞는다.
    돌려주는 것: 갱신할 때마다의 파라미터 [w, b]의 리스트 (len(lrs)개, 마지막이 학습을 마친 파라미터)."""
    lrs = np.asarray(lrs, dtype=np.float64)
    if lrs.ndim != 1 or len(lrs) == 0 or not np.all(lrs > 0):
        raise ValueError(f"lrs는 양수 학습률의 1차원 배열이어야 합니다: 모양 {lrs.shape}, 가장 작은 값 {lrs.min(initial=np.inf)}")
    rng = np.random.default_rng(seed)
    params, trajectory = [np.zeros(X.shape[1]), np.array(0.0)], []
    while len(trajectory) < len(lrs):
        for batch in minibatches(len(X), batch_size, rng)[: len(lrs) - len(trajectory)]:
            grads = linear_regression_loss(params, X[batch], y[batch])[1]  # 배치의 기울기 ∇L_B(θ)
            params = sgd_step(params, grads, lrs[len(trajectory)])  # θ ← θ - η_t ∇L_B(θ)
            trajectory.append(params)
    return trajectory
# --8<-- [end:experiment]
