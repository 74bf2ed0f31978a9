"""딥러닝의 역사(dlbasics.history)를 PyTorch와 float64로 대조한다.

어텐션은 F.scaled_dot_product_attention(bool attn_mask 포함)의 출력과, 출력의 무작위 선형 결합을 손실로 삼은
autograd 기울기(q, k, v)를 모양과 마스크마다 본다. 잔차 블록은 nn.Linear 두 개로 만든 y = x + F(x)(와 평범한
블록 y = F(x))의 출력, 기울기, 야코비 행렬(torch.autograd.functional.jacobian)을 보고, 블록을 쌓은 신경망에서
층마다의 기울기 크기를 autograd로 다시 잰다. 파라미터 수는 같은 층을 torch.nn으로 (meta 장치에) 만들어
numel()로 센 것과 견준다. GAN의 가치 함수는 F.binary_cross_entropy 두 개의 합의 부호를 바꾼 것과 견주고,
최적 판별자가 정말 V를 가장 크게 하는지 autograd의 기울기(0)로 본다. 잘못된 입력이 무엇이 틀렸는지 밝히는 ValueError를 내는지도 본다.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlbasics.history import (
    ALEXNET,
    ILSVRC_TOP5,
    VGG16_CHANNELS,
    WITH_EXTRA_DATA,
    attention_backward,
    attention_forward,
    causal_mask,
    conv_params,
    count_params,
    gan_value,
    ilsvrc_top5,
    init_blocks,
    linear_params,
    optimal_discriminator,
    relative_reduction,
    residual_backward,
    residual_forward,
    residual_jacobian,
    scaled_dot_product_attention,
    stack_gradient_norms,
    vgg_layers,
)

TOL = dict(rtol=1e-10, atol=1e-12)


def close(ours, theirs):
    torch.testing.assert_close(torch.as_tensor(np.asarray(ours)), theirs.detach(), **TOL)


# ---------------------------------------------------------------- 어텐션

SHAPES = [  # (배치 축, L, S, E, Ev)
    ((), 1, 1, 1, 1),
    ((), 3, 5, 4, 2),
    ((2,), 4, 4, 8, 8),
    ((2, 3), 5, 7, 6, 3),
]


def random_mask(rng, batch, length, source, kind):
    if kind == "none":
        return None
    if kind == "causal":
        return np.tril(np.ones((length, source), dtype=bool))  # (L, S): 배치 축으로 펼쳐진다
    mask = rng.random(batch + (length, source)) > 0.5
    mask[..., rng.integers(source)] = True  # 행마다 볼 자리가 적어도 하나
    return mask


@pytest.mark.parametrize("mask_kind", ["none", "causal", "random"])
@pytest.mark.parametrize("batch, length, source, features, values", SHAPES)
def test_attention_matches_torch_outputs_and_autograd(batch, length, source, features, values, mask_kind):
    rng = np.random.default_rng(length * 100 + source)
    q = rng.normal(size=batch + (length, features))
    k = rng.normal(size=batch + (source, features))
    v = rng.normal(size=batch + (source, values))
    mask = random_mask(rng, batch, length, source, mask_kind)
    upstream = rng.normal(size=batch + (length, values))

    q_t, k_t, v_t = (torch.tensor(a, requires_grad=True) for a in (q, k, v))
    expected = F.scaled_dot_product_attention(q_t, k_t, v_t, attn_mask=None if mask is None else torch.as_tensor(mask))
    (expected * torch.as_tensor(upstream)).sum().backward()

    out, cache = attention_forward(q, k, v, mask)
    close(out, expected)
    np.testing.assert_array_equal(scaled_dot_product_attention(q, k, v, mask), out)
    for ours, leaf in zip(attention_backward(upstream, cache), (q_t, k_t, v_t)):
        close(ours, leaf.grad)


def test_attention_weights_are_a_softmax_that_is_zero_where_masked():
    rng = np.random.default_rng(0)
    q, k, v = rng.normal(size=(4, 3)), rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    mask = causal_mask(6)[2:]  # (4, 6): 쿼리 i는 키 0..i+2를 본다
    weights = attention_forward(q, k, v, mask)[1][3]
    expected = torch.softmax(torch.as_tensor(q @ k.T / np.sqrt(3)).masked_fill(~torch.as_tensor(mask), float("-inf")), dim=-1)
    close(weights, expected)
    assert np.all(weights[~mask] == 0) and np.allclose(weights.sum(axis=1), 1, rtol=0, atol=1e-15)


def test_causal_mask_matches_torch_is_causal():
    rng = np.random.default_rng(1)
    q, k, v = (rng.normal(size=(2, 5, 4)) for _ in range(3))
    expected = F.scaled_dot_product_attention(*(torch.as_tensor(a) for a in (q, k, v)), is_causal=True)
    close(scaled_dot_product_attention(q, k, v, causal_mask(5)), expected)
    np.testing.assert_array_equal(causal_mask(3), [[True, False, False], [True, True, False], [True, True, True]])


def test_attention_does_not_modify_its_inputs():
    rng = np.random.default_rng(2)
    arrays = [rng.normal(size=(3, 4)) for _ in range(3)]
    copies = [a.copy() for a in arrays]
    out, cache = attention_forward(*arrays)
    dout = rng.normal(size=out.shape)
    dout_copy = dout.copy()
    attention_backward(dout, cache)
    assert all(np.array_equal(a, b) for a, b in zip(arrays, copies)) and np.array_equal(dout, dout_copy)


@pytest.mark.parametrize(
    "q_shape, k_shape, v_shape, mask, message",
    [
        ((3,), (3,), (3,), None, "차원 수가 같고"),
        ((2, 3, 4), (3, 4), (3, 4), None, "차원 수가 같고"),
        ((2, 3, 4), (1, 5, 4), (1, 5, 2), None, "앞 배치 축"),
        ((3, 4), (5, 3), (5, 2), None, "특징 수 E"),
        ((3, 4), (5, 4), (6, 2), None, "길이 S"),
        ((0, 4), (5, 4), (5, 2), None, "1 이상"),
        ((3, 4), (5, 4), (5, 2), np.ones((3, 5)), "bool"),
        ((3, 4), (5, 4), (5, 2), np.ones((4, 5), dtype=bool), "펼칠 수 없습니다"),
        ((3, 4), (5, 4), (5, 2), np.eye(3, 5, dtype=bool) & False, "True가 하나도 없는 행"),
    ],
)
def test_attention_rejects_bad_input(q_shape, k_shape, v_shape, mask, message):
    with pytest.raises(ValueError, match=message):
        attention_forward(np.zeros(q_shape), np.zeros(k_shape), np.zeros(v_shape), mask)


def test_attention_backward_rejects_a_wrong_upstream_shape():
    _, cache = attention_forward(np.zeros((3, 4)), np.zeros((5, 4)), np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"dout 모양 \(3, 4\)"):
        attention_backward(np.zeros((3, 4)), cache)


@pytest.mark.parametrize("length", [0, -1, 2.0, True])
def test_causal_mask_rejects_bad_lengths(length):
    with pytest.raises(ValueError, match="length"):
        causal_mask(length)


# ---------------------------------------------------------------- 잔차 블록


def torch_block(params):
    """같은 가중치를 넣은 nn.Linear 두 개 (float64)."""
    layers = []
    for weight, bias in params:
        layer = torch.nn.Linear(weight.shape[1], weight.shape[0]).double()
        with torch.no_grad():
            layer.weight.copy_(torch.as_tensor(weight))
            layer.bias.copy_(torch.as_tensor(bias))
        layers.append(layer)
    return layers


def torch_forward(layers, x, residual):
    f = layers[1](torch.relu(layers[0](x)))
    return x + f if residual else f


@pytest.mark.parametrize("residual", [True, False])
@pytest.mark.parametrize("n, d, h", [(1, 1, 1), (4, 3, 5), (6, 8, 2)])
def test_residual_block_matches_torch_outputs_and_autograd(n, d, h, residual):
    rng = np.random.default_rng(10 * d + h)
    params = [(rng.normal(size=(h, d)), rng.normal(size=h)), (rng.normal(size=(d, h)), rng.normal(size=d))]
    x, upstream = rng.normal(size=(n, d)), rng.normal(size=(n, d))
    layers = torch_block(params)
    x_t = torch.tensor(x, requires_grad=True)
    y_t = torch_forward(layers, x_t, residual)
    (y_t * torch.as_tensor(upstream)).sum().backward()

    y, cache = residual_forward(x, params, residual)
    close(y, y_t)
    dx, grads = residual_backward(upstream, cache)
    close(dx, x_t.grad)
    for (dw, db), layer in zip(grads, layers):
        close(dw, layer.weight.grad)
        close(db, layer.bias.grad)


@pytest.mark.parametrize("residual", [True, False])
def test_residual_jacobian_is_identity_plus_the_jacobian_of_f(residual):
    rng = np.random.default_rng(3)
    params = [(rng.normal(size=(6, 4)), rng.normal(size=6)), (rng.normal(size=(4, 6)), rng.normal(size=4))]
    x = rng.normal(size=4)
    layers = torch_block(params)
    expected = torch.autograd.functional.jacobian(lambda t: torch_forward(layers, t, residual), torch.as_tensor(x))
    ours = residual_jacobian(x, params, residual)
    close(ours, expected)
    if residual:
        close(ours - np.eye(4), torch.autograd.functional.jacobian(lambda t: torch_forward(layers, t, False), torch.as_tensor(x)))


@pytest.mark.parametrize("residual", [True, False])
@pytest.mark.parametrize("depth", [1, 4, 12])
def test_stacked_gradient_norms_match_torch_autograd(depth, residual):
    rng = np.random.default_rng(depth)
    width, hidden, batch = 5, 7, 3
    blocks = init_blocks(depth, width, hidden, np.random.default_rng(100 + depth))
    x, u = rng.normal(size=(batch, width)), rng.normal(size=(batch, width))
    ours = stack_gradient_norms(x, blocks, u, residual)

    states = [torch.tensor(x, requires_grad=True)]
    for params in blocks:
        states.append(torch_forward(torch_block(params), states[-1], residual))
        states[-1].retain_grad()
    (states[-1] * torch.as_tensor(u)).sum().backward()
    expected = torch.stack([state.grad.norm(dim=1).mean() for state in states])
    close(ours, expected)


def test_init_blocks_follow_nn_linear_default_init():
    blocks = init_blocks(3, 4, 6, np.random.default_rng(0))
    assert len(blocks) == 3
    for (w1, b1), (w2, b2) in blocks:
        reference = torch_block([(w1, b1), (w2, b2)])
        assert [tuple(p.shape) for layer in reference for p in layer.parameters()] == [(6, 4), (6,), (4, 6), (4,)]
        assert np.abs(w1).max() <= 1 / 2 and np.abs(b1).max() <= 1 / 2  # U(-1/√4, 1/√4)
        assert np.abs(w2).max() <= 1 / np.sqrt(6) and np.abs(b2).max() <= 1 / np.sqrt(6)


def test_residual_functions_reject_bad_input():
    params = [(np.zeros((5, 3)), np.zeros(5)), (np.zeros((3, 5)), np.zeros(3))]
    with pytest.raises(ValueError, match=r"\(N, D\) 2차원"):
        residual_forward(np.zeros(3), params)
    with pytest.raises(ValueError, match="F의 출력 수가 D와 같아야"):
        residual_forward(np.zeros((2, 3)), [(np.zeros((5, 3)), np.zeros(5)), (np.zeros((4, 5)), np.zeros(4))])
    with pytest.raises(ValueError, match=r"샘플 하나 \(D,\)"):
        residual_jacobian(np.zeros((2, 3)), params)
    with pytest.raises(ValueError, match="direction 모양"):
        stack_gradient_norms(np.zeros((2, 3)), [params], np.zeros((2, 4)))
    with pytest.raises(ValueError, match="depth"):
        init_blocks(0, 3, 5, np.random.default_rng(0))


# ---------------------------------------------------------------- ILSVRC와 파라미터 수


def test_ilsvrc_table_is_chronological_and_sourced():
    years, errors = ilsvrc_top5()
    np.testing.assert_array_equal(years, np.arange(2010, 2018))
    assert np.all(np.diff(errors) < 0) and all(row[4] for row in ILSVRC_TOP5)
    reduction = relative_reduction(errors)
    np.testing.assert_allclose(reduction, [1 - b / a for a, b in zip(errors[:-1], errors[1:])], rtol=1e-15)
    assert (-np.diff(errors)).argmax() == 1  # 포인트로 가장 크게 준 해: 2011 → 2012
    assert reduction.argmax() == 4  # 비율로는 2014 → 2015
    # 추가 데이터를 쓴 제출은 따로 두고, 표의 숫자보다 낮다
    assert all(WITH_EXTRA_DATA[year] < error for year, _, _, error, _ in ILSVRC_TOP5 if year in WITH_EXTRA_DATA)


@pytest.mark.parametrize("errors", [[3.0], [[3.0, 2.0]], [3.0, 0.0], [3.0, -1.0]])
def test_relative_reduction_rejects_bad_input(errors):
    with pytest.raises(ValueError, match="0보다 큰 값"):
        relative_reduction(errors)


def torch_stack(layers):
    modules = []
    for kind, *args in layers:
        if kind == "conv":
            c_in, c_out, k, *groups = args
            modules.append(torch.nn.Conv2d(c_in, c_out, k, groups=groups[0] if groups else 1, device="meta"))
        else:
            modules.append(torch.nn.Linear(*args, device="meta"))
    return [sum(p.numel() for p in module.parameters()) for module in modules]


@pytest.mark.parametrize("name, layers", [("alexnet", ALEXNET), ("vgg16", vgg_layers(VGG16_CHANNELS)), ("vgg-10", vgg_layers(VGG16_CHANNELS, 10))])
def test_parameter_counts_match_torch_numel(name, layers):
    assert count_params(layers) == torch_stack(layers)


@pytest.mark.parametrize("c_in, c_out, k, groups, bias", [(3, 8, 3, 1, True), (4, 6, (3, 5), 2, False), (6, 6, 1, 6, True)])
def test_conv_params_match_nn_conv2d(c_in, c_out, k, groups, bias):
    module = torch.nn.Conv2d(c_in, c_out, k, groups=groups, bias=bias, device="meta")
    assert conv_params(c_in, c_out, k, groups, bias) == sum(p.numel() for p in module.parameters())
    assert linear_params(c_in, c_out, bias) == sum(p.numel() for p in torch.nn.Linear(c_in, c_out, bias=bias, device="meta").parameters())


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: conv_params(3, 8, 3, groups=2), "나누어떨어져야"),
        (lambda: conv_params(3, 8, 0), "k_h"),
        (lambda: conv_params(3.0, 8, 3), "c_in"),
        (lambda: linear_params(0, 8), "d_in"),
        (lambda: count_params([("pool", 2)]), "튜플"),
        (lambda: count_params([["linear", 2, 3]]), "튜플"),
    ],
)
def test_parameter_counters_reject_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# ---------------------------------------------------------------- GAN


@pytest.mark.parametrize("n_real, n_fake", [(1, 1), (5, 3), (64, 128)])
def test_gan_value_is_minus_two_binary_cross_entropies(n_real, n_fake):
    rng = np.random.default_rng(n_real + n_fake)
    d_real, d_fake = rng.uniform(0.01, 0.99, n_real), rng.uniform(0.01, 0.99, n_fake)
    real_t, fake_t = torch.as_tensor(d_real), torch.as_tensor(d_fake)
    expected = -(F.binary_cross_entropy(real_t, torch.ones_like(real_t)) + F.binary_cross_entropy(fake_t, torch.zeros_like(fake_t)))
    assert expected.dtype == torch.float64
    close(gan_value(d_real, d_fake), expected)


def test_optimal_discriminator_maximises_the_value_pointwise():
    rng = np.random.default_rng(7)
    p_data, p_g = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))
    d = torch.tensor(optimal_discriminator(p_data, p_g), requires_grad=True)
    # 분포가 주어졌을 때의 V = Σ p_data log D + Σ p_g log(1 - D): 가중치를 준 이진 교차 엔트로피
    value = -(F.binary_cross_entropy(d, torch.ones_like(d), weight=torch.as_tensor(p_data), reduction="sum")
              + F.binary_cross_entropy(d, torch.zeros_like(d), weight=torch.as_tensor(p_g), reduction="sum"))
    value.backward()
    close(np.zeros(6), d.grad)  # 기울기가 0: 정류점
    for _ in range(20):
        other = torch.as_tensor(np.clip(d.detach().numpy() + rng.normal(scale=0.05, size=6), 1e-3, 1 - 1e-3))
        worse = (torch.as_tensor(p_data) * other.log() + torch.as_tensor(p_g) * (1 - other).log()).sum()
        assert worse <= value.detach()
    same = optimal_discriminator(p_data, p_data)
    np.testing.assert_array_equal(same, np.full(6, 0.5))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: gan_value([0.5, 1.0], [0.5]), "d_real"),
        (lambda: gan_value([0.5], [0.0]), "d_fake"),
        (lambda: gan_value([], [0.5]), "d_real"),
        (lambda: gan_value([[0.5]], [0.5]), "d_real"),
        (lambda: optimal_discriminator([0.5, 0.5], [1.0]), "모양이 같고"),
        (lambda: optimal_discriminator([0.0, 1.0], [0.0, 0.0]), "합이 0보다"),
        (lambda: optimal_discriminator([-0.1, 1.1], [0.5, 0.5]), "음이 아니며"),
    ],
)
def test_gan_functions_reject_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
