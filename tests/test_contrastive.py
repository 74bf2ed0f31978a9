"""자기 지도 학습(dlbasics.contrastive)의 NT-Xent 손실과 기울기를 torch의 조합과 float64로 대조한다.

torch에는 NT-Xent가 없으므로 테스트 안에서 SimCLR의 정의대로 짠다: F.normalize → 행렬 곱 / τ → 대각선을
masked_fill(-inf) → 양성 쌍의 번호를 정답으로 한 F.cross_entropy (2N개 앵커의 평균). 기울기는 그 조합의 autograd와
대조한다. 코사인 유사도만 쓰므로 임베딩의 길이를 바꿔도 손실은 같고 기울기는 그 배율로 나뉜다. 뷰 만들기, 인코더의
역전파(autograd와 대조), 사전 학습이 손실을 줄이는지, 잘못된 입력의 오류.
"""

import inspect

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlbasics.contrastive import (
    digit_views,
    encoder_backward,
    encoder_forward,
    nt_xent_logits,
    nt_xent_loss,
    nt_xent_loss_grad,
    nt_xent_weights,
    pretrain,
)

SETTINGS = [(2, 3, 0.5), (4, 2, 0.1), (8, 16, 1.0), (16, 5, 0.07), (5, 32, 2.0)]  # (N, D, τ)


def torch_nt_xent(z1, z2, temperature):
    """SimCLR의 정의를 torch 연산으로: 정규화, 코사인 유사도 / τ, 자기 자신 빼기, 양성 쌍이 정답인 교차 엔트로피."""
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    logits = (z @ z.T / temperature).masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
    target = torch.cat([torch.arange(n, 2 * n), torch.arange(n)])
    return F.cross_entropy(logits, target)


def embeddings(n, d, seed):
    rng = np.random.default_rng(seed)
    z1 = rng.normal(size=(n, d))
    return z1, z1 + 0.7 * rng.normal(size=(n, d))  # 양성 쌍은 비슷하게


@pytest.mark.parametrize("n, d, temperature", SETTINGS)
def test_loss_matches_torch_composition(n, d, temperature):
    z1, z2 = embeddings(n, d, n + d)
    expected = torch_nt_xent(torch.as_tensor(z1), torch.as_tensor(z2), temperature)
    torch.testing.assert_close(torch.tensor(nt_xent_loss(z1, z2, temperature), dtype=torch.float64), expected, rtol=1e-12, atol=0)


@pytest.mark.parametrize("n, d, temperature", SETTINGS)
def test_gradient_matches_torch_autograd(n, d, temperature):
    z1, z2 = embeddings(n, d, 10 * n + d)
    t1, t2 = torch.tensor(z1, requires_grad=True), torch.tensor(z2, requires_grad=True)
    torch_nt_xent(t1, t2, temperature).backward()
    dz1, dz2 = nt_xent_loss_grad(z1, z2, temperature)
    torch.testing.assert_close(torch.as_tensor(dz1), t1.grad, rtol=1e-9, atol=1e-13)
    torch.testing.assert_close(torch.as_tensor(dz2), t2.grad, rtol=1e-9, atol=1e-13)


@pytest.mark.parametrize("n, d, temperature", SETTINGS[:3])
def test_logits_and_weights_match_torch(n, d, temperature):
    z1, z2 = embeddings(n, d, 3)
    logits, positives = nt_xent_logits(z1, z2, temperature)
    z = F.normalize(torch.cat([torch.as_tensor(z1), torch.as_tensor(z2)]), dim=1)
    expected = (z @ z.T / temperature).masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
    torch.testing.assert_close(torch.as_tensor(logits), expected, rtol=1e-12, atol=1e-14)
    weights, _ = nt_xent_weights(z1, z2, temperature)
    torch.testing.assert_close(torch.as_tensor(weights), torch.softmax(expected, dim=1), rtol=1e-12, atol=1e-15)
    assert positives.tolist() == list(range(n, 2 * n)) + list(range(n))


@pytest.mark.parametrize("scale", [1e-3, 0.5, 7.0, 1e4])
def test_scaling_embeddings_keeps_the_loss_and_divides_the_gradient(scale):
    """코사인 유사도는 길이를 보지 않는다: L(c z) = L(z), ∂L/∂(c z) = (∂L/∂z) / c. 행마다 다른 배율도 손실은 같다."""
    z1, z2 = embeddings(6, 4, 11)
    base = nt_xent_loss(z1, z2, 0.3)
    assert np.isclose(nt_xent_loss(scale * z1, scale * z2, 0.3), base, rtol=1e-13, atol=0)
    rows = np.random.default_rng(0).uniform(0.1, 10.0, size=(6, 1))
    assert np.isclose(nt_xent_loss(rows * z1, z2 / rows, 0.3), base, rtol=1e-13, atol=0)
    for ours, theirs in zip(nt_xent_loss_grad(scale * z1, scale * z2, 0.3), nt_xent_loss_grad(z1, z2, 0.3)):
        np.testing.assert_allclose(ours * scale, theirs, rtol=1e-10, atol=1e-15)


def test_loss_bounds_at_identical_and_random_views():
    """두 뷰가 같고 음성 쌍이 모두 직교하면 ℓ = log(1 + (2N-2) e^{-1/τ}) (손으로 센 값)."""
    n, temperature = 3, 0.5
    z = np.eye(n)  # 서로 직교
    expected = np.log(1 + (2 * n - 2) * np.exp(-1 / temperature))
    assert np.isclose(nt_xent_loss(z, z, temperature), expected, rtol=1e-14)


