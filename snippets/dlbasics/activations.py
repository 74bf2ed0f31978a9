"""데이터 나누기, 층의 아핀 변환, 활성화 함수: Sigmoid, tanh, ReLU, Leaky ReLU, Maxout, ELU.

이름과 기본값은 PyTorch를 따른다 (torch.utils.data.random_split의 비율 규칙, torch.nn.functional의
linear, sigmoid, tanh, relu, leaky_relu, elu). Maxout은 torch에 같은 연산이 없어
nn.Linear(d_in, d_out * pieces) 다음 .view(n, d_out, pieces).max(dim=-1)을 한 것과 같게 만든다.

원소별 활성화 φ의 *_grad(x)는 x와 같은 모양의 도함수 φ'(x)를 돌려준다. 꺾이는 점 x = 0에서는
torch autograd가 쓰는 값을 따른다. maxout_grad는 출력 기울기 ∂L/∂h를 받아 입력과
파라미터의 기울기를 돌려준다 (Maxout은 원소별 함수가 아니다).
"""

# --8<-- [start:split]
import math

import numpy as np


def split_sizes(n, fractions):
    """샘플 n개를 비율대로 나눈 묶음 크기 (torch의 random_split과 같은 규칙).

    묶음마다 ⌊n·비율⌋개를 먼저 주고, 남는 샘플은 앞 묶음부터 하나씩 더 준다.
    """
    fractions = tuple(fractions)
    if not fractions or min(fractions) < 0 or not math.isclose(sum(fractions), 1.0):
        raise ValueError(f"비율은 0 이상이고 합이 1이어야 합니다: fractions={fractions}")
    sizes = [math.floor(n * fraction) for fraction in fractions]
    for i in range(n - sum(sizes)):  # 나머지를 앞에서부터 하나씩
        sizes[i % len(sizes)] += 1
    return sizes


def split_indices(order, fractions):
    """섞어 둔 샘플 번호 order를 앞에서부터 비율대로 잘라, 겹치지 않는 묶음들로 나눈다."""
    order = np.asarray(order)
    if order.ndim != 1:
        raise ValueError(f"order는 샘플 번호를 담은 1차원 배열이어야 합니다: 모양 {order.shape}")
    cuts = np.cumsum(split_sizes(len(order), fractions))[:-1]  # 묶음 사이의 경계
    return np.split(order, cuts)
# --8<-- [end:split]


# --8<-- [start:linear]
import numpy as np


def linear(x, weight, bias):
    """아핀 변환 z = xWᵀ + b. x (n, d_in), weight (d_out, d_in), bias (d_out,) → (n, d_out)

    torch의 nn.Linear와 같은 모양 관례: weight는 (출력 수, 입력 수)이고, 행 하나가 출력 뉴런
    하나의 가중치다. 샘플 하나 (d_in,)도 받는다.
    """
    x = np.asarray(x, dtype=np.float64)
    weight = np.asarray(weight, dtype=np.float64)
    bias = np.asarray(bias, dtype=np.float64)
    if weight.ndim != 2:
        raise ValueError(f"weight는 (d_out, d_in) 2차원이어야 합니다: 모양 {weight.shape}")
    if x.ndim < 1 or x.shape[-1] != weight.shape[1]:
        raise ValueError(f"x의 특징 수(마지막 축)가 weight의 d_in과 다릅니다: x 모양 {x.shape}, weight 모양 {weight.shape}")
    if bias.shape != (weight.shape[0],):
        raise ValueError(f"bias의 모양이 weight의 행 수와 맞지 않습니다: bias 모양 {bias.shape}, 필요한 모양 ({weight.shape[0]},)")
    return x @ weight.T + bias
# --8<-- [end:linear]


# --8<-- [start:sigmoid]
import numpy as np


def sigmoid(x):
    """σ(x) = 1 / (1 + e^{-x}). x가 ±1000이어도 넘치지 않는다."""
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))  # e^{-|x|} ∈ (0, 1]: 넘치지 않는다
    # x ≥ 0: 1 / (1 + e^{-x}),   x < 0: e^{x} / (1 + e^{x})  (분자·분모에 e^{x}를 곱한 같은 식)
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(x):
    """σ'(x) = σ(x)(1 - σ(x)). 최댓값은 x = 0에서 1/4."""
    s = sigmoid(x)
    return s * (1.0 - s)
# --8<-- [end:sigmoid]


# --8<-- [start:tanh]
import numpy as np


def tanh(x):
    """tanh(x) = (e^x - e^{-x}) / (e^x + e^{-x}) = 2σ(2x) - 1"""
    return np.tanh(np.asarray(x, dtype=np.float64))


