"""정규화 층(dlbasics.normalization)을 PyTorch와 float64로 대조한다.

배치 정규화는 F.batch_norm과 nn.BatchNorm1d·2d에 다섯 걸음 동안 서로 다른 배치를 넣어 걸음마다 출력, 이동 평균,
이동 분산(불편 분산으로 갱신)을 보고, 끝에 평가 모드의 출력을 본다 (γ·β가 있을 때와 없을 때, momentum과 eps 두 값씩).
입력을 바꾸지 않는지, 평가 모드가 이동 통계를 그대로 돌려주는지도 본다. 층·인스턴스·그룹 정규화는 F.layer_norm,
F.instance_norm(과 nn.InstanceNorm1d·2d), F.group_norm과, 네 역전파는 torch autograd의 ∂L/∂x, ∂L/∂γ, ∂L/∂β와
대조한다. G = C인 그룹 정규화는 인스턴스 정규화, G = 1은 (C, H, W)의 층 정규화, 학습 모드의 배치 정규화는 채널을
앞으로 옮긴 텐서의 층 정규화와 같다는 것, 배치 크기에 따른 학습·평가 차이, 기본값, 잘못된 입력도 본다.
"""

import functools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlbasics.normalization import (
    batch_norm,
    batch_norm_backward,
    group_norm,
    group_norm_backward,
    instance_norm,
    instance_norm_backward,
    layer_norm,
    layer_norm_backward,
    statistics_view,
    train_eval_gap,
)

import helpers
from helpers import assert_defaults_follow_torch, signature_defaults

RTOL, ATOL = 1e-9, 1e-12  # 합의 순서와 분산 계산법(두 번 훑기와 Welford)의 차이만 허용한다
assert_matches = functools.partial(helpers.assert_matches, rtol=RTOL, atol=ATOL)
AFFINE = [(), ("weight",), ("weight", "bias")]  # 넘기는 γ, β


def sample(seed, shape, loc=1.5, scale=2.0):
    """평균 0, 분산 1이 아닌 입력: 정규화가 실제로 값을 바꾼다."""
    return np.random.default_rng(seed).normal(loc, scale, shape)


def tensor(value):
    return None if value is None else torch.tensor(value)


def torch_layer(cls, channels, weight=None, bias=None, **kwargs):
    """torch 층 하나를 float64로, γ와 β를 넘기면 그 값으로 채워서."""
    module = cls(channels, affine=weight is not None, **kwargs).double()
    if weight is not None:
        with torch.no_grad():
            module.weight.copy_(torch.tensor(weight))
            module.bias.copy_(torch.tensor(bias))
    return module


def check_against_torch(ours, ours_backward, theirs, x, shape, parts, seed=0):
    """ours(x, γ, β)가 theirs(x, γ, β)와, ours_backward(dout, x, γ)가 torch autograd와 같다. parts: 넘기는 γ, β.
    우리 역전파는 γ, β의 기울기를 늘 돌려준다: 넘기지 않은 γ, β는 γ = 1, β = 0에서의 torch 기울기와 비교한다."""
    rng = np.random.default_rng(seed)
    weight = rng.normal(1.0, 0.5, shape) if "weight" in parts else None
    bias = rng.normal(0.0, 1.0, shape) if "bias" in parts else None
    dout = rng.normal(size=x.shape)
    x_t = torch.tensor(x, requires_grad=True)
    out_t = theirs(x_t, tensor(weight), tensor(bias))  # 넘기지 않은 것은 torch에도 None
    out_t.backward(torch.tensor(dout))
    w_t = torch.tensor(np.ones(shape) if weight is None else weight, requires_grad=True)
    b_t = torch.tensor(np.zeros(shape) if bias is None else bias, requires_grad=True)
    theirs(torch.tensor(x), w_t, b_t).backward(torch.tensor(dout))
    assert_matches(ours(x, weight, bias), out_t)
    dx, dweight, dbias = ours_backward(dout, x, weight)
    assert_matches(dx, x_t.grad)
    assert_matches(dweight, w_t.grad)
    assert_matches(dbias, b_t.grad)


