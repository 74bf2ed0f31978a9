"""학습률 스케줄러(dlbasics.schedulers)를 torch.optim.lr_scheduler와 float64로 대조한다.

스케줄마다 torch의 스케줄러를 만들고, 스텝마다 get_last_lr()을 읽고 나서 optimizer.step()과 scheduler.step()을
부른다 (torch가 권하는 순서). 그렇게 모은 학습률(one_cycle_lr은 모멘텀도: SGD의 momentum, Adam의 β₁)이 이 구현의
배열과 rtol 1e-9로 같아야 한다. 스케줄의 주기가 학습 길이보다 짧은 경우(코사인이 T_max 뒤에 다시 오르는 것, SGDR의
여러 재시작)도 넣는다. train_with_schedule은 같은 배치 순서로 스텝마다 학습률을 바꿔 가며 학습한 torch.optim.SGD와
궤적을 대조한다. 기본값은 torch 스케줄러의 같은 이름 인자와 같고, 잘못된 입력은 ValueError로 그 값을 말한다.
"""

import functools
import math

import numpy as np
import pytest
import torch
from torch.optim import lr_scheduler

from dlbasics.gradient_descent import minibatches
from dlbasics.schedulers import (
    constant_lr,
    cosine_annealing_lr,
    cosine_annealing_warm_restarts,
    diabetes_regression,
    exponential_lr,
    one_cycle_lr,
    step_lr,
    train_with_schedule,
    warmup_cosine_lr,
)

import helpers

RTOL, ATOL = 1e-9, 0.0  # 학습률은 곱셈 몇 번: torch의 점화식과 이 구현의 닫힌 식의 반올림 차이만 허용한다
assert_matches = functools.partial(helpers.assert_matches, rtol=RTOL, atol=ATOL)
BASE_LR = 0.1


def torch_schedule(make_scheduler, total_steps, optimizer="sgd", lr=BASE_LR):
    """torch 스케줄러가 스텝 0, 1, …, total_steps - 1에 쓰게 하는 학습률과 모멘텀 (SGD면 momentum, Adam이면 β₁)."""
    param = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    if optimizer == "sgd":
        opt = torch.optim.SGD([param], lr=lr, momentum=0.9)
    else:
        opt = torch.optim.Adam([param], lr=lr)
    scheduler = make_scheduler(opt)
    lrs, momenta = [], []
    for _ in range(total_steps):
        group = opt.param_groups[0]
        lrs.append(scheduler.get_last_lr()[0])
        assert lrs[-1] == group["lr"]  # 스케줄러가 옵티마이저에 넣은 값과 같다
        momenta.append(group["momentum"] if optimizer == "sgd" else group["betas"][0])
        param.grad = torch.ones_like(param)
        opt.step()
        scheduler.step()
    return torch.tensor(lrs, dtype=torch.float64), torch.tensor(momenta, dtype=torch.float64)


def test_constant_lr_is_the_optimizer_without_a_scheduler_and_torch_constant_lr_is_not():
    no_scheduler = torch_schedule(lambda opt: lr_scheduler.LambdaLR(opt, lambda step: 1.0), 20)[0]
    assert_matches(constant_lr(BASE_LR, 20), no_scheduler)
    theirs = torch_schedule(lambda opt: lr_scheduler.ConstantLR(opt), 20)[0]  # factor=1/3, total_iters=5
    assert_matches(theirs[:5], torch.full((5,), BASE_LR / 3, dtype=torch.float64))
    assert_matches(theirs[5:], torch.full((15,), BASE_LR, dtype=torch.float64))


@pytest.mark.parametrize("step_size", [1, 3, 30])
@pytest.mark.parametrize("gamma", [0.1, 0.5, 1.0, 1.5])
def test_step_lr_matches_torch(step_size, gamma):
    theirs = torch_schedule(lambda opt: lr_scheduler.StepLR(opt, step_size, gamma), 100)[0]
    assert_matches(step_lr(BASE_LR, 100, step_size, gamma), theirs)


@pytest.mark.parametrize("gamma", [0.5, 0.9, 0.999, 1.0, 1.01])
def test_exponential_lr_matches_torch(gamma):
    theirs = torch_schedule(lambda opt: lr_scheduler.ExponentialLR(opt, gamma), 200)[0]
    assert_matches(exponential_lr(BASE_LR, 200, gamma), theirs)


