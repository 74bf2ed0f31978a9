"""이미지 증강(dlbasics.augmentation)을 torch 연산의 조합과 float64로 대조한다.

torchvision은 이 환경의 CPU torch와 함께 설치되지 않으므로, torchvision v2의 MixUp/CutMix가 하는 계산
(torchvision/transforms/v2/_augment.py: label.roll(1, 0).mul_(1 - lam).add_(label.mul(lam)), 상자의 r = ½√(1-λ),
int(r·W), torch.clamp)을 테스트 안에서 torch로 다시 쓰고 비교한다. Cutout은 DeVries, Taylor (2017)의 코드처럼
중심을 이미지 전체에서 균등하게 뽑고, 정사각형이 가장자리를 넘으면 자른다 — torch.arange로 만든 마스크와 비교한다.
난수는 정해진 부분(중심, λ, 상자를 주면)은 정확히, 분포는 표준오차 네 배 안에서 본다.
"""

import math

import numpy as np
import pytest
import torch

from dlbasics.augmentation import (
    augment_batch,
    box_lambda,
    cutmix,
    cutmix_box,
    cutout,
    fit_augmented,
    mixup,
    sample_cutmix_box,
    sample_cutout_center,
    sample_lambda,
)
from dlbasics.evolution import fit, init_params

RTOL, ATOL = 1e-12, 1e-14


