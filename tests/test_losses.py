"""손실 함수(dlbasics.losses)를 PyTorch와 float64로 대조한다: 값, 기울기, 미분할 수 없는 점과 이어지는 점, 잘못된 입력."""

import inspect
import itertools
import re

import functools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlbasics import losses
from dlbasics.losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    cross_entropy,
    cross_entropy_grad,
    hinge_loss,
    hinge_loss_grad,
    huber_loss,
    huber_loss_grad,
    l1_loss,
    l1_loss_grad,
    log_softmax,
    mse_loss,
    mse_loss_grad,
)
from dlbasics.losses import softmax_jacobian
import helpers
from helpers import assert_defaults_follow_torch, signature_defaults

RTOL, ATOL = 1e-12, 1e-14  # 계산 순서 차이(몇 ulp)만 허용한다
SHAPES = [(1,), (7,), (4, 3), (2, 3, 5)]
REDUCTIONS = ["mean", "sum", "none"]


assert_matches = functools.partial(helpers.assert_matches, rtol=RTOL, atol=ATOL)


def torch_value_and_grad(loss_fn, input, target, reduction, **kwargs):
    """torch 손실 값과 autograd 기울기. 'none'이면 합을 역전파한다 (원소별 도함수)."""
    x = torch.from_numpy(input.copy()).requires_grad_()
    value = loss_fn(x, torch.from_numpy(target), reduction=reduction, **kwargs)
    (value.sum() if reduction == "none" else value).backward()
    return value.detach(), x.grad


def torch_hinge(input, target, reduction):
    """torch에 이진 힌지 함수가 없으므로 clamp를 합성한 기준값."""
    loss = torch.clamp(1 - target * input, min=0)
    return {"mean": loss.mean, "sum": loss.sum, "none": lambda: loss}[reduction]()


def check_against_torch(ours, ours_grad, theirs, input, target, reduction, torch_kwargs=None, **kwargs):
    value, grad = torch_value_and_grad(theirs, input, target, reduction, **(kwargs if torch_kwargs is None else torch_kwargs))
    assert_matches(ours(input, target, reduction=reduction, **kwargs), value)
    assert_matches(ours_grad(input, target, reduction=reduction, **kwargs), grad)


# --- MSE, MAE ---------------------------------------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", SHAPES)
def test_mse_matches_torch(shape, reduction):
    rng = np.random.default_rng(0)
    input, target = rng.normal(size=shape), rng.normal(size=shape)
    target.flat[::3] = 50.0  # 이상치
    check_against_torch(mse_loss, mse_loss_grad, F.mse_loss, input, target, reduction)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", SHAPES)
def test_mae_matches_torch(shape, reduction):
    rng = np.random.default_rng(1)
    input, target = rng.normal(size=shape), rng.normal(size=shape)
    target.flat[::2] = input.flat[::2]  # 오차가 정확히 0: torch는 sign(0) = 0
    assert np.any(input == target)
    check_against_torch(l1_loss, l1_loss_grad, F.l1_loss, input, target, reduction)


def test_mae_gradient_is_zero_at_zero_error():
    x = np.array([0.5, 0.5, 0.5])
    assert l1_loss_grad(x, np.array([0.5, 0.0, 1.0]), reduction="sum").tolist() == [0.0, 1.0, -1.0]


# --- Huber ------------------------------------------------------------------


@pytest.mark.parametrize("delta", [0.25, 0.5, 1.0, 2.0, 3.0])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", SHAPES)
def test_huber_matches_torch(shape, reduction, delta):
    rng = np.random.default_rng(2)
    input, target = 2.0 * rng.normal(size=shape), rng.normal(size=shape)
    # 오차가 정확히 ±δ인 원소 (두 식이 이어지는 점): target 0, input ±δ
    target.flat[::2] = 0.0
    input.flat[::2] = rng.choice([-delta, delta], size=input.flat[::2].shape)
    assert np.any(np.abs(input - target) == delta)
    check_against_torch(huber_loss, huber_loss_grad, F.huber_loss, input, target, reduction, delta=delta)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("delta", [0.5, 1.0, 2.0])
def test_smooth_l1_is_huber_over_delta(delta, reduction):
    # SmoothL1_β(e) = ℓ_β(e) / β: 값과 기울기 모두 (원소별 포함)
    rng = np.random.default_rng(3)
    input, target = 3.0 * rng.normal(size=20), rng.normal(size=20)
    input[:2], target[:2] = [delta, -delta], 0.0  # 두 식이 이어지는 점
    value, grad = torch_value_and_grad(F.smooth_l1_loss, input, target, reduction, beta=delta)
    assert_matches(huber_loss(input, target, reduction, delta) / delta, value)
    assert_matches(huber_loss_grad(input, target, reduction, delta) / delta, grad)


