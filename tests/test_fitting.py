"""과적합과 과소적합(dlbasics.fitting)을 PyTorch와 float64로 대조한다.

다항 특징(torch.vander), 최소 제곱 계수와 예측(torch.linalg.lstsq), 편향²·분산·오차(torch의 평균과
분산으로 계산), 분해 오차 = 편향² + 분산의 정확성, 용량 실험의 성질(학습 오차는 차수와 함께 줄고, 시험
오차는 편향² + 분산 + σ²와 표준오차 안에서 같다), 잘못된 입력.
"""

import functools

import numpy as np
import pytest
import torch

from dlbasics.fitting import (
    bias_variance,
    capacity_sweep,
    fit_polynomial,
    make_targets,
    polynomial_features,
    predict_polynomial,
    true_function,
)

import helpers

RTOL, ATOL = 1e-9, 1e-12


assert_matches = functools.partial(helpers.assert_matches, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("degree", [0, 1, 3, 8])
@pytest.mark.parametrize("n", [1, 5, 20])
def test_polynomial_features_match_torch_vander(n, degree):
    x = np.random.default_rng(n).uniform(-1, 1, n)
    assert_matches(polynomial_features(x, degree), torch.vander(torch.as_tensor(x), N=degree + 1, increasing=True))


@pytest.mark.parametrize("degree", [0, 1, 2, 5, 9])
@pytest.mark.parametrize("targets", [None, 3])  # y 하나, 또는 열 3개
def test_least_squares_fit_and_prediction_match_torch_lstsq(degree, targets):
    rng = np.random.default_rng(degree)
    x = np.linspace(-1, 1, 20)
    y = make_targets(x if targets is None else np.tile(x[:, None], targets), 0.3, rng)
    X = torch.vander(torch.as_tensor(x), N=degree + 1, increasing=True)
    expected = torch.linalg.lstsq(X, torch.as_tensor(y), driver="gelsd").solution
    weights = fit_polynomial(x, y, degree)
    assert_matches(weights, expected)
    x_new = rng.uniform(-1, 1, 7)
    assert_matches(predict_polynomial(weights, x_new), torch.vander(torch.as_tensor(x_new), N=degree + 1, increasing=True) @ expected)


def test_a_polynomial_of_the_fitted_degree_is_recovered_exactly():
    x = np.linspace(-1, 1, 6)
    assert_matches(fit_polynomial(x, 2 - x + 3 * x**2, 2), torch.tensor([2.0, -1.0, 3.0], dtype=torch.float64))


@pytest.mark.parametrize("shape", [(2, 1), (5, 3), (40, 11)])
def test_bias_variance_matches_torch_and_the_split_is_exact(shape):
    rng = np.random.default_rng(shape[0])
    predictions, truth = rng.normal(size=shape), rng.normal(size=shape[1])
    P, f = torch.as_tensor(predictions), torch.as_tensor(truth)
    split = bias_variance(predictions, truth)
    torch.testing.assert_close(split.bias_squared, ((f - P.mean(0)) ** 2).mean().item(), rtol=RTOL, atol=ATOL)
    torch.testing.assert_close(split.variance, P.var(0, correction=0).mean().item(), rtol=RTOL, atol=ATOL)
    torch.testing.assert_close(split.error, ((f - P) ** 2).mean().item(), rtol=RTOL, atol=ATOL)
    assert split.error == pytest.approx(split.bias_squared + split.variance, rel=1e-13)


def test_models_that_agree_have_no_variance_and_a_right_average_has_no_bias():
    same = bias_variance([[1.0, 2.0], [1.0, 2.0]], [0.0, 2.0])
    assert same.variance == 0.0 and same.bias_squared == same.error == 0.5
    centred = bias_variance([[0.0, 1.0], [2.0, 3.0]], [1.0, 2.0])
    assert centred.bias_squared == 0.0 and centred.variance == centred.error == 1.0


@pytest.fixture(scope="module")
def sweep():
    return capacity_sweep(range(13), n_sets=300, seed=3)


def test_training_error_never_rises_with_the_degree(sweep):
    # 같은 학습 데이터에서 차수를 올리면 모델이 앞의 모델을 포함한다: 최소 제곱 오차는 줄거나 같다
    errors = [row.train_error for row in sweep]
    assert all(later <= earlier + 1e-15 for earlier, later in zip(errors, errors[1:]))


def test_measured_test_error_is_bias_plus_variance_plus_noise_within_four_standard_errors(sweep):
    for row in sweep:
        expected = row.bias_squared + row.variance + 0.3**2
        assert abs(row.test_error - expected) < 4 * row.test_error_se, row


def test_test_error_is_u_shaped_while_variance_rises(sweep):
    tests = [row.test_error for row in sweep]
    best = int(np.argmin(tests))
    assert 3 <= best <= 6 and tests[0] > 4 * tests[best] and tests[-1] > 1.2 * tests[best]
    assert sweep[-1].variance > 3 * sweep[1].variance and sweep[0].bias_squared > 100 * sweep[5].bias_squared


def test_true_function_is_the_stated_formula():
    x = torch.linspace(-1, 1, 9, dtype=torch.float64)
    assert_matches(true_function(x.numpy()), torch.sin(torch.pi * x) + 0.5 * x**2)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: polynomial_features([1.0, 2.0], -1), "degree"),
        (lambda: polynomial_features([1.0, 2.0], 1.5), "degree"),
        (lambda: polynomial_features([1.0, 2.0], True), "degree"),
        (lambda: polynomial_features([[1.0, 2.0]], 1), "1차원"),
        (lambda: polynomial_features([], 1), "비어 있지 않은"),
        (lambda: fit_polynomial([0.0, 1.0, 2.0], [1.0, 2.0], 1), "길이가 같은"),
        (lambda: fit_polynomial([0.0, 1.0], np.zeros((2, 2, 2)), 1), "모양"),
        (lambda: predict_polynomial([], [1.0]), "coefficients"),
        (lambda: bias_variance([[1.0, 2.0]], [1.0, 2.0]), "R ≥ 2"),
        (lambda: bias_variance([1.0, 2.0], [1.0, 2.0]), "R ≥ 2"),
        (lambda: bias_variance([[1.0, 2.0], [3.0, 4.0]], [1.0]), "truth"),
    ],
)
def test_bad_input_is_refused_naming_what_is_wrong(call, message):
    with pytest.raises(ValueError, match=message):
        call()
