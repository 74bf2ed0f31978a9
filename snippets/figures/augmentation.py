"""그림: scikit-learn에 든 사진 두 장(사원, 꽃)에 Cutout, Mixup, CutMix를 한 번씩 하고, 섞인 레이블을 적는다.

빌드가 make_figure()를 불러 figures/augmentation.svg로 저장한다. 페이지는 draw 절만 싣고,
그 앞의 구현 블록이 cutout, mixup, cutmix, cutmix_box를 이미 정의해 두었다.
"""

from dlbasics.augmentation import cutmix, cutmix_box, cutout, mixup

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure
from sklearn.datasets import load_sample_image


def photo_batch(step=6):
    """scikit-learn에 든 사진 두 장을 (N, C, H, W) = (2, 3, 72, 107), 값 0~1로. 레이블은 원-핫 (사원, 꽃)."""
    photos = [load_sample_image(name)[::step, ::step] for name in ("china.jpg", "flower.jpg")]  # (H, W, 3) uint8
    x = np.stack([photo.transpose(2, 0, 1) / 255.0 for photo in photos])  # torch의 모양 (C, H, W)
    return x, np.eye(2)


def label_text(label, names=("사원", "꽃")):
    """확률 레이블 (K,)를 '사원 0.70 / 꽃 0.30'처럼. 0인 클래스는 적지 않는다."""
    return " / ".join(f"{name} {p:.2f}" for name, p in zip(names, label) if p > 0)


def make_figure(lam=0.7, cutout_size=40, cutout_center=(10, 95), cutmix_center=(40, 30)):
    """2×2: 원본(사원), Cutout(레이블 그대로), Mixup(λ로 섞은 화소와 레이블), CutMix(상자의 넓이로 섞은 레이블)."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    x, y = photo_batch()
    height, width = x.shape[2:]
    box = cutmix_box(lam, height, width, cutmix_center)
    panels = [  # (제목, 이미지 (C, H, W), 레이블 (K,))
        ("원본", x[0], y[0]),
        ("Cutout", cutout(x[0], cutout_size, cutout_center), y[0]),
        (f"Mixup (λ = {lam})", mixup(x, y, lam)[0][0], mixup(x, y, lam)[1][0]),
        ("CutMix", cutmix(x, y, box)[0][0], cutmix(x, y, box)[1][0]),
    ]
    fig = Figure(figsize=(5.0, 4.6), layout="constrained")  # 두 칸씩 두 줄: 휴대전화 폭에서도 글자가 크게
    for ax, (title, image, label) in zip(fig.subplots(2, 2).ravel(), panels):
        ax.imshow(image.transpose(1, 2, 0), interpolation="none")  # (H, W, C). "none": SVG에 화소 그대로 싣는다
        ax.set_title(title, fontsize=13)
        ax.set_xlabel(label_text(label), fontsize=12)  # 사진 아래에 레이블
        ax.set_xticks([])
        ax.set_yticks([])
    return fig
# --8<-- [end:draw]
