"""순환 신경망: RNN·LSTM·GRU 셀과 시퀀스 전체의 순전파, 그리고 시간 역전파(BPTT).

가중치의 모양은 torch와 같다: w_ih (G·H, I), w_hh (G·H, H), b_ih·b_hh (G·H,). G는 게이트 수
(RNN 1, LSTM 4, GRU 3), I는 입력 특징 수, H는 은닉 크기이고 게이트 순서도 torch를 따른다
(LSTM i, f, g, o / GRU r, z, n). 입력은 배치가 있는 2차원만 받는다: x (N, I), h·c (N, H).
H는 h의 열 수에서 읽고, 가중치와 편향이 그 H와 x의 I에 맞지 않으면 ValueError를 낸다.

GRU는 torch의 식이다: n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)). 리셋 게이트 r을 행렬곱 **뒤에**
곱한다. Cho 외(2014)의 원래 식 n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)와는 값이 다르다.

*_cell_forward는 출력과 함께 역전파에 쓸 cache를 돌려주고, *_cell은 출력만 돌려준다.
*_cell_backward(위에서 온 기울기, cache)는 (dx, dh[, dc], dw_ih, dw_hh, db_ih, db_hh)를 돌려준다.
시퀀스 함수는 x (L, N, I) (torch의 batch_first=False), 층 하나이고, 초기·마지막 상태는 층 축이 없는 (N, H)다
(torch의 nn.RNN은 (1, N, H)). params는 {"w_ih", "w_hh", "b_ih", "b_hh"} dict다.

페이지의 실험에 쓰는 절: init(torch의 기본 초기화), by-kind(세 셀을 이름으로 고르는 순전파·역전파),
gradient-distance(마지막 상태의 기울기가 거리 k만큼 앞의 입력에 닿는 크기), first-symbol(첫 기호 맞히기 데이터),
classifier(마지막 은닉 상태 위의 선형층과 교차 엔트로피), train(Adam으로 학습하고 처음 보는 시퀀스에서 정확도).
"""

from .activations import linear, relu, sigmoid, tanh
from .backpropagation import affine_backward, affine_forward
from .evolution import init_params
from .losses import cross_entropy, cross_entropy_grad
from .optimizers import Adam

# --8<-- [start:checks]
import numpy as np

NONLINEARITIES = ("tanh", "relu")
PARAM_KEYS = ("w_ih", "w_hh", "b_ih", "b_hh")


def _check_nonlinearity(nonlinearity):
    if nonlinearity not in NONLINEARITIES:
        raise ValueError(f"nonlinearity는 {NONLINEARITIES} 중 하나여야 합니다: nonlinearity={nonlinearity!r}")


def _check_cell(x, h, w_ih, w_hh, b_ih, b_hh, gates, x_name="x", h_name="h"):
    """여섯 배열을 float64로 바꾸고 모양이 셀에 맞는지 본다. gates = G (RNN 1, LSTM 4, GRU 3)."""
    x, h, w_ih, w_hh, b_ih, b_hh = (np.asarray(a, dtype=np.float64) for a in (x, h, w_ih, w_hh, b_ih, b_hh))
    if x.ndim != 2:
        raise ValueError(f"{x_name}는 (N, I) 2차원이어야 합니다: 모양 {x.shape}")
    if h.ndim != 2:
        raise ValueError(f"{h_name}는 (N, H) 2차원이어야 합니다: 모양 {h.shape}")
    if h.shape[0] != x.shape[0]:
        raise ValueError(f"{h_name}의 배치 크기가 {x_name}와 다릅니다: {h_name} 모양 {h.shape}, {x_name} 모양 {x.shape}")
    i, hidden = x.shape[1], h.shape[1]
    expected = {"w_ih": (gates * hidden, i), "w_hh": (gates * hidden, hidden), "b_ih": (gates * hidden,), "b_hh": (gates * hidden,)}
    for name, array in zip(PARAM_KEYS, (w_ih, w_hh, b_ih, b_hh)):
        if array.shape != expected[name]:
            raise ValueError(
                f"{name}의 모양 {array.shape}이 셀에 맞지 않습니다: 게이트 {gates}개 × H = {hidden} ({h_name} 모양 {h.shape}),"
                f" I = {i} ({x_name} 모양 {x.shape})이면 {expected[name]}이어야 합니다"
            )
    return x, h, w_ih, w_hh, b_ih, b_hh


