"""역전파(dlbasics.backpropagation)를 PyTorch autograd와 float64로, 그리고 수치 미분과 대조한다."""

import inspect
import re

import functools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlbasics.backpropagation import (
    PARAM_NAMES,
    add_backward,
    add_forward,
    add_multiply_circuit,
    affine_backward,
    affine_forward,
    branch_backward,
    mul_backward,
    mul_forward,
    numerical_gradient,
    two_layer_backward,
    two_layer_forward,
    two_layer_loss,
)

import helpers

RTOL, ATOL = 1e-10, 1e-13  # autograd와는 계산 순서 차이(몇 ulp)만 허용한다
# 중앙 차분(eps = 1e-6)의 오차: 절단 O(eps²) ≈ 1e-12, 반올림 ≈ 2.2e-16·|f|/eps ≈ 2e-10·|f|.
# 손실이 O(1)~O(10)이므로 1e-8은 그 오차보다 열 배 이상 크고, 틀린 역전파(오차 O(1e-2) 이상)는 잡는다.
FD_RTOL, FD_ATOL = 1e-6, 1e-8


assert_matches = functools.partial(helpers.assert_matches, rtol=RTOL, atol=ATOL)


# --- numerical_gradient ---------------------------------------------------

SMOOTH = {  # 같은 함수의 NumPy 판과 torch 판
    "sin-x2": (lambda x: np.sum(np.sin(x) * x**2), lambda x: torch.sum(torch.sin(x) * x**2)),
    "logsumexp": (lambda x: np.log(np.sum(np.exp(x))), lambda x: torch.logsumexp(x.reshape(-1), dim=0)),
    "tanh-times-square": (  # 원소들이 서로 얽힌 함수
        lambda x: np.sum(np.tanh(x)) * np.sum(x**2),
        lambda x: torch.sum(torch.tanh(x)) * torch.sum(x**2),
    ),
}


@pytest.mark.parametrize("shape", [(), (1,), (5,), (3, 4), (2, 3, 2)])
@pytest.mark.parametrize("name", list(SMOOTH))
def test_numerical_gradient_matches_torch_autograd(name, shape):
    f_np, f_torch = SMOOTH[name]
    rng = np.random.default_rng(0)
    x = rng.normal(size=shape)
    x_t = torch.from_numpy(x.copy()).requires_grad_()
    f_torch(x_t).backward()
    grad = numerical_gradient(f_np, x)
    assert grad.shape == x.shape and grad.dtype == np.float64
    assert_matches(grad, x_t.grad, rtol=FD_RTOL, atol=FD_ATOL)


@pytest.mark.parametrize("eps", [1e-2, 4e-3, 1e-3])
def test_numerical_gradient_error_is_second_order(eps):
    # f(x) = Σ eˣ sin x: 중앙 차분의 절단 오차는 f'''(x)·eps²/6 + O(eps⁴)
    x = np.linspace(-1.0, 1.0, 7)
    exact = np.exp(x) * (np.sin(x) + np.cos(x))
    f = lambda x: np.sum(np.exp(x) * np.sin(x))  # noqa: E731
    error = np.abs(numerical_gradient(f, x, eps) - exact).max()
    error_half = np.abs(numerical_gradient(f, x, eps / 2) - exact).max()
    assert 3.9 < error / error_half < 4.1  # eps를 반으로 → 오차는 약 1/4
    third = np.exp(x) * 2 * (np.cos(x) - np.sin(x))  # f'''(x) 중 한 원소의 3계 도함수
    np.testing.assert_allclose(numerical_gradient(f, x, eps) - exact, third * eps**2 / 6, rtol=0.02, atol=1e-13)