def test_huber_is_mse_half_and_mae_like_inside_and_outside():
    e = np.array([-0.3, 0.2, 0.9])  # 모두 |e| < δ = 1
    np.testing.assert_allclose(huber_loss(e, 0 * e, reduction="none"), 0.5 * e**2, rtol=0, atol=0)
    e = np.array([-4.0, 2.5, 7.0])  # 모두 |e| ≥ δ = 1
    np.testing.assert_allclose(huber_loss_grad(e, 0 * e, reduction="none"), np.sign(e), rtol=0, atol=0)


# --- Cross entropy ----------------------------------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(("n", "c"), [(1, 2), (5, 3), (8, 10), (3, 1)])
def test_cross_entropy_matches_torch(n, c, reduction):
    rng = np.random.default_rng(4)
    logits, target = 3.0 * rng.normal(size=(n, c)), rng.integers(0, c, size=n)
    check_against_torch(cross_entropy, cross_entropy_grad, F.cross_entropy, logits, target, reduction)


EXTREME_LOGITS = np.array(
    [
        [1000.0, -1000.0, 0.0],
        [-1000.0, -1000.0, -1000.0],
        [1000.0, 1000.0, -1000.0],
        [0.0, 0.0, 1000.0],
        [-1000.0, 1000.0, 999.0],
    ]
)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("target", [[0, 0, 0, 0, 0], [1, 2, 0, 2, 2], [2, 1, 2, 0, 1]])
def test_cross_entropy_extreme_logits_are_finite_and_match_torch(target, reduction):
    target = np.array(target)
    value = cross_entropy(EXTREME_LOGITS, target, reduction=reduction)
    grad = cross_entropy_grad(EXTREME_LOGITS, target, reduction=reduction)
    assert np.all(np.isfinite(value)) and np.all(np.isfinite(grad))
    check_against_torch(cross_entropy, cross_entropy_grad, F.cross_entropy, EXTREME_LOGITS, target, reduction)


CE_SHAPES = [(6, 4), (3, 4, 5), (2, 4, 3, 2), (4,)]  # (N, C), (N, C, d1), (N, C, d1, d2), 한 샘플 (C,)


def class_axis_target(rng, shape, soft, ignore):
    """shape의 로짓에 맞는 정답: 클래스 번호 (클래스 축을 뺀 모양) 또는 클래스 축 1로 더해 1인 확률."""
    n_classes = shape[0] if len(shape) == 1 else shape[1]
    if soft:
        q = rng.dirichlet(np.ones(n_classes), size=shape[:1] + shape[2:] if len(shape) > 1 else ())
        return q if len(shape) == 1 else np.moveaxis(q, -1, 1)
    target = rng.integers(0, n_classes, size=shape[:1] + shape[2:] if len(shape) > 1 else ())
    if ignore:
        target[(0,) * target.ndim] = -100  # 첫 자리를 무시한다 (한 샘플이면 그 샘플)
    return target


@pytest.mark.parametrize("label_smoothing", [0.0, 0.25])
@pytest.mark.parametrize("weighted", [False, True], ids=["no-weight", "weight"])
@pytest.mark.parametrize("kind", ["index", "index-ignored", "probability"])
@pytest.mark.parametrize("shape", CE_SHAPES, ids=lambda s: "x".join(map(str, s)))
def test_cross_entropy_full_signature_matches_torch(shape, kind, weighted, label_smoothing):
    # ℓ = -Σ_c w_c q_c log p̂_c,  q = (1 - ε)·(원-핫 또는 확률) + ε/C, 값과 autograd 기울기 모두 torch와 대조
    rng = np.random.default_rng([len(shape), len(kind), weighted])
    logits = 3.0 * rng.normal(size=shape)
    target = class_axis_target(rng, shape, kind == "probability", kind == "index-ignored")
    n_classes = shape[0] if len(shape) == 1 else shape[1]
    kwargs = {"label_smoothing": label_smoothing}
    if weighted:
        kwargs["weight"] = rng.uniform(0.1, 3.0, size=n_classes)
    for ignore_index, reduction in itertools.product([-100, 2] if kind == "index-ignored" else [-100], REDUCTIONS):
        if ignore_index == 2:
            target = np.where(target == -100, 2, target)  # 클래스 2를 무시한다 (torch도 범위 안의 번호를 받는다)
        torch_kwargs = {k: torch.from_numpy(v) if k == "weight" else v for k, v in kwargs.items()}
        value, grad = torch_value_and_grad(F.cross_entropy, logits, target, reduction, ignore_index=ignore_index, **torch_kwargs)
        ours = cross_entropy(logits, target, reduction=reduction, ignore_index=ignore_index, **kwargs)
        assert np.shape(ours) == tuple(value.shape)
        # 한 샘플을 무시하면 mean은 0/0 = nan: torch도 nan이어야 같다고 본다
        torch.testing.assert_close(torch.as_tensor(np.asarray(ours)), value, rtol=RTOL, atol=ATOL, equal_nan=len(shape) == 1)
        assert_matches(cross_entropy_grad(logits, target, reduction=reduction, ignore_index=ignore_index, **kwargs), grad)


