"""드롭아웃(dlbasics.dropout)을 torch.nn.functional.dropout과 float64로 대조한다.

torch의 난수 마스크는 재현할 수 없으므로 torch의 출력에서 마스크를 되찾는다 (0이 없는 입력에서 out != 0).
되찾은 마스크로 out = x·m/(1-p)가 정확한지, 끈 비율이 p와 표준오차 네 배 안에서 같은지, 평균이 x인지(같은 검사를
이 구현에도), 평가 모드와 p = 0이 항등인지, 역전파가 torch autograd와 같은지(되찾은 마스크로), 마스크를 평균한
신경망이 선형 출력에서는 평가 모드 신경망과 표준오차 안에서 같은지, 잘못된 입력.
"""

import inspect

import numpy as np
import pytest
import torch

from dlbasics.dropout import dropout, dropout_backward, dropout_network, dropout_scale, example_network, mask_average

SHAPE = (400, 250)  # 원소 10만 개: 끈 비율의 표준오차는 √(p(1-p)/n) ≈ 0.0016 (p = 0.5)


def positive_input(seed):
    return np.random.default_rng(seed).uniform(0.5, 2.0, SHAPE)  # 0이 없다: 출력의 0은 끈 자리


def check_dropout_output(x, out, p):
    """출력 하나가 드롭아웃의 결과인지: 남긴 자리는 정확히 x/(1-p), 끈 비율과 평균 배율은 표준오차 네 배 안."""
    kept = out != 0
    np.testing.assert_allclose(out[kept], x[kept] / (1 - p), rtol=1e-15, atol=0)
    n = x.size
    dropped = 1 - kept.mean()
    assert abs(dropped - p) < 4 * np.sqrt(p * (1 - p) / n), (dropped, p)
    ratio = out / x  # 원소마다 m/(1-p): 평균 1, 분산 p/(1-p)
    assert abs(ratio.mean() - 1) < 4 * np.sqrt(p / (1 - p) / n), ratio.mean()


def test_signature_matches_torch_functional_dropout():
    """(x, p=0.5, training=True, …): 입력 다음의 두 인자가 torch와 같은 이름, 같은 순서, 같은 기본값이다."""
    ours = list(inspect.signature(dropout).parameters.values())
    theirs = list(inspect.signature(torch.nn.functional.dropout).parameters.values())
    assert [(q.name, q.default) for q in ours[1:3]] == [(q.name, q.default) for q in theirs[1:3]] == [("p", 0.5), ("training", True)]


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_torch_output_is_recovered_as_a_scaled_bernoulli_mask(p):
    x = positive_input(int(p * 10))
    torch.manual_seed(int(p * 100))
    out = torch.nn.functional.dropout(torch.as_tensor(x), p=p, training=True).numpy()
    check_dropout_output(x, out, p)  # 같은 검사가 torch에도 맞는다: 검사가 torch의 뜻을 담고 있다


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_our_output_passes_the_same_checks(p):
    x = positive_input(int(p * 10))
    check_dropout_output(x, dropout(x, p, training=True, rng=np.random.default_rng(1)), p)


@pytest.mark.parametrize("p, training", [(0.5, False), (0.0, True), (0.0, False), (0.9, False)])
def test_evaluation_mode_and_zero_probability_are_the_identity_as_in_torch(p, training):
    x = np.random.default_rng(2).normal(size=(7, 5))
    expected = torch.nn.functional.dropout(torch.as_tensor(x), p=p, training=training)
    torch.testing.assert_close(torch.as_tensor(dropout(x, p, training, np.random.default_rng(0))), expected, rtol=0, atol=0)


@pytest.mark.parametrize("p", [0.2, 0.6])
def test_backward_matches_torch_autograd_with_the_recovered_mask(p):
    x = positive_input(3)
    upstream = np.random.default_rng(4).normal(size=SHAPE)
    x_t = torch.as_tensor(x).requires_grad_()
    torch.manual_seed(5)
    out = torch.nn.functional.dropout(x_t, p=p, training=True)
    out.backward(torch.as_tensor(upstream))
    scale = (out.detach().numpy() != 0) / (1 - p)  # torch가 곱한 값을 출력에서 되찾는다
    torch.testing.assert_close(torch.as_tensor(dropout_backward(upstream, scale)), x_t.grad, rtol=1e-15, atol=0)


def test_the_same_generator_state_gives_the_same_mask_and_scale_is_what_dropout_multiplies():
    x = np.arange(1.0, 13.0).reshape(3, 4)
    scale = dropout_scale(x.shape, 0.5, True, np.random.default_rng(7))
    np.testing.assert_array_equal(dropout(x, 0.5, True, np.random.default_rng(7)), x * scale)
    assert set(np.unique(scale)) <= {0.0, 2.0}


def test_evaluation_network_matches_torch_with_dropout_in_eval_mode():
    params = example_network(0)
    net = torch.nn.Sequential(torch.nn.Linear(3, 20), torch.nn.ReLU(), torch.nn.Dropout(0.5), torch.nn.Linear(20, 3)).double().eval()
    with torch.no_grad():
        for layer, (w, b) in zip((net[0], net[3]), (("W1", "b1"), ("W2", "b2"))):
            layer.weight.copy_(torch.as_tensor(params[w]))
            layer.bias.copy_(torch.as_tensor(params[b]))
    x = np.random.default_rng(1).normal(size=(5, 3))
    torch.testing.assert_close(torch.as_tensor(dropout_network(x, params, 0.5, False)), net(torch.as_tensor(x)), rtol=1e-12, atol=1e-12)


def test_averaging_masked_networks_recovers_the_evaluation_network_for_a_linear_output():
    params, x = example_network(0), np.array([[0.5, -1.0, 2.0]])
    average, se = mask_average(x, params, 0.5, 3000, np.random.default_rng(1))
    assert np.all(np.abs(average - dropout_network(x, params, 0.5, False)) < 4 * se)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: dropout(np.ones(3), p=1.0), "p"),
        (lambda: dropout(np.ones(3), p=-0.1), "p"),
        (lambda: dropout(np.ones(3), p=float("nan")), "p"),
        (lambda: dropout(np.ones(3), p=True), "p"),
        (lambda: dropout(np.ones(3), training="yes"), "training"),
        (lambda: dropout_backward(np.ones(3), np.ones(4)), "모양"),
        (lambda: mask_average(np.ones((1, 3)), example_network(0), 0.5, 1, np.random.default_rng(0)), "n_masks"),
    ],
)
def test_bad_input_is_refused_naming_what_is_wrong(call, message):
    with pytest.raises(ValueError, match=message):
        call()