@pytest.mark.parametrize("shape", [(8, 3), (4, 3, 5, 2)], ids=["N,C", "N,C,H,W"])
@pytest.mark.parametrize("affine", [True, False])
@pytest.mark.parametrize("momentum, eps", [(0.1, 1e-5), (0.3, 1e-3)])
def test_batch_norm_follows_torch_over_training_steps_then_evaluation(shape, affine, momentum, eps):
    c = shape[1]
    weight, bias = (sample(1, c, 1.0, 0.5), sample(2, c, 0.0, 1.0)) if affine else (None, None)
    module = torch_layer(torch.nn.BatchNorm1d if len(shape) == 2 else torch.nn.BatchNorm2d, c, weight, bias, eps=eps, momentum=momentum)
    mean, var = np.zeros(c), np.ones(c)
    mean_t, var_t = torch.zeros(c, dtype=torch.float64), torch.ones(c, dtype=torch.float64)  # F.batch_norm이 제자리에서 갱신한다
    for step in range(5):
        x = sample(10 + step, shape, loc=step - 2.0, scale=1.0 + step)  # 걸음마다 통계가 다른 배치
        out, mean, var = batch_norm(x, mean, var, weight, bias, training=True, momentum=momentum, eps=eps)
        expected = F.batch_norm(torch.tensor(x), mean_t, var_t, tensor(weight), tensor(bias), training=True, momentum=momentum, eps=eps)
        assert_matches(out, expected)
        assert_matches(out, module.train()(torch.tensor(x)))
        for ours, functional, layer in ((mean, mean_t, module.running_mean), (var, var_t, module.running_var)):
            assert_matches(ours, functional)
            assert_matches(ours, layer)
    x = sample(99, shape)
    out, same_mean, same_var = batch_norm(x, mean, var, weight, bias, training=False, momentum=momentum, eps=eps)
    assert_matches(out, F.batch_norm(torch.tensor(x), mean_t, var_t, tensor(weight), tensor(bias), training=False, eps=eps))
    assert_matches(out, module.eval()(torch.tensor(x)))
    assert_matches(same_mean, module.running_mean)  # 평가 모드는 torch에서도 이동 통계를 바꾸지 않는다
    assert_matches(same_var, module.running_var)
    np.testing.assert_array_equal(same_mean, mean)
    np.testing.assert_array_equal(same_var, var)


@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_leaves_its_inputs_alone(training):
    x, mean, var, weight, bias = sample(0, (6, 3, 2)), sample(1, 3), sample(2, 3) ** 2, sample(3, 3), sample(4, 3)
    copies = [a.copy() for a in (x, mean, var, weight, bias)]
    _, new_mean, new_var = batch_norm(x, mean, var, weight, bias, training=training)
    for before, after in zip(copies, (x, mean, var, weight, bias)):
        np.testing.assert_array_equal(before, after)
    assert not np.shares_memory(new_mean, mean) and not np.shares_memory(new_var, var)  # 돌려준 것은 새 배열


@pytest.mark.parametrize("shape", [(8, 3), (5, 3, 4), (4, 3, 5, 2)])
@pytest.mark.parametrize("parts", AFFINE)
@pytest.mark.parametrize("eps", [1e-5, 1e-3])
def test_batch_norm_backward_matches_autograd_in_training_mode(shape, parts, eps):
    check_against_torch(
        lambda x, w, b: batch_norm(x, np.zeros(shape[1]), np.ones(shape[1]), w, b, training=True, eps=eps)[0],
        lambda dout, x, w: batch_norm_backward(dout, x, w, eps=eps),
        lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True, eps=eps),
        sample(5, shape), (shape[1],), parts,
    )