EXTREME_SOFT = np.array([[0.0, 1.0, 0.0], [0.5, 0.5, 0.0], [0.2, 0.3, 0.5], [1.0, 0.0, 0.0], [0.0, 0.25, 0.75]])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1])
@pytest.mark.parametrize("target", [np.array([2, 1, 0, 1, 0]), EXTREME_SOFT], ids=["index", "probability"])
def test_cross_entropy_extreme_logits_with_soft_targets_and_smoothing(target, label_smoothing, reduction):
    # 로짓 ±1000: 정답 분포가 p̂ ≈ 0인 클래스에 무게를 주어도 (log p̂ = -2000) 값과 기울기가 유한하다
    kwargs = {"label_smoothing": label_smoothing, "weight": np.array([1.0, 2.0, 0.5])}
    value = cross_entropy(EXTREME_LOGITS, target, reduction=reduction, **kwargs)
    grad = cross_entropy_grad(EXTREME_LOGITS, target, reduction=reduction, **kwargs)
    assert np.all(np.isfinite(value)) and np.all(np.isfinite(grad))
    torch_kwargs = {"label_smoothing": label_smoothing, "weight": torch.from_numpy(kwargs["weight"])}
    value_t, grad_t = torch_value_and_grad(F.cross_entropy, EXTREME_LOGITS, target, reduction, **torch_kwargs)
    assert_matches(value, value_t)
    assert_matches(grad, grad_t)


def test_cross_entropy_mean_denominators_with_class_weights():
    # 클래스 번호 정답: mean = Σ w_{t_i} ℓ_i / Σ w_{t_i}, 확률 정답(같은 원-핫): mean = Σ w_{t_i} ℓ_i / N
    logits, target = np.zeros((4, 2)), np.array([0, 0, 0, 1])  # 모든 ℓ_i = log 2
    weight = np.array([1.0, 9.0])
    one_hot = np.eye(2)[target]
    by_index = F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(target), weight=torch.from_numpy(weight))
    by_prob = F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(one_hot), weight=torch.from_numpy(weight))
    assert_matches(cross_entropy(logits, target, weight=weight), by_index)
    assert_matches(cross_entropy(logits, one_hot, weight=weight), by_prob)
    assert np.isclose(by_index.item(), np.log(2)) and np.isclose(by_prob.item(), 12 / 4 * np.log(2))  # torch 자체의 규칙


@pytest.mark.parametrize("weighted", [False, True])
def test_cross_entropy_all_ignored_mean_is_nan_like_torch(weighted):
    # 모든 자리를 무시하면 mean은 0/0 = nan이고 (torch와 같다), 기울기는 0, sum은 0
    logits, target = np.random.default_rng(16).normal(size=(3, 4)), np.full(3, -100)
    weight = np.array([1.0, 2.0, 3.0, 4.0]) if weighted else None
    value_t, grad_t = torch_value_and_grad(F.cross_entropy, logits, target, "mean", weight=None if weight is None else torch.from_numpy(weight))
    assert np.isnan(cross_entropy(logits, target, weight=weight)) and torch.isnan(value_t)
    assert_matches(cross_entropy_grad(logits, target, weight=weight), grad_t)
    assert cross_entropy(logits, target, weight=weight, reduction="sum") == 0.0


