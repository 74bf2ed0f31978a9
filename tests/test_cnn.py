"""합성곱과 풀링(dlbasics.cnn)을 PyTorch와 float64로 대조한다.

conv2d의 값과 autograd 기울기(입력, 가중치, 편향)를 F.conv2d와 (모양·stride·padding·dilation·groups의 격자,
높이와 너비가 다른 쌍, 깊이별 합성곱 groups=C, 편향 있음/없음), conv_output_size를 torch가 내는 출력 모양과,
max_pool2d·avg_pool2d(count_include_pad 둘 다)의 값과 기울기를 F.max_pool2d·F.avg_pool2d와 (같은 값이 없는 입력)
대조한다. 숫자용 작은 CNN(digit_cnn_*)의 로짓과 기울기를 같은 가중치의 nn.Sequential(Conv2d, ReLU, MaxPool2d,
Flatten, Linear)과, evolution.fit으로 학습한 궤적을 torch.optim.SGD의 궤적과 스텝마다 대조한다. 그리고 손으로 계산한 교차 상관(커널을 뒤집지 않는다), 평행 이동 등변성, im2col과 col2im이 서로의
전치라는 것, 잘못된 입력(torch도 같은 풀링 패딩을 거절한다), 입력을 바꾸지 않는다는 것.
"""

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlbasics.cnn import (
    avg_pool2d,
    avg_pool2d_backward,
    col2im,
    conv2d,
    conv2d_backward,
    conv2d_direct,
    conv_output_size,
    digit_cnn_forward,
    digit_cnn_gradients,
    digit_cnn_init,
    im2col,
    max_pool2d,
    max_pool2d_backward,
    receptive_field,
    window_indices,
)

TOLERANCE = {"rtol": 1e-9, "atol": 1e-12}


def close(ours, theirs):
    torch.testing.assert_close(torch.as_tensor(ours), theirs, **TOLERANCE)


def torch_conv(x, w, b, upstream, **kwargs):
    """F.conv2d의 출력과 Σ(출력 ⊙ upstream)의 autograd 기울기 (입력, 가중치, 편향)."""
    xt, wt = torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True)
    bt = None if b is None else torch.tensor(b, requires_grad=True)
    out = F.conv2d(xt, wt, bt, **kwargs)
    out.backward(torch.as_tensor(upstream))
    return out.detach(), xt.grad, wt.grad, None if bt is None else bt.grad


def check_conv(x, w, b, **kwargs):
    rng = np.random.default_rng(x.size)
    out = conv2d(x, w, b, **kwargs)
    upstream = rng.normal(size=out.shape)
    out_t, gx_t, gw_t, gb_t = torch_conv(x, w, b, upstream, **kwargs)
    close(out, out_t)
    gx, gw, gb = conv2d_backward(upstream, x, w, **kwargs)
    close(gx, gx_t)
    close(gw, gw_t)
    if b is not None:
        close(gb, gb_t)
    else:  # 편향이 없어도 ∂L/∂b = Σ upstream: 편향을 붙인 torch와 같다
        close(gb, torch_conv(x, w, np.zeros(w.shape[0]), upstream, **kwargs)[3])


# 입력 (2, 4, 7, 8), 커널 3×2, 출력 채널 4: groups=4는 깊이별 합성곱 (채널마다 커널 하나)
GRID = list(itertools.product([1, 2, (2, 1)], [0, 1, (0, 2)], [1, 2, (1, 2)], [1, 2, 4]))


