"""합성곱 신경망의 층: 2차원 합성곱과 최대·평균 풀링의 순전파와 역전파 (torch.nn.functional과 같은 뜻).

배열은 torch와 같은 (N, C, H, W) 배치다. conv2d는 torch처럼 커널을 뒤집지 않는 교차 상관
out[n, o, i, j] = bias[o] + Σ_{c, u, v} w[o, c, u, v] · x[n, c, s·i + d·u - p, s·j + d·v - p] 이다.
im2col이 모든 창(window)을 한 열씩 펼친 행렬 (N, C·kh·kw, out_h·out_w)을 만들면 합성곱은 그룹마다 행렬곱
한 번이 되고, col2im은 그 반대로 열의 값을 입력 자리에 더해 돌려놓아 역전파를 맡는다. 풀링도 같은 im2col로
창을 펼친 뒤 창마다 최댓값이나 평균을 낸다 (최대 풀링은 -∞로, 평균 풀링은 0으로 패딩한다).
stride, padding, dilation, kernel_size는 torch처럼 정수 하나나 (높이, 너비) 쌍이다.
conv_output_size는 출력 크기 ⌊(size + 2p − d(k−1) − 1)/s⌋ + 1이다.
digit_cnn_*은 8×8 손글씨 숫자를 위한 작은 CNN(합성곱 → ReLU → 2×2 최대 풀링 → 완전 연결)이다. 파라미터는
evolution.py의 다층 퍼셉트론처럼 층마다 (weight, bias)의 리스트라서 같은 학습 반복(evolution.fit)을 쓴다.
"""

from .activations import relu, relu_grad
from .backpropagation import affine_backward, affine_forward
from .evolution import init_params
from .losses import cross_entropy_grad

# --8<-- [start:sizes]
import numpy as np


def _integer(value, name, minimum):
    """minimum 이상의 정수 하나 (bool은 정수로 치지 않는다)."""
    if not isinstance(value, (int, np.integer)) or isinstance(value, (bool, np.bool_)) or value < minimum:
        raise ValueError(f"{name}은(는) {minimum} 이상의 정수여야 합니다: {name}={value!r}")
    return int(value)


def _pair(value, name, minimum):
    """정수 하나나 (높이, 너비) 쌍을 (높이, 너비)로 (torch처럼). 각 값은 minimum 이상의 정수."""
    pair = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    if len(pair) != 2:
        raise ValueError(f"{name}은(는) 정수 하나나 (높이, 너비) 쌍이어야 합니다: {name}={value!r}")
    return tuple(_integer(v, name, minimum) for v in pair)


def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    """한 축의 출력 크기 ⌊(size + 2p − d(k−1) − 1)/s⌋ + 1. 커널(유효 크기 d(k−1)+1)이 패딩한 입력보다 크면 ValueError."""
    size, kernel_size, stride = _integer(size, "size", 0), _integer(kernel_size, "kernel_size", 1), _integer(stride, "stride", 1)
    padding, dilation = _integer(padding, "padding", 0), _integer(dilation, "dilation", 1)
    effective = dilation * (kernel_size - 1) + 1
    if size + 2 * padding < effective:
        raise ValueError(f"커널의 유효 크기 {effective} (kernel_size={kernel_size}, dilation={dilation})가 "
                         f"패딩한 입력 크기 {size + 2 * padding} (size={size}, padding={padding})보다 큽니다")
    return (size + 2 * padding - effective) // stride + 1


def output_hw(input_shape, kernel_size, stride, padding, dilation):
    """(N, C, H, W) 입력의 출력 (out_h, out_w). 인자는 이미 (높이, 너비) 쌍이다."""
    return tuple(conv_output_size(input_shape[2 + axis], kernel_size[axis], stride[axis], padding[axis], dilation[axis])
                 for axis in range(2))
# --8<-- [end:sizes]


# --8<-- [start:direct]
import numpy as np