def test_label_smoothing_one_is_the_uniform_target():
    # ε = 1이면 정답이 무엇이든 q = 1/C: 손실은 정답과 상관없다
    logits = np.random.default_rng(17).normal(size=(5, 4))
    a, b = cross_entropy(logits, np.array([0, 1, 2, 3, 0]), label_smoothing=1.0), cross_entropy(logits, np.full((5, 4), 0.25))
    assert_matches(a, torch.as_tensor(b))
    assert_matches(a, F.cross_entropy(torch.from_numpy(logits), torch.tensor([3, 3, 3, 3, 3]), label_smoothing=1.0))


def test_cross_entropy_is_entropy_plus_kl():
    # H(y, p̂) = -Σ y log p̂ = H(y) + D_KL(y ‖ p̂) (y: 정답 분포, p̂ = softmax(z)), 확률 분포 정답을 받는 torch와 F.kl_div로 대조
    rng = np.random.default_rng(10)
    logits, y = 2.0 * rng.normal(size=(6, 5)), rng.dirichlet(np.ones(5), size=6)
    logits_t, y_t = torch.from_numpy(logits), torch.from_numpy(y)
    cross = -(y * log_softmax(logits)).sum(axis=1)
    assert_matches(cross, F.cross_entropy(logits_t, y_t, reduction="none"))
    entropy = -(y_t * y_t.log()).sum(dim=1)
    kl = F.kl_div(torch.log_softmax(logits_t, dim=1), y_t, reduction="none").sum(dim=1)
    assert_matches(cross, entropy + kl)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_with_one_hot_target_is_minus_log_p_hat_t(reduction):
    # 원-핫 정답이면 H(y) = 0이고 -log p̂_t만 남는다: 클래스 번호와 원-핫 확률 정답이 같은 값, 같은 기울기
    rng = np.random.default_rng(11)
    logits, target = 3.0 * rng.normal(size=(7, 4)), rng.integers(0, 4, size=7)
    one_hot = np.eye(4)[target]
    check_against_torch(
        cross_entropy, cross_entropy_grad, lambda x, t, **kw: F.cross_entropy(x, torch.from_numpy(one_hot), **kw),
        logits, target, reduction,
    )


def test_log_softmax_matches_torch():
    logits = np.vstack([EXTREME_LOGITS, np.random.default_rng(5).normal(size=(4, 3))])
    assert_matches(log_softmax(logits), torch.log_softmax(torch.from_numpy(logits), dim=1))


SOFTMAX_LOGITS = [np.array([2.0, 1.0, 0.0]), np.array([0.3]), np.array([1000.0, -1000.0, 0.0, 999.0]), 3.0 * np.random.default_rng(14).normal(size=6)]


@pytest.mark.parametrize("logits", SOFTMAX_LOGITS, ids=lambda z: f"C={z.size}")
def test_softmax_jacobian_matches_torch(logits):
    # J[c, k] = ∂p̂_c/∂z_k = p̂_c(δ_ck - p̂_k), torch autograd의 야코비 행렬과 대조
    expected = torch.autograd.functional.jacobian(lambda z: torch.softmax(z, dim=0), torch.from_numpy(logits))
    assert_matches(softmax_jacobian(logits), expected)


@pytest.mark.parametrize("logits", [z for z in SOFTMAX_LOGITS if np.ptp(z) < 100], ids=lambda z: f"C={z.size}")
def test_chain_rule_through_softmax_jacobian_gives_p_hat_minus_y(logits):
    # ∂ℓ/∂z = Jᵀ(∂ℓ/∂p̂) = Jᵀ(-y/p̂) = p̂ - y, y는 합이 1인 분포 (원-핫 포함), torch autograd와 대조.
    # 로짓 차이가 커서 p̂_c가 0으로 반올림되면 -y_c/p̂_c가 무한대라 이 경로로는 계산할 수 없다:
    # 그래서 cross_entropy_grad는 약분된 p̂ - y를 바로 계산한다 (극단적인 로짓은 위의 테스트가 다룬다).
    rng = np.random.default_rng(15)
    for y in (rng.dirichlet(np.ones(logits.size)), np.eye(logits.size)[rng.integers(logits.size)]):
        z_t = torch.from_numpy(logits.copy()).requires_grad_()
        F.cross_entropy(z_t[None, :], torch.from_numpy(y)[None, :]).backward()
        p_hat = np.exp(log_softmax(logits[None, :])[0])
        chain = softmax_jacobian(logits).T @ (-y / p_hat)
        assert_matches(chain, z_t.grad)
        assert_matches(p_hat - y, z_t.grad)