@pytest.mark.parametrize("eps", [0.5, 0.1, 1e-2])
def test_central_difference_error_formula_is_exact_for_quartics(eps):
    """4차 이하 다항식에서는 O(eps⁴) 항이 0: 중앙 차분 = ∂f/∂x_i + eps²/6 · ∂³f/∂x_i³ (torch로 구한 도함수)."""
    from torch.func import grad, jacrev

    def quartic(v):
        return (v**2).sum() ** 2 + (v**3).sum() + 0.5 * v[0] * v[-1] ** 2

    x = np.random.default_rng(14).normal(size=6)
    first = grad(quartic)(torch.from_numpy(x))
    third = torch.einsum("iii->i", jacrev(jacrev(grad(quartic)))(torch.from_numpy(x)))
    assert_matches(numerical_gradient(quartic, x, eps), first + eps**2 / 6 * third, rtol=1e-11, atol=1e-12)


def test_float32_evaluation_loses_the_gradient():
    """f를 float32로 계산하면 eps = 1e-6의 차분이 반올림 오차에 묻힌다: float64가 필요한 이유."""
    x = np.random.default_rng(1).normal(size=6)
    exact = np.cos(x)
    err64 = np.abs(numerical_gradient(lambda v: np.sum(np.sin(v)), x) - exact).max()
    err32 = np.abs(numerical_gradient(lambda v: np.sum(np.sin(v.astype(np.float32))), x) - exact).max()
    assert err64 < 1e-9
    assert err32 > 1e-2


def test_numerical_gradient_does_not_modify_x_and_copies_it():
    x = np.arange(6.0).reshape(2, 3)
    x.setflags(write=False)  # 제자리 수정이 있으면 오류가 난다
    seen = []
    grad = numerical_gradient(lambda v: (seen.append(v is x), np.sum(v**2))[1], x)
    np.testing.assert_array_equal(x, np.arange(6.0).reshape(2, 3))
    assert not any(seen)
    np.testing.assert_allclose(grad, 2 * x, rtol=1e-9, atol=1e-9)


def test_numerical_gradient_accepts_integers_and_lists():
    grad = numerical_gradient(lambda v: np.sum(v**3), [1, 2, 3])
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, 3 * np.array([1.0, 4.0, 9.0]), rtol=1e-9)


def test_numerical_gradient_default_eps_is_gradchecks():
    # 기본 eps는 torch.autograd.gradcheck의 기본값과 같다
    ours = inspect.signature(numerical_gradient).parameters["eps"].default
    assert ours == inspect.signature(torch.autograd.gradcheck).parameters["eps"].default == 1e-6


@pytest.mark.parametrize("eps", [0.0, -1e-6, float("nan")])
def test_numerical_gradient_rejects_nonpositive_eps(eps):
    with pytest.raises(ValueError, match=r"eps.*" + re.escape(str(eps))):
        numerical_gradient(lambda v: np.sum(v), np.ones(3), eps=eps)


@pytest.mark.parametrize("returned_shape", [(3,), (1,), (2, 2)])
def test_numerical_gradient_requires_a_scalar(returned_shape):
    with pytest.raises(ValueError, match=r"스칼라.*" + re.escape(str(returned_shape))):
        numerical_gradient(lambda v: np.ones(returned_shape), np.ones(3))


# --- 덧셈·곱셈 노드, 분기 ----------------------------------------------------


@pytest.mark.parametrize("shape", [(), (4,), (2, 3)])
def test_add_and_mul_nodes_match_torch(shape):
    rng = np.random.default_rng(2)
    x, y, dout = rng.normal(size=shape), rng.normal(size=shape), rng.normal(size=shape)
    for forward, backward, op in [(add_forward, add_backward, torch.add), (mul_forward, mul_backward, torch.mul)]:
        x_t, y_t = torch.from_numpy(np.array(x)).requires_grad_(), torch.from_numpy(np.array(y)).requires_grad_()
        out_t = op(x_t, y_t)
        out_t.backward(torch.from_numpy(np.array(dout)))  # 위에서 온 기울기 dout
        out, cache = forward(x, y)
        dx, dy = backward(dout, cache)
        assert_matches(out, out_t)
        assert_matches(dx, x_t.grad)
        assert_matches(dy, y_t.grad)


