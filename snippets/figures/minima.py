"""그림: XOR을 학습한 두 층 신경망의 최종 손실, 은닉 뉴런 수마다 시드 20개. 멈춘 손실의 층을 가로줄로.

빌드가 make_figure()를 불러 figures/minima.svg로 저장한다. 페이지는 draw 절만 싣고,
그 앞의 구현 블록이 restart_losses와 collapsed_loss를 이미 정의해 두었다.
"""

from dlbasics.minima import collapsed_loss, restart_losses

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure

WIDTHS = (2, 4, 8, 32)  # 은닉 뉴런 수
LEVELS = {  # 멈춘 손실의 층: 같은 예측을 내는 입력의 묶음
    "넷이 한 묶음": [[0, 1, 1, 0]],
    "셋이 한 묶음": [[0], [1, 1, 0]],
    "둘이 한 묶음": [[0], [1], [1, 0]],
}


def make_figure():
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    fig = Figure(figsize=(5.0, 4.6), layout="constrained")  # 좁은 그림에 큰 글자: 휴대전화에서도 읽히게
    ax = fig.subplots()
    jitter = np.random.default_rng(0)
    for position, width in enumerate(WIDTHS):
        losses = np.array(restart_losses(width, range(20)))
        stuck = losses > 0.1
        x = position + jitter.uniform(-0.18, 0.18, losses.size)  # 같은 값의 점이 겹치지 않게 옆으로 흩는다
        ax.plot(x[~stuck], losses[~stuck], "o", color="tab:green", markersize=6, alpha=0.8)
        ax.plot(x[stuck], losses[stuck], "o", color="tab:red", markersize=6, alpha=0.8)
        ax.text(position, 0.76, f"{stuck.sum()}/20", ha="center", fontsize=12, color="tab:red")
    for label, groups in LEVELS.items():
        level = collapsed_loss(groups)
        ax.axhline(level, color="0.55", linestyle=":", linewidth=1.2)
        ax.text(len(WIDTHS) - 0.45, level + 0.012, f"{label} ({level:.3f})", ha="right", fontsize=12, color="0.35")
    ax.plot([], [], "o", color="tab:green", label="풀었다 (손실 < 0.1)")
    ax.plot([], [], "o", color="tab:red", label="멈췄다")
    ax.set(xticks=range(len(WIDTHS)), xticklabels=[str(width) for width in WIDTHS], xlim=(-0.5, len(WIDTHS) - 0.4), ylim=(-0.03, 0.82))
    ax.set_xlabel("은닉 뉴런 수", fontsize=13)
    ax.set_ylabel("200 스텝 뒤의 학습 손실", fontsize=13)
    ax.set_title("XOR, 시드 20개씩 (빨간 숫자: 멈춘 수)", fontsize=14)
    ax.tick_params(labelsize=12)
    fig.legend(loc="outside lower center", ncol=2, fontsize=11, handlelength=1.2)
    return fig
# --8<-- [end:draw]
