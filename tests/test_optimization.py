"""옵티마이저(dlbasics.optimization)를 torch.optim.SGD와 float64로 대조한다.

여러 스텝의 궤적(가중치 감쇠 있이/없이), 가중치 감쇠 = L2 항이라는 항등식(autograd),
가중치 감쇠로 수렴한 곳 = L2 항을 더한 손실의 최소점(torch.linalg.solve), torch 옵티마이저 가운데
어느 weight_decay가 L2 항이고 어느 것이 파라미터를 직접 줄이는지(AdamW 등),
시험용 손실 wavy_loss와 그 기울기(autograd), 지역 최소점, 상태와 입력 배열의 분리, 잘못된 입력.
"""

import functools
import inspect
import re

import numpy as np
import pytest
import torch

from dlbasics.gradient_descent import sgd_step
from dlbasics.gradient_descent import linear_regression_loss
from dlbasics.optimization import add_weight_decay, wavy_loss, wavy_loss_grads
from dlbasics.optimizers import SGD

import helpers

RTOL, ATOL = 1e-9, 1e-12
SHAPES = [[(3,)], [(2, 3), ()], [(4,), (2, 2, 2), (1,)]]


assert_matches = functools.partial(helpers.assert_matches, rtol=RTOL, atol=ATOL)


def loss_torch(tensors):
    """볼록하지 않은 매끄러운 손실: Σ (½θ² + sin 3θ)."""
    return sum((0.5 * t**2 + torch.sin(3 * t)).sum() for t in tensors)


def make_params(shapes, seed):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=s) for s in shapes]


@pytest.mark.parametrize("weight_decay", [0.0, 0.01, 0.5])
@pytest.mark.parametrize("lr", [0.01, 0.1])
@pytest.mark.parametrize("shapes", SHAPES)
def test_sgd_matches_torch_over_several_steps(shapes, lr, weight_decay):
    params = make_params(shapes, seed=0)
    tensors = [torch.from_numpy(p.copy()).requires_grad_() for p in params]
    theirs = torch.optim.SGD(tensors, lr=lr, weight_decay=weight_decay)
    ours = SGD(params, lr=lr, weight_decay=weight_decay)
    for _ in range(10):
        theirs.zero_grad()
        loss_torch(tensors).backward()
        theirs.step()
        ours.step(wavy_loss_grads(ours.params))
        for p, t in zip(ours.params, tensors, strict=True):
            assert_matches(p, t)


@pytest.mark.parametrize("weight_decay", [0.01, 0.3, 2.0])
@pytest.mark.parametrize("shapes", SHAPES)
def test_weight_decay_is_gradient_of_l2_penalty(shapes, weight_decay):
    # g + λθ = ∇(L + (λ/2)‖θ‖²), 오른쪽은 autograd
    params = make_params(shapes, seed=1)
    tensors = [torch.from_numpy(p.copy()).requires_grad_() for p in params]
    penalized = loss_torch(tensors) + weight_decay / 2 * sum((t**2).sum() for t in tensors)
    expected = torch.autograd.grad(penalized, tensors)
    for ours, theirs in zip(add_weight_decay(params, wavy_loss_grads(params), weight_decay), expected, strict=True):
        assert_matches(ours, theirs)


def decayed_and_penalized(optimizer, params, weight_decay, steps):
    """같은 출발점에서 (weight_decay=λ 로 L 을 최적화, weight_decay 없이 L + (λ/2)‖θ‖² 를 최적화)."""
    decayed = [torch.from_numpy(p.copy()).requires_grad_() for p in params]
    penalized = [torch.from_numpy(p.copy()).requires_grad_() for p in params]
    opt_decayed = optimizer(decayed, lr=0.1, weight_decay=weight_decay)
    opt_penalized = optimizer(penalized, lr=0.1, weight_decay=0.0)
    for _ in range(steps):
        opt_decayed.zero_grad()
        loss_torch(decayed).backward()
        opt_decayed.step()
        opt_penalized.zero_grad()
        (loss_torch(penalized) + weight_decay / 2 * sum((t**2).sum() for t in penalized)).backward()
        opt_penalized.step()
    return decayed, penalized


@pytest.mark.parametrize("weight_decay", [0.01, 0.3])
def test_torch_weight_decay_equals_sgd_on_l2_penalized_loss(weight_decay):
    # torch.optim.SGD(weight_decay=λ)로 L을 최적화 = weight_decay 없이 L + (λ/2)‖θ‖²를 최적화
    params = make_params([(3,), (2, 2)], seed=2)
    decayed, penalized = decayed_and_penalized(torch.optim.SGD, params, weight_decay, steps=10)
    ours = SGD(params, lr=0.1, weight_decay=weight_decay)
    for _ in range(10):
        ours.step(wavy_loss_grads(ours.params))
    for a, b, c in zip(decayed, penalized, ours.params, strict=True):
        torch.testing.assert_close(a, b, rtol=RTOL, atol=ATOL)
        assert_matches(c, a)