def _check_same_shape(name, array, shape):
    """기울기나 셀 상태가 기대한 모양인지 (브로드캐스팅 없음)."""
    array = np.asarray(array, dtype=np.float64)
    if array.shape != tuple(shape):
        raise ValueError(f"{name}의 모양 {array.shape}이 {tuple(shape)}이어야 합니다")
    return array
# --8<-- [end:checks]


# --8<-- [start:gates]
import numpy as np


def _gates(x, h, w_ih, w_hh, b_ih, b_hh):
    """두 아핀 변환: 입력 쪽 x W_ihᵀ + b_ih, 은닉 쪽 h W_hhᵀ + b_hh. 둘 다 (N, G·H)."""
    return linear(x, w_ih, b_ih), linear(h, w_hh, b_hh)


def _gates_backward(dgi, dgh, x, h, w_ih, w_hh):
    """두 아핀 변환의 역전파 (affine_backward 두 번): (dx, dh, dw_ih, dw_hh, db_ih, db_hh)."""
    dx, dw_ih, db_ih = affine_backward(dgi, (x, w_ih))
    dh, dw_hh, db_hh = affine_backward(dgh, (h, w_hh))
    return dx, dh, dw_ih, dw_hh, db_ih, db_hh
# --8<-- [end:gates]


# --8<-- [start:rnn-cell]
import numpy as np


def rnn_cell_forward(x, h, w_ih, w_hh, b_ih, b_hh, nonlinearity="tanh"):
    """h' = act(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh), act는 tanh 또는 relu (nn.RNNCell). (h', cache)"""
    _check_nonlinearity(nonlinearity)
    x, h, w_ih, w_hh, b_ih, b_hh = _check_cell(x, h, w_ih, w_hh, b_ih, b_hh, gates=1)
    gi, gh = _gates(x, h, w_ih, w_hh, b_ih, b_hh)
    a = gi + gh  # 활성화 전 값 (N, H)
    h_next = tanh(a) if nonlinearity == "tanh" else relu(a)
    return h_next, (x, h, w_ih, w_hh, a, h_next, nonlinearity)


def rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh, nonlinearity="tanh"):
    """다음 은닉 상태 h' (N, H)만 돌려준다."""
    return rnn_cell_forward(x, h, w_ih, w_hh, b_ih, b_hh, nonlinearity)[0]


def rnn_cell_backward(dh_next, cache):
    """∂L/∂a = ∂L/∂h' ⊙ act'(a): tanh면 1 - h'², relu면 [a > 0]. a를 두 아핀 변환으로 되돌린다."""
    x, h, w_ih, w_hh, a, h_next, nonlinearity = cache
    dh_next = _check_same_shape("dh_next", dh_next, h_next.shape)
    da = dh_next * (1.0 - h_next**2 if nonlinearity == "tanh" else a > 0)
    return _gates_backward(da, da, x, h, w_ih, w_hh)  # a = gi + gh: 두 쪽에 같은 기울기
# --8<-- [end:rnn-cell]


# --8<-- [start:lstm-cell]
import numpy as np


def lstm_cell_forward(x, h, c, w_ih, w_hh, b_ih, b_hh):
    """nn.LSTMCell. 게이트 순서 i, f, g, o. (h', c', cache)

    i = σ(·), f = σ(·), g = tanh(·), o = σ(·)  (· = x W_ihᵀ + b_ih + h W_hhᵀ + b_hh의 해당 H열)
    c' = f ⊙ c + i ⊙ g,   h' = o ⊙ tanh(c')
    """
    x, h, w_ih, w_hh, b_ih, b_hh = _check_cell(x, h, w_ih, w_hh, b_ih, b_hh, gates=4)
    c = _check_same_shape("c", c, h.shape)
    gi, gh = _gates(x, h, w_ih, w_hh, b_ih, b_hh)
    a_i, a_f, a_g, a_o = np.split(gi + gh, 4, axis=1)
    i, f, g, o = sigmoid(a_i), sigmoid(a_f), tanh(a_g), sigmoid(a_o)
    c_next = f * c + i * g
    tanh_c = tanh(c_next)
    h_next = o * tanh_c
    return h_next, c_next, (x, h, c, w_ih, w_hh, i, f, g, o, tanh_c)


