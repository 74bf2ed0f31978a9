"""정규화 층: 배치·층·인스턴스·그룹 정규화를 한 틀(어느 축으로 평균과 분산을 내는가)로 구현한다.

네 정규화 모두 입력을 (앞, 가운데, 뒤) 세 축의 배열로 바꿔 보고, 정해진 축으로 평균과 (편향) 분산을 내어
x̂ = (x - μ) / √(σ² + ε)를 만든 뒤 채널마다(층 정규화는 원소마다) γ를 곱하고 β를 더한다. statistics_view가
그 모양과 축을 정하고, standardize와 standardize_backward가 네 정규화의 순전파와 역전파를 함께 맡는다.
batch_norm은 F.batch_norm과 같은 뜻이고(학습할 때는 배치 통계로 정규화하고 이동 평균을 갱신하며, 이동 분산은
불편 분산으로 갱신한다) 입력을 바꾸지 않고 새 이동 평균과 이동 분산을 돌려준다. layer_norm, instance_norm,
group_norm은 F.layer_norm, F.instance_norm, F.group_norm과 같다. *_backward는 학습 모드(배치 통계)의 역전파로
(∂L/∂x, ∂L/∂γ, ∂L/∂β)를 돌려준다.
"""

# --8<-- [start:frame]
import math

import numpy as np


def statistics_view(shape, kind, num_groups=None, normalized_shape=()):
    """입력을 세 축 (앞, 가운데, 뒤)로 바꿔 볼 모양과, 평균·분산을 낼 축."""
    if kind == "layer":
        k = len(normalized_shape)
        return (math.prod(shape[: len(shape) - k]), 1, math.prod(shape[len(shape) - k :])), (2,)
    n, c, rest = shape[0], shape[1], math.prod(shape[2:])
    if kind == "batch":
        return (n, c, rest), (0, 2)
    if kind == "instance":
        return (n, c, rest), (2,)
    if kind == "group":
        return (n, num_groups, c // num_groups * rest), (2,)
    raise ValueError(f"알 수 없는 정규화입니다: {kind!r} (가능한 것: 'batch', 'layer', 'instance', 'group')")


def standardize(x, view, axes, eps):
    """x̂ = (x - μ) / √(σ² + ε). μ, σ²(편향 분산)는 view 모양에서 axes로 낸다."""
    grouped = x.reshape(view)
    mean = grouped.mean(axis=axes, keepdims=True)
    var = grouped.var(axis=axes, keepdims=True)
    return ((grouped - mean) / np.sqrt(var + eps)).reshape(x.shape), mean, var
# --8<-- [end:frame]


# --8<-- [start:checks]
import numbers

import numpy as np


def as_input(x, min_ndim, what):
    x = np.asarray(x, dtype=np.float64)
    if x.ndim < min_ndim:
        raise ValueError(f"{what}의 입력은 {min_ndim}차원 이상이어야 합니다: 모양 {x.shape}")
    return x


def is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def check_eps(eps):
    if not is_number(eps) or not eps >= 0:  # NaN도 걸린다
        raise ValueError(f"eps는 0 이상의 수여야 합니다: eps={eps!r}")


def as_parameter(value, name, shape):
    """γ, β, 이동 통계: 없으면 None, 있으면 모양이 shape과 꼭 같아야 한다 (브로드캐스팅 없음)."""
    if value is None:
        return None
    value = np.asarray(value, dtype=np.float64)
    if value.shape != tuple(shape):
        raise ValueError(f"{name}의 모양은 {tuple(shape)}이어야 합니다: 받은 모양 {value.shape}")
    return value


def scale_and_shift(x_hat, weight, bias, shape, broadcast):
    """γ ⊙ x̂ + β. γ, β의 모양은 shape이고, broadcast 모양으로 펴서 x̂에 맞춘다."""
    weight, bias = as_parameter(weight, "weight", shape), as_parameter(bias, "bias", shape)
    out = x_hat if weight is None else x_hat * weight.reshape(broadcast)
    return out if bias is None else out + bias.reshape(broadcast)


def channel_broadcast(x):
    """채널(둘째 축)마다의 값을 (1, C, 1, …)로 펴는 모양."""
    return (1, x.shape[1]) + (1,) * (x.ndim - 2)

def check_batch_norm_arguments(x, running_mean, running_var, training, momentum, eps):
    x = as_input(x, 2, "배치 정규화")
    check_eps(eps)
    running_mean = as_parameter(running_mean, "running_mean", (x.shape[1],))
    running_var = as_parameter(running_var, "running_var", (x.shape[1],))
    if running_mean is None or running_var is None:
        raise ValueError("running_mean과 running_var는 채널마다 하나씩 있는 배열이어야 합니다 (None이 아니라)")
    if not isinstance(training, (bool, np.bool_)):
        raise ValueError(f"training은 True나 False여야 합니다: training={training!r}")
    if not is_number(momentum) or not 0 <= momentum <= 1:
        raise ValueError(f"momentum은 0 이상 1 이하의 수여야 합니다: momentum={momentum!r}")
    if training:
        check_enough_values(x, "batch")
        if eps == 0:  # torch도 학습 모드에서는 eps > 0을 요구한다
            raise ValueError("학습 모드의 배치 정규화는 eps가 0보다 커야 합니다: 값이 모두 같은 채널에서 0을 0으로 나눈다")
    return x, running_mean, running_var


def check_enough_values(x, kind):
    """학습 모드의 배치 정규화는 채널마다, 인스턴스 정규화는 위치가 2개 이상이어야 분산을 낼 수 있다 (torch와 같다)."""
    if kind == "batch" and x.size // x.shape[1] < 2:
        raise ValueError(f"학습 모드의 배치 정규화는 채널마다 값이 2개 이상이어야 합니다: 모양 {x.shape}")
    if kind == "instance" and np.prod(x.shape[2:]) < 2:
        raise ValueError(f"인스턴스 정규화는 공간 축의 값이 2개 이상이어야 합니다: 모양 {x.shape}")


def as_normalized_shape(x, normalized_shape):
    """정수 하나나 튜플을 튜플로. 입력의 끝 모양과 꼭 같아야 한다."""
    shape = (normalized_shape,) if isinstance(normalized_shape, (int, np.integer)) else normalized_shape
    if not isinstance(shape, (tuple, list)) or not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) for n in shape):
        raise ValueError(f"normalized_shape는 정수나 정수의 튜플이어야 합니다: {normalized_shape!r}")
    shape = tuple(int(n) for n in shape)
    if not shape or x.shape[x.ndim - len(shape) :] != shape:
        raise ValueError(f"normalized_shape {shape}이 입력의 끝 모양과 맞지 않습니다: 입력 모양 {x.shape}")
    return shape


