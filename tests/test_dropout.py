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
    """출력 하나가 드롭아웃의 결과인지: 남긴 자리는 비트까지 x·(1/(1-p)) (torch의 계산 순서), 끈 비율, 행마다 끈 개수의
    분산(이항 분포 m p (1-p)), 이웃한 둘이 함께 꺼지는 비율(p²)이 표준오차 네 배 안. 원소마다 따로 뽑지 않은 마스크
    (줄무늬, 행마다 같은 마스크)는 끈 비율이 맞아도 뒤의 두 검사에서 걸린다."""
    kept = out != 0
    np.testing.assert_array_equal(out[kept], x[kept] * (1 / (1 - p)))
    dropped = ~kept
    n, (rows, m) = x.size, x.shape
    assert abs(dropped.mean() - p) < 4 * np.sqrt(p * (1 - p) / n), (dropped.mean(), p)
    counts = dropped.sum(axis=1)
    variance = m * p * (1 - p)
    assert abs(counts.var() - variance) < 4 * variance * np.sqrt(2 / rows), (counts.var(), variance)  # 정규 근사
    pairs = (dropped[:, :-1] & dropped[:, 1:]).mean()
    pair_variance = p**2 * (1 - p**2) + 2 * (p**3 - p**4)  # 이웃한 쌍끼리 원소 하나를 나눠 가진다
    assert abs(pairs - p**2) < 4 * np.sqrt(pair_variance / (rows * (m - 1))), (pairs, p**2)


def test_the_checks_reject_masks_that_are_not_drawn_element_by_element():
    """검사가 실제로 틀린 드롭아웃을 잡는지: 끈 비율은 정확히 p인 줄무늬 마스크, 행마다 같은 마스크."""
    x, p = positive_input(9), 0.5
    stripes = x * (np.arange(SHAPE[1]) % 2 == 0) / (1 - p)
    one_row = x * (np.random.default_rng(0).random(SHAPE[1]) >= p) / (1 - p)
    for wrong in (stripes, one_row):
        with pytest.raises(AssertionError):
            check_dropout_output(x, wrong, p)


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