def conv2d_direct(input, weight, bias=None):
    """교차 상관의 식을 그대로 옮긴 반복문 (스트라이드 1, 패딩 0). 느리지만 식과 한 줄씩 맞는다.
    input (N, C, H, W), weight (O, C, kh, kw), bias (O,) → (N, O, H − kh + 1, W − kw + 1)."""
    x, w = np.asarray(input, dtype=np.float64), np.asarray(weight, dtype=np.float64)
    if x.ndim != 4 or w.ndim != 4 or x.shape[1] != w.shape[1]:
        raise ValueError(f"input (N, C, H, W)와 weight (O, C, kh, kw)의 C가 같아야 합니다: input 모양 {x.shape}, weight 모양 {w.shape}")
    (n, _, h, width), (o, _, kh, kw) = x.shape, w.shape
    if kh > h or kw > width:
        raise ValueError(f"커널 {kh}×{kw}가 입력 {h}×{width}보다 큽니다")
    out = np.zeros((n, o, h - kh + 1, width - kw + 1))
    for i in range(h - kh + 1):
        for j in range(width - kw + 1):
            window = x[:, :, i : i + kh, j : j + kw]  # (N, C, kh, kw): 출력 자리 (i, j)가 보는 창
            out[:, :, i, j] = np.einsum("ncuv,ocuv->no", window, w)  # Σ_c Σ_u Σ_v w[o,c,u,v] · x[n,c,i+u,j+v]
    if bias is None:
        return out
    b = np.asarray(bias, dtype=np.float64)
    if b.shape != (o,):
        raise ValueError(f"bias 모양 {b.shape}이 (out_channels,) = ({o},)이어야 합니다")
    return out + b.reshape(1, o, 1, 1)
# --8<-- [end:direct]


# --8<-- [start:window-indices]
import numpy as np


def window_indices(size, kernel_size, stride=1, padding=0, dilation=1):
    """한 축에서 출력 자리 i의 창이 보는 입력 칸 s·i + d·u − p (u = 0, …, k − 1). → (n_out, k) 정수 배열.
    음수이거나 size 이상인 칸은 패딩이다. 창의 수 n_out은 conv_output_size가 준다."""
    n_out = conv_output_size(size, kernel_size, stride, padding, dilation)
    return stride * np.arange(n_out)[:, None] + dilation * np.arange(kernel_size)[None, :] - padding
# --8<-- [end:window-indices]


# --8<-- [start:im2col]
import numpy as np


def im2col(input, kernel_size, stride=1, padding=0, dilation=1, pad_value=0.0):
    """(N, C, H, W) → (N, C·kh·kw, out_h·out_w). 열 l = i·out_w + j는 출력 자리 (i, j)가 보는 창이고,
    행 (c, a, b)는 그 창에서 채널 c의 (a, b)번째 값 x[c, s·i + d·a − p, s·j + d·b − p] (패딩 자리는 pad_value)."""
    x = np.asarray(input, dtype=np.float64)
    k, s, p, d = (_pair(v, name, low) for v, name, low in ((kernel_size, "kernel_size", 1), (stride, "stride", 1),
                                                          (padding, "padding", 0), (dilation, "dilation", 1)))
    (n, c), (out_h, out_w) = x.shape[:2], output_hw(x.shape, k, s, p, d)
    padded = np.pad(x, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])), constant_values=pad_value)
    span = (d[0] * (k[0] - 1) + 1, d[1] * (k[1] - 1) + 1)  # 팽창한 커널이 덮는 크기
    windows = np.lib.stride_tricks.sliding_window_view(padded, span, axis=(2, 3))  # 복사 없는 뷰
    windows = windows[:, :, : s[0] * out_h : s[0], : s[1] * out_w : s[1], :: d[0], :: d[1]]  # (N, C, oh, ow, kh, kw)
    return windows.transpose(0, 1, 4, 5, 2, 3).reshape(n, c * k[0] * k[1], out_h * out_w)  # 여기서 한 번 복사