@pytest.mark.parametrize(
    "shape, normalized_shape",
    [((6, 5), 5), ((6, 5), (5,)), ((6, 5), (6, 5)), ((3, 4, 5, 2), 2), ((3, 4, 5, 2), (2,)), ((3, 4, 5, 2), (5, 2)), ((3, 4, 5, 2), (4, 5, 2))],
)
@pytest.mark.parametrize("parts", AFFINE)
def test_layer_norm_and_its_backward_match_torch(shape, normalized_shape, parts):
    trailing = (normalized_shape,) if isinstance(normalized_shape, int) else normalized_shape
    check_against_torch(
        lambda x, w, b: layer_norm(x, normalized_shape, w, b),
        lambda dout, x, w: layer_norm_backward(dout, x, normalized_shape, w),
        lambda x, w, b: F.layer_norm(x, trailing, w, b),
        sample(6, shape), trailing, parts,
    )


@pytest.mark.parametrize("shape", [(4, 3, 6), (2, 3, 4, 5)])
@pytest.mark.parametrize("parts", AFFINE)
@pytest.mark.parametrize("eps", [1e-5, 1e-3])
def test_instance_norm_and_its_backward_match_torch(shape, parts, eps):
    check_against_torch(
        lambda x, w, b: instance_norm(x, w, b, eps=eps),
        lambda dout, x, w: instance_norm_backward(dout, x, w, eps=eps),
        lambda x, w, b: F.instance_norm(x, weight=w, bias=b, eps=eps),
        sample(7, shape), (shape[1],), parts,
    )


@pytest.mark.parametrize("shape", [(4, 3, 6), (2, 3, 4, 5)])
def test_instance_norm_matches_the_torch_layer_with_its_weights(shape):
    weight, bias = sample(8, shape[1], 1.0, 0.5), sample(9, shape[1], 0.0, 1.0)
    module = torch_layer(torch.nn.InstanceNorm1d if len(shape) == 3 else torch.nn.InstanceNorm2d, shape[1], weight, bias)
    x = sample(10, shape)
    assert_matches(instance_norm(x, weight, bias), module(torch.tensor(x)))


@pytest.mark.parametrize("shape", [(4, 6), (2, 6, 3, 4)])
@pytest.mark.parametrize("num_groups", [1, 2, 3, 6])
@pytest.mark.parametrize("parts", AFFINE)
def test_group_norm_and_its_backward_match_torch(shape, num_groups, parts):
    check_against_torch(
        lambda x, w, b: group_norm(x, num_groups, w, b),
        lambda dout, x, w: group_norm_backward(dout, x, num_groups, w),
        lambda x, w, b: F.group_norm(x, num_groups, w, b),
        sample(11, shape), (shape[1],), parts,
    )


def test_group_norm_at_the_ends_is_instance_and_layer_norm_and_batch_norm_is_layer_norm_channel_first():
    x = sample(12, (3, 4, 5, 2))
    x_t = torch.tensor(x)
    assert_matches(group_norm(x, 4), F.instance_norm(x_t))  # G = C: 채널마다 (H, W)
    assert_matches(group_norm(x, 1), F.layer_norm(x_t, x.shape[1:]))  # G = 1: 샘플마다 (C, H, W)
    channel_first = x_t.permute(1, 0, 2, 3)  # (C, N, H, W): 배치 정규화는 채널마다 (N, H, W)
    expected = F.layer_norm(channel_first, channel_first.shape[1:]).permute(1, 0, 2, 3)
    assert_matches(batch_norm(x, np.zeros(4), np.ones(4), training=True)[0], expected)


def test_train_eval_gap_is_deterministic_and_shrinks_as_the_batch_grows():
    x = np.random.default_rng(0).normal(size=(1024, 3))
    gaps = [train_eval_gap(x, batch_size, np.random.default_rng(1)) for batch_size in (2, 8, 64)]
    assert gaps[0] > gaps[1] > gaps[2], gaps
    assert train_eval_gap(x, 64, np.random.default_rng(1)) == gaps[2]  # 같은 씨앗이면 비트까지 같고
    assert train_eval_gap(x, 64, np.random.default_rng(2)) != gaps[2]  # 섞는 순서는 rng가 정한다


