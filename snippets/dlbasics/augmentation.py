"""이미지 증강: Cutout, Mixup, CutMix와 그 난수 뽑기, 그리고 증강한 미니배치로 학습하는 실험.

모양은 torch를 따른다. cutout은 이미지 한 장 (C, H, W)와 중심 하나, 또는 배치 (N, C, H, W)와 이미지마다의 중심
(N, 2)를 받는다 (DeVries, Taylor 2017의 코드처럼 이미지마다 중심을 새로 뽑는다). mixup과 cutmix는 배치 (N, C, H, W)와
확률 레이블 (N, K)를 받는다. 짝은 torchvision v2의
MixUp/CutMix처럼 배치를 하나 굴린 것(np.roll(x, 1, axis=0))이다: 샘플 i의 짝은 샘플 i - 1이다.
난수를 쓰는 부분(sample_*)과 정해진 계산(cutout, mixup, cutmix, cutmix_box)을 나누어, 테스트는 정해진 계산을
torch로 대조하고 난수는 통계로 본다. 입력은 바꾸지 않는다.
"""

from .evolution import _flatten, backward, forward, init_params, predict
from .gradient_descent import minibatches, sgd_step
from .losses import cross_entropy_grad

# --8<-- [start:checks]
import numpy as np


def check_index(value, upper, name):
    """0 ≤ value < upper인 정수 (bool은 거부)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value < upper:
        raise ValueError(f"{name}은(는) 0 이상 {upper} 미만의 정수여야 합니다: {name}={value!r}")
    return int(value)


def check_image_size(height, width):
    """이미지의 높이와 너비는 1 이상의 정수."""
    for value, name in ((height, "height"), (width, "width")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name}은(는) 1 이상의 정수여야 합니다: {name}={value!r}")
    return int(height), int(width)


def check_center(center, height, width, shape=(2,)):
    """중심 (cy, cx) 정수 둘 (shape = (2,)) 또는 이미지마다 하나씩 (N, 2): 0 ≤ cy < H, 0 ≤ cx < W."""
    centers = np.asarray(center)
    if centers.shape != shape or not np.issubdtype(centers.dtype, np.integer):
        raise ValueError(f"center는 이미지 (C, H, W)이면 (cy, cx) 정수 둘, 배치 (N, C, H, W)이면 (N, 2) 정수 배열이어야 합니다: "
                         f"center 모양 {centers.shape}, 필요한 모양 {shape}")
    for value, upper, name in ((centers[..., 0], height, "cy"), (centers[..., 1], width, "cx")):
        if np.any(value < 0) or np.any(value >= upper):
            raise ValueError(f"{name}은(는) 0 이상 {upper} 미만이어야 합니다: {name}={value!r}")
    return centers


def check_lambda(lam):
    """λ는 0 이상 1 이하의 실수 하나 (NaN도 걸린다). 배열이나 bool은 받지 않는다."""
    if isinstance(lam, (bool, np.bool_)) or not isinstance(lam, (int, float, np.integer, np.floating)):
        raise ValueError(f"lam(원래 샘플의 몫 λ)은 실수 하나여야 합니다: {type(lam).__name__} {lam!r}")
    if not 0 <= lam <= 1:
        raise ValueError(f"lam(원래 샘플의 몫 λ)은 0 이상 1 이하여야 합니다: lam={lam!r}")
    return float(lam)


def check_batch(x, y):
    """x: 이미지 배치 (N, C, H, W), y: 확률 레이블 (N, K) — 음수가 없고 행의 합이 1."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.ndim != 4:
        raise ValueError(f"x는 (N, C, H, W) 모양의 이미지 배치여야 합니다: 모양 {x.shape}")
    if y.ndim != 2 or y.shape[0] != x.shape[0]:
        raise ValueError(f"y는 (N, K) 모양이고 N이 x와 같아야 합니다: x 모양 {x.shape}, y 모양 {y.shape}")
    bad = y[~(y >= 0)]  # NaN도 걸린다
    if bad.size:
        raise ValueError(f"y의 행은 음수나 NaN이 없는 확률이어야 합니다: {bad[0]}")
    if np.any(np.abs(y.sum(axis=1) - 1) > 1e-6):  # 1e-6: 반올림의 여유
        raise ValueError(f"y의 행은 합이 1인 확률이어야 합니다: 행의 합 {y.sum(axis=1)}")
    return x, y
# --8<-- [end:checks]


# --8<-- [start:cutout]
import numpy as np