@pytest.mark.parametrize("weight_decay", [0.01, 0.5])
@pytest.mark.parametrize("shapes", SHAPES)
def test_torch_weight_decay_step_is_shrink_then_gradient_step(shapes, weight_decay):
    # θ - η(g + λθ) = (1 - ηλ)θ - ηg: torch.optim.SGD의 한 스텝이 이 꼴과 같은지 확인한다
    params, lr = make_params(shapes, seed=8), 0.1
    tensors = [torch.from_numpy(p.copy()).requires_grad_() for p in params]
    loss_torch(tensors).backward()
    torch.optim.SGD(tensors, lr=lr, weight_decay=weight_decay).step()
    for p, g, t in zip(params, wavy_loss_grads(params), tensors, strict=True):
        assert_matches((1 - lr * weight_decay) * p - lr * g, t)


COUPLED = [  # weight_decay=λ가 기울기에 λθ를 더한다 (= L2 항)
    (torch.optim.SGD, {}), (torch.optim.SGD, {"momentum": 0.9}), (torch.optim.SGD, {"momentum": 0.9, "nesterov": True}),
    (torch.optim.Adagrad, {}), (torch.optim.RMSprop, {}), (torch.optim.Adam, {}),
]
DECOUPLED = [  # 파라미터를 직접 (1 - ηλ)배로 줄인다 (AdamW 방식)
    (torch.optim.AdamW, {}), (torch.optim.Adam, {"decoupled_weight_decay": True}),
    (torch.optim.NAdam, {"decoupled_weight_decay": True}), (torch.optim.RAdam, {"decoupled_weight_decay": True}),
]


def optimizer_id(case):
    optimizer, kwargs = case
    return optimizer.__name__ + "".join(f"-{k}" for k in kwargs)


@pytest.mark.parametrize("case", COUPLED, ids=optimizer_id)
def test_coupled_torch_weight_decay_is_l2_penalty(case):
    # 페이지의 주장: 이 옵티마이저들의 weight_decay=는 기울기에 λθ를 더한다 (= L2 항)
    optimizer, kwargs = case
    params = make_params([(4,), (2, 2)], seed=9)
    decayed, penalized = decayed_and_penalized(functools.partial(optimizer, **kwargs), params, weight_decay=0.3, steps=5)
    assert max((a - b).abs().max().item() for a, b in zip(decayed, penalized)) < 1e-12


def shrink_then_step(optimizer, params, weight_decay, steps, lr=0.1):
    """스텝마다 기울기를 구한 뒤 θ를 손으로 (1 - ηλ)배로 줄이고, 감쇠 없는 optimizer로 한 걸음 간다."""
    tensors = [torch.from_numpy(p.copy()).requires_grad_() for p in params]
    opt = optimizer(tensors, lr=lr, weight_decay=0.0)
    for _ in range(steps):
        opt.zero_grad()
        loss_torch(tensors).backward()
        with torch.no_grad():
            for t in tensors:
                t.mul_(1 - lr * weight_decay)
        opt.step()
    return tensors


@pytest.mark.parametrize("case", DECOUPLED, ids=optimizer_id)
def test_decoupled_torch_weight_decay_shrinks_parameters_instead(case):
    # AdamW와 decoupled_weight_decay=True: L2 항과 다르고, 손으로 θ를 줄인 뒤 감쇠 없이 간 궤적과 같다
    optimizer = functools.partial(case[0], **case[1])
    params = make_params([(4,), (2, 2)], seed=9)
    decayed, penalized = decayed_and_penalized(optimizer, params, weight_decay=0.3, steps=5)
    assert max((a - b).abs().max().item() for a, b in zip(decayed, penalized)) > 1e-3
    for a, b in zip(decayed, shrink_then_step(optimizer, params, weight_decay=0.3, steps=5), strict=True):
        torch.testing.assert_close(a, b, rtol=RTOL, atol=ATOL)


def test_adafactor_weight_decay_is_not_l2_penalty():
    params = make_params([(4,), (2, 2)], seed=9)
    decayed, penalized = decayed_and_penalized(torch.optim.Adafactor, params, weight_decay=0.3, steps=5)
    assert max((a - b).abs().max().item() for a, b in zip(decayed, penalized)) > 1e-3