def torch_circuit(x, y, z):
    """torch의 기준값: f = (x + y)·z의 값과 autograd 기울기 (중간값 q의 기울기도)."""
    leaves = {name: torch.tensor(v, dtype=torch.float64, requires_grad=True) for name, v in zip("xyz", (x, y, z))}
    q = leaves["x"] + leaves["y"]
    q.retain_grad()
    f = q * leaves["z"]
    f.retain_grad()
    f.backward()
    nodes = {**leaves, "q": q, "f": f}
    return {name: t.item() for name, t in nodes.items()}, {name: t.grad.item() for name, t in nodes.items()}


@pytest.mark.parametrize("xyz", [(-2.0, 5.0, -4.0), (0.3, -1.7, 2.5), (0.0, 0.0, 1.0)])
def test_circuit_matches_torch(xyz):
    values, grads = add_multiply_circuit(*xyz)
    values_t, grads_t = torch_circuit(*xyz)
    assert values.keys() == grads.keys() == values_t.keys()
    for name in values_t:
        assert_matches(values[name], torch.tensor(values_t[name], dtype=torch.float64))
        assert_matches(grads[name], torch.tensor(grads_t[name], dtype=torch.float64))


def test_circuit_worked_example_by_hand():
    # CS231n의 예: f = (x + y)·z,  x = -2, y = 5, z = -4.  ∂f/∂x = ∂f/∂y = z,  ∂f/∂z = x + y
    values, grads = add_multiply_circuit(-2.0, 5.0, -4.0)
    assert (values["q"], values["f"]) == (3.0, -12.0)
    assert grads == {"x": -4.0, "y": -4.0, "z": 3.0, "q": -4.0, "f": 1.0}


def test_circuit_figure_writes_the_library_numbers_that_torch_confirms():
    """그림의 초록(값)·빨강(기울기) 글자는 라이브러리가 계산한 값이고, torch autograd와 같다."""
    from docsite.figures import FIGURES_DIR, load_figure_module

    figure_module = load_figure_module(FIGURES_DIR / "backpropagation.py")
    fig = figure_module.make_figure()
    labels = {text.get_gid(): text.get_text() for text in fig.axes[0].texts if text.get_gid()}
    values_t, grads_t = torch_circuit(*figure_module.EXAMPLE.values())
    assert {gid.split("-")[1] for gid in labels} == set(values_t)
    for name in values_t:
        assert labels[f"value-{name}"] == f"{name} = {values_t[name]:g}"
        assert labels[f"grad-{name}"] == f"{grads_t[name]:g}"


@pytest.mark.parametrize("shape", [(), (3,), (2, 4)])
def test_branch_sums_gradients_like_torch(shape):
    # f = Σ (x·y + x): x가 곱셈 노드와 덧셈 노드로 갈라진다
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=shape), rng.normal(size=shape)
    p, mul_cache = mul_forward(x, y)
    f_in, add_cache = add_forward(p, x)
    dp, dx_add = add_backward(np.ones(shape), add_cache)
    dx_mul, dy = mul_backward(dp, mul_cache)
    dx = branch_backward(dx_mul, dx_add)
    x_t, y_t = torch.from_numpy(np.array(x)).requires_grad_(), torch.from_numpy(np.array(y)).requires_grad_()
    torch.sum(x_t * y_t + x_t).backward()
    assert_matches(dx, x_t.grad)
    assert_matches(dy, y_t.grad)
    np.testing.assert_array_equal(dx_mul, y)  # 곱셈 경로 하나만 쓰면 y + 1이 아니라 y (틀린 값)
    assert not np.allclose(dx_mul, x_t.grad.numpy())


def test_branch_with_three_paths():
    g = [np.array([1.0, 2.0]), np.array([10.0, 20.0]), np.array([100.0, 200.0])]
    np.testing.assert_array_equal(branch_backward(*g), [111.0, 222.0])
    np.testing.assert_array_equal(branch_backward(g[0]), g[0])