def test_signature_and_defaults():
    for function in (nt_xent_loss, nt_xent_loss_grad, nt_xent_logits):
        parameters = inspect.signature(function).parameters
        assert list(parameters)[:3] == ["z1", "z2", "temperature"] and parameters["temperature"].default == 0.5


@pytest.mark.parametrize(
    "z1, z2, temperature, message",
    [
        (np.ones((3, 2)), np.ones((3, 2)), 0.0, "temperature는 양수"),
        (np.ones((3, 2)), np.ones((3, 2)), -1.0, "temperature는 양수"),
        (np.ones((3, 2)), np.ones((3, 2)), float("nan"), "temperature는 양수"),
        (np.ones((3, 2)), np.ones((4, 2)), 0.5, r"모양이 같아야.*\(3, 2\), \(4, 2\)"),
        (np.ones(3), np.ones(3), 0.5, r"2차원.*\(3,\)"),
        (np.ones((1, 2)), np.ones((1, 2)), 0.5, "N=1"),
        (np.array([[1.0, 0.0], [0.0, 0.0]]), np.ones((2, 2)), 0.5, r"길이가 0.*행 \[1\]"),
    ],
)
def test_bad_input_raises(z1, z2, temperature, message):
    for function in (nt_xent_loss, nt_xent_loss_grad):
        with pytest.raises(ValueError, match=message):
            function(z1, z2, temperature)


def test_inputs_are_not_modified():
    z1, z2 = embeddings(4, 3, 5)
    c1, c2 = z1.copy(), z2.copy()
    nt_xent_loss(z1, z2)
    nt_xent_loss_grad(z1, z2)
    np.testing.assert_array_equal(z1, c1)
    np.testing.assert_array_equal(z2, c2)


def test_views_shift_mask_and_noise():
    """잡음 없이: 이동만이면 화소의 합이 그대로이거나(잘린 테두리가 0일 때) 줄고, 가리기는 정확히 그 정사각형이 0."""
    image = np.zeros((1, 8, 8))
    image[0, 2:6, 2:6] = np.arange(1, 17).reshape(4, 4)  # 테두리가 0: 1칸 이동으로는 아무것도 잘리지 않는다
    shifted = digit_views(np.repeat(image, 200, axis=0), np.random.default_rng(0), max_shift=1, cutout_size=0, noise=0.0)
    assert np.allclose(shifted.sum(axis=(1, 2)), image.sum())
    offsets = {tuple(np.argwhere(v == 1.0)[0] - (2, 2)) for v in shifted}
    assert offsets == {(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)}  # 9가지 이동이 모두 나온다
    masked = digit_views(np.ones((300, 8, 8)), np.random.default_rng(1), max_shift=0, cutout_size=3, noise=0.0)
    zeros = (masked == 0).sum(axis=(1, 2))
    assert set(zeros.tolist()) <= {4, 6, 9} and 9 in zeros  # 모서리에서 잘리면 2×2, 변에서 2×3
    noisy = digit_views(np.zeros((500, 8, 8)), np.random.default_rng(2), max_shift=0, cutout_size=0, noise=0.1)
    assert abs(noisy.std() - 0.1) < 4 * 0.1 / np.sqrt(2 * noisy.size)  # 표준편차의 표준오차 σ/√(2n)


def test_views_reject_wrong_shapes():
    with pytest.raises(ValueError, match=r"\(n, 8, 8\).*\(3, 64\)"):
        digit_views(np.zeros((3, 64)), np.random.default_rng(0))


def test_encoder_backward_matches_autograd():
    rng = np.random.default_rng(4)
    params = [(rng.normal(size=(6, 64)) / 8, rng.normal(size=6)), (rng.normal(size=(3, 6)), rng.normal(size=3))]
    x1, x2 = rng.random((5, 64)), rng.random((5, 64))
    (_, z1, c1), (_, z2, c2) = encoder_forward(params, x1), encoder_forward(params, x2)
    dz1, dz2 = nt_xent_loss_grad(z1, z2, 0.4)
    grads = [a + b for la, lb in zip(encoder_backward(c1, dz1), encoder_backward(c2, dz2)) for a, b in zip(la, lb)]
    tensors = [torch.tensor(array, requires_grad=True) for layer in params for array in layer]

    def torch_encoder(x):
        return F.linear(torch.relu(F.linear(torch.as_tensor(x), tensors[0], tensors[1])), tensors[2], tensors[3])

    torch_nt_xent(torch_encoder(x1), torch_encoder(x2), 0.4).backward()
    for ours, tensor in zip(grads, tensors):
        torch.testing.assert_close(torch.as_tensor(ours), tensor.grad, rtol=1e-9, atol=1e-13)


def test_pretraining_lowers_the_loss():
    """숫자 이미지 300장, 스텝 150번: 마지막 20스텝의 평균 손실이 처음 20스텝보다 (흔들림보다 훨씬 크게) 낮다."""
    from sklearn.datasets import load_digits

    images = load_digits().images[:300] / 16.0
    rng = np.random.default_rng(0)
    params = [(rng.uniform(-0.125, 0.125, (32, 64)), np.zeros(32)), (rng.uniform(-0.18, 0.18, (16, 32)), np.zeros(16))]
    _, losses = pretrain(params, images, 150, 32, 1e-2, 0.2, np.random.default_rng(1))
    first, last = losses[:20], losses[-20:]
    assert losses.shape == (150,) and last.mean() < first.mean() - 5 * (first.std() + last.std()) / np.sqrt(20)
