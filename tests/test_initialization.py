"""가중치 초기화(dlbasics.initialization)를 torch.nn.init과 대조한다.

이득(calculate_gain)과 팬(_calculate_fan_in_and_fan_out)은 정확히 같아야 하고, 표준편차·범위는 torch의 이득과
팬으로 계산한 식과 같아야 한다. 뽑은 값은 무작위라 통계로 본다: 원소 100만 개 이상에서 표본 분산이 이론 분산과
표준오차(균등 분포 √((b⁴/5 - σ⁴)/n), 정규 분포 σ²√(2/n))의 네 배 안에서 같은지를 torch가 채운 텐서와 이 구현에
똑같이 본다. 균등 분포는 범위를 넘지 않는다. 깊은 신경망의 활성화 실험과 잘못된 입력도 본다.
"""

import math

import numpy as np
import pytest
import torch

from dlbasics.initialization import (
    calculate_gain,
    deep_activations,
    fan_in_and_fan_out,
    kaiming_normal,
    kaiming_std,
    kaiming_uniform,
    xavier_normal,
    xavier_std,
    xavier_uniform,
)

SHAPES = [(3, 5), (16, 8, 3), (8, 4, 3, 3), (2, 3, 2, 2, 2)]  # 완전 연결층, 1·2·3차원 합성곱
BIG = (1000, 1000)  # 원소 100만 개


@pytest.mark.parametrize(
    "nonlinearity, param",
    [("linear", None), ("conv2d", None), ("conv_transpose3d", None), ("sigmoid", None), ("tanh", None), ("relu", None),
     ("selu", None), ("leaky_relu", None), ("leaky_relu", 0.2), ("leaky_relu", 0), ("leaky_relu", 3)],
)
def test_gains_match_torch(nonlinearity, param):
    assert calculate_gain(nonlinearity, param) == pytest.approx(torch.nn.init.calculate_gain(nonlinearity, param), rel=1e-15)


@pytest.mark.parametrize("shape", SHAPES)
def test_fans_match_torch(shape):
    assert fan_in_and_fan_out(shape) == torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("gain", [1.0, 5 / 3])
def test_xavier_std_is_torchs_formula(shape, gain):
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    assert xavier_std(shape, gain) == pytest.approx(gain * math.sqrt(2.0 / (fan_in + fan_out)), rel=1e-15)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("a, mode, nonlinearity", [(0.0, "fan_in", "leaky_relu"), (0.1, "fan_out", "leaky_relu"), (0.0, "fan_in", "relu"), (0.0, "fan_out", "tanh")])
def test_kaiming_std_is_torchs_formula(shape, a, mode, nonlinearity):
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    fan = fan_in if mode == "fan_in" else fan_out
    assert kaiming_std(shape, a, mode, nonlinearity) == pytest.approx(torch.nn.init.calculate_gain(nonlinearity, a) / math.sqrt(fan), rel=1e-15)


def assert_variance(samples, std, uniform):
    """표본 분산이 std²와 표준오차 네 배 안에서 같다. 균등 분포는 범위 √3·std를 넘지 않는다."""
    samples = np.asarray(samples, dtype=np.float64).ravel()
    n, variance = samples.size, std**2
    fourth = (math.sqrt(3) * std) ** 4 / 5 if uniform else 3 * variance**2  # 넷째 적률 E[w⁴]
    se = math.sqrt((fourth - variance**2) / n)
    assert abs(samples.var() - variance) < 4 * se, (samples.var(), variance, se)
    assert abs(samples.mean()) < 4 * std / math.sqrt(n)
    if uniform:
        assert np.abs(samples).max() <= math.sqrt(3) * std * (1 + 1e-12)


@pytest.mark.parametrize("uniform", [True, False])
def test_xavier_samples_have_the_stated_variance_like_torchs(uniform):
    std = xavier_std(BIG, gain=5 / 3)
    torch.manual_seed(0)
    theirs = torch.empty(BIG, dtype=torch.float64)
    (torch.nn.init.xavier_uniform_ if uniform else torch.nn.init.xavier_normal_)(theirs, gain=5 / 3)
    ours = (xavier_uniform if uniform else xavier_normal)(BIG, gain=5 / 3, rng=np.random.default_rng(0))
    assert_variance(theirs.numpy(), std, uniform)
    assert_variance(ours, std, uniform)


@pytest.mark.parametrize("uniform", [True, False])
@pytest.mark.parametrize("mode", ["fan_in", "fan_out"])
def test_kaiming_samples_have_the_stated_variance_like_torchs(uniform, mode):
    shape = (500, 2000)  # fan_in과 fan_out이 달라 mode를 가린다
    std = kaiming_std(shape, 0.0, mode, "relu")
    torch.manual_seed(1)
    theirs = torch.empty(shape, dtype=torch.float64)
    (torch.nn.init.kaiming_uniform_ if uniform else torch.nn.init.kaiming_normal_)(theirs, a=0.0, mode=mode, nonlinearity="relu")
    ours = (kaiming_uniform if uniform else kaiming_normal)(shape, 0.0, mode, "relu", rng=np.random.default_rng(1))
    assert_variance(theirs.numpy(), std, uniform)
    assert_variance(ours, std, uniform)


def test_he_keeps_relu_activations_steady_while_xavier_and_small_init_shrink_them():
    relu = lambda z: np.maximum(z, 0)
    he = deep_activations(relu, lambda s, r: kaiming_normal(s, nonlinearity="relu", rng=r)).std(axis=(1, 2))
    xavier = deep_activations(relu, lambda s, r: xavier_normal(s, rng=r)).std(axis=(1, 2))
    small = deep_activations(relu, lambda s, r: r.normal(0, 0.01, s)).std(axis=(1, 2))
    assert 0.7 < he.min() and he.max() < 1.1
    assert np.all(np.diff(xavier) < 0) and xavier[-1] < 0.05 and small[-1] < 1e-8
    ratios = xavier[1:] / xavier[:-1]
    assert abs(np.median(ratios) - 1 / math.sqrt(2)) < 0.05  # 층마다 분산이 절반: 표준편차는 1/√2배


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: calculate_gain("swish"), "nonlinearity"),
        (lambda: calculate_gain("leaky_relu", "0.1"), "param"),
        (lambda: fan_in_and_fan_out((5,)), "2차원"),
        (lambda: xavier_uniform((7,)), "2차원"),
        (lambda: kaiming_normal((3, 3), mode="fan_avg"), "mode"),
        (lambda: kaiming_uniform((3, 3), nonlinearity="gelu"), "nonlinearity"),
    ],
)
def test_bad_input_is_refused_naming_what_is_wrong(call, message):
    with pytest.raises(ValueError, match=message):
        call()