@pytest.mark.parametrize("shape", [(), (2, 3), (1, 1, 3)])
def test_softmax_jacobian_wants_one_row_of_logits(shape):
    with pytest.raises(ValueError, match=re.escape(str(shape))):
        softmax_jacobian(np.zeros(shape))


# --- Binary cross entropy ---------------------------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", SHAPES)
def test_binary_cross_entropy_matches_torch(shape, reduction):
    rng = np.random.default_rng(6)
    p_hat = rng.uniform(size=shape)
    y = rng.uniform(size=shape)  # 부드러운 정답도 허용된다
    y.flat[::2] = rng.integers(0, 2, size=y.flat[::2].shape)
    p_hat.flat[::3] = rng.integers(0, 2, size=p_hat.flat[::3].shape)  # p̂가 정확히 0 또는 1
    check_against_torch(binary_cross_entropy, binary_cross_entropy_grad, F.binary_cross_entropy, p_hat, y, reduction)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_at_the_clamps(reduction):
    # p̂ ∈ {0, 1} (log가 -100에서 잘림), 그리고 기울기 분모가 ε에서 잘리는 아주 작은 p̂, 1 - p̂
    p_hat = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1e-13, 1e-50, 1e-17, 1 - 1e-13])
    y = np.array([0.0, 1.0, 0.5, 0.0, 1.0, 0.5, 1.0, 1.0, 0.0, 0.0])
    check_against_torch(binary_cross_entropy, binary_cross_entropy_grad, F.binary_cross_entropy, p_hat, y, reduction)
    assert np.all(np.isfinite(binary_cross_entropy(p_hat, y, reduction="none")))


@pytest.mark.parametrize("shape", SHAPES)
def test_binary_cross_entropy_logit_gradient_is_p_hat_minus_y(shape):
    # p̂ = σ(z): ∂ℓ/∂p̂ · p̂(1 - p̂) = p̂ - y = ∂ℓ/∂z (로짓을 받는 torch 함수의 autograd)
    rng = np.random.default_rng(12)
    z, y = 3.0 * rng.normal(size=shape), rng.uniform(size=shape)
    y.flat[::2] = rng.integers(0, 2, size=y.flat[::2].shape)
    p_hat = 1.0 / (1.0 + np.exp(-z))
    _, grad = torch_value_and_grad(F.binary_cross_entropy_with_logits, z, y, "none")
    assert_matches(binary_cross_entropy_grad(p_hat, y, reduction="none") * p_hat * (1 - p_hat), grad)
    assert_matches(p_hat - y, grad)


BCE_WEIGHT_SHAPES = [(), (3,), (1, 3), (4, 1), (4, 3)]  # input (4, 3)으로 브로드캐스트되는 모양


@pytest.mark.parametrize("weight_shape", BCE_WEIGHT_SHAPES, ids=str)
def test_binary_cross_entropy_weight_matches_torch(weight_shape):
    # ℓ_i = -w_i[y_i log p̂_i + (1 - y_i) log(1 - p̂_i)], mean은 가중치가 있어도 원소 수로 나눈다
    rng = np.random.default_rng(len(weight_shape) + sum(weight_shape))
    p_hat, y = rng.uniform(size=(4, 3)), rng.uniform(size=(4, 3))
    p_hat[0, :2] = [0.0, 1.0]  # 잘린 로그와 잘린 분모도 가중치와 함께
    weight = rng.uniform(0.0, 3.0, size=weight_shape)
    for reduction in REDUCTIONS:
        check_against_torch(
            binary_cross_entropy, binary_cross_entropy_grad, F.binary_cross_entropy, p_hat, y, reduction,
            weight=weight, torch_kwargs={"weight": torch.as_tensor(weight)},
        )


@pytest.mark.parametrize("fn", [binary_cross_entropy, binary_cross_entropy_grad], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    ("weight", "message"),
    [
        (np.ones(4), r"\(4,\).*\(4, 3\)"),  # torch도 거부한다
        (np.ones((2, 4, 3)), r"\(2, 4, 3\).*\(4, 3\)"),  # input보다 커지는 브로드캐스트 (torch도 거부)
        (np.array([1.0, -2.0, 1.0]), r"음수.*-2\.0"),
        ("none", r"reduction은 키워드"),  # 옛 호출 binary_cross_entropy(p, y, "none")
    ],
)
def test_binary_cross_entropy_bad_weight_raises(fn, weight, message):
    with pytest.raises(ValueError, match=message):
        fn(np.full((4, 3), 0.5), np.ones((4, 3)), weight=weight)


