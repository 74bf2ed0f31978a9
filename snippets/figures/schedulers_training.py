"""그림: 당뇨병 데이터의 선형 회귀를 미니배치 SGD로 500스텝 학습할 때, 스텝마다의 초과 손실 L(θ_t) - L(θ*).
고정 학습률 0.1과 0.01, 같은 0.1에서 시작하는 코사인 어닐링 (시드 0).

빌드가 make_figure()를 불러 figures/schedulers_training.svg로 저장한다. 페이지는 draw 절만 싣고, 그 앞의 블록이
diabetes_regression, train_with_schedule, 스케줄 함수들과 linear_regression_loss를 이미 정의해 두었다.
"""

from dlbasics.gradient_descent import linear_regression_loss
from dlbasics.schedulers import constant_lr, cosine_annealing_lr, diabetes_regression, train_with_schedule

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure


def make_figure(total_steps=500, seed=0):
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    X, y = diabetes_regression()
    A = np.column_stack([X, np.ones(len(X))])
    best = np.mean((A @ np.linalg.lstsq(A, y, rcond=None)[0] - y) ** 2)  # 최소제곱 해의 손실 L(θ*)
    runs = [("고정 0.1", constant_lr(0.1, total_steps), "tab:orange", "-"),
            ("고정 0.01", constant_lr(0.01, total_steps), "tab:green", "--"),
            ("코사인 어닐링 (0.1에서 0까지)", cosine_annealing_lr(0.1, total_steps, total_steps), "tab:blue", "-")]
    fig = Figure(figsize=(5.0, 3.8), layout="constrained")
    ax = fig.subplots()
    for label, lrs, color, style in runs:
        trajectory = train_with_schedule(X, y, lrs, seed=seed)
        excess = [linear_regression_loss(params, X, y)[0] - best for params in trajectory]
        ax.plot(np.arange(1, total_steps + 1), excess, color=color, linestyle=style, linewidth=1.6, label=label)
    ax.set_yscale("log")
    ax.set_yticks([0.001, 0.01, 0.1, 1], ["0.001", "0.01", "0.1", "1"])
    ax.minorticks_off()
    ax.set_xlabel("스텝", fontsize=13)
    ax.set_ylabel("초과 손실 L(θ) - L(θ*)", fontsize=12)
    ax.tick_params(labelsize=11)
    ax.legend(fontsize=11, loc="upper right")
    return fig
# --8<-- [end:draw]