@pytest.mark.parametrize("stride, padding, dilation, groups", GRID)
def test_conv2d_values_and_gradients_match_torch_over_a_grid(stride, padding, dilation, groups):
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(2, 4, 7, 8)), rng.normal(size=(4, 4 // groups, 3, 2))
    for b in (None, rng.normal(size=4)):  # 편향 없음, 있음
        check_conv(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups)


SHAPES = [  # (입력 모양, 가중치 모양, 인자)
    ((3, 1, 5, 5), (2, 1, 1, 1), {}),  # 1×1 합성곱
    ((1, 3, 6, 9), (6, 1, 3, 3), {"groups": 3, "padding": 1}),  # 깊이별, 채널마다 커널 둘
    ((2, 6, 6, 6), (9, 2, 2, 2), {"groups": 3, "stride": 2}),
    ((1, 2, 3, 4), (3, 2, 5, 4), {"padding": (1, 0)}),  # 커널이 패딩한 입력과 꼭 같다: 출력 1×1
    ((2, 2, 8, 7), (3, 2, 3, 3), {"stride": 3, "padding": 1}),  # stride가 나누어떨어지지 않는다
    ((1, 2, 9, 11), (2, 2, 2, 3), {"stride": (1, 3), "padding": (2, 1), "dilation": (3, 2)}),
    ((2, 8, 5, 5), (8, 1, 3, 3), {"groups": 8, "padding": 1, "dilation": 2}),  # 깊이별 + 팽창
]


@pytest.mark.parametrize("x_shape, w_shape, kwargs", SHAPES)
def test_conv2d_matches_torch_for_other_shapes(x_shape, w_shape, kwargs):
    rng = np.random.default_rng(1)
    check_conv(rng.normal(size=x_shape), rng.normal(size=w_shape), rng.normal(size=w_shape[0]), **kwargs)


@pytest.mark.parametrize(
    "size, kernel, stride, padding, dilation",
    [(28, 3, 1, 1, 1), (28, 5, 1, 0, 1), (7, 3, 2, 1, 1), (8, 3, 2, 1, 1), (10, 3, 3, 0, 2), (5, 5, 1, 0, 1), (1, 3, 1, 1, 1), (9, 2, 4, 3, 3)],
)
def test_conv_output_size_is_the_shape_torch_produces(size, kernel, stride, padding, dilation):
    out = F.conv2d(torch.zeros(1, 1, size, 1, dtype=torch.float64), torch.zeros(1, 1, kernel, 1, dtype=torch.float64),
                   stride=stride, padding=padding, dilation=dilation)
    assert conv_output_size(size, kernel, stride, padding, dilation) == out.shape[2]


def test_cross_correlation_by_hand():
    """커널을 뒤집지 않는다. x = [[1,2,3],[4,5,6],[7,8,9]], w = [[1,2],[3,4]], b = 0.5:
    (0,0): 1·1 + 2·2 + 4·3 + 5·4 = 1 + 4 + 12 + 20 = 37 → 37.5
    (0,1): 2·1 + 3·2 + 5·3 + 6·4 = 2 + 6 + 15 + 24 = 47 → 47.5
    (1,0): 4·1 + 5·2 + 7·3 + 8·4 = 4 + 10 + 21 + 32 = 67 → 67.5
    (1,1): 5·1 + 6·2 + 8·3 + 9·4 = 5 + 12 + 24 + 36 = 77 → 77.5
    (커널을 뒤집는 수학의 합성곱이라면 (0,0)은 1·4 + 2·3 + 4·2 + 5·1 = 23이다.)"""
    x = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    w = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    expected = np.array([[[[37.5, 47.5], [67.5, 77.5]]]])
    np.testing.assert_array_equal(conv2d(x, w, np.array([0.5])), expected)
    np.testing.assert_array_equal(F.conv2d(torch.as_tensor(x), torch.as_tensor(w), torch.tensor([0.5], dtype=torch.float64)).numpy(), expected)


@pytest.mark.parametrize("padding", [0, 1])
def test_shifting_the_input_by_one_pixel_shifts_the_output(padding):
    """x를 아래로 한 칸, 오른쪽으로 한 칸 민 입력 (빈 자리는 0, 밀려난 마지막 행·열은 버린다). 밀린 출력의
    (i+1, j+1)은 원래 출력의 (i, j)와 같다: 두 창이 보는 값이 같다 (패딩이 있으면 원래 창이 패딩 한 칸 안쪽을 보는
    가장자리만 빼고). 비교하는 자리는 원래 창이 버린 마지막 행·열에 닿지 않는 곳."""
    rng = np.random.default_rng(2)
    x, w, b = rng.normal(size=(2, 3, 8, 9)), rng.normal(size=(4, 3, 3, 3)), rng.normal(size=4)
    shifted = np.zeros_like(x)
    shifted[:, :, 1:, 1:] = x[:, :, :-1, :-1]
    out, out_shifted = conv2d(x, w, b, padding=padding), conv2d(shifted, w, b, padding=padding)
    # 원래 출력 (i, j)의 창은 입력 행 i−p … i−p+2를 본다: 버린 마지막 행(7)에 닿지 않으려면 i ≤ 4 + p
    keep_h, keep_w = 8 - 3 + padding, 9 - 3 + padding
    np.testing.assert_allclose(out_shifted[:, :, 1 : keep_h + 1, 1 : keep_w + 1], out[:, :, :keep_h, :keep_w], rtol=1e-12, atol=1e-12)
    assert not np.allclose(out_shifted[:, :, 1:, 1:], out[:, :, 1:, 1:])  # 밀지 않은 자리와는 다르다


def test_stride_two_output_moves_one_step_when_the_input_moves_two():
    rng = np.random.default_rng(3)
    x, w = rng.normal(size=(1, 2, 10, 10)), rng.normal(size=(3, 2, 3, 3))
    shifted = np.zeros_like(x)
    shifted[:, :, :, 2:] = x[:, :, :, :-2]
    out, out_shifted = conv2d(x, w, stride=2), conv2d(shifted, w, stride=2)  # 출력 4×4
    np.testing.assert_allclose(out_shifted[:, :, :, 1:], out[:, :, :, :-1], rtol=1e-12, atol=1e-12)


def test_im2col_and_col2im_are_transposes_of_each_other():
    """⟨im2col(x), Y⟩ = ⟨x, col2im(Y)⟩: col2im이 im2col의 역전파(전치)다. im2col은 torch의 F.unfold, col2im은 F.fold와 같다."""
    rng = np.random.default_rng(4)
    x = rng.normal(size=(2, 3, 7, 6))
    args = ((3, 2), (2, 1), (1, 2), (1, 2))  # kernel_size, stride, padding, dilation
    cols = im2col(x, *args)
    close(cols, F.unfold(torch.as_tensor(x), kernel_size=(3, 2), stride=(2, 1), padding=(1, 2), dilation=(1, 2)))
    y = rng.normal(size=cols.shape)
    close(col2im(y, x.shape, *args), F.fold(torch.as_tensor(y), output_size=(7, 6), kernel_size=(3, 2), stride=(2, 1), padding=(1, 2), dilation=(1, 2)))
    np.testing.assert_allclose(np.sum(cols * y), np.sum(x * col2im(y, x.shape, *args)), rtol=1e-12)


def distinct_input(shape, seed):
    """같은 값이 없는 입력 (최댓값이 창마다 하나뿐이라 argmax가 정해진다): 서로 다른 값의 무작위 순열."""
    return np.random.default_rng(seed).permutation(np.arange(np.prod(shape), dtype=np.float64)).reshape(shape) / 10


POOL_GRID = [
    (k, s, p)
    for k, s, p in itertools.product([2, 3, (2, 3)], [None, 1, 2, (1, 2)], [0, 1, (1, 0)])
    if all(2 * pi <= ki for pi, ki in zip(np.broadcast_to(p, 2), np.broadcast_to(k, 2)))
]


def torch_pool(function, x, upstream, **kwargs):
    xt = torch.tensor(x, requires_grad=True)
    out = function(xt, **kwargs)
    out.backward(torch.as_tensor(upstream))
    return out.detach(), xt.grad


@pytest.mark.parametrize("kernel_size, stride, padding", POOL_GRID)
def test_max_pool2d_values_and_gradients_match_torch(kernel_size, stride, padding):
    x = distinct_input((2, 3, 7, 8), 5)
    out = max_pool2d(x, kernel_size, stride, padding)
    upstream = np.random.default_rng(6).normal(size=out.shape)
    out_t, grad_t = torch_pool(F.max_pool2d, x, upstream, kernel_size=kernel_size, stride=stride, padding=padding)
    close(out, out_t)
    close(max_pool2d_backward(upstream, x, kernel_size, stride, padding), grad_t)


@pytest.mark.parametrize("count_include_pad", [True, False])
@pytest.mark.parametrize("kernel_size, stride, padding", POOL_GRID)
def test_avg_pool2d_values_and_gradients_match_torch(kernel_size, stride, padding, count_include_pad):
    x = distinct_input((2, 3, 7, 8), 7)
    out = avg_pool2d(x, kernel_size, stride, padding, count_include_pad)
    upstream = np.random.default_rng(8).normal(size=out.shape)
    out_t, grad_t = torch_pool(F.avg_pool2d, x, upstream, kernel_size=kernel_size, stride=stride, padding=padding,
                               count_include_pad=count_include_pad)
    close(out, out_t)
    close(avg_pool2d_backward(upstream, x, kernel_size, stride, padding, count_include_pad), grad_t)


def test_count_include_pad_changes_only_the_windows_that_touch_padding():
    """3×3 창, padding 1, 입력이 모두 1: 패딩을 세면 모서리 창은 4/9, 가장자리는 6/9, 세지 않으면 모두 1."""
    x = np.ones((1, 1, 3, 3))
    np.testing.assert_allclose(avg_pool2d(x, 3, 1, 1)[0, 0], np.array([[4, 6, 4], [6, 9, 6], [4, 6, 4]]) / 9, rtol=1e-15)
    np.testing.assert_allclose(avg_pool2d(x, 3, 1, 1, count_include_pad=False)[0, 0], np.ones((3, 3)), rtol=1e-15)


X4, W4 = np.zeros((1, 4, 6, 6)), np.zeros((2, 4, 3, 3))
BAD_INPUTS = [
    (lambda: conv2d(np.zeros((4, 6, 6)), W4), r"input은\(는\) \(N, C, H, W\) 4차원.*\(4, 6, 6\)"),
    (lambda: conv2d(X4, np.zeros((2, 4, 3))), r"weight는 .*4차원.*\(2, 4, 3\)"),
    (lambda: conv2d(X4, np.zeros((2, 3, 3, 3))), r"input 채널 수 4 .*weight.shape\[1\]·groups = 3·1 = 3"),
    (lambda: conv2d(X4, np.zeros((2, 4, 3, 3)), groups=2), r"weight.shape\[1\]·groups = 4·2 = 8"),
    (lambda: conv2d(X4, np.zeros((3, 2, 3, 3)), groups=2), r"출력 채널 수 3 .*\(3, 2, 3, 3\).*groups=2"),
    (lambda: conv2d(np.zeros((1, 3, 6, 6)), np.zeros((4, 1, 3, 3)), groups=2), r"입력 채널 수 3 .*\(1, 3, 6, 6\).*groups=2"),
    (lambda: conv2d(X4, W4, bias=np.zeros(3)), r"bias 모양 \(3,\).*\(2,\)"),
    (lambda: conv2d(X4, W4, bias=np.zeros((2, 1))), r"bias 모양 \(2, 1\)"),
    (lambda: conv2d(X4, np.zeros((2, 4, 7, 3))), r"유효 크기 7.*패딩한 입력 크기 6"),
    (lambda: conv2d(X4, W4, dilation=3), r"유효 크기 7 \(kernel_size=3, dilation=3\).*입력 크기 6"),
    (lambda: conv2d(X4, W4, stride=0), r"stride은\(는\) 1 이상"),
    (lambda: conv2d(X4, W4, stride=(1, -1)), r"stride은\(는\) 1 이상"),
    (lambda: conv2d(X4, W4, dilation=0), r"dilation은\(는\) 1 이상"),
    (lambda: conv2d(X4, W4, padding=-1), r"padding은\(는\) 0 이상"),
    (lambda: conv2d(X4, W4, stride=1.5), r"stride"),
    (lambda: conv2d(X4, W4, padding=(1, 1, 1)), r"padding"),
    (lambda: conv2d(X4, W4, groups=0), r"groups"),
    (lambda: conv2d_backward(np.zeros((1, 2, 3, 3)), X4, W4), r"grad_output 모양 \(1, 2, 3, 3\).*\(1, 2, 4, 4\)"),
    (lambda: conv_output_size(4, 5), r"유효 크기 5.*입력 크기 4"),
    (lambda: conv_output_size(4, 3, stride=0), r"stride"),
    (lambda: conv_output_size(4, 3, dilation=0), r"dilation"),
    (lambda: conv_output_size(4, 3, padding=-1), r"padding"),
    (lambda: max_pool2d(np.zeros((6, 6)), 2), r"input은\(는\) .*4차원.*\(6, 6\)"),
    (lambda: max_pool2d(X4, 3, padding=2), r"padding \(2, 2\)은 kernel_size \(3, 3\)의 절반 이하"),
    (lambda: avg_pool2d(X4, (2, 4), padding=(2, 1)), r"padding \(2, 1\)은 kernel_size \(2, 4\)의 절반"),
    (lambda: max_pool2d_backward(np.zeros((1, 4, 3, 3)), X4, 2, padding=2), r"절반"),
    (lambda: max_pool2d(X4, 7), r"유효 크기 7.*입력 크기 6"),
    (lambda: avg_pool2d(X4, 2, stride=0), r"stride"),
    (lambda: max_pool2d_backward(np.zeros((1, 4, 2, 2)), X4, 2), r"grad_output 모양 \(1, 4, 2, 2\).*\(1, 4, 3, 3\)"),
    (lambda: avg_pool2d_backward(np.zeros((1, 4, 3, 3)), X4, 2, 1), r"grad_output 모양"),
    (lambda: avg_pool2d(X4, 2, count_include_pad="yes"), r"count_include_pad"),
]


@pytest.mark.parametrize("call, message", BAD_INPUTS)
def test_bad_input_is_refused_naming_what_is_wrong(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("function", [F.max_pool2d, F.avg_pool2d])
@pytest.mark.parametrize("kernel_size, padding, refused", [(3, 2, True), (2, 2, True), ((2, 4), (2, 1), True), (2, 1, False), (3, 1, False), ((2, 4), (1, 2), False)])
def test_torch_refuses_the_same_pooling_padding(function, kernel_size, padding, refused):
    """padding > kernel_size/2를 torch도 거절하고, 꼭 절반까지는 둘 다 받는다."""
    ours = {F.max_pool2d: max_pool2d, F.avg_pool2d: avg_pool2d}[function]
    x = distinct_input((1, 2, 6, 6), 9)
    if refused:
        with pytest.raises(RuntimeError, match="at most half"):
            function(torch.as_tensor(x), kernel_size, padding=padding)
        with pytest.raises(ValueError, match="절반"):
            ours(x, kernel_size, padding=padding)
    else:
        close(ours(x, kernel_size, padding=padding), function(torch.as_tensor(x), kernel_size, padding=padding))


def test_inputs_are_not_modified():
    rng = np.random.default_rng(10)
    x, w, b = rng.normal(size=(2, 4, 6, 5)), rng.normal(size=(4, 2, 3, 3)), rng.normal(size=4)
    upstream = rng.normal(size=(2, 4, 6, 5))
    pooled_upstream = rng.normal(size=(2, 4, 4, 3))  # 2×2 창, padding 1: 6×5 → 4×3
    copies = [a.copy() for a in (x, w, b, upstream, pooled_upstream)]
    conv2d(x, w, b, padding=1, groups=2)
    conv2d_backward(upstream, x, w, padding=1, groups=2)
    for pool, backward in ((max_pool2d, max_pool2d_backward), (avg_pool2d, avg_pool2d_backward)):
        pool(x, 2, padding=1)
        backward(pooled_upstream, x, 2, padding=1)
    cols = im2col(x, 3, padding=1)
    cols_copy = cols.copy()
    col2im(cols, x.shape, 3, padding=1)
    for array, copy in zip((x, w, b, upstream, pooled_upstream, cols), copies + [cols_copy]):
        np.testing.assert_array_equal(array, copy)


def torch_digit_cnn(params):
    """params를 복사한 torch 모델: Conv2d(패딩 1), ReLU, MaxPool2d(2), Flatten, Linear (float64)."""
    (kernels, conv_bias), (fc_weight, fc_bias) = params
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, kernels.shape[0], 3, padding=1, dtype=torch.float64), torch.nn.ReLU(),
        torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(fc_weight.shape[1], fc_weight.shape[0], dtype=torch.float64))
    with torch.no_grad():
        for layer, (weight, bias) in zip((net[0], net[4]), params):
            layer.weight.copy_(torch.from_numpy(weight))
            layer.bias.copy_(torch.from_numpy(bias))
    return net


def test_digit_cnn_init_follows_torch_default_bounds():
    params = digit_cnn_init(6, np.random.default_rng(0))
    shapes = [(w.shape, b.shape) for w, b in params]
    assert shapes == [((6, 1, 3, 3), (6,)), ((10, 96), (10,))]
    net = torch_digit_cnn(params)  # torch의 기본 초기화 범위: 1/√fan_in
    for (w, b), layer in zip(params, (net[0], net[4])):
        bound = 1 / np.sqrt(layer.weight[0].numel())
        assert np.abs(w).max() <= bound and np.abs(b).max() <= bound and np.abs(w).max() > 0.8 * bound
    with pytest.raises(ValueError, match="image_size"):
        digit_cnn_init(4, np.random.default_rng(0), image_size=7)


def test_digit_cnn_logits_and_gradients_match_torch():
    rng = np.random.default_rng(3)
    params = digit_cnn_init(5, rng)
    x, target = rng.normal(size=(7, 1, 8, 8)), rng.integers(0, 10, size=7)
    net = torch_digit_cnn(params)
    logits = net(torch.from_numpy(x))
    F.cross_entropy(logits, torch.from_numpy(target)).backward()
    close(digit_cnn_forward(params, x)[0], logits.detach())
    for (grad_w, grad_b), layer in zip(digit_cnn_gradients(params, x, target), (net[0], net[4]), strict=True):
        close(grad_w, layer.weight.grad)
        close(grad_b, layer.bias.grad)


def test_digit_cnn_training_trajectory_matches_torch_sgd_step_by_step():
    """evolution.fit(grad_fn=digit_cnn_gradients)의 스텝마다의 파라미터와 손실이 torch.optim.SGD와 같다."""
    from sklearn.datasets import load_digits

    from dlbasics.evolution import fit
    from dlbasics.gradient_descent import minibatches
    from dlbasics.losses import cross_entropy

    x_all, y_all = load_digits(return_X_y=True)
    x, target = x_all[:192].reshape(-1, 1, 8, 8) / 16, y_all[:192]
    start = digit_cnn_init(4, np.random.default_rng(1))
    net = torch_digit_cnn(start)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.3)
    params, order, steps = start, np.random.default_rng(5), 0
    for _ in range(2):  # 두 에폭, 미니배치 32장 → 12스텝
        for batch in minibatches(len(x), 32, order):
            ours_loss = cross_entropy(digit_cnn_forward(params, x[batch])[0], target[batch])
            params = fit(params, x[batch], target[batch], 0.3, 1, len(batch), np.random.default_rng(0),
                         grad_fn=digit_cnn_gradients)  # 미니배치 하나로 한 스텝
            optimizer.zero_grad()
            torch_loss = F.cross_entropy(net(torch.from_numpy(x[batch])), torch.from_numpy(target[batch]))
            torch_loss.backward()
            optimizer.step()
            close(ours_loss, torch_loss.detach())
            for (w, b), layer in zip(params, (net[0], net[4]), strict=True):
                close(w, layer.weight.detach())
                close(b, layer.bias.detach())
            steps += 1
    assert steps == 12
    whole = fit(start, x, target, 0.3, 2, 32, np.random.default_rng(5), grad_fn=digit_cnn_gradients)
    for (w, b), layer in zip(whole, (net[0], net[4]), strict=True):  # 에폭을 한꺼번에 돌려도 같은 궤적
        close(w, layer.weight.detach())
        close(b, layer.bias.detach())


