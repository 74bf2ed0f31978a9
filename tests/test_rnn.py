"""순환 신경망(dlbasics.rnn)을 PyTorch와 float64로 대조한다.

셀은 nn.RNNCell(tanh, relu), nn.LSTMCell, nn.GRUCell에 같은 가중치를 넣고 출력과, 출력들의 무작위 선형 결합을
손실로 삼은 autograd 기울기(입력, 상태, 가중치 넷)를 본다. 시퀀스는 nn.RNN·nn.LSTM·nn.GRU(층 하나,
batch_first=False)의 출력, 마지막 상태, 그리고 출력 시퀀스와 마지막 상태를 함께 쓰는 손실의 기울기(BPTT)를 본다
(마지막 상태의 기울기를 주지 않을 때도). GRU는 torch의 식(r을 행렬곱 뒤에 곱한다)이 Cho 외(2014)의 식과 값이
다르다는 것을 손으로 쓴 Cho의 식으로 보인다. 기본값, 잘못된 입력, 입력을 바꾸지 않는지도 본다.

페이지의 실험에 쓰는 도우미도 torch로 확인한다: 기본 초기화의 모양과 범위(nn.RNN·nn.LSTM·nn.GRU와 같은지),
거리마다의 입력 기울기 크기(autograd), 첫 기호 데이터의 성질, 선형층과 교차 엔트로피를 붙인 손실과 그 기울기,
그리고 학습 함수가 같은 데이터와 같은 초기값으로 torch.optim.Adam을 몇 스텝 돌린 것과 같은 손실을 내는지.
"""

import numpy as np
import pytest
import torch

from helpers import assert_defaults_follow_torch
from dlbasics.rnn import (
    classifier_loss,
    first_symbol_data,
    gru,
    gru_backward,
    gru_cell,
    gru_cell_backward,
    gru_cell_forward,
    gru_forward,
    init_rnn_params,
    input_gradient_norms,
    lstm,
    lstm_backward,
    lstm_cell,
    lstm_cell_backward,
    lstm_cell_forward,
    lstm_forward,
    rnn,
    rnn_backward,
    rnn_cell,
    rnn_cell_backward,
    rnn_cell_forward,
    rnn_forward,
    sequence_backward,
    sequence_forward,
    train_first_symbol,
)

TOL = dict(rtol=1e-9, atol=1e-12)
N, I, H, L = 3, 4, 5, 6
GATES = {"rnn_tanh": 1, "rnn_relu": 1, "lstm": 4, "gru": 3}
KEYS = ("w_ih", "w_hh", "b_ih", "b_hh")
TORCH_NAMES = {"w_ih": "weight_ih", "w_hh": "weight_hh", "b_ih": "bias_ih", "b_hh": "bias_hh"}


def random_params(kind, seed, hidden=H, inputs=I):
    rng = np.random.default_rng(seed)
    g = GATES[kind] * hidden
    shapes = {"w_ih": (g, inputs), "w_hh": (g, hidden), "b_ih": (g,), "b_hh": (g,)}
    return {key: rng.normal(scale=0.6, size=shape) for key, shape in shapes.items()}


