"""옵티마이저(dlbasics.optimizers)를 torch.optim과 float64로 대조한다.

작은 모델(로지스틱 회귀, 파라미터 w (5,)와 b ())의 손실 기울기로 120스텝 갱신하며, 스텝마다 파라미터와 상태
(모멘텀 버퍼, 제곱합, 이동 평균, 스텝 수)를 torch 옵티마이저의 것과 rtol 1e-9로 견준다. 기울기는 두 쪽 모두
torch autograd로, 각자의 파라미터에서 구한다 (궤적이 갈라지면 기울기도 갈라져 드러난다). 기본값은
torch의 시그니처와 같고, 잘못된 인자와 모양이 다른 기울기는 ValueError다.
"""

import functools

import numpy as np
import pytest
import torch

from dlbasics.optimizers import SGD, Adagrad, Adam, AdamW, RMSprop

import helpers

RTOL, ATOL = 1e-9, 1e-12
STEPS = 120
rng = np.random.default_rng(0)
X = torch.as_tensor(rng.normal(size=(40, 5)))
Y = torch.as_tensor((rng.random(40) < 0.5).astype(np.float64))
START = [rng.normal(size=5), np.array(0.3)]


def loss_and_grads(w, b):
    w, b = torch.as_tensor(w).requires_grad_(), torch.as_tensor(b).requires_grad_()
    loss = torch.nn.functional.binary_cross_entropy_with_logits(X @ w + b, Y) + 0.05 * (w**4).sum()  # 볼록하지 않게 조금 더한다
    loss.backward()
    return [w.grad.numpy(), b.grad.numpy()]


TORCH_STATE = {"momentum_buffer", "sum", "square_avg", "grad_avg", "exp_avg", "exp_avg_sq", "max_exp_avg_sq", "step"}