def tanh_grad(x):
    """tanh'(x) = 1 - tanh²(x). 최댓값은 x = 0에서 1."""
    t = tanh(x)
    return 1.0 - t * t
# --8<-- [end:tanh]


# --8<-- [start:relu]
import numpy as np


def relu(x):
    """ReLU(x) = max(0, x)"""
    x = np.asarray(x, dtype=np.float64)
    return np.maximum(x, 0.0)


def relu_grad(x):
    """ReLU'(x) = 1 (x > 0), 0 (x ≤ 0). 꺾이는 점 x = 0에서는 0 (torch autograd와 같다)."""
    x = np.asarray(x, dtype=np.float64)
    return (x > 0).astype(np.float64)
# --8<-- [end:relu]


# --8<-- [start:leaky-relu]
import numpy as np


def leaky_relu(x, negative_slope=0.01):
    """LeakyReLU(x) = x (x > 0), αx (x ≤ 0). α = negative_slope"""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, negative_slope * x)


def leaky_relu_grad(x, negative_slope=0.01):
    """도함수 1 (x > 0), α (x ≤ 0). x = 0에서는 α (torch autograd와 같다)."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, 1.0, negative_slope)
# --8<-- [end:leaky-relu]


# --8<-- [start:maxout]
import numpy as np


def _maxout_pieces(x, weight, bias, pieces):
    """z = xWᵀ + b를 (n, d_out, pieces)로 나눈다: 행 j·pieces + p가 출력 j의 조각 p (torch의 .view와 같은 순서)"""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"x는 (n, d_in) 2차원이어야 합니다: 모양 {x.shape}")
    if isinstance(pieces, bool) or not isinstance(pieces, (int, np.integer)) or pieces < 1:
        raise ValueError(f"pieces는 1 이상의 정수여야 합니다: pieces={pieces!r}")
    z = linear(x, weight, bias)  # (n, d_out·pieces)
    if z.shape[1] % pieces != 0:
        raise ValueError(f"weight의 행 수가 pieces로 나누어떨어지지 않습니다: 행 수 {z.shape[1]}, pieces={pieces}")
    return z.reshape(len(x), -1, pieces)


def maxout(x, weight, bias, pieces):
    """h_j = max_p (w_{jp}·x + b_{jp}). x (n, d_in) → (n, d_out), d_out = weight 행 수 / pieces"""
    return _maxout_pieces(x, weight, bias, pieces).max(axis=-1)


def maxout_grad(x, weight, bias, pieces, grad_output):
    """∂L/∂h (n, d_out)을 받아 (∂L/∂x, ∂L/∂weight, ∂L/∂bias)를 돌려준다.

    기울기는 출력마다 최댓값을 낸 조각으로만 흐른다 (동점이면 첫 조각, torch와 같다).
    """
    z = _maxout_pieces(x, weight, bias, pieces)
    grad_output = np.asarray(grad_output, dtype=np.float64)
    if grad_output.shape != z.shape[:2]:
        raise ValueError(f"grad_output의 모양이 출력 모양과 다릅니다: grad_output 모양 {grad_output.shape}, 출력 모양 {z.shape[:2]}")
    grad_z = np.zeros_like(z)
    np.put_along_axis(grad_z, z.argmax(axis=-1)[..., None], grad_output[..., None], axis=-1)  # 이긴 조각 자리에만
    grad_z = grad_z.reshape(len(z), -1)  # ∂L/∂z (n, d_out·pieces)
    # z = xWᵀ + b  ⇒  ∂L/∂x = (∂L/∂z)W,  ∂L/∂W = (∂L/∂z)ᵀx,  ∂L/∂b = Σ_n ∂L/∂z
    x, weight = np.asarray(x, dtype=np.float64), np.asarray(weight, dtype=np.float64)
    return grad_z @ weight, grad_z.T @ x, grad_z.sum(axis=0)
# --8<-- [end:maxout]


# --8<-- [start:elu]
import numpy as np


def elu(x, alpha=1.0):
    """ELU(x) = x (x > 0), α(e^x - 1) (x ≤ 0)"""
    x = np.asarray(x, dtype=np.float64)
    negative = np.minimum(x, 0.0)  # 쓰지 않는 쪽에서도 e^x가 넘치지 않게
    return np.where(x > 0, x, alpha * np.expm1(negative))  # expm1(x) = e^x - 1 (0 근처에서 정확)


def elu_grad(x, alpha=1.0):
    """도함수 1 (x > 0), αe^x (x ≤ 0). x = 0에서는 α (torch autograd와 같다)."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))
# --8<-- [end:elu]
