"""역전파: 수치 미분, 계산 그래프의 노드, Affine 계층, 두 층 신경망의 순전파와 역전파.

가중치의 모양은 torch.nn.Linear.weight와 같다: y = x @ W.T + b, W는 (출력 수, 입력 수).
순전파는 dlbasics.activations.linear(= F.linear)를 그대로 쓴다. 『밑바닥부터 시작하는 딥러닝』의
Affine 계층은 y = x @ W + b, W (입력 수, 출력 수)이므로 책의 가중치는 전치해서 옮긴다.

*_backward 함수는 위에서 내려온 기울기 dout = ∂L/∂(출력)을 받아 입력들에 대한 기울기
∂L/∂(입력)을 입력과 같은 모양으로 돌려준다 (위에서 온 기울기 × 국소 미분).
"""

from .activations import linear, relu, relu_grad
from .losses import cross_entropy, cross_entropy_grad

# --8<-- [start:numerical-gradient]
import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    """중앙 차분으로 어림한 기울기 ∂f/∂x. f는 배열을 받아 스칼라를 돌려주는 함수다.

    원소마다 f를 두 번 부르므로 f를 2·x.size번 계산한다. 받은 x는 바꾸지 않는다.
    """
    if not eps > 0:
        raise ValueError(f"eps는 양수여야 합니다: eps={eps}")
    x = np.array(x, dtype=np.float64)  # 복사본에서 한 원소씩 움직였다가 되돌린다
    grad = np.empty_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        values = []
        for step in (eps, -eps):
            x[i] = original + step  # x ± eps·e_i
            value = np.asarray(f(x))
            if value.shape != ():
                raise ValueError(f"f는 스칼라를 돌려줘야 합니다: 돌려준 모양 {value.shape}")
            values.append(float(value))
        x[i] = original
        # ∂f/∂x_i ≈ (f(x + eps·e_i) - f(x - eps·e_i)) / 2eps
        grad[i] = (values[0] - values[1]) / (2 * eps)
    return grad
# --8<-- [end:numerical-gradient]


# --8<-- [start:nodes]
import numpy as np


def _same_shape(x, y):
    """두 입력은 모양이 같아야 한다 (브로드캐스팅하면 기울기의 모양이 입력과 어긋난다)."""
    if np.shape(x) != np.shape(y):
        raise ValueError(f"두 입력의 모양이 다릅니다: {np.shape(x)}, {np.shape(y)}")


def add_forward(x, y):
    """덧셈 노드 z = x + y. 역전파에 기억할 것이 없다 (cache = None)."""
    _same_shape(x, y)
    return x + y, None


def add_backward(dout, cache=None):
    """∂z/∂x = ∂z/∂y = 1: 위에서 온 기울기를 두 입력에 그대로 복사해 보낸다."""
    return dout, dout


def mul_forward(x, y):
    """곱셈 노드 z = x·y (원소별). 역전파에 쓸 두 입력을 cache로 기억한다."""
    _same_shape(x, y)
    return x * y, (x, y)


def mul_backward(dout, cache):
    """∂z/∂x = y, ∂z/∂y = x: 위에서 온 기울기에 '다른 쪽' 입력을 곱한다."""
    x, y = cache
    return dout * y, dout * x
# --8<-- [end:nodes]


# --8<-- [start:circuit]
def add_multiply_circuit(x, y, z):
    """f = (x + y)·z를 노드 두 개로 계산하고 거꾸로 미분한다. (값, 기울기) 두 dict를 돌려준다."""
    q, add_cache = add_forward(x, y)  # 덧셈 노드: q = x + y
    f, mul_cache = mul_forward(q, z)  # 곱셈 노드: f = q·z
    df = 1.0  # ∂f/∂f = 1에서 시작한다
    dq, dz = mul_backward(df, mul_cache)  # ∂f/∂q = df·z,  ∂f/∂z = df·q
    dx, dy = add_backward(dq, add_cache)  # ∂f/∂x = ∂f/∂y = ∂f/∂q
    values = {"x": x, "y": y, "z": z, "q": q, "f": f}
    grads = {"x": dx, "y": dy, "z": dz, "q": dq, "f": df}
    return values, grads
# --8<-- [end:circuit]


# --8<-- [start:branch]
import numpy as np


def branch_backward(*douts):
    """한 값이 여러 노드의 입력으로 쓰였으면 (분기) 경로마다 온 기울기를 더한다.

    ∂L/∂x = Σ_k ∂L/∂x_k  (x_k는 k번째 경로로 간 x의 복사본)
    """
    if not douts:
        raise ValueError("더할 기울기가 하나도 없습니다")
    for dout in douts[1:]:
        _same_shape(douts[0], dout)
    return sum(douts[1:], start=douts[0])
# --8<-- [end:branch]


# --8<-- [start:affine]
import numpy as np