CASES = [
    (SGD, torch.optim.SGD, dict(lr=0.1)),
    (SGD, torch.optim.SGD, dict(lr=0.1, momentum=0.9)),
    (SGD, torch.optim.SGD, dict(lr=0.05, momentum=0.9, dampening=0.3, weight_decay=0.01)),
    (SGD, torch.optim.SGD, dict(lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.02)),
    (Adagrad, torch.optim.Adagrad, dict(lr=0.3)),
    (Adagrad, torch.optim.Adagrad, dict(lr=0.3, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1, eps=1e-6)),
    (RMSprop, torch.optim.RMSprop, dict(lr=0.01)),
    (RMSprop, torch.optim.RMSprop, dict(lr=0.005, alpha=0.9, eps=1e-6, weight_decay=0.01, momentum=0.5)),
    (RMSprop, torch.optim.RMSprop, dict(lr=0.005, centered=True, momentum=0.9)),
    (RMSprop, torch.optim.RMSprop, dict(lr=0.005, centered=True)),
    (Adam, torch.optim.Adam, dict(lr=0.05)),
    (Adam, torch.optim.Adam, dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    (Adam, torch.optim.Adam, dict(lr=0.05, amsgrad=True)),
    (Adam, torch.optim.Adam, dict(lr=0.05, weight_decay=0.05, amsgrad=True)),
    (AdamW, torch.optim.AdamW, dict(lr=0.05)),
    (AdamW, torch.optim.AdamW, dict(lr=0.05, weight_decay=0.3, amsgrad=True)),
]


@pytest.mark.parametrize("ours_class, torch_class, kwargs", CASES, ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_trajectory_and_state_match_torch(ours_class, torch_class, kwargs):
    ours = ours_class([p.copy() for p in START], **kwargs)
    theirs_params = [torch.tensor(p, requires_grad=True) for p in START]
    theirs = torch_class(theirs_params, **kwargs)
    for _ in range(STEPS):
        ours.step(loss_and_grads(*ours.params))
        for param, grad in zip(theirs_params, loss_and_grads(*(p.detach() for p in theirs_params))):
            param.grad = torch.as_tensor(grad).clone()
        theirs.step()
        for mine, param, state in zip(ours.params, theirs_params, ours.state):
            torch.testing.assert_close(torch.as_tensor(mine), param.detach(), rtol=RTOL, atol=ATOL)
            their_state = theirs.state[param]
            assert set(state) == set(their_state) & TORCH_STATE, (set(state), set(their_state))
            for key, value in state.items():
                expected = their_state[key]
                expected = expected.item() if key == "step" else expected
                if key == "step":
                    assert value == expected
                else:
                    torch.testing.assert_close(torch.as_tensor(value), expected, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("ours, theirs", [(SGD, torch.optim.SGD), (Adagrad, torch.optim.Adagrad), (RMSprop, torch.optim.RMSprop),
                                          (Adam, torch.optim.Adam), (AdamW, torch.optim.AdamW)])
def test_defaults_follow_torch(ours, theirs):
    helpers.assert_defaults_follow_torch(ours, theirs)
    mine, torchs = helpers.signature_defaults(ours), helpers.signature_defaults(theirs)
    assert set(mine) == set(torchs) - {"maximize", "foreach", "capturable", "differentiable", "fused", "decoupled_weight_decay"}


@pytest.mark.parametrize("ours_class, torch_class, kwargs", [(SGD, torch.optim.SGD, dict(momentum=0.9, nesterov=True)),
                                                               (RMSprop, torch.optim.RMSprop, dict(momentum=0.5)),
                                                               (AdamW, torch.optim.AdamW, dict())])
def test_learning_rate_changed_between_steps_follows_torch(ours_class, torch_class, kwargs):
    """스케줄러처럼 스텝 사이에 학습률만 바꾼다: 이 구현은 opt.lr, torch는 param_groups[0]["lr"]."""
    lrs = np.concatenate([np.full(40, 0.05), np.full(40, 0.005), np.linspace(0.005, 0.05, 40)])
    ours = ours_class([p.copy() for p in START], lr=lrs[0], **kwargs)
    theirs_params = [torch.tensor(p, requires_grad=True) for p in START]
    theirs = torch_class(theirs_params, lr=lrs[0], **kwargs)
    for lr in lrs:
        ours.lr, theirs.param_groups[0]["lr"] = lr, float(lr)
        ours.step(loss_and_grads(*ours.params))
        for param, grad in zip(theirs_params, loss_and_grads(*(p.detach() for p in theirs_params))):
            param.grad = torch.as_tensor(grad).clone()
        theirs.step()
        for mine, param in zip(ours.params, theirs_params):
            torch.testing.assert_close(torch.as_tensor(mine), param.detach(), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("make", [lambda p: Adam(p, lr=0.1), lambda p: AdamW(p, lr=0.1, weight_decay=0.5),
                                  lambda p: SGD(p, lr=0.1, momentum=0.9, weight_decay=0.1)])
def test_step_returns_new_arrays_and_leaves_inputs_alone(make):
    start = [p.copy() for p in START]
    grads = loss_and_grads(*start)
    frozen = [g.copy() for g in grads]
    opt = make(start)
    new = opt.step(grads)
    opt.step(grads)  # 두 번째 스텝 (버퍼가 생긴 뒤)도
    assert all(np.array_equal(a, b) for a, b in zip(start, START)) and all(np.array_equal(a, b) for a, b in zip(grads, frozen))
    assert not any(np.shares_memory(n, s) for n, s in zip(new, start)) and opt.params is not new


BAD = [
    (lambda: SGD(START, lr=-0.1), "lr"),
    (lambda: SGD(START, lr=0.1, momentum=-0.9), "momentum"),
    (lambda: SGD(START, lr=0.1, weight_decay=-1e-4), "weight_decay"),
    (lambda: SGD(START, lr=0.1, nesterov=True), "nesterov"),
    (lambda: SGD(START, lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), "dampening"),
    (lambda: Adagrad(START, lr_decay=-0.1), "lr_decay"),
    (lambda: Adagrad(START, eps=-1e-10), "eps"),
    (lambda: Adagrad(START, initial_accumulator_value=-1.0), "initial_accumulator_value"),
    (lambda: RMSprop(START, alpha=-0.5), "alpha"),
    (lambda: RMSprop(START, eps=float("nan")), "eps"),
    (lambda: RMSprop(START, momentum=-0.1), "momentum"),
    (lambda: Adam(START, betas=(1.0, 0.999)), r"betas\[0\]"),
    (lambda: Adam(START, betas=(0.9, -0.1)), r"betas\[1\]"),
    (lambda: Adam(START, betas=(0.9,)), "betas"),
    (lambda: Adam(START, eps=-1e-8), "eps"),
    (lambda: AdamW(START, weight_decay=-0.01), "weight_decay"),
    (lambda: Adam(np.zeros(3)), "params"),
    (lambda: Adam([]), "params"),
    (lambda: Adam(START).step([np.zeros(5)]), "grads"),
    (lambda: Adam(START).step([np.zeros(4), np.array(0.0)]), "grads"),
    (lambda: SGD(START, lr=0.1).step([np.zeros((5, 1)), np.array(0.0)]), "grads"),
]


@pytest.mark.parametrize("call, name", BAD, ids=[f"{i}-{name}" for i, (_, name) in enumerate(BAD)])
def test_bad_input_is_a_value_error_naming_it(call, name):
    with pytest.raises(ValueError, match=name):
        call()
