"""그림: 기울기가 늘 1일 때 스텝마다의 걸음을 학습률에 대한 비로. 위는 AdaGrad와 RMSProp, 아래는 Adam을
편향 보정과 함께, 보정 없이, m이나 v의 보정만 빼고 (두 축 모두 로그 눈금).

빌드가 make_figure()를 불러 figures/optimizers.svg로 저장한다. 페이지는 draw 절만 싣고, 그 앞의 블록이
Adagrad, RMSprop, Adam을 이미 정의해 두었다.
"""

from dlbasics.optimizers import Adagrad, Adam, RMSprop

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure


def step_sizes(optimizer, steps):
    """기울기 1을 steps번 주었을 때 스텝마다 움직인 거리를 학습률로 나눈 것."""
    positions = [optimizer.step([np.ones(1)])[0][0] for _ in range(steps)]
    return -np.diff([0.0] + positions) / optimizer.lr


def make_figure(steps=1000, lr=1e-3, betas=(0.9, 0.999)):
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    t = np.arange(1, steps + 1)
    m_part, v_part = 1 - betas[0] ** t, np.sqrt(1 - betas[1] ** t)  # 보정하지 않은 m, √v가 g, |g|의 몇 배인가
    panels = {
        "AdaGrad와 RMSProp": [("AdaGrad", step_sizes(Adagrad([np.zeros(1)], lr=lr), steps), "tab:blue", "-"),
                             ("RMSProp", step_sizes(RMSprop([np.zeros(1)], lr=lr), steps), "tab:orange", "--")],
        "Adam의 편향 보정": [("보정함 (PyTorch)", step_sizes(Adam([np.zeros(1)], lr=lr, betas=betas), steps), "tab:blue", "-"),
                         ("보정 없음 (노트의 식)", m_part / v_part, "tab:red", "--"),
                         ("m의 보정만 뺌", m_part, "tab:green", ":"),
                         ("v의 보정만 뺌", 1 / v_part, "tab:purple", "-.")],
    }
    fig = Figure(figsize=(5.0, 7.0), layout="constrained")  # 위아래로 쌓아 휴대전화 폭에서도 글자가 크게
    for ax, (title, curves) in zip(fig.subplots(2, 1, sharex=True), panels.items()):
        for label, values, color, style in curves:
            ax.plot(t, values, color=color, linestyle=style, linewidth=1.8, label=label)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_yticks([0.03, 0.1, 0.3, 1, 3, 10, 30], ["0.03", "0.1", "0.3", "1", "3", "10", "30"])
        ax.minorticks_off()
        ax.set_title(title, fontsize=14)
        ax.set_ylabel("걸음 / 학습률", fontsize=12)
        ax.tick_params(labelsize=11)
        ax.legend(fontsize=10, loc="upper right")
    ax.set_xticks([1, 10, 100, 1000], ["1", "10", "100", "1000"])
    ax.set_xlabel("스텝", fontsize=13)
    return fig
# --8<-- [end:draw]