# T_max가 학습보다 짧으면 torch의 학습률은 T_max에서 eta_min에 닿은 뒤 같은 코사인을 따라 다시 오른다
@pytest.mark.parametrize("T_max", [1, 7, 50, 200])
@pytest.mark.parametrize("eta_min", [0.0, 0.01])
def test_cosine_annealing_lr_matches_torch_before_and_after_T_max(T_max, eta_min):
    theirs = torch_schedule(lambda opt: lr_scheduler.CosineAnnealingLR(opt, T_max, eta_min), 200)[0]
    ours = cosine_annealing_lr(BASE_LR, 200, T_max, eta_min)
    # 코사인의 골(η = eta_min = 0) 근처에서 torch의 점화식은 0에 가까운 수를 빼서 얻으므로 작은 절대 오차만 허용한다
    torch.testing.assert_close(torch.as_tensor(ours), theirs, rtol=RTOL, atol=1e-15)
    if T_max < 200:
        assert np.isclose(ours[T_max], eta_min, rtol=0, atol=1e-15)  # T_max에서 eta_min에 닿는다
    if 2 * T_max < 200:
        assert np.isclose(ours[2 * T_max], BASE_LR)  # 다시 올라 base_lr에 닿는다 (재시작이 아니라 코사인의 다음 반주기)


@pytest.mark.parametrize("T_0", [1, 5, 10])
@pytest.mark.parametrize("T_mult", [1, 2, 3])
@pytest.mark.parametrize("eta_min", [0.0, 0.001])
def test_cosine_annealing_warm_restarts_matches_torch(T_0, T_mult, eta_min):
    theirs = torch_schedule(lambda opt: lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0, T_mult, eta_min), 150)[0]
    ours = cosine_annealing_warm_restarts(BASE_LR, 150, T_0, T_mult, eta_min)
    assert_matches(ours, theirs)
    restarts = np.cumsum([T_0 * T_mult**k for k in range(12)])  # 재시작하는 스텝: T_0, T_0 + T_0 T_mult, …
    for step in restarts[restarts < 150]:
        assert ours[step] == BASE_LR  # 재시작하는 스텝에서 학습률이 base_lr로 뛴다


ONE_CYCLE_CASES = [
    dict(),
    dict(pct_start=0.25, anneal_strategy="linear"),
    dict(pct_start=0.5, three_phase=True),
    dict(pct_start=0.33, three_phase=True, anneal_strategy="linear"),
    dict(div_factor=10.0, final_div_factor=100.0, base_momentum=0.8, max_momentum=0.99),
    dict(pct_start=0.5, three_phase=True, anneal_strategy="linear"),  # 세 단계가 들어가는 가장 큰 pct_start에 가깝다 (≈ (N + 1)/2N)
    dict(pct_start=0.15),  # N = 10이면 ρN = 1.5: 오르는 단계의 길이 p = 0.5 (1 < ρN < 2)
    dict(pct_start=0.19, three_phase=True),
]


@pytest.mark.parametrize("kwargs", ONE_CYCLE_CASES, ids=lambda kwargs: ",".join(f"{k}={v}" for k, v in kwargs.items()) or "defaults")
@pytest.mark.parametrize("total_steps", [10, 97, 200])
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_one_cycle_lr_matches_torch_learning_rates_and_momenta(kwargs, total_steps, optimizer):
    lrs, momenta = torch_schedule(lambda opt: lr_scheduler.OneCycleLR(opt, BASE_LR, total_steps=total_steps, **kwargs), total_steps, optimizer)
    ours_lrs, ours_momenta = one_cycle_lr(BASE_LR, total_steps, **kwargs)
    assert_matches(ours_lrs, lrs)
    assert_matches(ours_momenta, momenta)


def test_one_cycle_lr_refuses_an_empty_warm_up_phase_that_torch_skips_or_divides_by_zero():
    """pct_start · total_steps ≤ 1이면 오르는 단계에 스텝이 없다. torch는 1보다 작으면 그 단계를 건너뛰어 max_lr
    근처에서 시작하고, 정확히 1이면 0으로 나눈다. 이 구현은 ValueError로 pct_start를 말한다."""
    skipped = torch_schedule(lambda opt: lr_scheduler.OneCycleLR(opt, BASE_LR, total_steps=10, pct_start=0.05), 10)[0]
    assert skipped[0] > BASE_LR / 2  # max_lr/25에서 시작하지 않는다
    with pytest.raises(ZeroDivisionError):
        torch_schedule(lambda opt: lr_scheduler.OneCycleLR(opt, BASE_LR, total_steps=10, pct_start=0.1), 10)
    for pct_start in (0.05, 0.1):
        with pytest.raises(ValueError, match="pct_start"):
            one_cycle_lr(BASE_LR, 10, pct_start=pct_start)