def test_weight_decay_shrinks_parameters_by_a_constant_factor():
    # 기울기가 0이면 θ ← (1 - ηλ)θ: 이름 그대로 "감쇠"
    params = make_params([(5,)], seed=3)
    opt = SGD(params, lr=0.1, weight_decay=0.5)
    for _ in range(4):
        opt.step([np.zeros(5)])
    np.testing.assert_allclose(opt.params[0], (1 - 0.1 * 0.5) ** 4 * params[0], rtol=1e-14)


def test_step_equals_sgd_step_without_weight_decay():
    params, grads = make_params([(3,), ()], seed=4), make_params([(3,), ()], seed=5)
    new = SGD(params, lr=0.2).step(grads)
    for a, b in zip(new, sgd_step(params, grads, 0.2), strict=True):
        np.testing.assert_array_equal(a, b)


def test_optimizer_state_is_separate_from_callers_arrays():
    params, grads = make_params([(3,), (2,)], seed=6), make_params([(3,), (2,)], seed=7)
    before = [a.copy() for a in params + grads]
    for a in params + grads:
        a.setflags(write=False)  # 제자리 수정이 있으면 오류가 난다
    opt = SGD(params, lr=0.1, weight_decay=0.1)
    assert not any(np.shares_memory(p, q) for p, q in zip(opt.params, params))  # 복사해서 가진다
    old_state = opt.params
    returned = opt.step(grads)
    assert returned is opt.params and returned is not old_state
    for a, b in zip(params + grads, before):
        np.testing.assert_array_equal(a, b)
    assert old_state[0].tolist() == before[0].tolist()  # 예전 상태 배열도 그대로 (새 배열로 바꿔 끼운다)


def test_nonconvex_loss_ends_in_different_minima_from_different_starts():
    # ½θ² + sin 3θ에는 지역 최소점이 셋: 출발점에 따라 다른 지역 최소점에 멈춘다 (모두 기울기 0)
    ends = []
    for start in (-2.0, 2.0):
        opt = SGD([np.array(start)], lr=0.05)
        t = torch.tensor(start, dtype=torch.float64, requires_grad=True)
        torch_opt = torch.optim.SGD([t], lr=0.05)
        for _ in range(100):
            opt.step(wavy_loss_grads(opt.params))
            torch_opt.zero_grad()
            loss_torch([t]).backward()
            torch_opt.step()
        assert_matches(opt.params[0], t)
        assert abs(wavy_loss_grads(opt.params)[0]) < 1e-10
        ends.append((float(opt.params[0]), loss_torch([t]).item()))
    (theta_a, loss_a), (theta_b, loss_b) = ends
    assert abs(theta_a - theta_b) > 1.0 and abs(loss_a - loss_b) > 0.1


@pytest.mark.parametrize("shapes", SHAPES)
def test_wavy_loss_and_its_gradient_match_torch(shapes):
    params = make_params(shapes, seed=10)
    tensors = [torch.from_numpy(p.copy()).requires_grad_() for p in params]
    loss = loss_torch(tensors)
    expected = torch.autograd.grad(loss, tensors)
    torch.testing.assert_close(torch.tensor(wavy_loss(params), dtype=torch.float64), loss.detach(), rtol=RTOL, atol=ATOL)
    for ours, theirs in zip(wavy_loss_grads(params), expected, strict=True):
        assert_matches(ours, theirs)


def test_wavy_loss_has_three_local_minima_and_sgd_stays_in_its_basin():
    # 지역 최소점 셋 사이의 경계는 두 지역 최대점: η·max|L''| = 0.05·10 < 1이면 SGD는 경계를 넘지 못한다
    grid = np.linspace(-3.0, 3.0, 60001)  # |θ| > 3이면 L'의 부호 = θ의 부호: 최소점은 모두 이 안에
    losses = np.array([wavy_loss([t]) for t in grid[::10]])
    inner = losses[1:-1]
    assert ((inner < losses[:-2]) & (inner < losses[2:])).sum() == 3
    peaks = []
    for start in (-1.5, 0.5):
        t = torch.tensor(start, dtype=torch.float64, requires_grad=True)
        ascent = torch.optim.SGD([t], lr=0.05, maximize=True)  # 손실을 거꾸로 올라가 봉우리를 찾는다
        for _ in range(100):
            ascent.zero_grad()
            loss_torch([t]).backward()
            ascent.step()
        peaks.append(t.item())
    for start in np.linspace(-2.9, 2.9, 59):
        opt = SGD([np.array(start)], lr=0.05)
        for _ in range(100):
            opt.step(wavy_loss_grads(opt.params))
        end = float(opt.params[0])
        basin = int(start > peaks[0]) + int(start > peaks[1])  # 출발점이 놓인 골짜기 (0, 1, 2)
        assert basin == int(end > peaks[0]) + int(end > peaks[1])