def test_binary_cross_entropy_clamp_values():
    # 확신한 오답은 100, 확신한 정답은 0 — torch 값과는 위의 테스트가 대조한다
    p_hat, y = np.array([0.0, 1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0, 1.0])
    assert binary_cross_entropy(p_hat, y, reduction="none").tolist() == [100.0, 100.0, 0.0, 0.0]


# --- Hinge ------------------------------------------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", SHAPES)
def test_hinge_matches_torch(shape, reduction):
    rng = np.random.default_rng(7)
    score = 1.5 * rng.normal(size=shape)
    y = rng.choice([-1.0, 1.0], size=shape)
    score.flat[::2] = y.flat[::2]  # y·ŷ = 1: 마진이 정확히 1
    assert np.any(y * score == 1.0)
    check_against_torch(hinge_loss, hinge_loss_grad, torch_hinge, score, y, reduction)


@pytest.mark.parametrize("lam", [0.0, 0.1, 1.0])
def test_svm_objective_value_and_gradient_match_torch(lam):
    # (λ/2)‖w‖² + mean max(0, 1 - y(Xw + b)): ∂/∂w = λw + Xᵀg, ∂/∂b = Σ g, g = hinge_loss_grad
    rng = np.random.default_rng(13)
    X, y = rng.normal(size=(9, 3)), rng.choice([-1.0, 1.0], size=9)
    w, b = rng.normal(size=3), 0.2
    w_t = torch.from_numpy(w.copy()).requires_grad_()
    b_t = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    objective = lam / 2 * (w_t @ w_t) + torch_hinge(torch.from_numpy(X) @ w_t + b_t, torch.from_numpy(y), "mean")
    objective.backward()
    score = X @ w + b
    g = hinge_loss_grad(score, y)
    assert np.any(g != 0) and np.any(g == 0)  # 마진 안쪽과 바깥쪽 샘플이 모두 있다
    assert_matches(lam / 2 * w @ w + hinge_loss(score, y), objective)
    assert_matches(lam * w + X.T @ g, w_t.grad)
    assert_matches(g.sum(), b_t.grad)


# --- 수치 미분: 매끄러운 곳에서 기울기 -------------------------------------


def central_difference(loss, x, h=1e-6):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (loss(x + step) - loss(x - step)) / (2 * h)
    return grad


@pytest.mark.parametrize(
    ("loss", "grad", "make_target"),
    [
        (mse_loss, mse_loss_grad, lambda rng, x: rng.normal(size=x.shape)),
        (huber_loss, huber_loss_grad, lambda rng, x: x + rng.choice([-1, 1], size=x.shape) * rng.uniform(0.1, 3, size=x.shape)),
        (cross_entropy, cross_entropy_grad, lambda rng, x: rng.integers(0, x.shape[1], size=x.shape[0])),
    ],
)
def test_gradients_match_central_differences(loss, grad, make_target):
    rng = np.random.default_rng(8)
    x = rng.normal(size=(4, 3))
    target = make_target(rng, x)
    numeric = central_difference(lambda z: loss(z, target), x)
    np.testing.assert_allclose(grad(x, target), numeric, rtol=1e-6, atol=1e-9)


# --- 잘못된 입력 ------------------------------------------------------------

ELEMENTWISE = [
    mse_loss, mse_loss_grad, l1_loss, l1_loss_grad, huber_loss, huber_loss_grad,
    binary_cross_entropy, binary_cross_entropy_grad, hinge_loss, hinge_loss_grad,
]
ALL_FUNCTIONS = ELEMENTWISE + [cross_entropy, cross_entropy_grad]


def both_shapes(a, b):
    return re.escape(str(a)) + ".*" + re.escape(str(b))


@pytest.mark.parametrize(("input_shape", "target_shape"), [((3,), (3, 1)), ((2, 3), (3,)), ((4,), (5,))])
@pytest.mark.parametrize("fn", ELEMENTWISE, ids=lambda f: f.__name__)
def test_mismatched_shapes_raise(fn, input_shape, target_shape):
    with pytest.raises(ValueError, match=both_shapes(input_shape, target_shape)):
        fn(np.full(input_shape, 0.5), np.ones(target_shape))