def torch_module(kind, params, sequence):
    """같은 가중치를 넣은 torch 셀(또는 층 하나의 시퀀스 모듈), float64."""
    cells = {"rnn_tanh": torch.nn.RNNCell, "rnn_relu": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}
    layers = {"rnn_tanh": torch.nn.RNN, "rnn_relu": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
    options = {"nonlinearity": kind[4:]} if kind.startswith("rnn") else {}
    module = (layers if sequence else cells)[kind](I, H, **options).double()
    suffix = "_l0" if sequence else ""
    with torch.no_grad():
        for key in KEYS:
            getattr(module, TORCH_NAMES[key] + suffix).copy_(torch.as_tensor(params[key]))
    return module, [getattr(module, TORCH_NAMES[key] + suffix) for key in KEYS]


def leaf(array):
    return torch.tensor(array, requires_grad=True)


def assert_all_close(ours, theirs):
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        torch.testing.assert_close(torch.as_tensor(a), b.detach(), **TOL)


# ---------------------------------------------------------------- 셀


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("kind", ["rnn_tanh", "rnn_relu", "gru"])
def test_rnn_and_gru_cells_match_torch_outputs_and_autograd(kind, seed):
    rng = np.random.default_rng(100 + seed)
    params = random_params(kind, seed)
    x, h, upstream = rng.normal(size=(N, I)), rng.normal(size=(N, H)), rng.normal(size=(N, H))
    module, weights = torch_module(kind, params, sequence=False)
    x_t, h_t = leaf(x), leaf(h)
    expected = module(x_t, h_t)
    (expected * torch.as_tensor(upstream)).sum().backward()  # L = Σ u ⊙ h'

    if kind == "gru":
        ours, cache = gru_cell_forward(x, h, *params.values())
        grads = gru_cell_backward(upstream, cache)
        simple = gru_cell(x, h, *params.values())
    else:
        ours, cache = rnn_cell_forward(x, h, *params.values(), nonlinearity=kind[4:])
        grads = rnn_cell_backward(upstream, cache)
        simple = rnn_cell(x, h, *params.values(), nonlinearity=kind[4:])
    torch.testing.assert_close(torch.as_tensor(ours), expected.detach(), **TOL)
    np.testing.assert_array_equal(simple, ours)  # 공개 셀 함수는 출력만 돌려준다
    assert_all_close(grads, [x_t.grad, h_t.grad] + [w.grad for w in weights])


@pytest.mark.parametrize("seed", [0, 1])
def test_lstm_cell_matches_torch_outputs_and_autograd(seed):
    rng = np.random.default_rng(200 + seed)
    params = random_params("lstm", seed)
    x, h, c = rng.normal(size=(N, I)), rng.normal(size=(N, H)), rng.normal(size=(N, H))
    dh, dc = rng.normal(size=(N, H)), rng.normal(size=(N, H))
    module, weights = torch_module("lstm", params, sequence=False)
    x_t, h_t, c_t = leaf(x), leaf(h), leaf(c)
    h_next, c_next = module(x_t, (h_t, c_t))
    ((h_next * torch.as_tensor(dh)).sum() + (c_next * torch.as_tensor(dc)).sum()).backward()

    ours_h, ours_c, cache = lstm_cell_forward(x, h, c, *params.values())
    assert_all_close([ours_h, ours_c], [h_next, c_next])
    simple = lstm_cell(x, h, c, *params.values())
    assert len(simple) == 2 and all(np.array_equal(a, b) for a, b in zip(simple, (ours_h, ours_c)))
    grads = lstm_cell_backward(dh, dc, cache)
    assert_all_close(grads, [x_t.grad, h_t.grad, c_t.grad] + [w.grad for w in weights])


def test_relu_cell_gradient_is_zero_where_the_preactivation_is_negative():
    """relu 셀: 출력이 0인 자리로는 기울기가 흐르지 않는다 (torch도 같다, 위의 대조). 두 경우가 다 나오는지 확인."""
    rng = np.random.default_rng(3)
    params = random_params("rnn_relu", 0)
    x, h = rng.normal(size=(N, I)), rng.normal(size=(N, H))
    out, cache = rnn_cell_forward(x, h, *params.values(), nonlinearity="relu")
    assert 0 < (out == 0).sum() < out.size
    dx, dh, *_ = rnn_cell_backward(np.where(out == 0, 1.0, 0.0), cache)  # 0인 자리에만 기울기를 준다
    assert not dx.any() and not dh.any()


# ---------------------------------------------------------------- 시퀀스 (BPTT)


def run_ours(kind, x, states, params, douts):
    """우리 시퀀스 함수: (출력, 마지막 상태들, 기울기 목록 [dx, d초기상태..., dw_ih, dw_hh, db_ih, db_hh])."""
    if kind == "lstm":
        out, (h_n, c_n), cache = lstm_forward(x, *states, params)
        dx, dh0, dc0, grads = lstm_backward(douts[0], cache, *douts[1:])
        simple_out, simple_states = lstm(x, *states, params)
        finals, dstates = [h_n, c_n], [dh0, dc0]
        np.testing.assert_array_equal(simple_states[1], c_n)
    else:
        forward, backward, simple = (gru_forward, gru_backward, gru) if kind == "gru" else (rnn_forward, rnn_backward, rnn)
        options = {} if kind == "gru" else {"nonlinearity": kind[4:]}
        out, h_n, cache = forward(x, *states, params, **options)
        dx, dh0, grads = backward(douts[0], cache, *douts[1:])
        simple_out, simple_states = simple(x, *states, params, **options)
        finals, dstates = [h_n], [dh0]
        simple_states = [simple_states]
    np.testing.assert_array_equal(simple_out, out)  # 공개 함수는 (출력, 마지막 상태)만
    np.testing.assert_array_equal(simple_states[0], h_n)
    return out, finals, [dx, *dstates] + [grads[key] for key in KEYS]


@pytest.mark.parametrize("with_final", [True, False], ids=["loss-uses-final-states", "output-only"])
@pytest.mark.parametrize("kind", ["rnn_tanh", "rnn_relu", "lstm", "gru"])
def test_sequence_matches_torch_outputs_final_states_and_bptt(kind, with_final):
    rng = np.random.default_rng(GATES[kind] + 10 * with_final + (kind == "rnn_relu"))
    params = random_params(kind, 7)
    n_states = 2 if kind == "lstm" else 1
    x = rng.normal(size=(L, N, I))
    states = [rng.normal(size=(N, H)) for _ in range(n_states)]
    dout = rng.normal(size=(L, N, H))
    dfinals = [rng.normal(size=(N, H)) for _ in range(n_states)] if with_final else []

    module, weights = torch_module(kind, params, sequence=True)
    x_t, states_t = leaf(x), [leaf(s[None]) for s in states]  # torch의 상태는 (층 수 = 1, N, H)
    out_t, finals_t = module(x_t, tuple(states_t) if kind == "lstm" else states_t[0])
    finals_t = list(finals_t) if kind == "lstm" else [finals_t]
    loss = (out_t * torch.as_tensor(dout)).sum()  # 무작위 선형 결합: ∂L/∂출력 = dout, ∂L/∂h_n = dh_n, …
    for final_t, d in zip(finals_t, dfinals):
        loss = loss + (final_t[0] * torch.as_tensor(d)).sum()
    loss.backward()

    out, finals, grads = run_ours(kind, x, states, params, [dout, *dfinals])
    torch.testing.assert_close(torch.as_tensor(out), out_t.detach(), **TOL)
    assert_all_close(finals, [f[0] for f in finals_t])
    assert_all_close(grads, [x_t.grad] + [s.grad[0] for s in states_t] + [w.grad for w in weights])


def test_sequence_equals_the_cell_applied_step_by_step():
    """시퀀스 함수는 셀을 시점마다 부른 것과 비트까지 같다 (상태를 넘기는 방법만 다르다)."""
    rng = np.random.default_rng(5)
    params = random_params("gru", 2)
    x, h = rng.normal(size=(L, N, I)), rng.normal(size=(N, H))
    out, h_n = gru(x, h, params)
    for t in range(L):
        h = gru_cell(x[t], h, *params.values())
        np.testing.assert_array_equal(out[t], h)
    np.testing.assert_array_equal(h_n, h)


# ---------------------------------------------------------------- GRU: torch의 식과 Cho 외(2014)의 식


def cho_gru_cell(x, h, w_ih, w_hh, b_ih, b_hh):
    """Cho 외(2014)의 GRU를 손으로: r을 행렬곱 **앞에서** h에 곱한다. n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)."""
    sigmoid = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
    (w_ir, w_iz, w_in), (w_hr, w_hz, w_hn) = np.split(w_ih, 3), np.split(w_hh, 3)
    (b_ir, b_iz, b_in), (b_hr, b_hz, b_hn) = np.split(b_ih, 3), np.split(b_hh, 3)
    r = sigmoid(x @ w_ir.T + b_ir + h @ w_hr.T + b_hr)
    z = sigmoid(x @ w_iz.T + b_iz + h @ w_hz.T + b_hz)
    n = np.tanh(x @ w_in.T + b_in + (r * h) @ w_hn.T + b_hn)
    return (1 - z) * n + z * h


def torch_gru_cell(x, h, params):
    module, _ = torch_module("gru", params, sequence=False)
    with torch.no_grad():
        return module(torch.as_tensor(x), torch.as_tensor(h)).numpy()


@pytest.mark.parametrize("zero_b_hn", [False, True], ids=["b_hn≠0", "b_hn=0"])
def test_torch_gru_differs_from_cho_2014(zero_b_hn):
    """r ⊙ (W_hn h + b_hn) ≠ W_hn (r ⊙ h) + b_hn: b_hn이 0이어도 (r이 모두 같지 않으면) 다르다."""
    rng = np.random.default_rng(11)
    params = random_params("gru", 3)
    if zero_b_hn:
        params["b_hh"][2 * H :] = 0.0
    x, h = rng.normal(size=(N, I)), rng.normal(size=(N, H))
    theirs, ours, cho = torch_gru_cell(x, h, params), gru_cell(x, h, *params.values()), cho_gru_cell(x, h, *params.values())
    torch.testing.assert_close(torch.as_tensor(ours), torch.as_tensor(theirs), **TOL)
    assert np.abs(cho - theirs).max() > 1e-2
    assert np.abs(cho - ours).max() > 1e-2


def test_the_two_gru_formulas_agree_when_the_reset_gate_is_fully_open():
    """r = 1이면 두 식은 같다: 손으로 쓴 Cho의 식이 맞고, 차이는 r을 곱하는 자리에서만 온다는 확인."""
    rng = np.random.default_rng(12)
    params = random_params("gru", 4)
    params["b_ih"][:H] = 60.0  # σ(60 + …)는 float64에서 정확히 1
    x, h = rng.normal(size=(N, I)), rng.normal(size=(N, H))
    torch.testing.assert_close(torch.as_tensor(cho_gru_cell(x, h, *params.values())), torch.as_tensor(torch_gru_cell(x, h, params)), **TOL)


# ---------------------------------------------------------------- 기본값과 입력 보존


def test_nonlinearity_default_follows_torch_rnn_cell():
    assert_defaults_follow_torch(rnn_cell, torch.nn.RNNCell.__init__)
    assert_defaults_follow_torch(rnn, torch.nn.RNNCell.__init__)


def test_inputs_are_not_modified():
    """읽기 전용 배열을 넘겨 제자리 쓰기를 막고, 끝난 뒤 값이 그대로인지도 본다."""
    rng = np.random.default_rng(13)
    arrays = {"x": rng.normal(size=(L, N, I)), "h": rng.normal(size=(N, H)), "c": rng.normal(size=(N, H)),
              "dout": rng.normal(size=(L, N, H)), "dh": rng.normal(size=(N, H)), "dc": rng.normal(size=(N, H))}
    params = {kind: random_params(kind, 1) for kind in ("rnn_tanh", "lstm", "gru")}
    copies = {name: a.copy() for name, a in arrays.items()} | {(k, key): p[key].copy() for k, p in params.items() for key in KEYS}
    for a in list(arrays.values()) + [p[key] for p in params.values() for key in KEYS]:
        a.setflags(write=False)
    a = arrays
    _, cache = rnn_cell_forward(a["x"][0], a["h"], *params["rnn_tanh"].values())
    rnn_cell_backward(a["dh"], cache)
    *_, cache = lstm_cell_forward(a["x"][0], a["h"], a["c"], *params["lstm"].values())
    lstm_cell_backward(a["dh"], a["dc"], cache)
    _, cache = gru_cell_forward(a["x"][0], a["h"], *params["gru"].values())
    gru_cell_backward(a["dh"], cache)
    rnn_backward(a["dout"], rnn_forward(a["x"], a["h"], params["rnn_tanh"])[2], a["dh"])
    lstm_backward(a["dout"], lstm_forward(a["x"], a["h"], a["c"], params["lstm"])[2], a["dh"], a["dc"])
    gru_backward(a["dout"], gru_forward(a["x"], a["h"], params["gru"])[2], a["dh"])
    for name, original in copies.items():
        current = arrays[name] if isinstance(name, str) else params[name[0]][name[1]]
        np.testing.assert_array_equal(current, original)


# ---------------------------------------------------------------- 잘못된 입력


def cell_call(kind, **changes):
    """올바른 셀 인자 가운데 changes만 바꿔 부른다."""
    rng = np.random.default_rng(0)
    args = {"x": rng.normal(size=(N, I)), "h": rng.normal(size=(N, H))} | random_params(kind, 0)
    if kind == "lstm":
        args["c"] = rng.normal(size=(N, H))
    args |= changes
    if kind == "lstm":
        return lambda: lstm_cell(args["x"], args["h"], args["c"], *(args[k] for k in KEYS))
    if kind == "gru":
        return lambda: gru_cell(args["x"], args["h"], *(args[k] for k in KEYS))
    return lambda: rnn_cell(args["x"], args["h"], *(args[k] for k in KEYS), nonlinearity=args.get("nonlinearity", "tanh"))


def shape_cases(kind):
    g = GATES[kind] * H
    return [
        ("x-ndim", {"x": np.ones(I)}, rf"x.*\({I},\)"),
        ("x-ndim-3", {"x": np.ones((1, N, I))}, rf"x.*\(1, {N}, {I}\)"),
        ("h-ndim", {"h": np.ones(H)}, rf"h.*\({H},\)"),
        ("h-batch", {"h": np.ones((N + 1, H))}, rf"h의 배치 크기.*\({N + 1}, {H}\).*\({N}, {I}\)"),
        ("w_ih-rows", {"w_ih": np.ones((g + 1, I))}, rf"w_ih.*\({g + 1}, {I}\).*\({g}, {I}\)"),
        ("w_ih-cols", {"w_ih": np.ones((g, I + 1))}, rf"w_ih.*\({g}, {I + 1}\).*\({g}, {I}\)"),
        ("w_hh-rows", {"w_hh": np.ones((g - 1, H))}, rf"w_hh.*\({g - 1}, {H}\).*\({g}, {H}\)"),
        ("w_hh-cols", {"w_hh": np.ones((g, H + 1))}, rf"w_hh.*\({g}, {H + 1}\).*\({g}, {H}\)"),
        ("b_ih-length", {"b_ih": np.ones(g + 1)}, rf"b_ih.*\({g + 1},\).*\({g},\)"),
        ("b_hh-length", {"b_hh": np.ones(g - 1)}, rf"b_hh.*\({g - 1},\).*\({g},\)"),
        ("b_hh-2d", {"b_hh": np.ones((1, g))}, rf"b_hh.*\(1, {g}\)"),
    ]


CELL_CASES = [pytest.param(kind, changes, message, id=f"{kind}-{name}") for kind in ("rnn_tanh", "lstm", "gru") for name, changes, message in shape_cases(kind)]
CELL_CASES += [
    pytest.param("lstm", {"c": np.ones((N, H + 1))}, rf"c의 모양 \({N}, {H + 1}\).*\({N}, {H}\)", id="lstm-c-shape"),
    pytest.param("rnn_tanh", {"nonlinearity": "sigmoid"}, "nonlinearity.*sigmoid", id="rnn-nonlinearity"),
]


@pytest.mark.parametrize("kind, changes, message", CELL_CASES)
def test_bad_cell_input_is_refused_naming_the_shapes(kind, changes, message):
    with pytest.raises(ValueError, match=message):
        cell_call(kind, **changes)()


def sequence_args(kind="lstm"):
    rng = np.random.default_rng(1)
    return rng.normal(size=(L, N, I)), rng.normal(size=(N, H)), rng.normal(size=(N, H)), random_params(kind, 0)


x_seq, h0, c0, p_lstm = sequence_args()
p_rnn = random_params("rnn_tanh", 0)
p_gru = random_params("gru", 0)
SEQUENCE_CASES = [
    ("x-2d", lambda: rnn(x_seq[0], h0, p_rnn), rf"x는 \(L, N, I\).*\({N}, {I}\)"),
    ("x-empty", lambda: gru(x_seq[:0], h0, p_gru), rf"L ≥ 1.*\(0, {N}, {I}\)"),
    ("h0-layer-axis", lambda: rnn(x_seq, h0[None], p_rnn), rf"h0는 \(N, H\).*\(1, {N}, {H}\)"),
    ("h0-batch", lambda: gru(x_seq, h0[:2], p_gru), rf"h0의 배치 크기.*\(2, {H}\).*x\[t\] 모양 \({N}, {I}\)"),
    ("c0-shape", lambda: lstm(x_seq, h0, c0[:, :2], p_lstm), rf"c0의 모양 \({N}, 2\).*\({N}, {H}\)"),
    ("weights-for-another-cell", lambda: gru(x_seq, h0, p_lstm), rf"w_ih.*\({4 * H}, {I}\).*게이트 3개.*\({3 * H}, {I}\)"),
    ("params-missing-key", lambda: rnn(x_seq, h0, {k: p_rnn[k] for k in KEYS[:3]}), "params.*b_hh"),
    ("params-not-dict", lambda: rnn(x_seq, h0, list(p_rnn.values())), "params.*list"),
    ("nonlinearity", lambda: rnn(x_seq, h0, p_rnn, nonlinearity="Tanh"), "nonlinearity.*'Tanh'"),
    ("dout-shape", lambda: rnn_backward(np.ones((L - 1, N, H)), rnn_forward(x_seq, h0, p_rnn)[2]), rf"dout의 모양 \({L - 1}, {N}, {H}\).*\({L}, {N}, {H}\)"),
    ("dh_n-layer-axis", lambda: gru_backward(np.ones((L, N, H)), gru_forward(x_seq, h0, p_gru)[2], np.ones((1, N, H))), rf"dh_n의 모양 \(1, {N}, {H}\)"),
    ("dc_n-shape", lambda: lstm_backward(np.ones((L, N, H)), lstm_forward(x_seq, h0, c0, p_lstm)[2], None, np.ones(H)), rf"dc_n의 모양 \({H},\)"),
    ("cell-dh_next", lambda: rnn_cell_backward(np.ones((N, H + 1)), rnn_cell_forward(x_seq[0], h0, *p_rnn.values())[1]), rf"dh_next의 모양 \({N}, {H + 1}\)"),
    ("cell-dc_next", lambda: lstm_cell_backward(np.ones((N, H)), np.ones((N + 1, H)), lstm_cell_forward(x_seq[0], h0, c0, *p_lstm.values())[2]), rf"dc_next의 모양 \({N + 1}, {H}\)"),
]


@pytest.mark.parametrize("call, message", [pytest.param(call, message, id=name) for name, call, message in SEQUENCE_CASES])
def test_bad_sequence_or_gradient_input_is_refused_naming_the_shapes(call, message):
    with pytest.raises(ValueError, match=message):
        call()



# ---------------------------------------------------------------- 페이지의 실험에 쓰는 도우미

KINDS = {"rnn": "rnn_tanh", "lstm": "lstm", "gru": "gru"}  # 도우미의 kind → 위의 torch_module 이름


def torch_layer(kind, params, inputs):
    """도우미의 params(크기가 위의 I, H와 다를 수 있다)를 넣은 층 하나의 torch 시퀀스 모듈, float64."""
    hidden = params["w_hh"].shape[1]
    module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind](inputs, hidden).double()
    with torch.no_grad():
        for key in KEYS:
            getattr(module, TORCH_NAMES[key] + "_l0").copy_(torch.as_tensor(params[key]))
    return module