@pytest.mark.parametrize("fn", [add_forward, mul_forward, lambda a, b: branch_backward(a, b)], ids=["add", "mul", "branch"])
def test_nodes_do_not_broadcast(fn):
    with pytest.raises(ValueError, match=re.escape("(3,)") + ".*" + re.escape("(3, 1)")):
        fn(np.ones(3), np.ones((3, 1)))


def test_branch_needs_a_gradient():
    with pytest.raises(ValueError, match="기울기"):
        branch_backward()


# --- Affine 계층 -------------------------------------------------------------


@pytest.mark.parametrize(("n", "d_in", "d_out"), [(1, 1, 1), (4, 3, 2), (7, 5, 9)])
def test_affine_matches_torch(n, d_in, d_out):
    rng = np.random.default_rng(4)
    x, W, b = rng.normal(size=(n, d_in)), rng.normal(size=(d_out, d_in)), rng.normal(size=d_out)
    dout = rng.normal(size=(n, d_out))
    ts = [torch.from_numpy(a.copy()).requires_grad_() for a in (x, W, b)]
    out_t = F.linear(*ts)
    out_t.backward(torch.from_numpy(dout))
    out, cache = affine_forward(x, W, b)
    assert_matches(out, out_t)
    for ours, t in zip(affine_backward(dout, cache), ts):
        assert_matches(ours, t.grad)


@pytest.mark.parametrize(
    ("x_shape", "w_shape", "b_shape", "message"),
    [
        ((3,), (2, 3), (2,), r"x.*2차원.*\(3,\)"),
        ((4, 3), (2, 5), (2,), r"\(4, 3\).*\(2, 5\)"),
        ((4, 3), (2, 3), (3,), r"\(3,\)"),
    ],
)
def test_affine_rejects_shapes_that_do_not_fit(x_shape, w_shape, b_shape, message):
    with pytest.raises(ValueError, match=message):
        affine_forward(np.ones(x_shape), np.ones(w_shape), np.ones(b_shape))


def test_affine_backward_rejects_wrong_upstream_shape():
    _, cache = affine_forward(np.ones((4, 3)), np.ones((2, 3)), np.ones(2))
    with pytest.raises(ValueError, match=re.escape("(2, 4)") + ".*" + re.escape("(4, 2)")):
        affine_backward(np.ones((2, 4)), cache)


# --- 두 층 신경망 --------------------------------------------------------------

SHAPES = [(1, 1, 1, 2), (5, 4, 6, 3), (8, 3, 10, 5), (16, 7, 4, 10)]  # (N, D, H, C)


def make_network(n, d, h, c, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d))
    params = {
        "W1": rng.normal(size=(h, d)) / np.sqrt(d),
        "b1": 0.1 * rng.normal(size=h),
        "W2": rng.normal(size=(c, h)) / np.sqrt(h),
        "b2": 0.1 * rng.normal(size=c),
    }
    target = rng.integers(0, c, size=n)
    return x, params, target


def torch_two_layer(x, params, target):
    """torch의 기준값: 같은 가중치로 F.cross_entropy(F.relu(x W1ᵀ + b1) W2ᵀ + b2, t)를 역전파한다."""
    ts = {name: torch.from_numpy(value.copy()).requires_grad_() for name, value in {"x": x, **params}.items()}
    logits = F.relu(ts["x"] @ ts["W1"].T + ts["b1"]) @ ts["W2"].T + ts["b2"]
    loss = F.cross_entropy(logits, torch.from_numpy(target))
    loss.backward()
    return logits, loss, {name: t.grad for name, t in ts.items()}


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize(("n", "d", "h", "c"), SHAPES)
def test_two_layer_matches_torch(n, d, h, c, seed):
    x, params, target = make_network(n, d, h, c, seed)
    logits_t, loss_t, grads_t = torch_two_layer(x, params, target)
    logits, cache = two_layer_forward(x, params)
    grads = two_layer_backward(cache, target)
    assert_matches(logits, logits_t)
    assert_matches(two_layer_loss(x, target, params), loss_t)
    assert set(grads) == {"x", *PARAM_NAMES}
    for name, grad_t in grads_t.items():
        assert grads[name].shape == grad_t.shape
        assert_matches(grads[name], grad_t)


