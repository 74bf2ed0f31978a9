"""그림: 같은 데이터에서 전체 배치, 미니배치, 확률적 경사하강법을 방식마다 고른 학습률로 비교한다.

위 칸은 학습률에 따른 10 에폭 뒤의 손실, 아래 칸은 방식마다 가장 좋은 학습률로 돌린 손실 곡선(에폭 기준)이다.
휴대전화에서도 읽히도록 두 칸을 위아래로 쌓는다.
빌드가 make_figure()를 불러 figures/gradient_descent.svg로 저장한다. 페이지는 draw 절만 싣고,
그 앞의 구현 블록이 lr_sweep과 max_stable_lr를 이미 정의해 두었다.
"""

from dlbasics.gradient_descent import lr_sweep, max_stable_lr

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullFormatter

LRS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]  # 훑어 볼 학습률


def loss_curves(seed=0, n=32, epochs=10):
    """세 방식을 LRS의 학습률마다 돌린 전체 학습 손실. 이름 → (배치 크기, 손실 (len(LRS), T+1))."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = X @ np.array([2.0, -1.0]) + 0.5 + 0.3 * rng.normal(size=n)  # 잡음 표준편차 0.3
    A = np.column_stack([X, np.ones(n)])
    best = np.mean((A @ np.linalg.lstsq(A, y, rcond=None)[0] - y) ** 2)  # 최소 손실 L* (최소제곱 해)
    runs = {}
    for label, batch_size in [(f"전체 배치 (B = {n})", n), ("미니배치 (B = 8)", 8), ("SGD (B = 1)", 1)]:
        runs[label] = (batch_size, lr_sweep([np.zeros(2), np.array(0.0)], X, y, LRS, batch_size, epochs, seed=1))
    return X, y, best, runs


def make_figure():
    """위: 학습률에 따른 마지막 에폭의 L - L*, 아래: 방식마다 고른 학습률의 L - L* (에폭 기준)."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    X, y, best, runs = loss_curves()
    n = len(X)
    fig = Figure(figsize=(5.0, 7.6), layout="constrained")  # 좁은 그림에 큰 글자: 휴대전화에서도 읽히게
    ax_lr, ax_epoch = fig.subplots(2, 1, sharey=True)
    for (label, (batch_size, curves)), color in zip(runs.items(), ["C0", "C1", "C2"]):
        steps_per_epoch = -(-n // batch_size)  # ⌈n/B⌉
        tuned = np.argmin(curves[:, -1])  # 마지막 에폭의 손실이 가장 낮은 학습률
        at_epochs = curves[tuned, ::steps_per_epoch] - best  # 에폭 경계마다의 L - L*
        ax_lr.plot(LRS, curves[:, -1] - best, color=color, marker="o", markersize=4, label=label)
        ax_lr.plot(LRS[tuned], curves[tuned, -1] - best, color=color, marker="*", markersize=14)
        ax_epoch.plot(np.arange(len(at_epochs)), at_epochs, color=color, marker="o", markersize=4, label=f"{label}, $\\eta$ = {LRS[tuned]:g}")
    ax_lr.axvline(max_stable_lr(X), color="0.4", linestyle="--", linewidth=1)
    # 점선 왼쪽에 조금 띄워서 (글자가 선에 닿지 않게)
    ax_lr.annotate("전체 배치의 상한\n$2/\\lambda_{\\max}$", (max_stable_lr(X), 1.3e-8), xytext=(-5, 0), textcoords="offset points",
                   color="0.3", fontsize=11, ha="right", va="bottom")
    ax_lr.set_title("(가) 10 에폭 뒤의 $L - L^*$ (별: 가장 낮은 곳)", fontsize=13)
    ax_lr.set_xlabel("학습률 $\\eta$", fontsize=12)
    ax_lr.set(xscale="log", yscale="log", ylim=(1e-8, 1e2))
    ax_epoch.set_title("(나) 방식마다 고른 학습률로", fontsize=13)
    ax_epoch.set_xlabel("에폭", fontsize=12)
    ax_lr.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))  # 10^-1 대신 0.1
    ax_lr.xaxis.set_minor_formatter(NullFormatter())
    for ax in (ax_lr, ax_epoch):
        ax.set_ylabel("최소 손실과의 차이 $L - L^*$", fontsize=12)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"$10^{{{np.log10(v):.0f}}}$"))
        ax.tick_params(labelsize=11)
        ax.legend(fontsize=10.5, loc="lower left")
    return fig
# --8<-- [end:draw]