def sample_cutout_center(height, width, rng, n=None):
    """중심 (cy, cx)를 이미지의 모든 화소에서 균등하게 뽑는다 (가장자리 근처도 똑같이).
    n을 주면 이미지 n장의 중심을 한꺼번에: (n, 2) 정수 배열."""
    height, width = check_image_size(height, width)
    if n is None:
        return int(rng.integers(height)), int(rng.integers(width))
    return np.stack([rng.integers(height, size=n), rng.integers(width, size=n)], axis=1)


def cutout(image, size, center):
    """중심이 center = (cy, cx)인 size×size 정사각형을 0으로 만든 새 배열. 이미지 (C, H, W)와 중심 하나,
    또는 배치 (N, C, H, W)와 이미지마다의 중심 (N, 2). 정사각형의 행은 cy - size//2 이상
    cy - size//2 + size 미만(열도 같다)이고, 이미지 밖으로 나간 부분은 잘린다."""
    image = np.asarray(image, dtype=np.float64)
    if image.ndim not in (3, 4):
        raise ValueError(f"image는 이미지 (C, H, W)나 배치 (N, C, H, W)여야 합니다: 모양 {image.shape}")
    height, width = image.shape[-2:]
    size = check_index(size, min(height, width) + 1, "size")  # 0 ≤ size ≤ min(H, W)
    centers = check_center(center, height, width, (image.shape[0], 2) if image.ndim == 4 else (2,))
    top = centers.reshape(-1, 2) - size // 2  # 이미지마다 정사각형의 위, 왼쪽 (M, 2)
    rows, cols = np.arange(height), np.arange(width)
    in_rows = (rows >= top[:, :1]) & (rows < top[:, :1] + size)  # [i ∈ R]  (M, H)
    in_cols = (cols >= top[:, 1:]) & (cols < top[:, 1:] + size)  # [j ∈ Q]  (M, W)
    square = in_rows[:, :, None] & in_cols[:, None, :]  # (M, H, W). 밖으로 나간 행과 열은 비교가 자른다
    square = square[:, None] if image.ndim == 4 else square  # 모든 채널에 같은 정사각형
    return np.where(square, 0.0, image)  # 새 배열: 입력은 그대로 둔다
# --8<-- [end:cutout]


# --8<-- [start:mixup]
import numpy as np


def sample_lambda(alpha, rng):
    """λ ~ Beta(α, α): 평균 1/2, 분산 1/(4(2α + 1)). α가 작을수록 0이나 1 가까이에 몰린다."""
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating)) or not 0 < alpha < np.inf:
        raise ValueError(f"alpha는 0보다 큰 유한한 수여야 합니다: alpha={alpha!r}")
    return float(rng.beta(alpha, alpha))


def mixup(x, y, lam):
    """x̃ = λx + (1-λ)·roll(x),  ỹ = λy + (1-λ)·roll(y). 샘플 i의 짝은 배치를 하나 굴린 샘플 i - 1."""
    x, y = check_batch(x, y)
    lam = check_lambda(lam)
    mixed_x = lam * x + (1 - lam) * np.roll(x, 1, axis=0)  # 새 배열
    mixed_y = lam * y + (1 - lam) * np.roll(y, 1, axis=0)  # 레이블도 같은 λ로 섞는다
    return mixed_x, mixed_y
# --8<-- [end:mixup]


# --8<-- [start:cutmix-box]
import numpy as np


def cutmix_box(lam, height, width, center):
    """torchvision v2.CutMix의 상자 (x1, y1, x2, y2): r = ½√(1-λ), 반폭 ⌊rW⌋, 반높이 ⌊rH⌋, 이미지 안으로 자른다."""
    lam, (height, width) = check_lambda(lam), check_image_size(height, width)
    cy, cx = (int(v) for v in check_center(center, height, width))
    r = 0.5 * np.sqrt(1.0 - lam)  # 자르기 전 상자의 넓이는 약 (1-λ)HW
    half_w, half_h = int(r * width), int(r * height)
    return max(cx - half_w, 0), max(cy - half_h, 0), min(cx + half_w, width), min(cy + half_h, height)


def sample_cutmix_box(alpha, height, width, rng):
    """λ ~ Beta(α, α)를 먼저 뽑고, 중심을 이미지 전체에서 균등하게 뽑아 상자를 만든다 (torchvision과 같은 방법)."""
    lam = sample_lambda(alpha, rng)
    return cutmix_box(lam, height, width, sample_cutout_center(height, width, rng))