def torch_last_state(module, x_t):
    """초기 상태 0에서 시작한 마지막 은닉 상태 (N, H)."""
    out, final = module(x_t)
    return (final[0] if isinstance(final, tuple) else final)[0]


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_init_has_torch_shapes_and_range(kind):
    module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind](3, 7)
    params = init_rnn_params(kind, 3, 7, np.random.default_rng(0))
    bound = 1 / np.sqrt(7)
    for key in KEYS:
        theirs = getattr(module, TORCH_NAMES[key] + "_l0").detach().numpy()
        assert params[key].shape == theirs.shape
        assert np.abs(theirs).max() <= bound and np.abs(params[key]).max() <= bound  # torch도 U(-1/√H, 1/√H)
        assert np.abs(params[key]).max() > 0.8 * bound  # 범위를 다 쓴다 (더 좁은 분포가 아니다)


def test_forget_bias_sets_only_the_forget_gate():
    params = init_rnn_params("lstm", 3, 5, np.random.default_rng(0), forget_bias=3.0)
    plain = init_rnn_params("lstm", 3, 5, np.random.default_rng(0))
    f = slice(5, 10)
    np.testing.assert_array_equal(params["b_ih"][f] + params["b_hh"][f], np.full(5, 3.0))
    for key in KEYS:
        keep = np.ones(len(params[key]), dtype=bool)
        if key.startswith("b"):
            keep[f] = False
        np.testing.assert_array_equal(params[key][keep], plain[key][keep])  # 나머지는 같은 난수


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_sequence_by_kind_and_input_gradient_norms_match_autograd(kind):
    rng = np.random.default_rng(20)
    params = init_rnn_params(kind, I, H, np.random.default_rng(21), forget_bias=1.0 if kind == "lstm" else None)
    x, u = rng.normal(size=(L, N, I)), rng.normal(size=(N, H))
    module = torch_layer(kind, params, I)
    x_t = leaf(x)
    h_t = torch_last_state(module, x_t)
    (h_t * torch.as_tensor(u)).sum().backward()  # L = Σ u ⊙ h_T
    _, h_n, cache = sequence_forward(kind, x, params)
    torch.testing.assert_close(torch.as_tensor(h_n), h_t.detach(), **TOL)
    dx, grads = sequence_backward(kind, u, cache)
    torch.testing.assert_close(torch.as_tensor(dx), x_t.grad, **TOL)
    for key in KEYS:
        torch.testing.assert_close(torch.as_tensor(grads[key]), getattr(module, TORCH_NAMES[key] + "_l0").grad, **TOL)
    expected = x_t.grad.norm(dim=2).mean(dim=1).flip(0)  # 거리 k = T - t
    torch.testing.assert_close(torch.as_tensor(input_gradient_norms(kind, x, params, u)), expected, **TOL)


