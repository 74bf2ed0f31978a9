"""데이터 나누기, 층, 활성화 함수(dlbasics.activations)를 PyTorch와 대조한다.

나누기는 torch.utils.data.random_split과 묶음 크기·샘플 번호가 정확히 같은지, 층과 활성화 함수는
float64로 값, 기울기, x = 0의 규약, 극단값, 잘못된 입력을 본다.
"""

import inspect
import re
import warnings

import functools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlbasics import activations
from dlbasics.activations import (
    elu,
    elu_grad,
    leaky_relu,
    leaky_relu_grad,
    linear,
    maxout,
    maxout_grad,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    split_indices,
    split_sizes,
    tanh,
    tanh_grad,
)
from torch.utils.data import random_split

import helpers
from helpers import assert_defaults_follow_torch, signature_defaults

RTOL, ATOL = 1e-12, 1e-14  # 계산 순서 차이(몇 ulp)만 허용한다
SHAPES = [(), (1,), (7,), (4, 3), (2, 3, 5)]

# (우리 함수, 도함수, torch 기준, 인자) — 인자는 두 쪽에 똑같이 넘긴다
ELEMENTWISE = [
    pytest.param(sigmoid, sigmoid_grad, torch.sigmoid, {}, id="sigmoid"),
    pytest.param(tanh, tanh_grad, torch.tanh, {}, id="tanh"),
    pytest.param(relu, relu_grad, F.relu, {}, id="relu"),
    pytest.param(leaky_relu, leaky_relu_grad, F.leaky_relu, {}, id="leaky_relu-default"),
    pytest.param(leaky_relu, leaky_relu_grad, F.leaky_relu, {"negative_slope": 0.1}, id="leaky_relu-0.1"),
    pytest.param(leaky_relu, leaky_relu_grad, F.leaky_relu, {"negative_slope": 0.3}, id="leaky_relu-0.3"),
    pytest.param(elu, elu_grad, F.elu, {}, id="elu-default"),
    pytest.param(elu, elu_grad, F.elu, {"alpha": 0.5}, id="elu-0.5"),
    pytest.param(elu, elu_grad, F.elu, {"alpha": 2.0}, id="elu-2"),
]


assert_matches = functools.partial(helpers.assert_matches, rtol=RTOL, atol=ATOL)


def torch_value_and_grad(fn, x, **kwargs):
    """torch 값과 autograd 기울기. 원소별 함수이므로 합의 기울기가 곧 도함수 φ'(x)다."""
    t = torch.from_numpy(x.copy()).requires_grad_()
    value = fn(t, **kwargs)
    value.sum().backward()
    return value.detach(), t.grad


def check_against_torch(ours, ours_grad, theirs, x, **kwargs):
    value, grad = torch_value_and_grad(theirs, x, **kwargs)
    assert_matches(ours(x, **kwargs), value)
    assert_matches(ours_grad(x, **kwargs), grad)
    assert ours(x, **kwargs).shape == x.shape and ours_grad(x, **kwargs).shape == x.shape


# --- 데이터 나누기 ----------------------------------------------------------

FRACTIONS = [(0.6, 0.2, 0.2), (0.8, 0.1, 0.1), (0.7, 0.3), (0.5, 0.5), (1.0,), (0.25, 0.25, 0.25, 0.25), (0.1, 0.2, 0.7)]


