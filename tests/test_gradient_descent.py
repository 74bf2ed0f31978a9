"""경사하강법(dlbasics.gradient_descent)을 PyTorch와 float64로 대조한다.

학습 궤적은 같은 데이터, 같은 초기값, 같은 배치(넘파이로 한 번 만든 인덱스)를 torch.optim.SGD에
넣어 갱신마다 비교한다. 미니배치 기울기의 평균과 분산은 모든 배치를 열거해 정확히 확인한다.
"""

import inspect
import itertools
import math
import re

import functools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlbasics.gradient_descent import (
    linear_regression_hessian,
    linear_regression_loss,
    lr_sweep,
    max_stable_lr,
    minibatch_grad_variance,
    minibatches,
    per_sample_grads,
    sgd_step,
    train,
)
import helpers
from helpers import signature_defaults

RTOL, ATOL = 1e-9, 1e-12


assert_matches = functools.partial(helpers.assert_matches, rtol=RTOL, atol=ATOL)


def make_data(n, d, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + 0.5 + 0.3 * rng.normal(size=n)
    return X, y, [0.1 * rng.normal(size=d), np.array(0.2)]


def torch_full_grad(params, X, y):
    """torch autograd로 구한 전체 데이터 MSE의 기울기 [∂L/∂w, ∂L/∂b]."""
    w, b = (torch.from_numpy(np.array(p)).requires_grad_() for p in params)
    F.mse_loss(torch.from_numpy(X) @ w + b, torch.from_numpy(y)).backward()
    return [w.grad, b.grad]


def torch_train(params, X, y, lr, batches):
    """같은 배치 순서로 torch.optim.SGD를 돌린다: zero_grad → backward → step."""
    w, b = (torch.from_numpy(np.array(p)).requires_grad_() for p in params)
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)
    optimizer = torch.optim.SGD([w, b], lr=lr)
    trajectory, losses = [[w.detach().clone(), b.detach().clone()]], [F.mse_loss(X_t @ w + b, y_t).detach()]
    for idx in batches:
        idx = torch.from_numpy(idx)
        optimizer.zero_grad()
        F.mse_loss(X_t[idx] @ w + b, y_t[idx]).backward()
        optimizer.step()
        trajectory.append([w.detach().clone(), b.detach().clone()])
        losses.append(F.mse_loss(X_t @ w + b, y_t).detach())
    return trajectory, torch.stack(losses)


# --- 갱신 규칙 ---------------------------------------------------------------


@pytest.mark.parametrize("lr", [1e-3, 0.1, 1.7])
@pytest.mark.parametrize("shapes", [[(3,)], [(2, 3), ()], [(4,), (2, 2, 2), (1,)]])
def test_sgd_step_matches_torch(shapes, lr):
    rng = np.random.default_rng(0)
    params = [rng.normal(size=s) for s in shapes]
    grads = [rng.normal(size=s) for s in shapes]
    tensors = [torch.from_numpy(p.copy()).requires_grad_() for p in params]
    for t, g in zip(tensors, grads):
        t.grad = torch.from_numpy(g)
    torch.optim.SGD(tensors, lr=lr).step()
    for ours, theirs in zip(sgd_step(params, grads, lr), tensors):
        assert_matches(ours, theirs)


def test_sgd_step_does_not_modify_inputs():
    params, grads = [np.ones(3), np.array(2.0)], [np.full(3, 0.5), np.array(1.0)]
    for a in params + grads:
        a.setflags(write=False)  # 제자리 수정이 있으면 오류가 난다
    new = sgd_step(params, grads, 0.1)
    assert params[0].tolist() == [1.0, 1.0, 1.0] and params[1] == 2.0
    assert not any(np.shares_memory(n, p) for n, p in zip(new, params))