@pytest.mark.parametrize("shape_x, shape_w", [((1, 1, 3, 3), (1, 1, 2, 2)), ((2, 3, 6, 5), (4, 3, 3, 2)), ((1, 2, 4, 4), (3, 2, 4, 1))])
def test_conv2d_direct_matches_torch(shape_x, shape_w):
    rng = np.random.default_rng(sum(shape_x))
    x, w, b = rng.normal(size=shape_x), rng.normal(size=shape_w), rng.normal(size=shape_w[0])
    close(conv2d_direct(x, w), F.conv2d(torch.from_numpy(x), torch.from_numpy(w)))
    close(conv2d_direct(x, w, b), F.conv2d(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b)))


def test_conv2d_direct_refuses_bad_shapes():
    with pytest.raises(ValueError, match=r"C가 같아야.*\(1, 2, 4, 4\).*\(1, 3, 2, 2\)"):
        conv2d_direct(np.zeros((1, 2, 4, 4)), np.zeros((1, 3, 2, 2)))
    with pytest.raises(ValueError, match="커널 5×2가 입력 4×4보다"):
        conv2d_direct(np.zeros((1, 1, 4, 4)), np.zeros((1, 1, 5, 2)))
    with pytest.raises(ValueError, match="bias 모양"):
        conv2d_direct(np.zeros((1, 1, 4, 4)), np.zeros((2, 1, 2, 2)), np.zeros(3))