def test_a_batch_of_two_is_normalized_to_plus_or_minus_one_up_to_eps():
    x = sample(14, (2, 3))
    x_t = torch.tensor(x)
    expected = F.batch_norm(x_t, None, None, training=True)
    out = batch_norm(x, np.zeros(3), np.ones(3), training=True)[0]
    assert_matches(out, expected)
    # 두 값의 편향 분산은 (차/2)²: 출력은 ±(차/2)/√((차/2)² + ε) = ±1/√(1 + ε/σ²), 두 샘플의 부호는 반대
    size = (1 / torch.sqrt(1 + 1e-5 / x_t.var(dim=0, unbiased=False))).expand(2, 3)
    assert_matches(np.abs(out), size)
    assert_matches(expected.abs(), size)
    np.testing.assert_array_equal(np.sign(out[0]), -np.sign(out[1]))


@pytest.mark.parametrize(
    "ours, theirs",
    [(batch_norm, F.batch_norm), (layer_norm, F.layer_norm), (instance_norm, F.instance_norm), (group_norm, F.group_norm),
     (batch_norm_backward, F.batch_norm), (layer_norm_backward, F.layer_norm), (instance_norm_backward, F.instance_norm),
     (group_norm_backward, F.group_norm), (train_eval_gap, F.batch_norm)],
    ids=lambda f: f.__name__,
)
def test_defaults_follow_torch(ours, theirs):
    assert_defaults_follow_torch(ours, theirs)


def test_pinned_torch_defaults():
    # 이 페이지가 따르는 torch 기본값. torch가 바꾸면 여기서 알 수 있다.
    assert {name: signature_defaults(F.batch_norm)[name] for name in ("training", "momentum", "eps")} == {"training": False, "momentum": 0.1, "eps": 1e-5}
    layer = torch.nn.BatchNorm2d(3)
    assert (layer.momentum, layer.eps) == (0.1, 1e-5)
    assert signature_defaults(F.layer_norm)["eps"] == signature_defaults(F.group_norm)["eps"] == 1e-5


@pytest.mark.parametrize("shape", [(1, 3), (1, 3, 1, 1)])
def test_training_batch_norm_with_one_value_per_channel_is_refused_like_torch(shape):
    with pytest.raises(ValueError, match="1 value per channel"):
        F.batch_norm(torch.zeros(shape, dtype=torch.float64), None, None, training=True)
    with pytest.raises(ValueError, match="채널마다 값이 2개 이상"):
        batch_norm(np.zeros(shape), np.zeros(3), np.ones(3), training=True)
    batch_norm(np.zeros(shape), np.zeros(3), np.ones(3), training=False)  # 평가 모드는 된다 (torch도)


@pytest.mark.parametrize("shape", [(2, 3, 1), (2, 3, 1, 1)])
def test_instance_norm_with_one_spatial_element_is_refused_like_torch(shape):
    with pytest.raises(ValueError, match="1 spatial element"):
        F.instance_norm(torch.zeros(shape, dtype=torch.float64))
    with pytest.raises(ValueError, match="공간 축의 값이 2개 이상"):
        instance_norm(np.zeros(shape))


