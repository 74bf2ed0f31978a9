"""그림: 지역 최소점이 셋인 손실 L(θ) = ½θ² + sin 3θ 위에서, 여러 출발점의 SGD가 멈추는 곳.

빌드가 make_figure()를 불러 figures/optimization.svg로 저장한다. 페이지는 draw 절만 싣고,
그 앞의 구현 블록이 SGD와 wavy_loss를 이미 정의해 두었다.
"""

from dlbasics.optimization import wavy_loss, wavy_loss_grads
from dlbasics.optimizers import SGD

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure

FIGURE_STARTS = (-2.8, -2.0, -1.2, 0.2, 1.0, 2.6)  # 그림에 그릴 출발점 θ₀
BARRIERS = (-1.783, 0.590)  # 두 지역 최대점 (L' = 0, L'' < 0): 골짜기의 경계


def descend(start, lr=0.05, steps=100):
    """θ₀ = start에서 SGD로 steps번 갱신한 궤적 θ_0, …, θ_steps (모양 (steps+1,))."""
    opt = SGD([np.array(start)], lr=lr)
    path = [start]
    for _ in range(steps):
        path.append(float(opt.step(wavy_loss_grads(opt.params))[0]))
    return np.array(path)


def make_figure():
    """손실 곡선, 출발점(빈 원)에서 멈춘 곳(채운 원)까지의 궤적, 골짜기의 경계(점선)."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    grid = np.linspace(-3.0, 3.0, 601)
    fig = Figure(figsize=(5.0, 4.4), layout="constrained")  # 좁은 그림에 큰 글자: 휴대전화에서도 읽히게
    ax = fig.subplots()
    ax.plot(grid, [wavy_loss([t]) for t in grid], color="0.3", linewidth=1.5, label=r"$L(\theta) = \frac{1}{2}\theta^2 + \sin 3\theta$")
    paths = [descend(start) for start in FIGURE_STARTS]
    ends = sorted({round(path[-1], 6) for path in paths})  # 멈춘 곳 = 지역 최소점 셋
    colors = dict(zip(ends, ["tab:blue", "tab:green", "tab:orange"]))
    for path in paths:
        color = colors[round(path[-1], 6)]
        losses = [wavy_loss([t]) for t in path]
        ax.plot(path[:40], losses[:40], ".", color=color, markersize=4)  # 처음 40걸음
        ax.plot(path[0], losses[0], "o", markerfacecolor="white", markeredgecolor=color, markersize=9)
        ax.plot(path[-1], losses[-1], "o", color=color, markersize=9)
    for barrier in BARRIERS:
        ax.axvline(barrier, color="0.6", linestyle=":", linewidth=1)
        ax.text(barrier, 5.4, "골짜기 경계", ha="center", fontsize=12, color="0.4", backgroundcolor="white")
    best = min(ends, key=lambda t: wavy_loss([t]))
    ax.annotate("전역 최소점", (best, wavy_loss([best])), xytext=(best + 0.6, wavy_loss([best]) - 0.8), fontsize=13, arrowprops={"arrowstyle": "->"})
    for end in ends:
        if end != best:
            ax.annotate("지역 최소점", (end, wavy_loss([end])), xytext=(end - 0.5, wavy_loss([end]) + 1.6), fontsize=13, arrowprops={"arrowstyle": "->"})
    ax.plot([], [], "o", markerfacecolor="white", markeredgecolor="0.3", label="출발점")
    ax.plot([], [], "o", color="0.3", label="멈춘 곳 (100걸음 뒤)")
    ax.set(xlabel=r"$\theta$", ylabel=r"$L(\theta)$", ylim=(-2.0, 6.0))
    ax.set_title(r"같은 SGD ($\eta = 0.05$), 출발점만 다르다", fontsize=14)
    ax.xaxis.label.set_fontsize(14)
    ax.yaxis.label.set_fontsize(14)
    ax.tick_params(labelsize=12)
    fig.legend(loc="outside lower center", ncol=3, fontsize=11, handlelength=1.2, columnspacing=0.8)  # 곡선과 이름표를 가리지 않게 그림 아래에
    return fig
# --8<-- [end:draw]