@pytest.mark.parametrize("reduction", ["avg", "Mean", None, "elementwise_mean"])
@pytest.mark.parametrize("fn", ALL_FUNCTIONS, ids=lambda f: f.__name__)
def test_bad_reduction_raises(fn, reduction):
    if fn in (cross_entropy, cross_entropy_grad):
        args = (np.zeros((2, 3)), np.array([0, 2]))
    else:
        args = (np.full(3, 0.5), np.ones(3))
    with pytest.raises(ValueError, match=re.escape(repr(reduction))):
        fn(*args, reduction=reduction)


@pytest.mark.parametrize("delta", [0.0, -1.0, float("nan")])
@pytest.mark.parametrize("fn", [huber_loss, huber_loss_grad], ids=lambda f: f.__name__)
def test_nonpositive_delta_raises(fn, delta):
    with pytest.raises(ValueError, match=r"delta.*" + re.escape(str(delta))):
        fn(np.zeros(3), np.ones(3), delta=delta)


@pytest.mark.parametrize("fn", [cross_entropy, cross_entropy_grad], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    ("logits", "target", "kwargs", "message"),
    [
        (np.zeros(3), np.array([0]), {}, r"\(3,\).*\(1,\)"),  # 한 샘플의 로짓에 target (1,)
        (np.zeros(()), np.array(0), {}, r"\(\)"),  # 스칼라 로짓
        (np.zeros((2, 3, 4)), np.array([0, 1]), {}, r"\(2, 3, 4\).*\(2, 4\).*\(2,\)"),  # 화소마다의 번호가 없다
        (np.zeros((2, 3)), np.array([[0], [1]]), {}, r"\(2, 1\)"),  # 2차원 target
        (np.zeros((2, 3)), np.array([0, 1, 2]), {}, r"\(2, 3\).*\(3,\)"),  # N이 다름
        (np.zeros((2, 3)), np.array([True, False]), {}, "bool"),  # 정수도 실수도 아닌 target
        (np.zeros((2, 3)), np.array([0.0, 1.0]), {}, r"\(2,\).*\(2, 3\)"),  # 실수 target은 확률 정답: 모양이 다름
        (np.zeros((2, 3)), np.array([0, 3]), {}, r"3.*C = 3"),  # 범위 밖
        (np.zeros((2, 3)), np.array([-1, 0]), {}, r"-1.*C = 3"),
        (np.zeros((2, 3)), np.array([-100, 0]), {"ignore_index": -1}, r"-100.*C = 3"),  # 무시하지 않는 -100은 범위 밖
        (np.zeros((2, 3)), np.array([[0.5, 0.6, 0.0], [0.0, 0.0, 1.0]]), {}, r"합이 1\.1"),  # 분포가 아닌 행
        (np.zeros((2, 3)), np.array([[1.5, -0.5, 0.0], [0.0, 0.0, 1.0]]), {}, r"음수.*-0\.5"),
        (np.zeros((2, 3)), np.array([[np.nan, 0.5, 0.5], [0.0, 0.0, 1.0]]), {}, r"nan"),
        (np.zeros((2, 3)), np.eye(3)[:2], {"ignore_index": 0}, r"ignore_index = 0"),  # 확률 정답에는 뜻이 없다
        (np.zeros((2, 3)), np.array([0, 1]), {"label_smoothing": 1.5}, r"label_smoothing.*1\.5"),
        (np.zeros((2, 3)), np.array([0, 1]), {"label_smoothing": -0.1}, r"label_smoothing.*-0\.1"),  # torch는 조용히 받는다
        (np.zeros((2, 3)), np.array([0, 1]), {"label_smoothing": float("nan")}, r"label_smoothing.*nan"),
        (np.zeros((2, 3)), np.array([0, 1]), {"weight": np.ones(4)}, r"\(3,\).*\(4,\)"),  # 클래스 수와 다른 weight
        (np.zeros((2, 3)), np.array([0, 1]), {"weight": np.ones((1, 3))}, r"\(3,\).*\(1, 3\)"),
        (np.zeros((2, 3)), np.array([0, 1]), {"weight": np.array([1.0, -1.0, 1.0])}, r"음수.*-1\.0"),  # torch는 받는다
        (np.zeros((2, 3)), np.array([0, 1]), {"weight": "sum"}, r"reduction은 키워드"),  # 옛 호출 cross_entropy(x, t, "sum")
    ],
)
def test_cross_entropy_bad_input_raises(fn, logits, target, kwargs, message):
    with pytest.raises(ValueError, match=message):
        fn(logits, target, **kwargs)