# --8<-- [end:im2col]


# --8<-- [start:col2im]
import numpy as np


def col2im(cols, input_shape, kernel_size, stride=1, padding=0, dilation=1):
    """im2col의 전치: 열의 값을 그 값이 온 입력 자리에 더한다 (창이 겹치는 자리는 여러 번 더해진다).
    커널 자리 (a, b)마다 그 자리가 보는 입력 칸들은 서로 다르므로, 그 조각에 한꺼번에 더해도 np.add.at과 같다."""
    k, s, p, d = (_pair(v, name, low) for v, name, low in ((kernel_size, "kernel_size", 1), (stride, "stride", 1),
                                                          (padding, "padding", 0), (dilation, "dilation", 1)))
    n, c, h, w = input_shape
    out_h, out_w = output_hw(input_shape, k, s, p, d)
    cols = np.asarray(cols, dtype=np.float64).reshape(n, c, k[0], k[1], out_h, out_w)
    padded = np.zeros((n, c, h + 2 * p[0], w + 2 * p[1]))
    for a in range(k[0]):  # 커널 자리마다 (화소마다가 아니다): kh·kw번
        for b in range(k[1]):
            top, left = d[0] * a, d[1] * b
            padded[:, :, top : top + s[0] * out_h : s[0], left : left + s[1] * out_w : s[1]] += cols[:, :, a, b]
    return padded[:, :, p[0] : p[0] + h, p[1] : p[1] + w].copy()  # 패딩 자리의 기울기는 버린다
# --8<-- [end:col2im]


# --8<-- [start:conv-checks]
import numpy as np


def as_4d(x, name):
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 4:
        raise ValueError(f"{name}은(는) (N, C, H, W) 4차원이어야 합니다: {name} 모양 {x.shape}")
    return x


def conv_arguments(input, weight, bias, stride, padding, dilation, groups):
    """conv2d의 인자를 검사하고 (x, w, b, stride, padding, dilation, groups, (out_h, out_w))로 정리한다."""
    x, w = as_4d(input, "input"), np.asarray(weight, dtype=np.float64)
    if w.ndim != 4:
        raise ValueError(f"weight는 (out_channels, in_channels/groups, kh, kw) 4차원이어야 합니다: weight 모양 {w.shape}")
    groups = _integer(groups, "groups", 1)
    if x.shape[1] % groups:
        raise ValueError(f"입력 채널 수 {x.shape[1]} (input 모양 {x.shape})가 groups={groups}로 나누어떨어지지 않습니다")
    if w.shape[0] % groups:
        raise ValueError(f"출력 채널 수 {w.shape[0]} (weight 모양 {w.shape})가 groups={groups}로 나누어떨어지지 않습니다")
    if x.shape[1] != w.shape[1] * groups:
        raise ValueError(f"input 채널 수 {x.shape[1]} (모양 {x.shape})가 weight.shape[1]·groups = "
                         f"{w.shape[1]}·{groups} = {w.shape[1] * groups} (weight 모양 {w.shape})와 다릅니다")
    b = None if bias is None else np.asarray(bias, dtype=np.float64)
    if b is not None and b.shape != (w.shape[0],):
        raise ValueError(f"bias 모양 {b.shape}이 (out_channels,) = ({w.shape[0]},)이어야 합니다 (weight 모양 {w.shape})")
    s, p, d = _pair(stride, "stride", 1), _pair(padding, "padding", 0), _pair(dilation, "dilation", 1)
    return x, w, b, s, p, d, groups, output_hw(x.shape, w.shape[2:], s, p, d)
# --8<-- [end:conv-checks]


