"""층의 아핀 변환과 활성화 함수: Sigmoid, tanh, ReLU, Leaky ReLU, Maxout, ELU.

이름과 기본값은 torch.nn.functional을 따른다 (linear, sigmoid, tanh, relu, leaky_relu, elu).
Maxout은 torch에 같은 연산이 없어 nn.Linear(d_in, d_out * pieces) 다음
.view(N, d_out, pieces).max(dim=-1)을 한 것과 같게 만든다.

원소별 활성화 φ의 *_grad(x)는 x와 같은 모양의 도함수 φ'(x)를 돌려준다. 꺾이는 점 x = 0에서는
torch autograd가 쓰는 값을 따른다. maxout_grad는 출력 기울기 ∂L/∂h를 받아 입력과
파라미터의 기울기를 돌려준다 (Maxout은 원소별 함수가 아니다).
"""

# --8<-- [start:linear]
import numpy as np


def linear(x, weight, bias):
    """아핀 변환 z = xWᵀ + b. x (N, d_in), weight (d_out, d_in), bias (d_out,) → (N, d_out)

    weight의 모양과 배치는 torch의 nn.Linear(d_in, d_out).weight와 같다 (행 하나가 출력 하나).
    """
    x = np.asarray(x, dtype=np.float64)
    weight = np.asarray(weight, dtype=np.float64)
    bias = np.asarray(bias, dtype=np.float64)
    if weight.ndim != 2:
        raise ValueError(f"weight는 (d_out, d_in) 2차원이어야 합니다: 모양 {weight.shape}")
    if x.ndim < 1 or x.shape[-1] != weight.shape[1]:
        raise ValueError(f"x의 특징 수(마지막 축)가 weight의 d_in과 다릅니다: x 모양 {x.shape}, weight 모양 {weight.shape}")
    if bias.shape != (weight.shape[0],):
        raise ValueError(f"bias 모양 {bias.shape}이 weight의 행 수와 맞지 않습니다: ({weight.shape[0]},)이어야 합니다")
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
    """조각별 아핀 변환 z = xWᵀ + b를 (N, d_out, pieces)로 나눈다 (torch의 .view와 같은 순서)."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"x는 (N, d_in) 2차원이어야 합니다: 모양 {x.shape}")
    if isinstance(pieces, bool) or not isinstance(pieces, (int, np.integer)) or pieces < 1:
        raise ValueError(f"pieces는 1 이상의 정수여야 합니다: pieces={pieces!r}")
    rows = np.shape(weight)[0] if np.ndim(weight) == 2 else None
    if rows is not None and rows % pieces != 0:
        raise ValueError(f"weight의 행 수 {rows}가 d_out * pieces 꼴이 아닙니다 (pieces={pieces}로 나누어떨어지지 않음)")
    z = linear(x, weight, bias)  # (N, d_out·pieces): 행 j·pieces + p가 출력 j의 조각 p
    return z.reshape(x.shape[0], -1, pieces)


def maxout(x, weight, bias, pieces):
    """h_j = max_p (w_{jp}·x + b_{jp}). x (N, d_in) → (N, d_out), d_out = weight 행 수 / pieces"""
    return _maxout_pieces(x, weight, bias, pieces).max(axis=-1)


def maxout_grad(x, weight, bias, pieces, grad_output):
    """grad_output = ∂L/∂h (N, d_out)을 받아 (∂L/∂x, ∂L/∂weight, ∂L/∂bias)를 돌려준다.

    기울기는 각 출력에서 최댓값을 낸 조각으로만 흐른다 (동점이면 첫 조각, torch와 같다).
    """
    z = _maxout_pieces(x, weight, bias, pieces)
    n, d_out, _ = z.shape
    x, weight = np.asarray(x, dtype=np.float64), np.asarray(weight, dtype=np.float64)
    grad_output = np.asarray(grad_output, dtype=np.float64)
    if grad_output.shape != (n, d_out):
        raise ValueError(f"grad_output 모양 {grad_output.shape}이 출력 모양 {(n, d_out)}과 다릅니다")
    winner = z.argmax(axis=-1)[..., None]  # (N, d_out, 1): 이긴 조각의 번호
    grad_z = np.zeros_like(z)
    np.put_along_axis(grad_z, winner, grad_output[..., None], axis=-1)
    grad_z = grad_z.reshape(n, -1)  # ∂L/∂z (N, d_out·pieces)
    # z = xWᵀ + b  ⇒  ∂L/∂x = (∂L/∂z)W,  ∂L/∂W = (∂L/∂z)ᵀx,  ∂L/∂b = Σ_n ∂L/∂z
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