def affine_forward(x, weight, bias):
    """Affine 계층 Y = XWᵀ + b (F.linear). x (N, D), weight (M, D), bias (M,) → Y (N, M)"""
    if np.ndim(x) != 2:
        raise ValueError(f"x는 (N, D) 2차원이어야 합니다: 모양 {np.shape(x)}")
    x, weight = np.asarray(x, dtype=np.float64), np.asarray(weight, dtype=np.float64)
    return linear(x, weight, bias), (x, weight)  # cache: 역전파에 쓸 입력과 가중치


def affine_backward(dout, cache):
    """dout = G = ∂L/∂Y (N, M)에서 (∂L/∂X, ∂L/∂W, ∂L/∂b)를 구한다."""
    x, weight = cache
    if np.shape(dout) != (x.shape[0], weight.shape[0]):
        raise ValueError(f"dout 모양 {np.shape(dout)}이 출력 모양 {(x.shape[0], weight.shape[0])}과 다릅니다")
    dx = dout @ weight  # ∂L/∂X_nd = Σ_m G_nm W_md   → G W     (N, D)
    dweight = dout.T @ x  # ∂L/∂W_md = Σ_n G_nm X_nd   → Gᵀ X    (M, D)
    dbias = dout.sum(axis=0)  # ∂L/∂b_m = Σ_n G_nm       → G의 열 합 (M,)
    return dx, dweight, dbias
# --8<-- [end:affine]


# --8<-- [start:two-layer-forward]
PARAM_NAMES = ("W1", "b1", "W2", "b2")


def two_layer_forward(x, params):
    """affine → ReLU → affine. x (N, D) → 로짓 z (N, C). 역전파에 쓸 cache도 돌려준다."""
    check_two_layer_shapes(x, params)  # 다섯 배열의 모양이 맞물리는지 (two-layer-shapes 절)
    a1, fc1 = affine_forward(x, params["W1"], params["b1"])  # a1 = x W1ᵀ + b1   (N, H)
    h1 = relu(a1)  # h1 = max(0, a1)
    z, fc2 = affine_forward(h1, params["W2"], params["b2"])  # z = h1 W2ᵀ + b2   (N, C)
    return z, (fc1, a1, fc2, z)


def two_layer_loss(x, target, params):
    """L = 교차 엔트로피의 배치 평균. target은 정답 클래스 번호 y (N,)."""
    z, _ = two_layer_forward(x, params)
    return cross_entropy(z, target)
# --8<-- [end:two-layer-forward]


# --8<-- [start:two-layer-shapes]
import numpy as np


def check_two_layer_shapes(x, params):
    """x (N, D), W1 (H, D), b1 (H,), W2 (C, H), b2 (C,)가 서로 맞물리는지 확인한다."""
    missing = [name for name in PARAM_NAMES if name not in params]
    if missing:
        raise ValueError(f"params에 {missing}이(가) 없습니다 (필요한 이름: {PARAM_NAMES})")
    shapes = {"x": np.shape(x), **{name: np.shape(params[name]) for name in PARAM_NAMES}}
    for name, ndim in (("x", 2), ("W1", 2), ("b1", 1), ("W2", 2), ("b2", 1)):
        if len(shapes[name]) != ndim:
            raise ValueError(f"{name}은(는) {ndim}차원이어야 합니다: 모양 {shapes[name]}")
    x, W1, b1, W2, b2 = shapes.values()
    must_match = [  # 같아야 하는 두 크기
        ("x의 특징 수", x[1], "W1의 열 수", W1[1]),
        ("W1의 행 수", W1[0], "b1의 길이", b1[0]),
        ("W1의 행 수", W1[0], "W2의 열 수", W2[1]),  # 은닉 뉴런 수 H
        ("W2의 행 수", W2[0], "b2의 길이", b2[0]),
    ]
    for name_a, a, name_b, b in must_match:
        if a != b:
            raise ValueError(f"{name_a}({a})와 {name_b}({b})가 다릅니다: " + ", ".join(f"{k} {v}" for k, v in shapes.items()))
# --8<-- [end:two-layer-shapes]


# --8<-- [start:two-layer-backward]
def two_layer_backward(cache, target):
    """순전파의 역순으로 기울기를 구한다. 이름별 dict: W1, b1, W2, b2 (params와 같은 모양)와 x."""
    fc1, a1, fc2, z = cache
    dz = cross_entropy_grad(z, target)  # ∂L/∂z = (p̂ - onehot(y)) / N,  p̂ = softmax(z)   (N, C)
    dh1, dW2, db2 = affine_backward(dz, fc2)  # ∂L/∂h1 = dz W2,  ∂L/∂W2 = dzᵀ h1,  ∂L/∂b2 = Σ_n dz
    da1 = dh1 * relu_grad(a1)  # ∂L/∂a1 = ∂L/∂h1 ⊙ [a1 > 0]
    dx, dW1, db1 = affine_backward(da1, fc1)  # ∂L/∂x = da1 W1,  ∂L/∂W1 = da1ᵀ x,  ∂L/∂b1 = Σ_n da1
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2, "x": dx}
# --8<-- [end:two-layer-backward]