@pytest.mark.parametrize(("curvature", "lr", "converges"), [(4.0, 0.1, True), (4.0, 0.49, True), (4.0, 0.51, False), (1.0, 2.5, False)])
def test_quadratic_converges_iff_lr_below_two_over_curvature(curvature, lr, converges):
    # L(θ) = (a/2)θ²,  θ ← (1 - ηa)θ: |1 - ηa| < 1 ⇔ 0 < η < 2/a
    theta, ours = [np.array(1.0)], [1.0]
    theta_t = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([theta_t], lr=lr)
    theirs = [theta_t.item()]
    for _ in range(200):
        theta = sgd_step(theta, [curvature * theta[0]], lr)
        ours.append(float(theta[0]))
        optimizer.zero_grad()
        (curvature / 2 * theta_t**2).backward()
        optimizer.step()
        theirs.append(theta_t.item())
    theirs = torch.tensor(theirs, dtype=torch.float64)
    assert_matches(ours, theirs)
    assert_matches((1 - lr * curvature) ** np.arange(201), theirs)  # θ_t = (1 - ηa)^t θ_0
    assert (abs(ours[-1]) < 1e-3) == converges
    assert all(t > 0 for t in ours) == (lr < 1 / curvature)  # η < 1/a이면 부호가 바뀌지 않는다


# --- 선형 회귀 ---------------------------------------------------------------


@pytest.mark.parametrize(("n", "d"), [(1, 1), (5, 1), (8, 3), (30, 4)])
def test_linear_regression_loss_and_grads_match_autograd(n, d):
    X, y, params = make_data(n, d, seed=1)
    w, b = (torch.from_numpy(p.copy()).requires_grad_() for p in params)
    loss = F.mse_loss(torch.from_numpy(X) @ w + b, torch.from_numpy(y))
    loss.backward()
    ours_loss, (grad_w, grad_b) = linear_regression_loss(params, X, y)
    assert_matches(ours_loss, loss)
    assert_matches(grad_w, w.grad)
    assert_matches(grad_b, b.grad)
    assert grad_w.shape == (d,) and np.shape(grad_b) == ()


# --- 학습률의 상한: 헤세 행렬과 2/λ_max ----------------------------------------


def torch_hessian(X, y, theta):
    """torch autograd로 구한 MSE의 헤세 행렬 (파라미터 θ = [w, b]를 한 벡터로)."""
    d = X.shape[1]
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)
    return torch.autograd.functional.hessian(lambda t: F.mse_loss(X_t @ t[:d] + t[d], y_t), torch.from_numpy(theta))


@pytest.mark.parametrize(("n", "d"), [(1, 1), (5, 1), (8, 3), (30, 4)])
def test_linear_regression_hessian_and_max_stable_lr_match_torch(n, d):
    X, y, params = make_data(n, d, seed=18)
    for theta in (np.concatenate([params[0], [params[1]]]), np.random.default_rng(19).normal(size=d + 1)):
        H_t = torch_hessian(X, y, theta)  # 이차 함수라 어느 θ에서나 같다
        assert_matches(linear_regression_hessian(X), H_t)
    assert_matches(max_stable_lr(X), 2 / torch.linalg.eigvalsh(H_t)[-1])


