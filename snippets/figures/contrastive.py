"""그림: 시험 이미지 8장의 두 뷰(16개)의 임베딩 사이의 코사인 유사도 행렬, 대조 사전 학습 전과 뒤 (양성 쌍에 네모).

빌드가 make_figure()를 불러 figures/contrastive.svg로 저장한다. 페이지는 draw 절만 싣고, 그 앞의 블록이
digit_views, encoder_forward, pretrained_encoder를 정의하고 사전 학습을 이미 해 두었다. 빌드는 페이지와 같은
분할과 시드로 사전 학습을 다시 한다.
"""

from sklearn.datasets import load_digits

from dlbasics.contrastive import digit_views, encoder_forward, pretrained_encoder

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle


def similarity_matrix(params, images, seed=3):
    """이미지 n장의 뷰 두 벌 → 임베딩 z 2n개 사이의 코사인 유사도 (2n, 2n). 행 i와 i + n이 양성 쌍."""
    rng = np.random.default_rng(seed)
    views = [digit_views(images, rng).reshape(len(images), 64) for _ in range(2)]
    z = np.concatenate([encoder_forward(params, v)[1] for v in views])
    u = z / np.linalg.norm(z, axis=1, keepdims=True)
    return u @ u.T


def pair_similarities(params, images):
    """(양성 쌍의 평균 코사인, 음성 쌍의 평균 코사인)"""
    similarity, n = similarity_matrix(params, images), len(images)
    positive = np.zeros_like(similarity, dtype=bool)
    positive[np.arange(2 * n), np.concatenate([np.arange(n, 2 * n), np.arange(n)])] = True
    negative = ~positive & ~np.eye(2 * n, dtype=bool)
    return similarity[positive].mean(), similarity[negative].mean()


def make_figure():
    """위: 무작위 인코더, 아래: 대조 사전 학습한 인코더. 색은 코사인 유사도(-1~1), 네모는 양성 쌍."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    digits = load_digits()
    images = digits.images / 16.0
    order = np.random.default_rng(0).permutation(len(images))  # 페이지와 같은 분할
    test, pool = order[:600], order[600:]
    initial, trained, _ = pretrained_encoder(images[pool], seed=0)
    shown, n = images[test[:8]], 8
    fig = Figure(figsize=(5.0, 8.6), layout="constrained")  # 위아래로 쌓아 휴대전화 폭에서도 칸이 크게
    for ax, params, title in zip(fig.subplots(2, 1), (initial, trained), ("사전 학습 전 (무작위 인코더)", "대조 사전 학습 뒤")):
        image = ax.imshow(similarity_matrix(params, shown), cmap="viridis", vmin=-1, vmax=1, interpolation="none")
        for i in range(2 * n):  # 양성 쌍: (i, i + n)과 (i + n, i)
            j = (i + n) % (2 * n)
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="tab:red", linewidth=2.0))
        ax.axhline(n - 0.5, color="white", linewidth=1.0)
        ax.axvline(n - 0.5, color="white", linewidth=1.0)
        ticks = [0, 4, 8, 12]
        ax.set_xticks(ticks, [f"{t}" for t in ticks])
        ax.set_yticks(ticks, [f"{t}" for t in ticks])
        ax.tick_params(labelsize=11)
        ax.set_xlabel("뷰 번호 (0~7: 첫째 뷰, 8~15: 둘째 뷰)", fontsize=11.5)
        ax.set_title(title, fontsize=13)
        fig.colorbar(image, ax=ax, shrink=0.85).ax.tick_params(labelsize=11)
    fig.axes[0].set_ylabel("뷰 번호", fontsize=11.5)
    fig.axes[1].set_ylabel("뷰 번호", fontsize=11.5)
    return fig
# --8<-- [end:draw]