def test_two_layer_matches_nn_linear_without_transposing():
    """W1, W2는 nn.Linear.weight와 같은 (출력 수, 입력 수) 모양이라 전치하지 않고 그대로 복사한다."""
    x, params, target = make_network(6, 4, 5, 3, seed=5)
    model = torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.ReLU(), torch.nn.Linear(5, 3)).double()
    with torch.no_grad():
        for layer, (w, b) in zip([model[0], model[2]], [("W1", "b1"), ("W2", "b2")]):
            layer.weight.copy_(torch.from_numpy(params[w]))
            layer.bias.copy_(torch.from_numpy(params[b]))
    loss_t = F.cross_entropy(model(torch.from_numpy(x)), torch.from_numpy(target))
    loss_t.backward()
    grads = two_layer_backward(two_layer_forward(x, params)[1], target)
    assert_matches(two_layer_loss(x, target, params), loss_t)
    for layer, (w, b) in zip([model[0], model[2]], [("W1", "b1"), ("W2", "b2")]):
        assert_matches(grads[w], layer.weight.grad)
        assert_matches(grads[b], layer.bias.grad)


@pytest.mark.parametrize(("n", "d", "h", "c"), SHAPES)
def test_two_layer_matches_central_differences(n, d, h, c):
    x, params, target = make_network(n, d, h, c, seed=6)
    _, cache = two_layer_forward(x, params)
    # 차분이 ReLU의 꺾이는 점을 넘지 않도록: |a1|이 eps·(입력 크기)보다 훨씬 크다
    assert np.abs(cache[1]).min() > 1e-4
    grads = two_layer_backward(cache, target)
    numeric = {name: numerical_gradient(lambda v, name=name: two_layer_loss(x, target, {**params, name: v}), params[name]) for name in PARAM_NAMES}
    numeric["x"] = numerical_gradient(lambda v: two_layer_loss(v, target, params), x)
    for name, value in numeric.items():
        np.testing.assert_allclose(grads[name], value, rtol=FD_RTOL, atol=FD_ATOL, err_msg=name)


def test_wrong_backward_is_caught_by_both_checks():
    """ReLU의 국소 미분을 빠뜨린 역전파는 torch와도 수치 미분과도 어긋난다 (검사가 실제로 잡는다)."""
    x, params, target = make_network(5, 4, 6, 3, seed=7)
    logits, (fc1, a1, fc2, z) = two_layer_forward(x, params)
    assert np.any(a1 < 0)
    wrong = two_layer_backward((fc1, np.ones_like(a1), fc2, z), target)  # relu_grad(1) = 1: 마스크가 사라짐
    _, _, grads_t = torch_two_layer(x, params, target)
    numeric = numerical_gradient(lambda v: two_layer_loss(x, target, {**params, "W1": v}), params["W1"])
    assert not np.allclose(wrong["W1"], grads_t["W1"].numpy(), rtol=FD_RTOL, atol=FD_ATOL)
    assert not np.allclose(wrong["W1"], numeric, rtol=FD_RTOL, atol=FD_ATOL)


def test_relu_input_exactly_zero_gets_zero_gradient_like_torch():
    """a1이 정확히 0인 원소: 첫 샘플의 입력을 0, b1의 일부를 0으로 두면 a1[0, j] = 0이 정확히 성립한다."""
    x, params, target = make_network(4, 3, 5, 3, seed=8)
    x[0] = 0.0
    params["b1"][[0, 2]] = 0.0
    _, cache = two_layer_forward(x, params)
    assert np.all(cache[1][0, [0, 2]] == 0.0)
    grads = two_layer_backward(cache, target)
    _, _, grads_t = torch_two_layer(x, params, target)
    for name, grad_t in grads_t.items():
        assert_matches(grads[name], grad_t)