# --8<-- [start:conv2d]
import numpy as np


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """F.conv2d와 같은 교차 상관. input (N, C, H, W), weight (O, C/groups, kh, kw), bias (O,) → (N, O, out_h, out_w).
    그룹 g의 출력 채널은 그룹 g의 입력 채널만 본다: 펼친 열도 그룹으로 나눠 그룹마다 행렬곱 (O/g, K) @ (K, L)."""
    x, w, b, s, p, d, groups, (out_h, out_w) = conv_arguments(input, weight, bias, stride, padding, dilation, groups)
    n, o = x.shape[0], w.shape[0]
    cols = im2col(x, w.shape[2:], s, p, d).reshape(n, groups, -1, out_h * out_w)  # (N, G, K, L), K = C/G·kh·kw
    kernels = w.reshape(groups, o // groups, -1)  # (G, O/G, K)
    out = np.empty((n, groups, o // groups, out_h * out_w))
    for g in range(groups):  # 그룹마다 배치 행렬곱 한 번: (O/G, K) @ (N, K, L) → (N, O/G, L)
        np.matmul(kernels[g], cols[:, g], out=out[:, g])
    out = out.reshape(n, o, out_h, out_w)
    return out if b is None else out + b.reshape(1, o, 1, 1)
# --8<-- [end:conv2d]


# --8<-- [start:conv2d-backward]
import numpy as np


def check_grad_output(grad_output, expected_shape):
    grad_output = np.asarray(grad_output, dtype=np.float64)
    if grad_output.shape != tuple(expected_shape):
        raise ValueError(f"grad_output 모양 {grad_output.shape}이 순전파 출력의 모양 {tuple(expected_shape)}과 다릅니다")
    return grad_output


def conv2d_backward(grad_output, input, weight, stride=1, padding=0, dilation=1, groups=1):
    """∂L/∂out (N, O, out_h, out_w) → (∂L/∂input, ∂L/∂weight, ∂L/∂bias).
    out = W·cols + b이므로 ∂L/∂W = ∂L/∂out · colsᵀ, ∂L/∂cols = Wᵀ · ∂L/∂out (이를 col2im으로 입력에 되돌린다),
    ∂L/∂b = 배치와 자리에 걸친 합."""
    x, w, _, s, p, d, groups, (out_h, out_w) = conv_arguments(input, weight, None, stride, padding, dilation, groups)
    n, o = x.shape[0], w.shape[0]
    grad = check_grad_output(grad_output, (n, o, out_h, out_w)).reshape(n, groups, o // groups, -1)  # (N, G, O/G, L)
    cols = im2col(x, w.shape[2:], s, p, d).reshape(n, groups, -1, out_h * out_w)  # (N, G, K, L)
    kernels = w.reshape(groups, o // groups, -1)  # (G, O/G, K)
    grad_weight, grad_cols = np.empty_like(kernels), np.empty_like(cols)
    for g in range(groups):
        grad_weight[g] = np.matmul(grad[:, g], cols[:, g].swapaxes(1, 2)).sum(axis=0)  # Σ_n (O/G, L) @ (L, K)
        np.matmul(kernels[g].T, grad[:, g], out=grad_cols[:, g])  # (K, O/G) @ (N, O/G, L) → (N, K, L)
    grad_input = col2im(grad_cols.reshape(n, -1, out_h * out_w), x.shape, w.shape[2:], s, p, d)
    return grad_input, grad_weight.reshape(w.shape), grad.sum(axis=(0, 3)).reshape(o)  # (G, O/G) → (O,)
# --8<-- [end:conv2d-backward]


# --8<-- [start:pool-checks]
import numpy as np


def pool_arguments(input, kernel_size, stride, padding):
    """풀링 인자 검사: (x, kernel_size, stride, padding, (out_h, out_w)). stride=None이면 kernel_size (torch와 같음).
    torch처럼 padding이 커널의 절반보다 크면 거절한다 (창 하나가 모두 패딩일 수 있으므로)."""
    x = as_4d(input, "input")
    k = _pair(kernel_size, "kernel_size", 1)
    s = k if stride is None else _pair(stride, "stride", 1)
    p = _pair(padding, "padding", 0)
    if any(2 * p[axis] > k[axis] for axis in range(2)):
        raise ValueError(f"padding {p}은 kernel_size {k}의 절반 이하여야 합니다 (torch도 거절한다)")
    return x, k, s, p, output_hw(x.shape, k, s, p, (1, 1))  # 커널이 패딩한 입력보다 크면 여기서 ValueError


def pool_windows(x, k, s, p, pad_value):
    """(N, C, H, W) → 창마다의 값 (N, C, kh·kw, out_h·out_w)."""
    n, c = x.shape[:2]
    return im2col(x, k, s, p, 1, pad_value).reshape(n, c, k[0] * k[1], -1)
# --8<-- [end:pool-checks]


# --8<-- [start:max-pool]
import numpy as np


def max_pool2d(input, kernel_size, stride=None, padding=0):
    """F.max_pool2d와 같다: 창마다의 최댓값. 패딩 자리는 -∞라서 뽑히지 않는다."""
    x, k, s, p, out_hw = pool_arguments(input, kernel_size, stride, padding)
    return pool_windows(x, k, s, p, -np.inf).max(axis=2).reshape(x.shape[:2] + out_hw)


def max_pool2d_backward(grad_output, input, kernel_size, stride=None, padding=0):
    """기울기는 창에서 최댓값이었던 자리(argmax, 같은 값이 여럿이면 첫 자리)로만 흐른다."""
    x, k, s, p, (out_h, out_w) = pool_arguments(input, kernel_size, stride, padding)
    n, c = x.shape[:2]
    grad = check_grad_output(grad_output, (n, c, out_h, out_w)).reshape(n, c, 1, -1)
    windows = pool_windows(x, k, s, p, -np.inf)
    grad_cols = np.zeros_like(windows)
    np.put_along_axis(grad_cols, windows.argmax(axis=2)[:, :, None, :], grad, axis=2)
    return col2im(grad_cols.reshape(n, -1, out_h * out_w), x.shape, k, s, p)
# --8<-- [end:max-pool]


# --8<-- [start:avg-pool]
import numpy as np


def pool_divisor(x, k, s, p, count_include_pad):
    """창마다 나눌 수: count_include_pad=True면 kh·kw, False면 창 안의 (패딩이 아닌) 입력 칸 수 (torch와 같음)."""
    if not isinstance(count_include_pad, (bool, np.bool_)):
        raise ValueError(f"count_include_pad는 True나 False여야 합니다: count_include_pad={count_include_pad!r}")
    if count_include_pad:
        return float(k[0] * k[1])
    return pool_windows(np.ones((1, 1) + x.shape[2:]), k, s, p, 0.0).sum(axis=2)  # (1, 1, L)


def avg_pool2d(input, kernel_size, stride=None, padding=0, count_include_pad=True):
    """F.avg_pool2d와 같다: 창마다의 합 / pool_divisor. 패딩 자리는 0이다."""
    x, k, s, p, out_hw = pool_arguments(input, kernel_size, stride, padding)
    out = pool_windows(x, k, s, p, 0.0).sum(axis=2) / pool_divisor(x, k, s, p, count_include_pad)
    return out.reshape(x.shape[:2] + out_hw)


def avg_pool2d_backward(grad_output, input, kernel_size, stride=None, padding=0, count_include_pad=True):
    """창의 모든 칸이 ∂L/∂out / (나눈 수)를 받는다 (창이 겹치면 더해진다)."""
    x, k, s, p, (out_h, out_w) = pool_arguments(input, kernel_size, stride, padding)
    n, c = x.shape[:2]
    grad = check_grad_output(grad_output, (n, c, out_h, out_w)).reshape(n, c, 1, -1)
    share = grad / pool_divisor(x, k, s, p, count_include_pad)
    grad_cols = np.broadcast_to(share, (n, c, k[0] * k[1], out_h * out_w))
    return col2im(grad_cols.reshape(n, -1, out_h * out_w), x.shape, k, s, p)
# --8<-- [end:avg-pool]


# --8<-- [start:receptive-field]
import numpy as np


def receptive_field(layers):
    """층 [(kernel_size, stride), ...]를 차례로 쌓은 출력 값 하나의 수용 영역 r_L = 1 + Σ_l (k_l − 1) Π_{i<l} s_i.
    팽창한 커널은 kernel_size 자리에 유효 크기 d(k − 1) + 1을 넣는다."""
    r, jump = 1, 1  # jump: 이 층의 한 칸이 입력에서 몇 칸인가 (앞 층들의 스트라이드 곱)
    for position, layer in enumerate(layers):
        if not isinstance(layer, (tuple, list)) or len(layer) != 2:
            raise ValueError(f"layers[{position}]는 (kernel_size, stride) 쌍이어야 합니다: {layer!r}")
        k, s = _integer(layer[0], "kernel_size", 1), _integer(layer[1], "stride", 1)
        r, jump = r + (k - 1) * jump, jump * s
    return r
# --8<-- [end:receptive-field]


# --8<-- [start:digit-cnn]
import numpy as np


def digit_cnn_init(channels, rng, image_size=8, classes=10):
    """[(커널 (channels, 1, 3, 3), 편향), (완전 연결 가중치 (classes, channels·(size/2)²), 편향)].
    torch nn.Conv2d·nn.Linear의 기본 초기화처럼 U(-1/√fan_in, 1/√fan_in). fan_in은 합성곱 9, 완전 연결 channels·(image_size/2)²."""
    if image_size % 2:
        raise ValueError(f"image_size는 2×2 풀링으로 나누어떨어지는 짝수여야 합니다: image_size={image_size}")
    conv_bound = 1 / 3  # fan_in = 커널의 칸 수 9
    conv = (rng.uniform(-conv_bound, conv_bound, (channels, 1, 3, 3)), rng.uniform(-conv_bound, conv_bound, channels))
    return [conv, *init_params((channels * (image_size // 2) ** 2, classes), rng)]  # 완전 연결 층은 evolution.py의 초기화


def digit_cnn_forward(params, x):
    """x (N, 1, H, W) → 로짓 (N, classes)와 cache. 합성곱(패딩 1) → ReLU → 2×2 최대 풀링 → 펼치기 → 완전 연결."""
    (kernels, conv_bias), (fc_weight, fc_bias) = params
    z = conv2d(x, kernels, conv_bias, padding=1)  # (N, C, H, W): 패딩 1이라 크기가 그대로
    h = relu(z)
    pooled = max_pool2d(h, 2)  # (N, C, H/2, W/2)
    logits, fc_cache = affine_forward(pooled.reshape(len(pooled), -1), fc_weight, fc_bias)
    return logits, (np.asarray(x, dtype=np.float64), z, h, pooled.shape, fc_cache)


def digit_cnn_gradients(params, x, target):
    """교차 엔트로피의 배치 평균의 기울기 [(∂커널, ∂편향), (∂W, ∂b)]: 순전파의 층을 거꾸로 지난다."""
    logits, (x, z, h, pooled_shape, fc_cache) = digit_cnn_forward(params, x)
    g, grad_fc_weight, grad_fc_bias = affine_backward(cross_entropy_grad(logits, target), fc_cache)
    g = max_pool2d_backward(g.reshape(pooled_shape), h, 2)  # 창의 최댓값 자리로만
    g = g * relu_grad(z)
    _, grad_kernels, grad_conv_bias = conv2d_backward(g, x, params[0][0], padding=1)  # 입력의 기울기는 쓰지 않는다
    return [(grad_kernels, grad_conv_bias), (grad_fc_weight, grad_fc_bias)]


def digit_cnn_predict(params, x):
    """로짓이 가장 큰 클래스 (N,)."""
    return digit_cnn_forward(params, x)[0].argmax(axis=1)
# --8<-- [end:digit-cnn]