def lstm_cell(x, h, c, w_ih, w_hh, b_ih, b_hh):
    """(h', c')만 돌려준다."""
    h_next, c_next, _ = lstm_cell_forward(x, h, c, w_ih, w_hh, b_ih, b_hh)
    return h_next, c_next


def lstm_cell_backward(dh_next, dc_next, cache):
    """(dx, dh, dc, dw_ih, dw_hh, db_ih, db_hh). c'로 오는 기울기는 두 길: 바로 오는 dc'와 h'를 거친 것."""
    x, h, c, w_ih, w_hh, i, f, g, o, tanh_c = cache
    dh_next = _check_same_shape("dh_next", dh_next, h.shape)
    dc_next = _check_same_shape("dc_next", dc_next, h.shape)
    do = dh_next * tanh_c  # h' = o ⊙ tanh(c')
    dct = dc_next + dh_next * o * (1.0 - tanh_c**2)  # ∂L/∂c' 전체
    di, df, dg, dc = dct * g, dct * c, dct * i, dct * f  # c' = f ⊙ c + i ⊙ g
    # 활성화 전으로: σ' = σ(1 - σ), tanh' = 1 - tanh²
    da = np.concatenate([di * i * (1 - i), df * f * (1 - f), dg * (1 - g**2), do * o * (1 - o)], axis=1)
    dx, dh, dw_ih, dw_hh, db_ih, db_hh = _gates_backward(da, da, x, h, w_ih, w_hh)
    return dx, dh, dc, dw_ih, dw_hh, db_ih, db_hh
# --8<-- [end:lstm-cell]


# --8<-- [start:gru-cell]
import numpy as np


def gru_cell_forward(x, h, w_ih, w_hh, b_ih, b_hh):
    """nn.GRUCell. 게이트 순서 r, z, n. (h', cache)

    r = σ(W_ir x + b_ir + W_hr h + b_hr),   z = σ(W_iz x + b_iz + W_hz h + b_hz)
    n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))   ← r은 행렬곱 뒤에 곱한다 (Cho 외 2014와 다름)
    h' = (1 - z) ⊙ n + z ⊙ h
    """
    x, h, w_ih, w_hh, b_ih, b_hh = _check_cell(x, h, w_ih, w_hh, b_ih, b_hh, gates=3)
    gi, gh = _gates(x, h, w_ih, w_hh, b_ih, b_hh)
    (i_r, i_z, i_n), (h_r, h_z, h_n) = np.split(gi, 3, axis=1), np.split(gh, 3, axis=1)
    r, z = sigmoid(i_r + h_r), sigmoid(i_z + h_z)
    n = tanh(i_n + r * h_n)  # h_n = W_hn h + b_hn
    h_next = (1.0 - z) * n + z * h
    return h_next, (x, h, w_ih, w_hh, r, z, n, h_n)


def gru_cell(x, h, w_ih, w_hh, b_ih, b_hh):
    """다음 은닉 상태 h' (N, H)만 돌려준다."""
    return gru_cell_forward(x, h, w_ih, w_hh, b_ih, b_hh)[0]


def gru_cell_backward(dh_next, cache):
    """(dx, dh, dw_ih, dw_hh, db_ih, db_hh). n 게이트에서 입력 쪽과 은닉 쪽의 기울기가 갈린다 (r배)."""
    x, h, w_ih, w_hh, r, z, n, h_n = cache
    dh_next = _check_same_shape("dh_next", dh_next, h.shape)
    dn = dh_next * (1.0 - z) * (1.0 - n**2)  # n의 활성화 전 값으로
    dz = dh_next * (h - n) * z * (1.0 - z)  # h' = n + z ⊙ (h - n)
    dr = dn * h_n * r * (1.0 - r)  # r ⊙ h_n
    dgi = np.concatenate([dr, dz, dn], axis=1)
    dgh = np.concatenate([dr, dz, dn * r], axis=1)  # 은닉 쪽 n은 r을 곱해 들어갔다
    dx, dh, dw_ih, dw_hh, db_ih, db_hh = _gates_backward(dgi, dgh, x, h, w_ih, w_hh)
    return dx, dh + dh_next * z, dw_ih, dw_hh, db_ih, db_hh  # z ⊙ h로 곧장 가는 길을 더한다
# --8<-- [end:gru-cell]


# --8<-- [start:unroll]
import numpy as np