def test_one_cycle_lr_refuses_three_phases_whose_middle_phase_reaches_the_end():
    """three_phase=True에서 둘째 단계의 끝 2p가 N - 1에 닿으면 셋째 단계의 길이가 0이다: torch는 0으로 나눈다."""
    with pytest.raises(ZeroDivisionError):
        torch_schedule(lambda opt: lr_scheduler.OneCycleLR(opt, BASE_LR, total_steps=10, pct_start=0.55, three_phase=True), 10)
    with pytest.raises(ValueError, match="pct_start"):
        one_cycle_lr(BASE_LR, 10, pct_start=0.55, three_phase=True)


def test_one_cycle_lr_goes_up_then_far_below_where_it_started():
    lrs, momenta = one_cycle_lr(BASE_LR, 100)
    assert lrs.argmax() == 29 and lrs[29] == BASE_LR and momenta[29] == 0.85  # 정점 pct_start · 100 - 1 = 29
    assert lrs[0] == pytest.approx(BASE_LR / 25, rel=1e-12) and lrs[-1] == pytest.approx(BASE_LR / 25 / 1e4, rel=1e-12)
    assert momenta[0] == pytest.approx(0.95, rel=1e-12) and momenta[-1] == pytest.approx(0.95, rel=1e-12)
    assert np.all(np.diff(lrs[:30]) > 0) and np.all(np.diff(lrs[29:]) < 0)
    assert np.all(np.diff(momenta[:30]) < 0) and np.all(np.diff(momenta[29:]) > 0)  # 모멘텀은 거꾸로


@pytest.mark.parametrize("warmup_steps", [1, 10, 199])
@pytest.mark.parametrize("start_factor", [0.01, 1 / 3, 1.0])
@pytest.mark.parametrize("eta_min", [0.0, 0.001])
def test_warmup_cosine_lr_matches_linear_lr_then_cosine_in_sequential_lr(warmup_steps, start_factor, eta_min):
    def make(opt):
        warmup = lr_scheduler.LinearLR(opt, start_factor=start_factor, end_factor=1.0, total_iters=warmup_steps)
        cosine = lr_scheduler.CosineAnnealingLR(opt, T_max=200 - warmup_steps, eta_min=eta_min)
        return lr_scheduler.SequentialLR(opt, [warmup, cosine], milestones=[warmup_steps])

    ours = warmup_cosine_lr(BASE_LR, 200, warmup_steps, start_factor, eta_min)
    torch.testing.assert_close(torch.as_tensor(ours), torch_schedule(make, 200)[0], rtol=RTOL, atol=1e-15)
    assert ours[warmup_steps] == BASE_LR  # 웜업이 끝난 스텝에서 코사인이 base_lr로 시작한다
    if start_factor < 1:
        assert ours.argmax() == warmup_steps and np.all(np.diff(ours[: warmup_steps + 1]) > 0)


def test_defaults_follow_torch():
    pairs = [
        (step_lr, lr_scheduler.StepLR),
        (cosine_annealing_lr, lr_scheduler.CosineAnnealingLR),
        (cosine_annealing_warm_restarts, lr_scheduler.CosineAnnealingWarmRestarts),
        (one_cycle_lr, lr_scheduler.OneCycleLR),
    ]
    for ours, theirs in pairs:
        helpers.assert_defaults_follow_torch(ours, theirs)
    # 웜업만 일부러 다르다: LinearLR의 start_factor 기본값은 1/3이지만, 웜업은 보통 0에 가까운 곳에서 시작한다
    assert helpers.signature_defaults(warmup_cosine_lr) == {"start_factor": 0.01, "eta_min": 0.0}
    assert helpers.signature_defaults(lr_scheduler.LinearLR)["start_factor"] == pytest.approx(1 / 3)
    assert helpers.signature_defaults(lr_scheduler.CosineAnnealingLR)["eta_min"] == 0.0