@pytest.mark.parametrize("fn", [binary_cross_entropy, binary_cross_entropy_grad], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    ("p_hat", "y", "message"),
    [
        ([0.5, 1.5], [0.0, 1.0], r"input.*1\.5"),
        ([-0.1, 0.5], [0.0, 1.0], r"input.*-0\.1"),
        ([0.5, float("nan")], [0.0, 1.0], r"input.*nan"),
        ([0.5, 0.5], [0.0, 2.0], r"target.*2\.0"),
        ([0.5, 0.5], [-1.0, 1.0], r"target.*-1\.0"),
    ],
)
def test_binary_cross_entropy_bad_input_raises(fn, p_hat, y, message):
    with pytest.raises(ValueError, match=message):
        fn(np.array(p_hat), np.array(y))


@pytest.mark.parametrize("bad", [0.0, 2.0, 0.5])
@pytest.mark.parametrize("fn", [hinge_loss, hinge_loss_grad], ids=lambda f: f.__name__)
def test_hinge_targets_must_be_signs(fn, bad):
    with pytest.raises(ValueError, match=re.escape(str(bad))):
        fn(np.array([0.3, -0.2, 1.0]), np.array([1.0, bad, -1.0]))


# --- 입력을 바꾸지 않는다 ---------------------------------------------------


def frozen(a):
    a = np.array(a)
    a.setflags(write=False)  # 제자리 수정이 있으면 오류가 난다
    return a


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("fn", ALL_FUNCTIONS, ids=lambda f: f.__name__)
def test_inputs_are_not_modified(fn, reduction):
    rng = np.random.default_rng(9)
    if fn in (cross_entropy, cross_entropy_grad):
        input, target = rng.normal(size=(4, 3)), rng.integers(0, 3, size=4)
    elif fn in (hinge_loss, hinge_loss_grad):
        input, target = rng.normal(size=(4, 3)), rng.choice([-1.0, 1.0], size=(4, 3))
    else:
        input, target = rng.uniform(size=(4, 3)), rng.uniform(size=(4, 3))
    kwargs = {}
    if fn in (cross_entropy, cross_entropy_grad) and reduction == "sum":  # 확률 정답, 가중치, 스무딩으로도
        target, kwargs = rng.dirichlet(np.ones(3), size=4), {"weight": frozen([1.0, 2.0, 3.0]), "label_smoothing": 0.1}
    elif fn in (binary_cross_entropy, binary_cross_entropy_grad):
        kwargs = {"weight": frozen(rng.uniform(size=3))}
    input_before, target_before = input.copy(), target.copy()
    result = fn(frozen(input), frozen(target), reduction=reduction, **kwargs)
    fn(input, target, reduction=reduction, **kwargs)
    np.testing.assert_array_equal(input, input_before)
    np.testing.assert_array_equal(target, target_before)
    assert not np.shares_memory(result, input)


# --- torch 기본값을 그대로 따른다 -------------------------------------------


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (mse_loss, F.mse_loss),
        (l1_loss, F.l1_loss),
        (huber_loss, F.huber_loss),
        (cross_entropy, F.cross_entropy),
        (binary_cross_entropy, F.binary_cross_entropy),
    ],
    ids=lambda f: f.__name__,
)
def test_defaults_follow_torch(ours, theirs):
    assert_defaults_follow_torch(ours, theirs)


def test_pinned_torch_defaults():
    # 이 페이지가 따르는 torch 기본값. torch가 바꾸면 여기서 알 수 있다.
    assert signature_defaults(F.huber_loss)["delta"] == 1.0
    for fn in (F.mse_loss, F.l1_loss, F.huber_loss, F.cross_entropy, F.binary_cross_entropy):
        assert signature_defaults(fn)["reduction"] == "mean"
    # cross_entropy의 나머지 기본값 (이 구현도 같은 값을 쓴다: test_defaults_follow_torch)
    assert signature_defaults(F.cross_entropy)["ignore_index"] == -100
    assert signature_defaults(F.cross_entropy)["label_smoothing"] == 0.0
    assert signature_defaults(F.cross_entropy)["weight"] is None


@pytest.mark.parametrize(
    "fn",
    [mse_loss_grad, l1_loss_grad, huber_loss_grad, cross_entropy_grad, binary_cross_entropy_grad, hinge_loss_grad],
    ids=lambda f: f.__name__,
)
def test_gradient_has_same_signature_as_loss(fn):
    loss = getattr(losses, fn.__name__.removesuffix("_grad"))
    assert inspect.signature(fn) == inspect.signature(loss)
