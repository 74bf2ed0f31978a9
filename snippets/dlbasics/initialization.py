"""가중치 초기화: torch.nn.init의 calculate_gain, 팬(fan), Xavier(Glorot)와 He(Kaiming) 초기화.

calculate_gain(nonlinearity, param)은 torch.nn.init.calculate_gain, fan_in_and_fan_out(shape)은
torch.nn.init._calculate_fan_in_and_fan_out과 같은 값이다 (합성곱 가중치 (C_out, C_in, k, …)는 커널 크기를 곱한다).
xavier_uniform/normal과 kaiming_uniform/normal은 torch의 같은 이름(끝에 _)과 같은 분포에서 뽑은 새 배열을 돌려준다
(torch는 텐서를 제자리에서 채운다). deep_activations는 층이 깊은 신경망에 무작위 입력을 흘려 층마다의 출력을 모은다.
"""

# --8<-- [start:gain-and-fans]
import math

import numpy as np

GAINS = {"linear": 1.0, "conv1d": 1.0, "conv2d": 1.0, "conv3d": 1.0, "conv_transpose1d": 1.0, "conv_transpose2d": 1.0,
         "conv_transpose3d": 1.0, "sigmoid": 1.0, "tanh": 5 / 3, "relu": math.sqrt(2.0), "selu": 3 / 4}


def calculate_gain(nonlinearity, param=None):
    """활성화 함수 뒤의 분산을 1로 되돌리려고 가중치의 표준편차에 곱하는 값 (torch와 같은 표)."""
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param  # torch의 기본 기울기
        if isinstance(slope, bool) or not isinstance(slope, (int, float)):
            raise ValueError(f"leaky_relu의 param(음수 쪽 기울기)은 수여야 합니다: {param!r}")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity not in GAINS:
        raise ValueError(f"알 수 없는 nonlinearity입니다: {nonlinearity!r} (가능한 것: {sorted([*GAINS, 'leaky_relu'])})")
    return GAINS[nonlinearity]


def fan_in_and_fan_out(shape):
    """가중치 (fan_out, fan_in, *커널)의 팬: 입력 쪽과 출력 쪽 연결 수. 합성곱은 커널의 원소 수를 곱한다."""
    shape = tuple(shape)
    if len(shape) < 2:
        raise ValueError(f"팬은 2차원 이상의 가중치에서만 정해집니다: 모양 {shape}")
    receptive = math.prod(shape[2:])  # 합성곱 커널의 원소 수 (완전 연결층은 1)
    return shape[1] * receptive, shape[0] * receptive
# --8<-- [end:gain-and-fans]


# --8<-- [start:xavier]
import math

import numpy as np


def xavier_std(shape, gain=1.0):
    """Xavier(Glorot): std = gain · √(2 / (fan_in + fan_out))."""
    fan_in, fan_out = fan_in_and_fan_out(shape)
    return gain * math.sqrt(2.0 / (fan_in + fan_out))


def xavier_uniform(shape, gain=1.0, rng=None):
    """U(-a, a), a = √3 · std = gain · √(6 / (fan_in + fan_out))."""
    rng = np.random.default_rng() if rng is None else rng
    bound = math.sqrt(3.0) * xavier_std(shape, gain)
    return rng.uniform(-bound, bound, size=shape)


def xavier_normal(shape, gain=1.0, rng=None):
    """N(0, std²)."""
    rng = np.random.default_rng() if rng is None else rng
    return rng.normal(0.0, xavier_std(shape, gain), size=shape)
# --8<-- [end:xavier]


# --8<-- [start:kaiming]
import math

import numpy as np


def kaiming_std(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    """He(Kaiming): std = gain / √fan. fan은 mode가 고른다 (순전파의 분산을 지키면 fan_in, 역전파면 fan_out)."""
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode는 'fan_in'이나 'fan_out'이어야 합니다: {mode!r}")
    fan_in, fan_out = fan_in_and_fan_out(shape)
    return calculate_gain(nonlinearity, a) / math.sqrt(fan_in if mode == "fan_in" else fan_out)


def kaiming_uniform(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    """U(-b, b), b = √3 · std."""
    rng = np.random.default_rng() if rng is None else rng
    bound = math.sqrt(3.0) * kaiming_std(shape, a, mode, nonlinearity)
    return rng.uniform(-bound, bound, size=shape)


def kaiming_normal(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    """N(0, std²)."""
    rng = np.random.default_rng() if rng is None else rng
    return rng.normal(0.0, kaiming_std(shape, a, mode, nonlinearity), size=shape)
# --8<-- [end:kaiming]


# --8<-- [start:deep-activations]
import numpy as np


def deep_activations(activation, init, depth=10, width=256, batch=512, seed=0):
    """층이 depth개(너비 width, 편향 0)인 신경망에 N(0, 1) 입력 batch개를 흘린 층마다의 출력 (depth, batch, width).
    init(shape, rng)이 가중치 (width, width)를 만든다."""
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((batch, width))
    outputs = []
    for _ in range(depth):
        h = activation(h @ init((width, width), rng).T)  # y = W h, 다음 층의 입력 = f(y)
        outputs.append(h)
    return np.array(outputs)
# --8<-- [end:deep-activations]