def _check_sequence(x, states, params, gates):
    """x (L, N, I), L ≥ 1, params의 네 가중치, 초기 상태 h0 (와 c0)이 셀에 맞는지. x를 float64로 돌려준다."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 3 or x.shape[0] == 0:
        raise ValueError(f"x는 (L, N, I) 3차원이고 L ≥ 1이어야 합니다: 모양 {x.shape}")
    if not isinstance(params, dict) or set(params) != set(PARAM_KEYS):
        keys = sorted(params) if isinstance(params, dict) else type(params).__name__
        raise ValueError(f"params는 키가 {PARAM_KEYS}인 dict여야 합니다: {keys}")
    h0 = _check_cell(x[0], states[0], *(params[key] for key in PARAM_KEYS), gates, x_name="x[t]", h_name="h0")[1]
    for state in states[1:]:
        _check_same_shape("c0", state, h0.shape)
    return x


def _unroll(cell_forward, gates, x, states, params, **options):
    """시점마다 cell_forward(x[t], *상태, 가중치)로 상태를 넘긴다. (출력 (L, N, H), 마지막 상태들, cache들)"""
    x = _check_sequence(x, states, params, gates)
    weights = [params[key] for key in PARAM_KEYS]
    outputs, caches = [], []
    for t in range(x.shape[0]):
        *states, cache = cell_forward(x[t], *states, *weights, **options)
        outputs.append(states[0])  # 출력은 그 시점의 은닉 상태 h_t
        caches.append(cache)
    return np.stack(outputs), tuple(states), caches
# --8<-- [end:unroll]


# --8<-- [start:bptt]
import numpy as np


def _through_time(cell_backward, dout, final_grads, caches):
    """BPTT: 마지막 시점부터 거꾸로. h_t로 오는 기울기 = dout[t] + (t+1 시점이 h_t로 보낸 것).
    final_grads = (dh_n,) 또는 (dh_n, dc_n), None은 0. 가중치 기울기는 모든 시점의 것을 더한다."""
    length, (n, hidden) = len(caches), caches[0][1].shape  # 세 셀 모두 cache[1]이 그 시점에 들어간 h
    dout = _check_same_shape("dout", dout, (length, n, hidden))
    names = ("dh_n", "dc_n")[: len(final_grads)]
    dstates = [np.zeros((n, hidden)) if d is None else _check_same_shape(name, d, (n, hidden)) for name, d in zip(names, final_grads)]
    dxs, dweights = [None] * length, [0.0] * len(PARAM_KEYS)
    for t in reversed(range(length)):
        dstates[0] = dstates[0] + dout[t]  # 출력 h_t와 다음 시점, 두 길로 온 기울기 (새 배열: 입력을 바꾸지 않는다)
        dxs[t], *grads = cell_backward(*dstates, caches[t])
        dstates, step = grads[: len(names)], grads[len(names) :]
        dweights = [total + g for total, g in zip(dweights, step)]
    return np.stack(dxs), dstates, dict(zip(PARAM_KEYS, dweights))
# --8<-- [end:bptt]


# --8<-- [start:rnn-sequence]
import numpy as np


def rnn_forward(x, h0, params, nonlinearity="tanh"):
    """nn.RNN (층 하나). x (L, N, I), h0 (N, H) → (출력 (L, N, H), h_n (N, H), cache)"""
    output, (h_n,), caches = _unroll(rnn_cell_forward, 1, x, (h0,), params, nonlinearity=nonlinearity)
    return output, h_n, caches


def rnn(x, h0, params, nonlinearity="tanh"):
    """(출력 (L, N, H), h_n (N, H))"""
    return rnn_forward(x, h0, params, nonlinearity)[:2]


def rnn_backward(dout, cache, dh_n=None):
    """dout = ∂L/∂출력 (L, N, H), dh_n = ∂L/∂h_n (없으면 0) → (dx, dh0, 가중치 기울기 dict)"""
    dx, (dh0,), grads = _through_time(rnn_cell_backward, dout, (dh_n,), cache)
    return dx, dh0, grads
# --8<-- [end:rnn-sequence]


# --8<-- [start:lstm-sequence]
import numpy as np


def lstm_forward(x, h0, c0, params):
    """nn.LSTM (층 하나). → (출력 (L, N, H), (h_n, c_n), cache)"""
    output, (h_n, c_n), caches = _unroll(lstm_cell_forward, 4, x, (h0, c0), params)
    return output, (h_n, c_n), caches


def lstm(x, h0, c0, params):
    """(출력 (L, N, H), (h_n, c_n)): torch의 nn.LSTM과 같은 짜임."""
    return lstm_forward(x, h0, c0, params)[:2]


def lstm_backward(dout, cache, dh_n=None, dc_n=None):
    """→ (dx, dh0, dc0, 가중치 기울기 dict). dh_n·dc_n이 없으면 0."""
    dx, (dh0, dc0), grads = _through_time(lstm_cell_backward, dout, (dh_n, dc_n), cache)
    return dx, dh0, dc0, grads
# --8<-- [end:lstm-sequence]


# --8<-- [start:gru-sequence]
import numpy as np


def gru_forward(x, h0, params):
    """nn.GRU (층 하나). → (출력 (L, N, H), h_n (N, H), cache)"""
    output, (h_n,), caches = _unroll(gru_cell_forward, 3, x, (h0,), params)
    return output, h_n, caches


def gru(x, h0, params):
    """(출력 (L, N, H), h_n (N, H))"""
    return gru_forward(x, h0, params)[:2]


def gru_backward(dout, cache, dh_n=None):
    """→ (dx, dh0, 가중치 기울기 dict). dh_n이 없으면 0."""
    dx, (dh0,), grads = _through_time(gru_cell_backward, dout, (dh_n,), cache)
    return dx, dh0, grads
# --8<-- [end:gru-sequence]


# --8<-- [start:init]
import numpy as np

GATE_COUNTS = {"rnn": 1, "lstm": 4, "gru": 3}  # 게이트 수 G: 가중치는 (G·H, ·)


def _check_kind(kind):
    if kind not in GATE_COUNTS:
        raise ValueError(f"kind는 {tuple(GATE_COUNTS)} 중 하나여야 합니다: kind={kind!r}")


def init_rnn_params(kind, input_size, hidden_size, rng, forget_bias=None):
    """torch의 기본 초기화 (nn.RNN·nn.LSTM·nn.GRU): 네 파라미터 모두 U(-1/√H, 1/√H).

    forget_bias를 주면 LSTM 망각 게이트(둘째 H행)의 편향 합 b_ih + b_hh를 그 값으로 둔다 (b_ih = forget_bias, b_hh = 0).
    """
    _check_kind(kind)
    if forget_bias is not None and kind != "lstm":
        raise ValueError(f"forget_bias는 LSTM에만 있습니다: kind={kind!r}, forget_bias={forget_bias}")
    g, bound = GATE_COUNTS[kind] * hidden_size, 1.0 / np.sqrt(hidden_size)
    shapes = {"w_ih": (g, input_size), "w_hh": (g, hidden_size), "b_ih": (g,), "b_hh": (g,)}
    params = {key: rng.uniform(-bound, bound, size=shape) for key, shape in shapes.items()}
    if forget_bias is not None:
        f = slice(hidden_size, 2 * hidden_size)  # 게이트 순서 i, f, g, o
        params["b_ih"][f], params["b_hh"][f] = forget_bias, 0.0
    return params
# --8<-- [end:init]


# --8<-- [start:by-kind]
import numpy as np


def sequence_forward(kind, x, params):
    """kind = "rnn"(tanh) | "lstm" | "gru", 초기 상태는 0. → (출력 (L, N, H), h_n (N, H), cache)"""
    _check_kind(kind)
    x = np.asarray(x, dtype=np.float64)
    h0 = np.zeros((x.shape[1] if x.ndim == 3 else 0, np.shape(params["w_hh"])[-1]))
    if kind == "lstm":
        output, (h_n, _), cache = lstm_forward(x, h0, h0, params)  # c0도 0
        return output, h_n, cache
    forward = rnn_forward if kind == "rnn" else gru_forward
    return forward(x, h0, params)


def sequence_backward(kind, dh_n, cache):
    """손실이 마지막 은닉 상태 h_n에만 걸릴 때 (출력 시퀀스의 기울기는 0): → (dx (L, N, I), 가중치 기울기 dict)"""
    _check_kind(kind)
    dout = np.zeros((len(cache),) + np.shape(dh_n))
    if kind == "lstm":
        dx, _, _, grads = lstm_backward(dout, cache, dh_n)
    else:
        dx, _, grads = (rnn_backward if kind == "rnn" else gru_backward)(dout, cache, dh_n)
    return dx, grads
# --8<-- [end:by-kind]


# --8<-- [start:gradient-distance]
import numpy as np


def input_gradient_norms(kind, x, params, direction):
    """L = Σ_n u_n · h_T,n (u = direction (N, H))일 때 거리 k = T - t마다 ‖∂L/∂x_t‖의 배치 평균.

    돌려주는 (L,) 배열의 k번째가 마지막 시점에서 k만큼 앞의 입력이다 (k = 0이 마지막 입력).
    """
    output, h_n, cache = sequence_forward(kind, x, params)
    direction = _check_same_shape("direction", direction, h_n.shape)
    dx, _ = sequence_backward(kind, direction, cache)  # ∂L/∂h_T = u
    return np.linalg.norm(dx, axis=2).mean(axis=1)[::-1].copy()  # 시점 t → 거리 k = T - t
# --8<-- [end:gradient-distance]


# --8<-- [start:first-symbol]
import numpy as np


def first_symbol_data(rng, n, length, symbols=4):
    """첫 기호 맞히기: 기호 symbols개에서 고른 길이 length의 무작위 시퀀스 n개와 그 첫 기호.

    x (length, n, symbols)는 시점마다 기호의 원-핫 벡터(모든 기호가 같은 채널을 쓴다), y (n,)는 x[0]의 기호.
    """
    if isinstance(symbols, bool) or not isinstance(symbols, (int, np.integer)) or symbols < 2:
        raise ValueError(f"symbols는 2 이상의 정수여야 합니다: symbols={symbols!r}")
    if isinstance(length, bool) or not isinstance(length, (int, np.integer)) or length < 1:
        raise ValueError(f"length는 1 이상의 정수여야 합니다: length={length!r}")
    s = rng.integers(0, symbols, size=(length, n))
    return np.eye(symbols)[s], s[0]
# --8<-- [end:first-symbol]


# --8<-- [start:classifier]
import numpy as np


def classifier_loss(kind, x, y, params, readout):
    """마지막 은닉 상태 위의 선형층 z = h_T Wᵀ + b와 교차 엔트로피(평균). readout = (W (C, H), b (C,)).

    → (손실, 순환 층의 기울기 dict, (dW, db)). 기울기는 출력층 → h_T → BPTT 순서로 거꾸로 구한다.
    """
    output, h_n, cache = sequence_forward(kind, x, params)
    logits, head_cache = affine_forward(h_n, *readout)
    loss, dlogits = cross_entropy(logits, y), cross_entropy_grad(logits, y)
    dh_n, dw, db = affine_backward(dlogits, head_cache)
    _, grads = sequence_backward(kind, dh_n, cache)
    return loss, grads, (dw, db)
# --8<-- [end:classifier]


# --8<-- [start:train]
import numpy as np


def train_first_symbol(kind, length, seed=0, symbols=4, hidden_size=32, batch_size=64, steps=200, lr=0.05,
                       forget_bias=None, n_test=500):
    """첫 기호 맞히기를 Adam으로 학습한다. 스텝마다 새 시퀀스를 뽑고, 끝나면 처음 보는 시퀀스 n_test개로 잰다.

    → (시험 정확도, 스텝마다의 학습 손실 (steps,)). 모든 난수는 시드 하나의 rng에서 차례로 뽑는다.
    """
    rng = np.random.default_rng(seed)
    params = init_rnn_params(kind, symbols, hidden_size, rng, forget_bias)
    readout = init_params((hidden_size, symbols), rng)[0]  # 출력층은 nn.Linear(H, C)의 기본 초기화 (evolution.py)
    optimizer = Adam([params[key] for key in PARAM_KEYS] + list(readout), lr=lr)
    losses = []
    for _ in range(steps):
        x, y = first_symbol_data(rng, batch_size, length, symbols)
        loss, grads, dreadout = classifier_loss(kind, x, y, params, readout)
        new = optimizer.step([grads[key] for key in PARAM_KEYS] + list(dreadout))
        params, readout = dict(zip(PARAM_KEYS, new[:4])), tuple(new[4:])
        losses.append(loss)
    x, y = first_symbol_data(rng, n_test, length, symbols)  # 학습에 쓰지 않은 시퀀스
    logits = linear(sequence_forward(kind, x, params)[1], *readout)
    return float((logits.argmax(axis=1) == y).mean()), np.array(losses)
# --8<-- [end:train]