X, X4 = np.ones((4, 3)), np.ones((2, 6, 2, 2))
MEAN, VAR = np.zeros(3), np.ones(3)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: group_norm(X4, 4), "num_groups"),
        (lambda: group_norm(X4, 0), "num_groups"),
        (lambda: group_norm(X4, True), "num_groups"),
        (lambda: group_norm_backward(X4, X4, 5), "num_groups"),
        (lambda: layer_norm(X4, (2, 3)), "normalized_shape"),
        (lambda: layer_norm(X, ()), "normalized_shape"),
        (lambda: layer_norm_backward(X, X, (4,)), "normalized_shape"),
        (lambda: batch_norm(X, np.zeros(2), VAR), "running_mean"),
        (lambda: batch_norm(X, MEAN, np.ones(4)), "running_var"),
        (lambda: batch_norm(X, None, VAR, training=True), "running_mean"),
        (lambda: batch_norm(X, MEAN, VAR, weight=np.ones(1)), "weight"),  # 브로드캐스팅하면 되는 모양도 안 된다
        (lambda: batch_norm(X, MEAN, VAR, bias=np.ones((1, 3))), "bias"),
        (lambda: layer_norm(X4, (2, 2), weight=np.ones(2)), "weight"),
        (lambda: instance_norm(X4, weight=np.ones((6, 1, 1))), "weight"),
        (lambda: group_norm(X4, 2, bias=np.ones(3)), "bias"),
        (lambda: batch_norm_backward(X, X, weight=np.ones(4)), "weight"),
        (lambda: batch_norm(X, MEAN, VAR, training=True, momentum=1.5), "momentum"),
        (lambda: batch_norm(X, MEAN, VAR, training=True, momentum=-0.1), "momentum"),
        (lambda: batch_norm(X, MEAN, VAR, training=True, momentum=True), "momentum"),
        (lambda: batch_norm(X, MEAN, VAR, eps=-1e-5), "eps"),
        (lambda: layer_norm(X, 3, eps=-1.0), "eps"),
        (lambda: instance_norm(X4, eps=float("nan")), "eps"),
        (lambda: batch_norm(X, MEAN, VAR, training="yes"), "training"),
        (lambda: batch_norm(X, MEAN, VAR, training=1), "training"),
        (lambda: batch_norm_backward(np.ones((3, 4)), X), "dout"),
        (lambda: layer_norm_backward(np.ones((1, 3)), X, 3), "dout"),  # 브로드캐스팅하면 되는 모양도 안 된다
        (lambda: instance_norm_backward(np.ones((2, 6, 4)), X4), "dout"),
        (lambda: group_norm_backward(np.ones(X4.shape[:3]), X4, 2), "dout"),
        (lambda: statistics_view((4, 3), "weight"), "알 수 없는 정규화"),
        (lambda: batch_norm(np.ones(3), MEAN, VAR), "2차원"),
        (lambda: layer_norm(np.ones(3), 0), "normalized_shape"),
        (lambda: layer_norm(X, 3.0), "normalized_shape"),
        (lambda: layer_norm(X, (True,)), "normalized_shape"),
        (lambda: batch_norm_backward(X, X, eps=-1.0), "eps"),
        (lambda: batch_norm(X, MEAN, VAR, training=True, eps=0.0), "eps"),
        (lambda: batch_norm_backward(X[:1], X[:1]), "2개 이상"),
        (lambda: instance_norm_backward(np.ones((2, 3, 1)), np.ones((2, 3, 1))), "2개 이상"),
        (lambda: train_eval_gap(X, 1, np.random.default_rng(0)), "batch_size"),
        (lambda: train_eval_gap(X, 5, np.random.default_rng(0)), "batch_size"),
        (lambda: instance_norm(X), "3차원"),
        (lambda: group_norm(np.ones(6), 2), "2차원"),
        (lambda: instance_norm_backward(X, X), "3차원"),
    ],
)
def test_bad_input_is_refused_naming_what_is_wrong(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_numpy_scalars_are_accepted_and_one_dimensional_layer_norm_follows_torch():
    """NumPy의 수(np.float64, np.int64, np.bool_)도 받는다. 1차원 입력의 층 정규화는 torch처럼 받는다."""
    x = np.random.default_rng(5).normal(size=(6, 3))
    ours = batch_norm(x, MEAN, VAR, training=np.bool_(True), momentum=np.float64(0.2), eps=np.int64(1))[0]
    assert_matches(ours, F.batch_norm(torch.as_tensor(x), None, None, training=True, momentum=0.2, eps=1.0))
    vector = x[0]
    assert_matches(layer_norm(vector, 3), F.layer_norm(torch.as_tensor(vector), (3,)))


def test_training_batch_norm_with_zero_eps_is_refused_like_torch():
    with pytest.raises(ValueError, match="eps"):
        F.batch_norm(torch.ones(4, 3, dtype=torch.float64), None, None, training=True, eps=0.0)