def batch(n=5, channels=2, height=6, width=7, classes=4, seed=0):
    """서로 다른 값의 이미지 배치 (N, C, H, W)와 확률 레이블 (N, K) (디리클레에서 뽑아 행의 합이 1)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, channels, height, width))
    y = rng.dirichlet(np.ones(classes), size=n)
    return x, y


def torch_mix(a, lam):
    """torchvision v2의 섞기 그대로: a.roll(1, 0).mul_(1 - λ).add_(a.mul(λ))."""
    a = torch.as_tensor(a)
    return a.roll(1, 0).mul_(1.0 - lam).add_(a.mul(lam))


def torch_cutmix_box(lam, height, width, cy, cx):
    """torchvision v2.CutMix.make_params의 상자 계산 (중심 r_x = cx, r_y = cy를 준 것)."""
    r_x, r_y = torch.tensor([cx]), torch.tensor([cy])
    r = 0.5 * math.sqrt(1.0 - lam)
    r_w_half, r_h_half = int(r * width), int(r * height)
    x1 = int(torch.clamp(r_x - r_w_half, min=0))
    y1 = int(torch.clamp(r_y - r_h_half, min=0))
    x2 = int(torch.clamp(r_x + r_w_half, max=width))
    y2 = int(torch.clamp(r_y + r_h_half, max=height))
    return (x1, y1, x2, y2), float(1.0 - (x2 - x1) * (y2 - y1) / (width * height))


def torch_square_mask(height, width, top, left, size_h, size_w):
    """행 top ≤ i < top + size_h, 열 left ≤ j < left + size_w인 곳이 True인 (H, W) 마스크 (자르기는 비교가 한다)."""
    rows, cols = torch.arange(height), torch.arange(width)
    in_rows = (rows >= top) & (rows < top + size_h)
    in_cols = (cols >= left) & (cols < left + size_w)
    return in_rows[:, None] & in_cols[None, :]


# ---- Cutout


@pytest.mark.parametrize("height, width", [(6, 5), (4, 4), (1, 3)])
def test_cutout_matches_a_torch_mask_for_every_centre_and_size(height, width):
    image = torch.as_tensor(np.random.default_rng(1).uniform(1, 2, size=(3, height, width)))  # 0이 없다
    cases = [(size, cy, cx) for size in range(min(height, width) + 1) for cy in range(height) for cx in range(width)]
    expected = torch.stack([image.masked_fill(torch_square_mask(height, width, cy - s // 2, cx - s // 2, s, s), 0.0) for s, cy, cx in cases])
    ours = np.stack([cutout(image.numpy(), s, (cy, cx)) for s, cy, cx in cases])
    torch.testing.assert_close(torch.as_tensor(ours), expected, rtol=0, atol=0)


@pytest.mark.parametrize("size", [2, 4, 6])
def test_cutout_matches_the_authors_code_for_even_sizes(size):
    """uoguelph-mlrg/Cutout의 util/cutout.py: y1 = clip(y - length // 2, 0, h), y2 = clip(y + length // 2, 0, h)."""
    height, width = 9, 8
    image = torch.as_tensor(np.random.default_rng(2).uniform(1, 2, size=(1, height, width)))
    expected, ours = [], []
    for cy in range(height):
        for cx in range(width):
            y1, y2 = (int(torch.clamp(torch.tensor(cy + d), 0, height)) for d in (-(size // 2), size // 2))
            x1, x2 = (int(torch.clamp(torch.tensor(cx + d), 0, width)) for d in (-(size // 2), size // 2))
            mask = torch.ones(height, width, dtype=torch.float64)
            mask[y1:y2, x1:x2] = 0.0
            expected.append(image * mask)
            ours.append(cutout(image.numpy(), size, (cy, cx)))
    torch.testing.assert_close(torch.as_tensor(np.stack(ours)), torch.stack(expected), rtol=0, atol=0)


@pytest.mark.parametrize("size", [0, 1, 3, 4])
def test_batched_cutout_is_cutout_of_each_image_with_its_own_centre(size):
    x, _ = batch(n=6, channels=2, height=6, width=7)
    centres = sample_cutout_center(6, 7, np.random.default_rng(size), 6)
    assert centres.shape == (6, 2) and np.issubdtype(centres.dtype, np.integer)
    expected = np.stack([cutout(image, size, tuple(centre)) for image, centre in zip(x, centres)])
    np.testing.assert_array_equal(cutout(x, size, centres), expected)


def test_cutout_square_crosses_the_border_and_keeps_the_rest():
    """구석의 중심: 4×4 정사각형의 2×2만 이미지 안에 남는다. 나머지 화소는 비트까지 그대로."""
    image = np.arange(1.0, 37.0).reshape(1, 6, 6)
    out = cutout(image, 4, (0, 0))
    assert (out == 0).sum() == 4 and np.all(out[0, :2, :2] == 0)
    np.testing.assert_array_equal(out[out != 0], image[out != 0])


def test_cutout_centre_is_uniform_over_the_whole_image():
    """중심의 화소마다의 빈도가 1/(HW)와 표준오차 √(p(1-p)/n)의 네 배 안, 행과 열의 평균이 (H-1)/2, (W-1)/2와
    표준오차 √((H²-1)/12/n)의 네 배 안 (이산 균등 분포의 분산 (H²-1)/12)."""
    height, width, n = 5, 7, 20_000
    rng = np.random.default_rng(3)
    one_by_one = np.array([sample_cutout_center(height, width, rng) for _ in range(n)])
    at_once = sample_cutout_center(height, width, rng, n)
    for centres in (one_by_one, at_once):
        counts = np.zeros((height, width))
        np.add.at(counts, (centres[:, 0], centres[:, 1]), 1)
        p = 1 / (height * width)
        assert np.all(np.abs(counts / n - p) < 4 * np.sqrt(p * (1 - p) / n))
        for axis, size in ((0, height), (1, width)):
            mean, variance = (size - 1) / 2, (size**2 - 1) / 12
            assert abs(centres[:, axis].mean() - mean) < 4 * np.sqrt(variance / n)
            assert centres[:, axis].min() == 0 and centres[:, axis].max() == size - 1  # 가장자리도 중심이 된다


# ---- Mixup


@pytest.mark.parametrize("lam", [0.0, 0.3, 0.5, 0.87, 1.0])
@pytest.mark.parametrize("shape", [(5, 2, 6, 7), (2, 1, 3, 3), (1, 3, 4, 2)])
def test_mixup_matches_torchvision_composition(lam, shape):
    n, c, h, w = shape
    x, y = batch(n, c, h, w)
    mixed_x, mixed_y = mixup(x, y, lam)
    torch.testing.assert_close(torch.as_tensor(mixed_x), torch_mix(x, lam), rtol=RTOL, atol=ATOL)
    torch.testing.assert_close(torch.as_tensor(mixed_y), torch_mix(y, lam), rtol=RTOL, atol=ATOL)
    rolled = torch.roll(torch.as_tensor(x), 1, dims=0)  # 다른 조합: lerp(짝, 원래, λ) = 짝 + λ(원래 - 짝)
    torch.testing.assert_close(torch.as_tensor(mixed_x), torch.lerp(rolled, torch.as_tensor(x), lam), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(mixed_y.sum(axis=1), 1.0, rtol=0, atol=1e-14)


def test_mixup_pairs_each_sample_with_the_previous_one():
    x = np.arange(3.0).reshape(3, 1, 1, 1)
    y = np.eye(3)
    mixed_x, mixed_y = mixup(x, y, 0.75)
    np.testing.assert_allclose(mixed_x.ravel(), [0.75 * 0 + 0.25 * 2, 0.75 * 1 + 0.25 * 0, 0.75 * 2 + 0.25 * 1])
    np.testing.assert_allclose(mixed_y, [[0.75, 0, 0.25], [0.25, 0.75, 0], [0, 0.25, 0.75]])


@pytest.mark.parametrize("alpha", [0.2, 1.0, 2.0])
def test_sampled_lambda_has_the_beta_mean_and_variance(alpha):
    """λ ~ Beta(α, α): 평균과 분산을 torch.distributions.Beta의 mean, variance와 비교한다. 평균의 표준오차는 √(σ²/n),
    분산 추정치의 표준오차는 √((m₄ - s⁴)/n) (m₄는 표본의 4차 중심 적률). 네 배 안이어야 한다."""
    n = 10_000
    rng = np.random.default_rng(int(alpha * 10))
    lam = np.array([sample_lambda(alpha, rng) for _ in range(n)])
    beta = torch.distributions.Beta(torch.tensor(alpha, dtype=torch.float64), torch.tensor(alpha, dtype=torch.float64))
    mean, variance = float(beta.mean), float(beta.variance)
    assert variance == pytest.approx(1 / (4 * (2 * alpha + 1)), rel=1e-12)
    assert abs(lam.mean() - mean) < 4 * np.sqrt(variance / n)
    centred = lam - lam.mean()
    s2, m4 = (centred**2).mean(), (centred**4).mean()
    assert abs(s2 - variance) < 4 * np.sqrt((m4 - s2**2) / n)
    assert lam.min() >= 0 and lam.max() <= 1


# ---- CutMix


@pytest.mark.parametrize("height, width", [(8, 8), (5, 7), (32, 20)])
@pytest.mark.parametrize("lam", [0.0, 0.1, 0.5, 0.77, 0.99, 1.0])
def test_cutmix_box_matches_torchvision_for_every_centre(height, width, lam):
    for cy in range(height):
        for cx in range(width):
            box, lam_adjusted = torch_cutmix_box(lam, height, width, cy, cx)
            assert cutmix_box(lam, height, width, (cy, cx)) == box
            assert box_lambda(box, height, width) == (lam_adjusted, box)


def test_sample_cutmix_box_draws_lambda_then_a_uniform_centre():
    """같은 시드의 rng로 λ ~ Beta(α, α), cy, cx를 차례로 뽑아 torchvision 식으로 만든 상자와 같다."""
    for seed in range(50):
        box = sample_cutmix_box(1.0, 8, 6, np.random.default_rng(seed))
        rng = np.random.default_rng(seed)
        lam, cy, cx = rng.beta(1.0, 1.0), rng.integers(8), rng.integers(6)
        assert box == torch_cutmix_box(lam, 8, 6, int(cy), int(cx))[0]


BOXES = [(1, 2, 4, 5), (0, 0, 7, 6), (-2, -1, 3, 2), (4, 3, 9, 8), (-3, 4, 2, 9), (2, 2, 2, 5), (8, 7, 10, 9), (-5, 0, -1, 6)]


@pytest.mark.parametrize("box", BOXES)
def test_cutmix_matches_torchvision_composition_with_boxes_that_cross_the_border(box):
    """상자는 이미지 (6, 7)를 넘을 수 있다: torch.clamp로 자른 뒤 torchvision처럼 굴린 배치의 상자를 붙인다."""
    x, y = batch(height=6, width=7)
    xt, yt = torch.as_tensor(x), torch.as_tensor(y)
    x1, x2 = (int(torch.clamp(torch.tensor(v), 0, 7)) for v in box[0::2])
    y1, y2 = (int(torch.clamp(torch.tensor(v), 0, 6)) for v in box[1::2])
    rolled, expected = xt.roll(1, 0), xt.clone()
    expected[..., y1:y2, x1:x2] = rolled[..., y1:y2, x1:x2]
    inside = torch.zeros(6, 7, dtype=torch.float64)
    inside[y1:y2, x1:x2] = 1.0
    lam = float(1.0 - inside.sum() / (6 * 7))
    mixed_x, mixed_y = cutmix(x, y, box)
    torch.testing.assert_close(torch.as_tensor(mixed_x), expected, rtol=0, atol=0)
    torch.testing.assert_close(torch.as_tensor(mixed_y), torch_mix(y, lam), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(mixed_y.sum(axis=1), 1.0, rtol=0, atol=1e-14)


@pytest.mark.parametrize("box", BOXES)
def test_cutmix_label_weight_is_the_pasted_area(box):
    """원-핫 레이블(샘플마다 다른 클래스)에서 원래 클래스의 무게 = 1 - (실제로 바뀐 화소의 비율)."""
    n, height, width = 4, 6, 7
    x = np.arange(n * height * width, dtype=np.float64).reshape(n, 1, height, width)  # 모든 화소가 다르다
    y = np.eye(n)
    mixed_x, mixed_y = cutmix(x, y, box)
    pasted = (mixed_x != x).mean(axis=(1, 2, 3))
    np.testing.assert_allclose(np.diag(mixed_y), 1 - pasted, rtol=0, atol=1e-15)
    np.testing.assert_allclose(mixed_y[np.arange(n), np.arange(n) - 1], pasted, rtol=0, atol=1e-15)


def test_cutmix_box_area_is_about_one_minus_lambda_before_clipping():
    """중심이 가운데면 자르지 않으므로 상자 넓이 (2⌊rW⌋)(2⌊rH⌋)는 (1-λ)HW를 넘지 않고, 조정한 λ는 λ 이상이다."""
    for lam in np.linspace(0, 1, 21):
        box = cutmix_box(lam, 64, 64, (32, 32))
        adjusted, _ = box_lambda(box, 64, 64)
        assert adjusted >= lam - 1e-12 and adjusted - lam < 2 * 2 * 64 / 64**2 + 1e-12


# ---- 입력을 바꾸지 않는다, 학습 실험


def test_inputs_are_not_modified_in_place():
    x, y = batch()
    x_before, y_before = x.copy(), y.copy()
    cutout(x[0], 3, (1, 1))
    mixup(x, y, 0.4)
    cutmix(x, y, (1, 1, 4, 4))
    augment_batch("Cutout", x, y, np.random.default_rng(0))
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_array_equal(y, y_before)


def test_augment_batch_uses_the_samplers():
    x, y = batch(height=8, width=8)
    out_x, out_y = augment_batch("Cutout", x, y, np.random.default_rng(5))
    rng = np.random.default_rng(5)
    np.testing.assert_array_equal(out_x, cutout(x, 4, sample_cutout_center(8, 8, rng, len(x))))
    np.testing.assert_array_equal(out_y, y)  # Cutout은 레이블을 바꾸지 않는다
    for name, expected in (("Mixup", mixup(x, y, sample_lambda(1.0, np.random.default_rng(6)))),
                           ("CutMix", cutmix(x, y, sample_cutmix_box(1.0, 8, 8, np.random.default_rng(6))))):
        for ours, theirs in zip(augment_batch(name, x, y, np.random.default_rng(6)), expected):
            np.testing.assert_array_equal(ours, theirs)


def test_fit_without_augmentation_is_the_evolution_fit():
    """증강 없이 원-핫 확률 레이블로 학습하면, 클래스 번호로 학습하는 evolution.fit과 같은 파라미터."""
    rng = np.random.default_rng(7)
    images = rng.uniform(0, 1, size=(30, 1, 4, 4))
    target = rng.integers(0, 3, size=30)
    ours = fit_augmented(images, np.eye(3)[target], "증강 없음", (16, 5, 3), 0.5, 3, 8, np.random.default_rng(8))
    rng = np.random.default_rng(8)
    theirs = fit(init_params((16, 5, 3), rng), images.reshape(30, -1), target, 0.5, 3, 8, rng)
    for (w, b), (w2, b2) in zip(ours, theirs):
        np.testing.assert_allclose(w, w2, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(b, b2, rtol=1e-12, atol=1e-14)


# ---- 잘못된 입력

X, Y = batch()
Y_NEGATIVE = Y.copy()
Y_NEGATIVE[0] = [1.2, -0.2, 0.0, 0.0]  # 합은 1이지만 음수가 있다
BAD = [
    (lambda: mixup(X, Y, 1.5), "lam"),
    (lambda: mixup(X, Y, -0.1), "lam"),
    (lambda: mixup(X, Y, float("nan")), "lam"),
    (lambda: mixup(X, Y, True), "lam"),
    (lambda: mixup(X, Y, np.array([0.5, 0.5])), "실수 하나"),
    (lambda: mixup(X, np.array([[1.5, -0.5]] * len(X)), 0.5), "음수나 NaN.*-0.5"),
    (lambda: mixup(X, np.full((len(X), 2), 0.4), 0.5), "합이 1"),
    (lambda: mixup(X, Y[:4], 0.5), "N이 x와"),
    (lambda: mixup(X[0], Y, 0.5), r"\(N, C, H, W\)"),
    (lambda: mixup(X, Y[:, 0], 0.5), r"\(N, K\)"),
    (lambda: mixup(X, Y * 2, 0.5), "합이 1"),
    (lambda: mixup(X, Y_NEGATIVE, 0.5), "음수"),
    (lambda: cutmix(X, Y, (4, 1, 2, 3)), "순서"),
    (lambda: cutmix(X, Y, (1, 4, 3, 2)), "순서"),
    (lambda: cutmix(X, Y, (-1, 0, 7, 3)), "보다 큽니다"),
    (lambda: cutmix(X, Y, (0, -1, 3, 6)), "보다 큽니다"),
    (lambda: cutmix(X, Y, (0, 0, 3)), "네 개"),
    (lambda: cutmix(X, Y, (0, 0, 1.5, 3)), "네 개"),
    (lambda: cutmix(X, Y[:3], (0, 0, 1, 1)), "N이 x와"),
    (lambda: cutmix_box(1.2, 8, 8, (0, 0)), "lam"),
    (lambda: cutmix_box(0.5, 8, 8, (8, 0)), "cy"),
    (lambda: cutmix_box(0.5, 8, 8, (0, -1)), "cx"),
    (lambda: cutmix_box(0.5, 0, 8, (0, 0)), "height"),
    (lambda: cutout(X[0], 7, (0, 0)), "size"),
    (lambda: cutout(X[0], -1, (0, 0)), "size"),
    (lambda: cutout(X[0], 2, (6, 0)), "cy"),
    (lambda: cutout(X[0], 2, (0, 1, 2)), "center"),
    (lambda: cutout(X, 2, (0, 0)), r"\(N, 2\)"),
    (lambda: cutout(X, 2, np.zeros((4, 2), dtype=int)), r"\(N, 2\)"),
    (lambda: cutout(X, 2, np.full((5, 2), 6)), "cy"),
    (lambda: cutout(X[0], 2, (0.5, 1)), "정수"),
    (lambda: cutout(X[0, 0], 2, (0, 1)), r"\(C, H, W\)"),
    (lambda: sample_lambda(0.0, np.random.default_rng(0)), "alpha"),
    (lambda: sample_lambda(-1.0, np.random.default_rng(0)), "alpha"),
    (lambda: sample_lambda(float("inf"), np.random.default_rng(0)), "alpha"),
    (lambda: sample_cutout_center(0, 4, np.random.default_rng(0)), "height"),
    (lambda: sample_cutmix_box(0.0, 8, 8, np.random.default_rng(0)), "alpha"),
    (lambda: augment_batch("RandomErasing", X, Y, np.random.default_rng(0)), "name"),
    (lambda: fit_augmented(X, Y[:4], "Mixup", (84, 4), 0.1, 1, 2, np.random.default_rng(0)), "N이 x와"),
    (lambda: fit_augmented(X, Y, "Mixup", (84, 4), 0.1, -1, 2, np.random.default_rng(0)), "epochs"),
]


@pytest.mark.parametrize("call, message", BAD)
def test_bad_input_raises_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_lambda_accepts_numpy_scalars_in_range():
    """np.float64·np.int64 같은 NumPy 스칼라도 λ 하나로 받는다 (값은 float)."""
    x, y = np.arange(8.0).reshape(2, 1, 2, 2), np.eye(2)
    for lam in (np.int64(1), np.float64(0.25), np.float32(0.5)):
        expected = float(lam) * x + (1 - float(lam)) * np.roll(x, 1, axis=0)
        np.testing.assert_allclose(mixup(x, y, lam)[0], expected, rtol=0, atol=1e-12)


def test_odd_cutout_square_at_the_corner_by_hand():
    """s = 3, 중심 (0, 0): 행과 열 -1, 0, 1 가운데 이미지 안의 0, 1만 남아 왼쪽 위 2×2가 0이 된다."""
    out = cutout(np.ones((1, 5, 5)), 3, (0, 0))
    expected = np.ones((1, 5, 5))
    expected[0, :2, :2] = 0.0
    np.testing.assert_array_equal(out, expected)