def test_train_with_schedule_follows_torch_sgd_with_the_learning_rate_set_every_step():
    X, y = diabetes_regression()
    lrs = one_cycle_lr(0.1, 60)[0]
    ours = train_with_schedule(X, y, lrs, batch_size=16, seed=3)
    rng = np.random.default_rng(3)  # 같은 배치 순서
    batches = [batch for _ in range(3) for batch in minibatches(len(X), 16, rng)][:60]
    X_t, y_t = torch.as_tensor(X), torch.as_tensor(y)
    w, b = torch.zeros(10, dtype=torch.float64, requires_grad=True), torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w, b], lr=float(lrs[0]))
    for step, batch in enumerate(batches):
        opt.param_groups[0]["lr"] = float(lrs[step])
        opt.zero_grad()
        torch.nn.functional.mse_loss(X_t[batch] @ w + b, y_t[batch]).backward()
        opt.step()
        torch.testing.assert_close(torch.as_tensor(np.append(*ours[step])), torch.cat([w.detach(), b.detach()[None]]), rtol=1e-9, atol=1e-12)
    assert len(ours) == 60


def test_diabetes_regression_is_standardized():
    X, y = diabetes_regression()
    assert X.shape == (442, 10) and y.shape == (442,)
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(X.std(axis=0), 1, rtol=1e-12)
    assert abs(y.mean()) < 1e-12 and math.isclose(y.std(), 1.0, rel_tol=1e-12)


BAD_CALLS = [
    (lambda: constant_lr(-0.1, 10), "base_lr"),
    (lambda: constant_lr(float("nan"), 10), "base_lr"),
    (lambda: constant_lr(0.1, 0), "total_steps"),
    (lambda: constant_lr(0.1, 2.5), "total_steps"),
    (lambda: constant_lr(0.1, True), "total_steps"),
    (lambda: step_lr(0.1, 10, 0), "step_size"),
    (lambda: step_lr(0.1, 10, 3, gamma=0.0), "gamma"),
    (lambda: exponential_lr(0.1, 10, -0.5), "gamma"),
    (lambda: exponential_lr(0.1, 10, float("inf")), "gamma"),
    (lambda: cosine_annealing_lr(0.1, 10, 0), "T_max"),
    (lambda: cosine_annealing_lr(0.1, 10, 5, eta_min=-1e-3), "eta_min"),
    (lambda: cosine_annealing_warm_restarts(0.1, 10, 0), "T_0"),
    (lambda: cosine_annealing_warm_restarts(0.1, 10, 5, T_mult=0), "T_mult"),
    (lambda: cosine_annealing_warm_restarts(0.1, 10, 5, T_mult=1.5), "T_mult"),
    (lambda: one_cycle_lr(0.1, 10, pct_start=0.0), "pct_start"),
    (lambda: one_cycle_lr(0.1, 10, pct_start=1.0), "pct_start"),
    (lambda: one_cycle_lr(0.1, 10, pct_start=1.2), "pct_start"),
    (lambda: one_cycle_lr(0.1, 10, pct_start=0.05), "pct_start"),  # 정점이 스텝 0보다 앞: 첫 단계가 비었다
    (lambda: one_cycle_lr(0.1, 100, pct_start=0.6, three_phase=True), "pct_start"),
    (lambda: one_cycle_lr(0.1, 1), "total_steps"),
    (lambda: one_cycle_lr(0.1, 10, anneal_strategy="cosine"), "anneal_strategy"),
    (lambda: one_cycle_lr(0.1, 10, div_factor=0.0), "div_factor"),
    (lambda: one_cycle_lr(0.1, 10, final_div_factor=-1.0), "final_div_factor"),
    (lambda: one_cycle_lr(0.1, 10, max_momentum=1.5), "max_momentum"),
    (lambda: one_cycle_lr(-0.1, 10), "max_lr"),
    (lambda: warmup_cosine_lr(0.1, 10, 10), "warmup_steps"),
    (lambda: warmup_cosine_lr(0.1, 10, 0), "warmup_steps"),
    (lambda: warmup_cosine_lr(0.1, 10, 3, start_factor=0.0), "start_factor"),
    (lambda: warmup_cosine_lr(0.1, 10, 3, start_factor=1.5), "start_factor"),
    (lambda: train_with_schedule(*diabetes_regression(), [0.1, -0.1]), "lrs"),
    (lambda: train_with_schedule(*diabetes_regression(), np.full((2, 3), 0.1)), "lrs"),
    (lambda: train_with_schedule(*diabetes_regression(), []), "lrs"),
]


@pytest.mark.parametrize("call, name", BAD_CALLS, ids=[f"{i}-{name}" for i, (_, name) in enumerate(BAD_CALLS)])
def test_bad_input_is_a_value_error_naming_it(call, name):
    with pytest.raises(ValueError, match=name):
        call()