class NumpyTwoLayer(torch.autograd.Function):
    """우리 순전파·역전파를 torch 연산으로 감싼다. gradcheck가 이 역전파를 torch의 수치 미분과 대조한다."""

    @staticmethod
    def forward(ctx, x, W1, b1, W2, b2, target):
        params = dict(zip(PARAM_NAMES, (W1.numpy(), b1.numpy(), W2.numpy(), b2.numpy())))
        logits, cache = two_layer_forward(x.numpy(), params)
        ctx.grads = two_layer_backward(cache, target.numpy())
        return torch.as_tensor(two_layer_loss(x.numpy(), target.numpy(), params))

    @staticmethod
    def backward(ctx, grad_out):
        order = ["x", *PARAM_NAMES]
        return (*(grad_out * torch.from_numpy(ctx.grads[name]) for name in order), None)


def test_torch_gradcheck_accepts_our_backward():
    x, params, target = make_network(4, 3, 5, 3, seed=9)
    inputs = [torch.from_numpy(a).requires_grad_() for a in (x, *params.values())]
    assert torch.autograd.gradcheck(lambda *a: NumpyTwoLayer.apply(*a, torch.from_numpy(target)), inputs)


def test_two_layer_does_not_modify_inputs():
    x, params, target = make_network(5, 4, 6, 3, seed=10)
    before = {name: value.copy() for name, value in {"x": x, **params}.items()}
    for value in [x, target, *params.values()]:
        value.setflags(write=False)
    two_layer_backward(two_layer_forward(x, params)[1], target)
    for name, value in {"x": x, **params}.items():
        np.testing.assert_array_equal(value, before[name])


# --- 잘못된 입력 ----------------------------------------------------------------


def with_shape(params, name, shape):
    return {**params, name: np.ones(shape)}


@pytest.mark.parametrize(
    ("x_shape", "name", "shape", "message"),
    [
        ((5, 3), None, None, r"x의 특징 수\(3\)와 W1의 열 수\(4\)"),  # x의 특징 수 ≠ W1의 열 수 (d_in)
        ((5, 4), "b1", (5,), r"W1의 행 수\(6\)와 b1의 길이\(5\)"),
        ((5, 4), "W2", (3, 7), r"W1의 행 수\(6\)와 W2의 열 수\(7\)"),
        ((5, 4), "b2", (4,), r"W2의 행 수\(3\)와 b2의 길이\(4\)"),
        ((4,), None, None, r"x.*2차원.*\(4,\)"),
        ((5, 4), "W1", (6, 4, 1), r"W1.*2차원.*\(6, 4, 1\)"),
        ((5, 4), "b2", (3, 1), r"b2.*1차원.*\(3, 1\)"),
    ],
)
def test_two_layer_rejects_shapes_that_do_not_chain(x_shape, name, shape, message):
    _, params, _ = make_network(5, 4, 6, 3, seed=11)
    if name is not None:
        params = with_shape(params, name, shape)
    with pytest.raises(ValueError, match=message):
        two_layer_forward(np.ones(x_shape), params)


def test_two_layer_names_missing_parameters():
    _, params, _ = make_network(5, 4, 6, 3, seed=12)
    del params["b2"]
    with pytest.raises(ValueError, match="b2"):
        two_layer_loss(np.ones((5, 4)), np.zeros(5, dtype=np.int64), params)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (np.array([0, 1, 2, 0]), r"\(5, 3\).*\(4,\)"),  # 배치 크기와 다른 길이
        (np.array([0, 1, 2, 0, 3]), r"3.*C = 3"),  # 범위 밖 클래스 번호
        (np.array([0, 1, -1, 0, 2]), r"-1.*C = 3"),
    ],
)
def test_two_layer_rejects_bad_targets(target, message):
    x, params, _ = make_network(5, 4, 6, 3, seed=13)
    with pytest.raises(ValueError, match=message):
        two_layer_loss(x, target, params)
    with pytest.raises(ValueError, match=message):
        two_layer_backward(two_layer_forward(x, params)[1], target)