def test_weight_decay_converges_to_minimum_of_l2_penalized_mse():
    # 가중치 감쇠 λ로 MSE를 최적화한 끝 = (1/n)‖Aθ - y‖² + (λ/2)‖θ‖²의 최소점: ((2/n)AᵀA + λI)θ = (2/n)Aᵀy
    rng = np.random.default_rng(23)  # 페이지의 실험과 같은 데이터 (조건수 약 32: 2000 스텝이면 수렴)
    n, d = 15, 12
    w_true = rng.normal(size=d)
    X = rng.normal(size=(n, d))
    y = X @ w_true + rng.normal(size=n)
    A, target = torch.from_numpy(np.column_stack([X, np.ones(n)])), torch.from_numpy(y)
    norms = []
    for weight_decay in (0.0, 0.3, 3.0):
        opt = SGD([np.zeros(d), np.array(0.0)], lr=0.1, weight_decay=weight_decay)
        for _ in range(2000):
            opt.step(linear_regression_loss(opt.params, X, y)[1])
        eye = torch.eye(d + 1, dtype=torch.float64)
        exact = torch.linalg.solve(2 / n * A.T @ A + weight_decay * eye, 2 / n * A.T @ target)
        assert_matches(np.append(*opt.params), exact)
        norms.append(np.linalg.norm(opt.params[0]))
    assert norms == sorted(norms, reverse=True)  # 감쇠가 셀수록 가중치가 작다


def test_adamw_first_step_shrinks_then_takes_adams_step():
    # AdamW: θ ← (1 - ηλ)θ - η·m̂/(√v̂ + ε), 첫 스텝은 m̂ = g, v̂ = g² (Adam(weight_decay)와 다르다)
    params, lr, weight_decay = make_params([(4,), (2, 2)], seed=11), 0.1, 0.3
    tensors = [torch.from_numpy(p.copy()).requires_grad_() for p in params]
    loss_torch(tensors).backward()
    torch.optim.AdamW(tensors, lr=lr, weight_decay=weight_decay).step()
    eps = inspect.signature(torch.optim.AdamW).parameters["eps"].default
    for p, g, t in zip(params, wavy_loss_grads(params), tensors, strict=True):
        assert_matches((1 - lr * weight_decay) * p - lr * g / (np.abs(g) + eps), t)


# --- 잘못된 입력 ------------------------------------------------------------


@pytest.mark.parametrize("lr", [0.0, -1.0, float("nan")])
def test_bad_lr_raises(lr):
    with pytest.raises(ValueError, match=rf"lr={lr}"):
        SGD([np.zeros(2)], lr=lr)


@pytest.mark.parametrize("weight_decay", [-0.1, float("nan")])
def test_bad_weight_decay_raises(weight_decay):
    with pytest.raises(ValueError, match=rf"weight_decay={weight_decay}"):
        SGD([np.zeros(2)], lr=0.1, weight_decay=weight_decay)
    with pytest.raises(ValueError, match=rf"weight_decay={weight_decay}"):
        add_weight_decay([np.zeros(2)], [np.zeros(2)], weight_decay)


@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
@pytest.mark.parametrize(
    ("grads", "message"),
    [
        ([np.zeros((3, 1)), np.zeros(())], r"params\[0\].*\(3,\).*grads\[0\].*\(3, 1\)"),
        ([np.zeros(3), np.zeros(2)], r"params\[1\].*\(\).*grads\[1\].*\(2,\)"),
        ([np.zeros(3)], r"params 2개.*grads 1개"),
        ((np.zeros(3), np.zeros(()), np.zeros(1)), r"params 2개.*grads 3개"),
    ],
)
def test_mismatched_grads_raise_and_leave_state_unchanged(grads, message, weight_decay):
    opt = SGD([np.ones(3), np.array(1.0)], lr=0.1, weight_decay=weight_decay)
    with pytest.raises(ValueError, match=message):
        opt.step(grads)
    assert opt.params[0].tolist() == [1.0, 1.0, 1.0] and opt.params[1] == 1.0


@pytest.mark.parametrize(("params", "message"), [(np.zeros(3), re.escape("(3,)")), ([], "비어")])
def test_bad_params_raise(params, message):
    with pytest.raises(ValueError, match=message):
        SGD(params, lr=0.1)


# --- torch 기본값 -------------------------------------------------------------


def test_sgd_defaults_follow_torch():
    ours = inspect.signature(SGD).parameters
    theirs = inspect.signature(torch.optim.SGD).parameters
    assert ours["weight_decay"].default == theirs["weight_decay"].default == 0
    assert ours["lr"].default == theirs["lr"].default == 1e-3