def box_lambda(box, height, width):
    """원래 샘플의 몫 λ = 1 - (이미지 안으로 자른 상자의 넓이)/(HW). 자른 상자도 돌려준다."""
    if len(box) != 4 or any(isinstance(v, bool) or not isinstance(v, (int, np.integer)) for v in box):
        raise ValueError(f"box는 정수 네 개 (x1, y1, x2, y2)여야 합니다: box={box!r}")
    x1, y1, x2, y2 = (int(v) for v in box)
    if not (x1 <= x2 and y1 <= y2):
        raise ValueError(f"box는 x1 ≤ x2, y1 ≤ y2 순서여야 합니다: box={box!r}")
    if x2 - x1 > width or y2 - y1 > height:
        raise ValueError(f"box가 이미지 (H, W) = ({height}, {width})보다 큽니다: box={box!r}")
    x1, x2 = (min(max(v, 0), width) for v in (x1, x2))  # 이미지 안으로 자른다: [0, W]
    y1, y2 = (min(max(v, 0), height) for v in (y1, y2))  # 이미지 밖에만 있던 상자는 넓이 0이 된다
    return 1.0 - (x2 - x1) * (y2 - y1) / (width * height), (x1, y1, x2, y2)
# --8<-- [end:cutmix-box]


# --8<-- [start:cutmix]
import numpy as np


def cutmix(x, y, box):
    """상자 안은 짝(배치를 하나 굴린 샘플)의 화소로 바꾸고, 레이블은 넓이의 비율로 섞는다.
    ỹ = λy + (1-λ)·roll(y),  λ = 1 - (이미지 안의 상자 넓이)/(HW)."""
    x, y = check_batch(x, y)
    lam, (x1, y1, x2, y2) = box_lambda(box, *x.shape[2:])
    rolled = np.roll(x, 1, axis=0)
    mixed_x = x.copy()  # 입력은 그대로 둔다
    mixed_x[..., y1:y2, x1:x2] = rolled[..., y1:y2, x1:x2]  # 모든 채널에 같은 상자
    mixed_y = lam * y + (1 - lam) * np.roll(y, 1, axis=0)
    return mixed_x, mixed_y
# --8<-- [end:cutmix]


# --8<-- [start:augmenters]
import numpy as np

CUTOUT_SIZE, ALPHA = 4, 1.0  # 8×8 숫자 이미지에 쓰는 설정: Cutout 정사각형의 한 변, Beta(α, α)의 α


def augment_batch(name, x, y, rng):
    """미니배치 하나 (N, C, H, W), (N, K)를 name의 방법으로 증강한다. 이미지마다, 배치마다 난수를 새로 뽑는다."""
    height, width = x.shape[2:]
    if name == "증강 없음":
        return x, y
    if name == "Cutout":  # 이미지마다 중심을 새로, 레이블은 그대로
        return cutout(x, CUTOUT_SIZE, sample_cutout_center(height, width, rng, len(x))), y
    if name == "Mixup":  # 배치마다 λ 하나
        return mixup(x, y, sample_lambda(ALPHA, rng))
    if name == "CutMix":  # 배치마다 상자 하나
        return cutmix(x, y, sample_cutmix_box(ALPHA, height, width, rng))
    raise ValueError(f"name은 '증강 없음', 'Cutout', 'Mixup', 'CutMix' 중 하나여야 합니다: name={name!r}")
# --8<-- [end:augmenters]


# --8<-- [start:experiment]
import numpy as np


def fit_augmented(images, labels, name, sizes, lr, epochs, batch_size, rng):
    """미니배치마다 augment_batch로 증강하고, 확률 레이블의 교차 엔트로피로 SGD. 학습한 params를 돌려준다.
    images (N, C, H, W), labels (N, K) 원-핫. 모델은 evolution 페이지의 다층 퍼셉트론(forward/backward)."""
    images, labels = check_batch(images, labels)  # (N, C, H, W)와 확률 레이블 (N, K)
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs는 0 이상의 정수여야 합니다: epochs={epochs!r}")
    params = init_params(sizes, rng)
    for _ in range(epochs):
        for batch in minibatches(len(images), batch_size, rng):
            x, y = augment_batch(name, images[batch], labels[batch], rng)
            logits, caches = forward(params, x.reshape(len(x), -1))  # 화소를 한 줄로 펴서 넣는다
            grads = backward(caches, cross_entropy_grad(logits, y))  # ∂L/∂z = (softmax(z) - ỹ)/N
            flat = sgd_step(_flatten(params), _flatten(grads), lr)  # θ ← θ - η∇L
            params = list(zip(flat[0::2], flat[1::2]))
    return params


def accuracy(params, images, target):
    """이미지 (N, C, H, W)의 분류 정확도."""
    return float(np.mean(predict(params, images.reshape(len(images), -1)) == target))
# --8<-- [end:experiment]
