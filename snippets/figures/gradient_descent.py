"""그림: 같은 데이터에서 전체 배치, 미니배치, 확률적 경사하강법의 학습 손실 곡선.

빌드가 make_figure()를 불러 figures/gradient_descent.svg로 저장한다. 페이지는 draw 절만 싣고,
그 앞의 구현 블록이 train을 이미 정의해 두었다.
"""

from dlbasics.gradient_descent import train

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullFormatter


def loss_curves(seed=0, n=32, epochs=40, lr=0.05):
    """같은 데이터, 같은 초기값, 같은 학습률로 세 방식을 돌린 전체 학습 손실 L(θ_t)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = X @ np.array([2.0, -1.0]) + 0.5 + 0.3 * rng.normal(size=n)  # 잡음 표준편차 0.3
    runs = {}  # 이름 → (배치 크기, 손실 (T+1,))
    for label, batch_size in [(f"전체 배치 (B = {n})", n), ("미니배치 (B = 8)", 8), ("SGD (B = 1)", 1)]:
        _, losses, _ = train([np.zeros(2), np.array(0.0)], X, y, lr, batch_size, epochs, rng)
        runs[label] = (batch_size, losses)
    return X, y, runs


def make_figure():
    """왼쪽: 갱신 횟수에 대한 손실 (처음 40번), 오른쪽: 에폭에 대한 손실."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    X, y, runs = loss_curves()
    n = len(X)
    design = np.column_stack([X, np.ones(n)])
    best = np.mean((design @ np.linalg.lstsq(design, y, rcond=None)[0] - y) ** 2)  # 최소제곱 해의 손실
    fig = Figure(figsize=(9.0, 3.6), layout="constrained")
    ax_step, ax_epoch = fig.subplots(1, 2, sharey=True)
    for label, (batch_size, losses) in runs.items():
        steps_per_epoch = -(-n // batch_size)  # ⌈n/B⌉
        ax_step.plot(np.arange(len(losses))[:41], losses[:41], label=label)
        ax_epoch.plot(np.arange(len(losses))[::steps_per_epoch] / steps_per_epoch, losses[::steps_per_epoch], marker="o", markersize=3, label=label)
    for ax, xlabel, title in [(ax_step, "갱신 횟수", "갱신 횟수로 보면"), (ax_epoch, "에폭", "에폭으로 보면")]:
        ax.axhline(best, color="0.5", linestyle="--", linewidth=0.8, label="최소 손실")
        ax.set(title=title, xlabel=xlabel, yscale="log")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))  # 10^-1 대신 0.1
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.legend()
    ax_step.set_ylabel("전체 학습 손실 (MSE)")
    return fig
# --8<-- [end:draw]