def torch_split(n, fractions, seed):
    """torch의 random_split이 고른 샘플 번호들. 빈 묶음이 생기면 torch가 경고하므로 그 경고만 끈다."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Length of split at index", category=UserWarning)
        subsets = random_split(range(n), fractions, generator=torch.Generator().manual_seed(seed))
    return [list(subset.indices) for subset in subsets]


@pytest.mark.parametrize("n", [1, 2, 3, 10, 11, 29, 97, 600])
@pytest.mark.parametrize("fractions", FRACTIONS, ids=str)
def test_split_sizes_match_torch_random_split(n, fractions):
    assert split_sizes(n, fractions) == [len(part) for part in torch_split(n, fractions, seed=0)]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(("n", "fractions"), [(10, (0.6, 0.2, 0.2)), (11, (0.6, 0.2, 0.2)), (97, (0.8, 0.1, 0.1)), (600, (0.7, 0.3))])
def test_split_indices_match_torch_random_split(n, fractions, seed):
    # random_split은 torch.randperm(n, generator)로 섞은 뒤 앞에서부터 자른다: 같은 순열을 넘기면 같은 묶음
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed)).numpy()
    ours = [part.tolist() for part in split_indices(order, fractions)]
    assert ours == torch_split(n, fractions, seed)


@pytest.mark.parametrize("fractions", FRACTIONS, ids=str)
def test_split_parts_are_disjoint_and_cover_everything(fractions):
    order = np.random.default_rng(12).permutation(101)
    parts = split_indices(order, fractions)
    assert len(parts) == len(fractions)
    np.testing.assert_array_equal(np.concatenate(parts), order)  # 순서대로 자르기만 한다
    assert sum(len(part) for part in parts) == len(set(np.concatenate(parts).tolist())) == 101


def test_split_gives_the_remainder_to_the_first_parts():
    assert split_sizes(11, (0.6, 0.2, 0.2)) == [7, 2, 2]  # ⌊6.6⌋ + 1, ⌊2.2⌋, ⌊2.2⌋
    assert split_sizes(9, (0.25, 0.25, 0.25, 0.25)) == [3, 2, 2, 2]


@pytest.mark.parametrize(
    ("fractions", "message"),
    [((0.6, 0.2), r"\(0\.6, 0\.2\)"), ((0.6, 0.6, -0.2), r"-0\.2"), ((), r"\(\)"), ((0.5, 0.6), r"0\.5, 0\.6")],
)
def test_split_bad_fractions_raise(fractions, message):
    with pytest.raises(ValueError, match=r"비율.*" + message):
        split_sizes(10, fractions)
    with pytest.raises(ValueError, match=message):
        split_indices(np.arange(10), fractions)


def test_split_order_must_be_one_dimensional():
    with pytest.raises(ValueError, match=r"order.*\(2, 5\)"):
        split_indices(np.zeros((2, 5), dtype=int), (0.5, 0.5))


def test_split_does_not_modify_its_input():
    order = np.random.default_rng(13).permutation(20)
    before = order.copy()
    order.setflags(write=False)
    split_indices(order, (0.6, 0.2, 0.2))
    np.testing.assert_array_equal(order, before)


# --- 원소별 활성화: 값과 도함수 ----------------------------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize(("ours", "ours_grad", "theirs", "kwargs"), ELEMENTWISE)
def test_activation_matches_torch(ours, ours_grad, theirs, kwargs, shape):
    rng = np.random.default_rng(0)
    x = np.array(3.0 * rng.normal(size=shape))  # size=()이면 스칼라가 나오므로 배열로
    x.flat[::3] = 0.0  # 꺾이는 점 x = 0
    check_against_torch(ours, ours_grad, theirs, x, **kwargs)


@pytest.mark.parametrize(("ours", "ours_grad", "theirs", "kwargs"), ELEMENTWISE)
def test_activation_at_special_points_matches_torch(ours, ours_grad, theirs, kwargs):
    # ±0, 0 바로 옆, 포화 영역, 넘칠 수 있는 극단값
    x = np.array([0.0, -0.0, 1e-300, -1e-300, 1e-12, -1e-12, 20.0, -20.0, 40.0, -40.0, 710.0, -710.0, 1000.0, -1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        check_against_torch(ours, ours_grad, theirs, x, **kwargs)
        assert np.all(np.isfinite(ours(x, **kwargs))) and np.all(np.isfinite(ours_grad(x, **kwargs)))


@pytest.mark.parametrize(
    ("ours_grad", "kwargs", "expected"),
    [
        (relu_grad, {}, 0.0),  # ReLU: 0
        (leaky_relu_grad, {}, 0.01),  # Leaky ReLU: negative_slope
        (leaky_relu_grad, {"negative_slope": 0.2}, 0.2),
        (elu_grad, {}, 1.0),  # ELU: alpha
        (elu_grad, {"alpha": 0.5}, 0.5),
    ],
)
def test_derivative_at_zero_convention(ours_grad, kwargs, expected):
    # 규약 자체를 적어 둔다. torch가 같은 값을 준다는 것은 위의 두 테스트가 대조한다.
    assert ours_grad(np.array([0.0, -0.0]), **kwargs).tolist() == [expected, expected]


def test_sigmoid_has_exact_limits_without_overflow():
    x = np.array([-1000.0, -745.0, 745.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = sigmoid(x)
        g = sigmoid_grad(x)
    assert s[0] == 0.0 and s[-1] == 1.0
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(g))
    assert_matches(s, torch.sigmoid(torch.from_numpy(x)))


def test_naive_sigmoid_overflows():
    # 안정한 형태가 왜 필요한지: 식 그대로 계산하면 e^{1000}에서 넘친다
    with np.errstate(over="raise"), pytest.raises(FloatingPointError):
        1.0 / (1.0 + np.exp(-np.array([-1000.0])))


def test_elu_saturates_to_minus_alpha():
    for alpha in (0.5, 1.0, 2.0):
        assert elu(np.array([-1000.0]), alpha=alpha)[0] == -alpha
        assert elu_grad(np.array([-1000.0]), alpha=alpha)[0] == 0.0


def test_identities_between_activations():
    x = np.random.default_rng(1).normal(scale=3.0, size=50)
    np.testing.assert_allclose(tanh(x), 2 * sigmoid(2 * x) - 1, rtol=1e-12, atol=1e-15)  # tanh = 2σ(2x) - 1
    negative = x[x < 0]
    for alpha in (0.5, 1.0, 2.0):  # x ≤ 0: ELU' = ELU + α, torch의 값·기울기로도
        np.testing.assert_allclose(elu_grad(negative, alpha), elu(negative, alpha) + alpha, rtol=1e-12, atol=1e-15)
        value, grad = torch_value_and_grad(F.elu, negative, alpha=alpha)
        assert_matches(grad, value + alpha)
    np.testing.assert_array_equal(leaky_relu(x, negative_slope=0.0), relu(x))


def test_maximum_slopes():
    grid = np.linspace(-10, 10, 20001)  # x = 0 포함
    assert sigmoid_grad(grid).max() == sigmoid_grad(0.0) == 0.25
    assert tanh_grad(grid).max() == tanh_grad(0.0) == 1.0


def central_difference(fn, x, h=1e-6):
    return (fn(x + h) - fn(x - h)) / (2 * h)


@pytest.mark.parametrize(("ours", "ours_grad", "theirs", "kwargs"), ELEMENTWISE)
def test_derivatives_match_central_differences_away_from_zero(ours, ours_grad, theirs, kwargs):
    x = np.random.default_rng(2).normal(scale=2.0, size=40)
    x = x[np.abs(x) > 1e-3]  # 꺾이는 점에서 떨어진 곳
    numeric = central_difference(lambda z: ours(z, **kwargs), x)
    np.testing.assert_allclose(ours_grad(x, **kwargs), numeric, rtol=1e-7, atol=1e-9)


# --- 아핀 변환 --------------------------------------------------------------


@pytest.mark.parametrize(("n", "d_in", "d_out"), [(1, 1, 1), (5, 3, 4), (8, 6, 2)])
def test_linear_matches_torch_linear(n, d_in, d_out):
    torch.manual_seed(0)
    layer = torch.nn.Linear(d_in, d_out, dtype=torch.float64)
    x = np.random.default_rng(3).normal(size=(n, d_in))
    weight, bias = layer.weight.detach().numpy(), layer.bias.detach().numpy()
    assert_matches(linear(x, weight, bias), layer(torch.from_numpy(x)))
    assert_matches(linear(x[0], weight, bias), layer(torch.from_numpy(x[0])))  # 샘플 하나 (d_in,)


def test_stacked_linear_layers_are_one_affine_map():
    torch.manual_seed(1)
    first, second = torch.nn.Linear(4, 5, dtype=torch.float64), torch.nn.Linear(5, 3, dtype=torch.float64)
    w1, b1 = first.weight.detach().numpy(), first.bias.detach().numpy()
    w2, b2 = second.weight.detach().numpy(), second.bias.detach().numpy()
    x = np.random.default_rng(4).normal(size=(6, 4))
    # W2(W1x + b1) + b2 = (W2W1)x + (W2b1 + b2)
    assert_matches(linear(x, w2 @ w1, w2 @ b1 + b2), second(first(torch.from_numpy(x))))


@pytest.mark.parametrize(
    ("x_shape", "w_shape", "b_shape", "message"),
    [
        ((2, 3), (4, 5), (4,), r"\(2, 3\).*\(4, 5\)"),
        ((2, 3), (4, 3, 1), (4,), r"weight.*\(4, 3, 1\)"),
        ((2, 3), (4, 3), (3,), r"bias.*\(3,\).*\(4,\)"),
        ((2, 3), (4, 3), (4, 1), r"bias.*\(4, 1\)"),
        ((), (4, 3), (4,), r"x.*\(\)"),
    ],
)
def test_linear_bad_shapes_raise(x_shape, w_shape, b_shape, message):
    with pytest.raises(ValueError, match=message):
        linear(np.zeros(x_shape), np.zeros(w_shape), np.zeros(b_shape))


# --- Maxout ----------------------------------------------------------------


def torch_maxout(x, weight, bias, pieces, grad_output):
    """torch 기준: nn.Linear(d_in, d_out·pieces)에 가중치를 복사하고 view 후 max(dim=-1)."""
    n, d_in = x.shape
    layer = torch.nn.Linear(d_in, weight.shape[0], dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(weight))
        layer.bias.copy_(torch.from_numpy(bias))
    x_t = torch.from_numpy(x.copy()).requires_grad_()
    out = layer(x_t).view(n, -1, pieces).max(dim=-1).values
    out.backward(torch.from_numpy(grad_output))
    return out.detach(), x_t.grad, layer.weight.grad, layer.bias.grad


def random_maxout_problem(seed, n, d_in, d_out, pieces):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d_in))
    weight = rng.normal(size=(d_out * pieces, d_in))
    bias = rng.normal(size=d_out * pieces)
    grad_output = rng.normal(size=(n, d_out))
    return x, weight, bias, grad_output


@pytest.mark.parametrize(("n", "d_in", "d_out", "pieces"), [(1, 1, 1, 1), (5, 3, 4, 2), (7, 4, 3, 3), (2, 6, 1, 5), (4, 2, 6, 4)])
def test_maxout_matches_torch_composition(n, d_in, d_out, pieces):
    x, weight, bias, grad_output = random_maxout_problem(5, n, d_in, d_out, pieces)
    z = np.sort(linear(x, weight, bias).reshape(n, d_out, pieces), axis=-1)
    assert pieces == 1 or np.diff(z, axis=-1).min() > 1e-9  # 동점 없음: 이긴 조각이 분명하다
    value, grad_x, grad_w, grad_b = torch_maxout(x, weight, bias, pieces, grad_output)
    ours = maxout_grad(x, weight, bias, pieces, grad_output)
    assert_matches(maxout(x, weight, bias, pieces), value)
    for mine, theirs in zip(ours, (grad_x, grad_w, grad_b)):
        assert_matches(mine, theirs)


def test_maxout_ties_go_to_the_first_piece_like_torch_max():
    x = np.array([[1.0, -2.0], [0.5, 0.5]])
    weight = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])  # 두 조각이 같다: 늘 동점
    bias = np.array([0.0, 0.0, 1.0, 1.0])
    grad_output = np.array([[1.0, 2.0], [3.0, 4.0]])
    _, grad_x, grad_w, grad_b = torch_maxout(x, weight, bias, 2, grad_output)
    ours = maxout_grad(x, weight, bias, 2, grad_output)
    for mine, theirs in zip(ours, (grad_x, grad_w, grad_b)):
        assert_matches(mine, theirs)
    assert np.all(ours[2][1::2] == 0.0)  # 둘째 조각으로는 기울기가 흐르지 않는다


def test_maxout_with_one_piece_is_linear():
    x, weight, bias, _ = random_maxout_problem(6, 5, 3, 4, 1)
    np.testing.assert_array_equal(maxout(x, weight, bias, 1), linear(x, weight, bias))


@pytest.mark.parametrize("d", [1, 3, 5])
def test_maxout_with_a_zero_piece_is_relu(d):
    x = np.random.default_rng(7).normal(size=(6, d))
    x[:, 0] = 0.0  # ReLU의 꺾이는 점
    weight = np.zeros((2 * d, d))
    weight[1::2] = np.eye(d)  # 출력 j의 조각: (0, x_j). 0 조각이 먼저라 동점이면 0 쪽
    bias = np.zeros(2 * d)
    grad_output = np.ones((6, d))
    np.testing.assert_array_equal(maxout(x, weight, bias, 2), relu(x))
    np.testing.assert_array_equal(maxout_grad(x, weight, bias, 2, grad_output)[0], relu_grad(x))
    _, grad_x, _, _ = torch_maxout(x, weight, bias, 2, grad_output)
    assert_matches(relu_grad(x), grad_x)


def test_maxout_with_a_scaled_piece_is_leaky_relu():
    x = np.random.default_rng(8).normal(size=(5, 3))
    x[0] = 0.0
    slope = 0.1
    weight = np.zeros((6, 3))
    weight[0::2], weight[1::2] = slope * np.eye(3), np.eye(3)  # max(αx, x), αx 조각이 먼저
    bias = np.zeros(6)
    np.testing.assert_array_equal(maxout(x, weight, bias, 2), leaky_relu(x, slope))
    np.testing.assert_array_equal(maxout_grad(x, weight, bias, 2, np.ones((5, 3)))[0], leaky_relu_grad(x, slope))


def test_maxout_gradient_matches_central_differences():
    x, weight, bias, grad_output = random_maxout_problem(9, 3, 4, 2, 3)
    grad_x = maxout_grad(x, weight, bias, 3, grad_output)[0]
    h = 1e-6
    numeric = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = h
        plus = (maxout(x + step, weight, bias, 3) * grad_output).sum()
        minus = (maxout(x - step, weight, bias, 3) * grad_output).sum()
        numeric[i] = (plus - minus) / (2 * h)
    np.testing.assert_allclose(grad_x, numeric, rtol=1e-6, atol=1e-9)


MAXOUT_BAD_INPUTS = [
    # (x 모양, weight 모양, bias 모양, pieces, 메시지)
    ((4,), (6, 4), (6,), 2, r"x.*\(n, d_in\).*\(4,\)"),
    ((2, 3, 4), (6, 4), (6,), 2, r"x.*\(2, 3, 4\)"),
    ((2, 3), (6, 4), (6,), 2, r"\(2, 3\).*\(6, 4\)"),  # weight의 둘째 차원 ≠ d_in
    ((2, 3), (7, 3), (7,), 2, r"행 수 7, pieces=2"),  # 행 수가 d_out·pieces 꼴이 아님
    ((2, 3), (6, 3), (7,), 3, r"bias.*\(7,\).*\(6,\)"),
    ((2, 3), (6, 3), (3,), 2, r"bias.*\(3,\).*\(6,\)"),  # bias가 d_out 크기
    ((2, 3), (6, 3), (6,), 0, r"pieces.*0"),
    ((2, 3), (6, 3), (6,), -2, r"pieces.*-2"),
    ((2, 3), (6, 3), (6,), 1.5, r"pieces.*1\.5"),
    ((2, 3), (6, 3), (6,), True, r"pieces.*True"),
    ((2, 3), (6,), (6,), 2, r"weight.*\(6,\)"),
]


@pytest.mark.parametrize(("x_shape", "w_shape", "b_shape", "pieces", "message"), MAXOUT_BAD_INPUTS)
def test_maxout_bad_input_raises(x_shape, w_shape, b_shape, pieces, message):
    args = (np.zeros(x_shape), np.zeros(w_shape), np.zeros(b_shape), pieces)
    with pytest.raises(ValueError, match=message):
        maxout(*args)
    with pytest.raises(ValueError, match=message):
        maxout_grad(*args, np.zeros((2, 3)))


@pytest.mark.parametrize("grad_shape", [(2, 2), (3, 3), (2, 3, 1), (6,)])
def test_maxout_grad_output_shape_must_match(grad_shape):
    with pytest.raises(ValueError, match=re.escape(str(grad_shape)) + r".*\(2, 3\)"):
        maxout_grad(np.zeros((2, 4)), np.zeros((6, 4)), np.zeros(6), 2, np.zeros(grad_shape))


# --- 입력을 바꾸지 않는다 ---------------------------------------------------


def frozen(a):
    a = np.array(a)
    a.setflags(write=False)  # 제자리 수정이 있으면 오류가 난다
    return a


@pytest.mark.parametrize(("ours", "ours_grad", "theirs", "kwargs"), ELEMENTWISE)
def test_elementwise_inputs_are_not_modified(ours, ours_grad, theirs, kwargs):
    x = np.random.default_rng(10).normal(size=(4, 3))
    before = x.copy()
    for fn in (ours, ours_grad):
        result = fn(frozen(x), **kwargs)
        fn(x, **kwargs)
        np.testing.assert_array_equal(x, before)
        assert not np.shares_memory(result, x)


def test_maxout_inputs_are_not_modified():
    arrays = random_maxout_problem(11, 4, 3, 2, 3)
    before = [a.copy() for a in arrays]
    x, weight, bias, grad_output = (frozen(a) for a in arrays)
    maxout(x, weight, bias, 3)
    maxout_grad(x, weight, bias, 3, grad_output)
    maxout(*arrays[:3], 3)
    maxout_grad(*arrays[:3], 3, arrays[3])
    for a, b in zip(arrays, before):
        np.testing.assert_array_equal(a, b)


# --- torch 기본값을 그대로 따른다 -------------------------------------------


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [(leaky_relu, F.leaky_relu), (leaky_relu, torch.nn.LeakyReLU), (elu, F.elu), (elu, torch.nn.ELU)],
    ids=lambda f: getattr(f, "__name__", str(f)),
)
def test_defaults_follow_torch(ours, theirs):
    assert_defaults_follow_torch(ours, theirs)


def test_pinned_torch_defaults():
    # 이 페이지가 따르는 torch 기본값. torch가 바꾸면 여기서 알 수 있다.
    assert signature_defaults(F.leaky_relu)["negative_slope"] == 0.01
    assert signature_defaults(F.elu)["alpha"] == 1.0


@pytest.mark.parametrize(
    "fn",
    [sigmoid_grad, tanh_grad, relu_grad, leaky_relu_grad, elu_grad],
    ids=lambda f: f.__name__,
)
def test_gradient_has_same_signature_as_activation(fn):
    activation = getattr(activations, fn.__name__.removesuffix("_grad"))
    assert inspect.signature(fn) == inspect.signature(activation)