def check_num_groups(num_groups, channels):
    if isinstance(num_groups, bool) or not isinstance(num_groups, (int, np.integer)) or num_groups < 1 or channels % num_groups:
        raise ValueError(f"num_groups는 채널 수({channels})를 나누어떨어지게 하는 양의 정수여야 합니다: num_groups={num_groups!r}")
# --8<-- [end:checks]


# --8<-- [start:batch-norm]
import numpy as np


def batch_norm(x, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """F.batch_norm과 같은 뜻. x: (N, C) 또는 (N, C, H, W). 돌려주는 것: (출력, 새 이동 평균, 새 이동 분산)."""
    x, running_mean, running_var = check_batch_norm_arguments(x, running_mean, running_var, training, momentum, eps)
    channels, view, axes = (x.shape[1],), *statistics_view(x.shape, "batch")
    per_channel = channel_broadcast(x)  # (1, C, 1, 1)
    if not training:  # 평가: 이동 통계로 정규화하고, 이동 통계는 그대로
        x_hat = (x - running_mean.reshape(per_channel)) / np.sqrt(running_var.reshape(per_channel) + eps)
        return scale_and_shift(x_hat, weight, bias, channels, per_channel), running_mean.copy(), running_var.copy()
    n = x.size // x.shape[1]  # 채널 하나의 값 개수 m = N·H·W
    x_hat, mean, var = standardize(x, view, axes, eps)
    new_mean = (1 - momentum) * running_mean + momentum * mean.ravel()
    new_var = (1 - momentum) * running_var + momentum * var.ravel() * n / (n - 1)  # 불편 분산
    return scale_and_shift(x_hat, weight, bias, channels, per_channel), new_mean, new_var
# --8<-- [end:batch-norm]


# --8<-- [start:other-norms]
import numpy as np


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    """F.layer_norm과 같은 뜻: 샘플마다 마지막 축들(normalized_shape)로 정규화한다. γ, β의 모양은 normalized_shape."""
    x = as_input(x, 1, "층 정규화")
    check_eps(eps)
    normalized_shape = as_normalized_shape(x, normalized_shape)
    view, axes = statistics_view(x.shape, "layer", normalized_shape=normalized_shape)
    x_hat = standardize(x, view, axes, eps)[0]
    return scale_and_shift(x_hat, weight, bias, normalized_shape, normalized_shape)


def instance_norm(x, weight=None, bias=None, eps=1e-5):
    """F.instance_norm과 같은 뜻 (이동 통계 없이): 샘플마다, 채널마다 공간 축 (H, W)로 정규화한다."""
    x = as_input(x, 3, "인스턴스 정규화")
    check_eps(eps)
    check_enough_values(x, "instance")
    view, axes = statistics_view(x.shape, "instance")
    return scale_and_shift(standardize(x, view, axes, eps)[0], weight, bias, (x.shape[1],), channel_broadcast(x))


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    """F.group_norm과 같은 뜻: 샘플마다 채널을 num_groups개로 묶어, 묶음마다 (C/G, H, W)로 정규화한다."""
    x = as_input(x, 2, "그룹 정규화")
    check_eps(eps)
    check_num_groups(num_groups, x.shape[1])
    view, axes = statistics_view(x.shape, "group", num_groups=num_groups)
    return scale_and_shift(standardize(x, view, axes, eps)[0], weight, bias, (x.shape[1],), channel_broadcast(x))
# --8<-- [end:other-norms]


# --8<-- [start:backward]
import numpy as np


def standardize_backward(dx_hat, x_hat, var, view, axes, eps):
    """∂L/∂x = (g - mean(g) - x̂ · mean(g ⊙ x̂)) / √(σ² + ε), g = ∂L/∂x̂. 평균은 통계를 낸 축으로."""
    g, h = dx_hat.reshape(view), x_hat.reshape(view)
    dx = (g - g.mean(axis=axes, keepdims=True) - h * (g * h).mean(axis=axes, keepdims=True)) / np.sqrt(var + eps)
    return dx.reshape(dx_hat.shape)
# --8<-- [end:backward]


# --8<-- [start:backward-layers]
import numpy as np


def normalization_backward(dout, x, view, axes, weight, shape, broadcast, eps):
    """(∂L/∂x, ∂L/∂γ, ∂L/∂β). γ, β의 기울기는 γ, β가 같은 값을 쓰는 자리들에서 더한다."""
    check_eps(eps)
    dout = np.asarray(dout, dtype=np.float64)
    if dout.shape != x.shape:  # 브로드캐스팅 없음
        raise ValueError(f"dout의 모양 {dout.shape}이 입력의 모양 {x.shape}과 다릅니다")
    x_hat, _, var = standardize(x, view, axes, eps)
    weight = np.ones(shape) if weight is None else as_parameter(weight, "weight", shape)
    padded = (1,) * (x.ndim - len(broadcast)) + tuple(broadcast)
    summed = tuple(axis for axis, size in enumerate(padded) if size == 1)  # γ가 펴지는 축
    dweight = (dout * x_hat).sum(axis=summed).reshape(shape)
    dbias = dout.sum(axis=summed).reshape(shape)
    dx = standardize_backward(dout * weight.reshape(broadcast), x_hat, var, view, axes, eps)
    return dx, dweight, dbias


def batch_norm_backward(dout, x, weight=None, eps=1e-5):
    """학습 모드(배치 통계)의 batch_norm의 역전파."""
    x = as_input(x, 2, "배치 정규화")
    check_enough_values(x, "batch")
    view, axes = statistics_view(x.shape, "batch")
    return normalization_backward(dout, x, view, axes, weight, (x.shape[1],), channel_broadcast(x), eps)


def layer_norm_backward(dout, x, normalized_shape, weight=None, eps=1e-5):
    x = as_input(x, 1, "층 정규화")
    normalized_shape = as_normalized_shape(x, normalized_shape)
    view, axes = statistics_view(x.shape, "layer", normalized_shape=normalized_shape)
    return normalization_backward(dout, x, view, axes, weight, normalized_shape, normalized_shape, eps)


def instance_norm_backward(dout, x, weight=None, eps=1e-5):
    x = as_input(x, 3, "인스턴스 정규화")
    check_enough_values(x, "instance")
    view, axes = statistics_view(x.shape, "instance")
    return normalization_backward(dout, x, view, axes, weight, (x.shape[1],), channel_broadcast(x), eps)


def group_norm_backward(dout, x, num_groups, weight=None, eps=1e-5):
    x = as_input(x, 2, "그룹 정규화")
    check_num_groups(num_groups, x.shape[1])
    view, axes = statistics_view(x.shape, "group", num_groups=num_groups)
    return normalization_backward(dout, x, view, axes, weight, (x.shape[1],), channel_broadcast(x), eps)
# --8<-- [end:backward-layers]


# --8<-- [start:batch-size]
import numpy as np


def train_eval_gap(x, batch_size, rng, momentum=0.1):
    """x (n, C)를 batch_size씩 섞어 돌며 이동 통계를 모은 뒤, 같은 샘플을 학습 모드(제 배치의 통계)와
    평가 모드(이동 통계)로 정규화한 출력의 차이 |학습 - 평가|의 평균."""
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or not 2 <= batch_size <= len(x):
        raise ValueError(f"batch_size는 2 이상 샘플 수({len(x)}) 이하의 정수여야 합니다: batch_size={batch_size!r}")
    mean, var = np.zeros(x.shape[1]), np.ones(x.shape[1])
    for _ in range(3):  # 세 에폭: 이동 통계가 모집단의 통계에 가까워진다
        for batch in np.array_split(rng.permutation(len(x)), len(x) // batch_size):
            mean, var = batch_norm(x[batch], mean, var, training=True, momentum=momentum)[1:]
    gaps = [np.abs(batch_norm(x[batch], mean, var, training=True)[0] - batch_norm(x[batch], mean, var)[0]).mean()
            for batch in np.array_split(rng.permutation(len(x)), len(x) // batch_size)]
    return float(np.mean(gaps))
# --8<-- [end:batch-size]