@pytest.mark.parametrize(("fraction", "converges"), [(0.5, True), (0.95, True), (1.05, False), (1.5, False)])
def test_full_batch_converges_iff_lr_below_two_over_lambda_max(fraction, converges):
    # θ_t - θ* = (I - ηH)^t (θ_0 - θ*): 모든 고윳값에서 |1 - ηλ_i| < 1 ⇔ η < 2/λ_max
    X, y, params = make_data(12, 3, seed=20)
    lr, steps = fraction * max_stable_lr(X), 200
    w = torch.from_numpy(params[0].copy()).requires_grad_()
    b = torch.from_numpy(params[1].copy()).requires_grad_()
    optimizer = torch.optim.SGD([w, b], lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        F.mse_loss(torch.from_numpy(X) @ w + b, torch.from_numpy(y)).backward()
        optimizer.step()
    A = np.column_stack([X, np.ones(len(X))])
    theta_star = np.linalg.lstsq(A, y, rcond=None)[0]
    error0 = np.concatenate([params[0], [params[1]]]) - theta_star
    H = linear_regression_hessian(X)
    predicted = np.linalg.matrix_power(np.eye(4) - lr * H, steps) @ error0
    error_t = torch.cat([w.detach(), b.detach().reshape(1)]) - torch.from_numpy(theta_star)
    assert_matches(predicted, error_t)
    shrinks = np.linalg.norm(predicted) < 1e-3 * np.linalg.norm(error0)
    assert shrinks == converges


def test_lr_sweep_rows_are_train_runs_with_the_same_batches():
    X, y, params = make_data(10, 2, seed=21)
    lrs = [0.01, 0.1, 0.3]
    curves = lr_sweep(params, X, y, lrs, 3, 2, seed=5)
    assert curves.shape == (3, 2 * math.ceil(10 / 3) + 1)
    batch_orders = []
    for row, lr in zip(curves, lrs):
        _, losses, batches = train(params, X, y, lr, 3, 2, np.random.default_rng(5))
        np.testing.assert_array_equal(row, losses)
        batch_orders.append(np.concatenate(batches))
    for order in batch_orders[1:]:  # 학습률마다 같은 배치 순서
        np.testing.assert_array_equal(order, batch_orders[0])
    _, torch_losses = torch_train(params, X, y, lrs[1], [idx for idx in train(params, X, y, lrs[1], 3, 2, np.random.default_rng(5))[2]])
    assert_matches(curves[1], torch_losses)


@pytest.mark.parametrize("shape", [(3,), (0, 2), (2, 2, 2)])
def test_bad_hessian_input_raises(shape):
    with pytest.raises(ValueError, match=re.escape(str(shape))):
        linear_regression_hessian(np.ones(shape))


# --- 미니배치 ----------------------------------------------------------------


@pytest.mark.parametrize(("n", "batch_size"), [(1, 1), (10, 1), (10, 3), (10, 5), (10, 10), (7, 6)])
def test_minibatches_partition_one_epoch(n, batch_size):
    batches = minibatches(n, batch_size, np.random.default_rng(2))
    assert len(batches) == math.ceil(n / batch_size)
    assert sorted(np.concatenate(batches).tolist()) == list(range(n))  # 한 에폭에 모든 샘플을 정확히 한 번
    sizes = [len(idx) for idx in batches]
    assert all(size == batch_size for size in sizes[:-1])
    assert sizes[-1] == (n % batch_size or batch_size)  # 마지막 배치만 작을 수 있다


def test_minibatches_are_reshuffled_every_epoch_and_reproducible():
    rng = np.random.default_rng(3)
    epochs = [np.concatenate(minibatches(20, 4, rng)) for _ in range(5)]
    assert len({tuple(order) for order in epochs}) == 5  # 에폭마다 다른 순서
    rng_again = np.random.default_rng(3)
    for order in epochs:  # 같은 시드면 같은 배치
        np.testing.assert_array_equal(np.concatenate(minibatches(20, 4, rng_again)), order)


@pytest.mark.parametrize(("n", "batch_size"), [(20, 6), (10, 5), (7, 1), (7, 7)])
def test_minibatches_split_like_torch_dataloader(n, batch_size):
    # 섞는 순서는 torch의 난수라 같을 수 없다: 배치 크기, 한 에폭의 덮기, drop_last를 비교한다
    loader = torch.utils.data.DataLoader(range(n), batch_size=batch_size, shuffle=True, generator=torch.Generator().manual_seed(0))
    torch_batches = [b.tolist() for b in loader]
    ours = minibatches(n, batch_size, np.random.default_rng(0))
    assert [len(b) for b in torch_batches] == [len(idx) for idx in ours]
    assert sorted(sum(torch_batches, [])) == list(range(n))
    dropped = torch.utils.data.DataLoader(range(n), batch_size=batch_size, shuffle=True, drop_last=True)
    assert [len(b) for b in dropped] == [batch_size] * (n // batch_size)


@pytest.mark.parametrize("batch_size", [1, 2, 3, 4, 6, 12])
def test_partition_mean_of_batch_grads_is_full_grad(batch_size):
    X, y, params = make_data(12, 3, seed=4)
    batches = minibatches(12, batch_size, np.random.default_rng(5))  # 크기가 모두 같다 (12 = m·k)
    batch_grads = [linear_regression_loss(params, X[idx], y[idx])[1] for idx in batches]
    for j, full in enumerate(torch_full_grad(params, X, y)):
        assert_matches(np.mean([g[j] for g in batch_grads], axis=0), full)


@pytest.mark.parametrize(("n", "batch_size"), [(10, 3), (10, 4), (7, 6)])
def test_unequal_batches_need_weights(n, batch_size):
    X, y, params = make_data(n, 2, seed=6)
    batches = minibatches(n, batch_size, np.random.default_rng(7))
    batch_grads = [linear_regression_loss(params, X[idx], y[idx])[1] for idx in batches]
    weights = np.array([len(idx) for idx in batches]) / n  # |B_j| / n
    full = torch_full_grad(params, X, y)
    for j in range(2):
        assert_matches(sum(wt * g[j] for wt, g in zip(weights, batch_grads)), full[j])
    plain_mean = np.mean([g[0] for g in batch_grads], axis=0)
    assert not np.allclose(plain_mean, full[0].numpy(), rtol=1e-6)  # 단순 평균은 다르다


@pytest.mark.parametrize("batch_size", [1, 2, 3, 5, 7])
def test_minibatch_grad_is_unbiased_and_variance_matches_formula(batch_size):
    # 크기 k 부분집합을 모두 열거하면 기댓값과 분산이 정확히 나온다 (통계 오차 없음)
    n = 7
    X, y, params = make_data(n, 2, seed=8)
    all_batches = [np.array(c) for c in itertools.combinations(range(n), batch_size)]
    grads = np.stack([np.concatenate([np.ravel(g) for g in linear_regression_loss(params, X[idx], y[idx])[1]]) for idx in all_batches])
    full = torch.cat([g.reshape(-1) for g in torch_full_grad(params, X, y)])
    assert_matches(grads.mean(axis=0), full)  # E[g_B] = ∇L
    total_variance = ((grads - grads.mean(axis=0)) ** 2).sum(axis=1).mean()
    np.testing.assert_allclose(minibatch_grad_variance(per_sample_grads(params, X, y), batch_size), total_variance, rtol=1e-10, atol=1e-14)


def test_per_sample_grads_match_autograd():
    X, y, params = make_data(6, 3, seed=9)
    w, b = (torch.from_numpy(p.copy()).requires_grad_() for p in params)
    rows = []
    for i in range(6):  # ℓ_i = (ŷ_i - y_i)²
        grad_w, grad_b = torch.autograd.grad((torch.from_numpy(X[i]) @ w + b - y[i]) ** 2, [w, b])
        rows.append(torch.cat([grad_w, grad_b.reshape(1)]))
    assert_matches(per_sample_grads(params, X, y), torch.stack(rows))


def test_variance_is_zero_for_full_batch_and_largest_for_single_samples():
    X, y, params = make_data(9, 2, seed=10)
    g = per_sample_grads(params, X, y)
    variances = [minibatch_grad_variance(g, k) for k in range(1, 10)]
    assert variances[-1] == 0.0
    assert all(a > b for a, b in zip(variances, variances[1:]))


# --- 학습 궤적: 세 방식 모두 torch.optim.SGD와 갱신마다 같다 ------------------


@pytest.mark.parametrize(("n", "d", "batch_size", "lr"), [(16, 3, 16, 0.2), (16, 3, 1, 0.05), (16, 3, 4, 0.1), (15, 2, 4, 0.1), (9, 1, 2, 0.3)])
def test_train_matches_torch_sgd_step_by_step(n, d, batch_size, lr):
    X, y, params = make_data(n, d, seed=11)
    epochs = 3
    trajectory, losses, batches = train(params, X, y, lr, batch_size, epochs, np.random.default_rng(12))
    assert len(batches) == epochs * math.ceil(n / batch_size)
    assert len(trajectory) == len(losses) == len(batches) + 1
    # 배치는 같은 시드로 넘파이에서 한 번 만든 것과 같다
    rng = np.random.default_rng(12)
    expected = [idx for _ in range(epochs) for idx in minibatches(n, batch_size, rng)]
    for ours, theirs in zip(batches, expected, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    torch_trajectory, torch_losses = torch_train(params, X, y, lr, expected)
    for ours, theirs in zip(trajectory, torch_trajectory, strict=True):
        assert_matches(ours[0], theirs[0])
        assert_matches(ours[1], theirs[1])
    assert_matches(losses, torch_losses)


def test_full_batch_is_deterministic_and_decreases_loss():
    X, y, params = make_data(12, 2, seed=13)
    a = train(params, X, y, 0.1, 12, 20, np.random.default_rng(0))[1]
    b = train(params, X, y, 0.1, 12, 20, np.random.default_rng(99))[1]
    np.testing.assert_array_equal(a, b)  # 섞는 순서가 달라도 배치는 전체 그대로
    assert np.all(np.diff(a) < 0)  # 작은 학습률의 전체 배치는 매번 손실이 준다


def test_train_does_not_modify_inputs():
    X, y, params = make_data(8, 2, seed=14)
    before = [X.copy(), y.copy()] + [p.copy() for p in params]
    for a in [X, y] + params:
        a.setflags(write=False)
    trajectory, _, _ = train(params, X, y, 0.1, 3, 2, np.random.default_rng(0))
    for a, b in zip([X, y] + params, before):
        np.testing.assert_array_equal(a, b)
    assert not any(np.shares_memory(trajectory[-1][j], params[j]) for j in range(2))


# --- 잘못된 입력 ------------------------------------------------------------


@pytest.mark.parametrize("batch_size", [0, -1, 9, 2.5, 3.0])
def test_bad_batch_size_raises(batch_size):
    with pytest.raises(ValueError, match=rf"batch_size={re.escape(str(batch_size))}.*n_samples=8"):
        minibatches(8, batch_size, np.random.default_rng(0))
    X, y, params = make_data(8, 2, seed=15)
    with pytest.raises(ValueError, match=rf"batch_size={re.escape(str(batch_size))}"):
        train(params, X, y, 0.1, batch_size, 1, np.random.default_rng(0))


@pytest.mark.parametrize("lr", [0.0, -0.1, float("nan")])
def test_bad_lr_raises(lr):
    X, y, params = make_data(8, 2, seed=16)
    with pytest.raises(ValueError, match=rf"lr={lr}"):
        sgd_step(params, params, lr)
    with pytest.raises(ValueError, match=rf"lr={lr}"):
        train(params, X, y, lr, 2, 1, np.random.default_rng(0))


@pytest.mark.parametrize("epochs", [-1, 1.5])
def test_bad_epochs_raises(epochs):
    X, y, params = make_data(8, 2, seed=17)
    with pytest.raises(ValueError, match=rf"epochs={epochs}"):
        train(params, X, y, 0.1, 2, epochs, np.random.default_rng(0))


@pytest.mark.parametrize(
    ("X_shape", "w_shape", "b_shape", "y_shape"),
    [
        ((8, 2), (3,), (), (8,)),  # d가 다름
        ((8, 2), (2,), (), (7,)),  # n이 다름
        ((8, 2), (2,), (), (8, 1)),  # y가 열벡터
        ((8,), (1,), (), (8,)),  # X가 1차원
        ((8, 2), (2, 1), (), (8,)),  # w가 열벡터
        ((8, 2), (2,), (1,), (8,)),  # b가 스칼라가 아님
    ],
)
def test_mismatched_shapes_raise(X_shape, w_shape, b_shape, y_shape):
    X, y, params = np.ones(X_shape), np.ones(y_shape), [np.ones(w_shape), np.ones(b_shape)]
    message = ".*".join(re.escape(str(s)) for s in (X_shape, w_shape, b_shape, y_shape))
    with pytest.raises(ValueError, match=message):
        linear_regression_loss(params, X, y)
    with pytest.raises(ValueError, match=message):
        train(params, X, y, 0.1, 1, 1, np.random.default_rng(0))


@pytest.mark.parametrize(
    ("params", "grads", "message"),
    [
        ([np.zeros(3)], [np.zeros((3, 1))], r"params\[0\].*\(3,\).*grads\[0\].*\(3, 1\)"),
        ([np.zeros(3), np.zeros(())], [np.zeros(3), np.zeros(1)], r"params\[1\].*\(\).*grads\[1\].*\(1,\)"),
        ([np.zeros(3), np.zeros(())], [np.zeros(3)], r"params 2개.*grads 1개"),
        (np.zeros(3), np.zeros(3), r"params.*ndarray"),  # 배열 하나가 아니라 리스트
    ],
)
def test_sgd_step_bad_grads_raise(params, grads, message):
    with pytest.raises(ValueError, match=message):
        sgd_step(params, grads, 0.1)


# --- torch 기본값 -------------------------------------------------------------


def test_pinned_torch_sgd_defaults():
    # torch 2.x의 SGD는 lr에도 기본값(0.001)이 있다. 이 라이브러리는 lr을 늘 직접 받는다.
    defaults = signature_defaults(torch.optim.SGD)
    assert defaults["lr"] == 1e-3
    assert defaults["momentum"] == 0 and defaults["dampening"] == 0
    assert defaults["weight_decay"] == 0 and defaults["nesterov"] is False
    assert defaults["maximize"] is False
    assert inspect.signature(sgd_step).parameters["lr"].default is inspect.Parameter.empty