def test_first_symbol_data_is_one_hot_with_the_first_symbol_as_label():
    x, y = first_symbol_data(np.random.default_rng(0), 2000, 6, symbols=3)
    assert x.shape == (6, 2000, 3) and y.shape == (2000,)
    np.testing.assert_array_equal(x.sum(axis=2), np.ones((6, 2000)))  # 시점마다 원-핫 하나
    assert set(np.unique(x)) == {0.0, 1.0}
    np.testing.assert_array_equal(x[0].argmax(axis=1), y)  # 정답은 첫 기호
    counts = np.bincount(x.argmax(axis=2).ravel(), minlength=3) / x[..., 0].size
    assert np.all(np.abs(counts - 1 / 3) < 0.02)  # 기호는 고르게 (표준오차 0.0043의 네 배 남짓)
    again = first_symbol_data(np.random.default_rng(0), 2000, 6, symbols=3)
    np.testing.assert_array_equal(again[0], x)  # 같은 시드, 같은 데이터


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_classifier_loss_and_gradients_match_torch(kind):
    rng = np.random.default_rng(30)
    params = init_rnn_params(kind, 4, H, np.random.default_rng(31))
    readout = (rng.normal(size=(4, H)), rng.normal(size=4))
    x, y = first_symbol_data(rng, N, L, symbols=4)
    module, head = torch_layer(kind, params, 4), torch.nn.Linear(H, 4).double()
    with torch.no_grad():
        head.weight.copy_(torch.as_tensor(readout[0]))
        head.bias.copy_(torch.as_tensor(readout[1]))
    loss_t = torch.nn.functional.cross_entropy(head(torch_last_state(module, torch.as_tensor(x))), torch.as_tensor(y))
    loss_t.backward()
    loss, grads, (dw, db) = classifier_loss(kind, x, y, params, readout)
    torch.testing.assert_close(torch.as_tensor(loss), loss_t.detach(), **TOL)
    for key in KEYS:
        torch.testing.assert_close(torch.as_tensor(grads[key]), getattr(module, TORCH_NAMES[key] + "_l0").grad, **TOL)
    torch.testing.assert_close(torch.as_tensor(dw), head.weight.grad, **TOL)
    torch.testing.assert_close(torch.as_tensor(db), head.bias.grad, **TOL)


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_training_matches_torch_adam_on_the_same_data(kind):
    """train_first_symbol과 같은 순서로 난수를 뽑아(초기화 → 출력층 → 스텝마다 배치 → 시험 데이터) torch로 학습한다."""
    steps, length, hidden, batch, lr, fb = 4, 5, 6, 8, 0.05, (3.0 if kind == "lstm" else None)
    accuracy, losses = train_first_symbol(kind, length, seed=7, symbols=3, hidden_size=hidden, batch_size=batch,
                                          steps=steps, lr=lr, forget_bias=fb, n_test=50)
    rng = np.random.default_rng(7)
    params = init_rnn_params(kind, 3, hidden, rng, fb)
    bound = 1 / np.sqrt(hidden)
    w, b = rng.uniform(-bound, bound, (3, hidden)), rng.uniform(-bound, bound, 3)
    module, head = torch_layer(kind, params, 3), torch.nn.Linear(hidden, 3).double()
    with torch.no_grad():
        head.weight.copy_(torch.as_tensor(w))
        head.bias.copy_(torch.as_tensor(b))
    optimizer = torch.optim.Adam(list(module.parameters()) + list(head.parameters()), lr=lr)
    expected = []
    for _ in range(steps):
        x, y = first_symbol_data(rng, batch, length, 3)
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(head(torch_last_state(module, torch.as_tensor(x))), torch.as_tensor(y))
        loss.backward()
        optimizer.step()
        expected.append(loss.item())
    torch.testing.assert_close(torch.as_tensor(losses), torch.tensor(expected, dtype=torch.float64), **TOL)
    x, y = first_symbol_data(rng, 50, length, 3)
    with torch.no_grad():
        predicted = head(torch_last_state(module, torch.as_tensor(x))).argmax(dim=1).numpy()
    assert accuracy == (predicted == y).mean()


HELPER_CASES = [
    ("kind", lambda: init_rnn_params("LSTM", 2, 3, np.random.default_rng(0)), "kind.*'LSTM'"),
    ("forget-bias-not-lstm", lambda: init_rnn_params("gru", 2, 3, np.random.default_rng(0), forget_bias=1.0), "forget_bias.*LSTM.*'gru'"),
    ("symbols", lambda: first_symbol_data(np.random.default_rng(0), 4, 5, symbols=1), "symbols.*2 이상.*1"),
    ("length", lambda: first_symbol_data(np.random.default_rng(0), 4, 0), "length.*1 이상.*0"),
    ("sequence-kind", lambda: sequence_forward("lstm2", np.ones((2, 1, 1)), {}), "kind.*'lstm2'"),
    ("direction-shape", lambda: input_gradient_norms("rnn", np.ones((3, 2, 1)), init_rnn_params("rnn", 1, 4, np.random.default_rng(0)), np.ones((2, 5))),
     r"direction의 모양 \(2, 5\).*\(2, 4\)"),
]


@pytest.mark.parametrize("call, message", [pytest.param(call, message, id=name) for name, call, message in HELPER_CASES])
def test_bad_helper_input_is_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()