@pytest.mark.parametrize("size, k, s, p, d", [(6, 3, 1, 0, 1), (6, 3, 2, 0, 1), (6, 3, 1, 1, 1), (6, 3, 1, 0, 2), (7, 2, 3, 1, 2)])
def test_window_indices_are_the_cells_that_torch_unfold_reads(size, k, s, p, d):
    """F.unfold를 1, 2, …, size인 한 행에 쓰면 창마다 읽은 값 − 1이 칸의 번호다 (패딩은 0으로 읽혀 −1)."""
    line = torch.arange(1, size + 1, dtype=torch.float64).reshape(1, 1, 1, size)
    unfolded = F.unfold(line, (1, k), dilation=(1, d), padding=(0, p), stride=(1, s))[0]  # (k, n_out)
    cells = window_indices(size, k, s, p, d)
    inside = (cells >= 0) & (cells < size)
    assert cells.shape == (unfolded.shape[1], k)
    assert np.array_equal(np.where(inside, cells, -1), unfolded.T.numpy().astype(int) - 1)


def torch_receptive_field(layers, size=40):
    """가중치가 모두 1인 Conv2d를 쌓고 가운데 출력 하나를 입력으로 미분해, 기울기가 0이 아닌 행의 수."""
    convs = []
    for k, s in layers:
        conv = torch.nn.Conv2d(1, 1, k, stride=s, bias=False, dtype=torch.float64)
        torch.nn.init.ones_(conv.weight)
        convs.append(conv)
    image = torch.zeros(1, 1, size, size, dtype=torch.float64, requires_grad=True)
    out = torch.nn.Sequential(*convs)(image)
    out[0, 0, out.shape[2] // 2, out.shape[3] // 2].backward()
    rows = torch.nonzero(image.grad[0, 0].abs().sum(dim=1)).flatten()
    return int(rows[-1] - rows[0] + 1)


@pytest.mark.parametrize("layers", [[(3, 1)], [(3, 1)] * 3, [(5, 2), (3, 1)], [(3, 2), (3, 2), (3, 1)], [(7, 1), (2, 2), (3, 1)]])
def test_receptive_field_matches_torch_autograd(layers):
    assert receptive_field(layers) == torch_receptive_field(layers)


def test_receptive_field_refuses_bad_layers():
    with pytest.raises(ValueError, match=r"layers\[1\]는 \(kernel_size, stride\)"):
        receptive_field([(3, 1), (3, 1, 1)])
    with pytest.raises(ValueError, match=r"stride은\(는\) 1 이상"):
        receptive_field([(3, 0)])
