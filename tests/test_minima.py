"""지역 최소값과 전역 최소값(dlbasics.minima)을 PyTorch와 float64로 대조한다.

두 층 신경망의 초기화가 nn.Linear의 분포를 따르는지(모양과 범위), 전체 배치 경사하강법의 궤적(torch.optim.SGD,
손실과 파라미터), 멈춘 손실의 층 collapsed_loss(그 비율을 확률로 둔 로짓의 torch 교차 엔트로피), 은닉 유닛의
순열이 출력을 바꾸지 않는다는 것(torch 신경망), XOR 재시작 실험의 성질, 잘못된 입력.
"""

import math

import numpy as np
import pytest
import torch

from dlbasics.minima import (
    XOR_INPUTS,
    XOR_LABELS,
    collapsed_loss,
    init_two_layer,
    permute_hidden,
    restart_losses,
    train_two_layer,
)

RTOL, ATOL = 1e-9, 1e-12


def torch_net(params):
    """같은 파라미터의 torch 신경망: Linear → ReLU → Linear (float64)."""
    width = params["W1"].shape[0]
    net = torch.nn.Sequential(torch.nn.Linear(2, width), torch.nn.ReLU(), torch.nn.Linear(width, 2)).double()
    with torch.no_grad():
        for layer, (w, b) in zip((net[0], net[2]), (("W1", "b1"), ("W2", "b2"))):
            layer.weight.copy_(torch.as_tensor(params[w]))
            layer.bias.copy_(torch.as_tensor(params[b]))
    return net


@pytest.mark.parametrize("width", [1, 2, 8])
def test_initialisation_has_the_shapes_and_ranges_of_nn_linear(width):
    params = init_two_layer(width, np.random.default_rng(width))
    reference = torch.nn.Sequential(torch.nn.Linear(2, width), torch.nn.ReLU(), torch.nn.Linear(width, 2))
    for name, tensor in zip(("W1", "b1", "W2", "b2"), reference.parameters()):
        assert params[name].shape == tuple(tensor.shape)
    bound1, bound2 = 1 / math.sqrt(2), 1 / math.sqrt(width)  # nn.Linear: U(-1/√d_in, 1/√d_in)
    assert np.abs(params["W1"]).max() <= bound1 and np.abs(params["b1"]).max() <= bound1
    assert np.abs(params["W2"]).max() <= bound2 and np.abs(params["b2"]).max() <= bound2


@pytest.mark.parametrize("width", [2, 4, 16])
@pytest.mark.parametrize("lr", [0.3, 1.0])
def test_training_follows_torch_sgd_step_by_step(width, lr):
    start = init_two_layer(width, np.random.default_rng(10 + width))
    trained, losses = train_two_layer(start, XOR_INPUTS, XOR_LABELS, lr, steps=25)
    net = torch_net(start)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    x, y = torch.as_tensor(XOR_INPUTS), torch.as_tensor(XOR_LABELS)
    expected = []
    for _ in range(25):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        optimizer.step()
        with torch.no_grad():
            expected.append(torch.nn.functional.cross_entropy(net(x), y).item())
    torch.testing.assert_close(torch.tensor(losses, dtype=torch.float64), torch.tensor(expected, dtype=torch.float64), rtol=RTOL, atol=ATOL)
    for name, tensor in zip(("W1", "b1", "W2", "b2"), net.parameters()):
        torch.testing.assert_close(torch.as_tensor(trained[name]), tensor.detach(), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("groups", [[[0, 1, 1, 0]], [[0], [1, 1, 0]], [[0], [1], [1, 0]], [[0], [1], [1], [0]], [[1, 1, 1, 0, 0]]])
def test_collapsed_loss_is_the_cross_entropy_of_the_group_proportions(groups):
    labels = torch.tensor([label for group in groups for label in group])
    q = torch.tensor([np.mean(group) for group in groups for _ in group], dtype=torch.float64)
    probabilities = torch.stack([1 - q, q], dim=1).clamp_min(1e-300)  # 비율이 0이나 1이면 그 클래스의 로그는 쓰이지 않는다
    expected = torch.nn.functional.nll_loss(probabilities.log(), labels)
    torch.testing.assert_close(torch.tensor(collapsed_loss(groups), dtype=torch.float64), expected, rtol=RTOL, atol=ATOL)


def test_collapsed_loss_cannot_be_beaten_by_any_shared_prediction():
    # 묶음 [1, 1, 0]이 같은 확률 p를 낼 때 손실 -(2 ln p + ln(1-p))/3 은 p = 2/3에서 가장 작다
    grid = np.linspace(0.001, 0.999, 9999)
    best = np.min(-(2 * np.log(grid) + np.log(1 - grid)) / 3)
    assert collapsed_loss([[1, 1, 0]]) <= best + 1e-12 and collapsed_loss([[1, 1, 0]]) > best - 1e-6


@pytest.mark.parametrize("order", [[1, 0], [2, 0, 1], [3, 1, 0, 2, 4]])
def test_permuting_hidden_units_keeps_the_function(order):
    params = init_two_layer(len(order), np.random.default_rng(len(order)))
    x = torch.as_tensor(np.random.default_rng(0).normal(size=(6, 2)))
    permuted = permute_hidden(params, order)
    torch.testing.assert_close(torch_net(permuted)(x), torch_net(params)(x), rtol=RTOL, atol=ATOL)
    assert not np.array_equal(permuted["W1"], params["W1"])  # 파라미터는 다르다
    assert permute_hidden(permuted, np.argsort(order))["W1"].tolist() == params["W1"].tolist()  # 되돌리면 그대로


def test_narrow_networks_get_stuck_just_above_the_collapsed_levels_and_wide_ones_do_not():
    narrow, wide = restart_losses(2, range(20)), restart_losses(32, range(20))
    levels = [collapsed_loss(groups) for groups in ([[0, 1, 1, 0]], [[0], [1, 1, 0]], [[0], [1], [1, 0]])]
    stuck = [loss for loss in narrow if loss > 0.1]
    assert len(stuck) >= 8 and all(min(abs(loss - level) for level in levels) < 0.005 for loss in stuck)
    assert max(wide) < 0.01


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: init_two_layer(0, np.random.default_rng(0)), "width"),
        (lambda: init_two_layer(2.0, np.random.default_rng(0)), "width"),
        (lambda: train_two_layer(init_two_layer(2, np.random.default_rng(0)), XOR_INPUTS, XOR_LABELS, 0.0, 1), "lr"),
        (lambda: collapsed_loss([]), "groups"),
        (lambda: collapsed_loss([[0, 1], []]), "groups"),
        (lambda: collapsed_loss([[0, 2]]), "레이블"),
        (lambda: permute_hidden(init_two_layer(3, np.random.default_rng(0)), [0, 1]), "순열"),
        (lambda: permute_hidden(init_two_layer(3, np.random.default_rng(0)), [0, 1, 1]), "순열"),
    ],
)
def test_bad_input_is_refused_naming_what_is_wrong(call, message):
    with pytest.raises(ValueError, match=message):
        call()
