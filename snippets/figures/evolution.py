"""그림: 사람이 그린 본보기, 학습 이미지의 숫자별 평균, 원시 화소 소프트맥스 회귀가 배운 가중치.

빌드가 make_figure()를 불러 figures/evolution.svg로 저장한다. 페이지는 draw 절만 싣고,
그 앞의 구현 블록이 본보기(digit_templates), 표준화(standardize), 학습(fit)과 학습 설정을 이미 정의해 두었다.
"""

from dlbasics.evolution import BATCH_SIZE, EPOCHS, LR, digit_templates, fit, standardize

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


def side_by_side(images):
    """(10, 8, 8) 이미지 10장을 빈 열 하나씩 두고 가로로 잇는다 → (8, 89). 빈 열은 NaN (그리지 않는다)."""
    gap = np.full((8, 1), np.nan)
    return np.hstack([part for image in images for part in (image, gap)][:-1])


def make_figure():
    """세 줄: 1단계의 본보기 T_k, 학습 이미지의 숫자별 평균, 화소 소프트맥스 회귀가 배운 가중치 W_k."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    X, y = load_digits(return_X_y=True)
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)
    means = np.stack([X_train[y_train == k].mean(axis=0) for k in range(10)]).reshape(10, 8, 8)
    start = [(np.zeros((10, 64)), np.zeros(10))]  # 표준화한 화소 64개 → 숫자 10개, 처음에는 0
    [(weight, _)] = fit(start, standardize(X_train)[0], y_train, LR, EPOCHS, BATCH_SIZE, np.random.default_rng(0))
    rows = [  # (제목, 이미지 10장, 색 지도, 색의 범위)
        ("1단계: 사람이 그린 본보기", digit_templates(), "Greys", (0.0, 16.0)),
        ("학습 이미지 1257장의 숫자별 평균", means, "Greys", (0.0, 16.0)),
        ("화소 + 소프트맥스 회귀가 배운 가중치 (빨강 +, 파랑 -)", weight.reshape(10, 8, 8), "RdBu_r",
         (-np.abs(weight).max(), np.abs(weight).max())),
    ]
    fig = Figure(figsize=(5.6, 3.9), layout="constrained")  # 좁은 그림에 큰 글자: 휴대전화에서도 읽히게
    for ax, (title, images, cmap, (low, high)) in zip(fig.subplots(3, 1), rows):
        ax.imshow(side_by_side(images), cmap=cmap, vmin=low, vmax=high)
        ax.set_title(title, fontsize=12.5)
        ax.set_xticks(np.arange(10) * 9 + 3.5, [str(k) for k in range(10)], fontsize=12)
        ax.set_yticks([])
    return fig
# --8<-- [end:draw]
