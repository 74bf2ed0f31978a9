"""그림: 위는 곡률이 1과 10인 이차 손실에서 학습률에 따른 수렴률(경사하강법과 모멘텀 세 가지),
아래는 조건수에 따라 오차를 100만분의 1로 줄이는 데 걸린 스텝 수 (경사하강법과 모멘텀, 두 축 모두 로그 눈금).

빌드가 make_figure()를 불러 figures/convergence.svg로 저장한다. 페이지는 draw 절만 싣고, 그 앞의 블록이
gd_rate, momentum_rate, optimal_momentum, steps_versus_condition을 이미 정의해 두었다.
"""

from dlbasics.convergence import gd_rate, momentum_rate, optimal_momentum, steps_versus_condition

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullFormatter

EIGENVALUES = np.array([1.0, 10.0])  # 위 칸: 조건수 10
KAPPAS = [10, 30, 100, 300, 1000, 3000]  # 아래 칸의 조건수
TOL = 1e-6


def rate_curves(lrs):
    """학습률마다의 수렴률: 경사하강법(μ = 0)과 모멘텀 μ = μ*, 0.5, 0.9. 이름 → (μ, 수렴률 배열)."""
    best = optimal_momentum(EIGENVALUES)[1]
    curves = {"경사하강법 (μ = 0)": (0.0, np.array([gd_rate(EIGENVALUES, lr) for lr in lrs]))}
    for label, mu in [(f"모멘텀 μ = {best:.2f} (가장 좋은 값)", best), ("모멘텀 μ = 0.5", 0.5), ("모멘텀 μ = 0.9", 0.9)]:
        curves[label] = (mu, np.array([momentum_rate(EIGENVALUES, lr, mu) for lr in lrs]))
    return curves


def make_figure():
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    fig = Figure(figsize=(5.0, 8.2), layout="constrained")  # 위아래로 쌓아 휴대전화 폭에서도 글자가 크게
    ax_rate, ax_steps = fig.subplots(2, 1)
    best_gd, (best_lr, best_mu) = 2 / (EIGENVALUES.min() + EIGENVALUES.max()), optimal_momentum(EIGENVALUES)
    lrs = np.union1d(np.linspace(0.001, 0.4, 800), [best_gd, best_lr])  # 가장 좋은 학습률에서 꼭짓점이 보이게
    for (label, (_, rates)), color, style in zip(rate_curves(lrs).items(), ["tab:blue", "tab:red", "tab:green", "tab:purple"],
                                                  ["-", "-", "--", ":"]):
        ax_rate.plot(lrs, rates, color=color, linestyle=style, linewidth=2, label=label)
    ax_rate.plot([best_gd, best_lr], [gd_rate(EIGENVALUES, best_gd), momentum_rate(EIGENVALUES, best_lr, best_mu)],
                 color="0.2", marker="o", markersize=5, linestyle="none")  # 두 꼭짓점: ρ* = 9/11, (√10 - 1)/(√10 + 1)
    ax_rate.axhline(1.0, color="0.4", linewidth=1)
    ax_rate.set(xlim=(0, 0.4), ylim=(0.4, 1.1))
    ax_rate.set_title("(가) 곡률 1과 10: 학습률에 따른 수렴률", fontsize=13)
    ax_rate.set_xlabel("학습률 η", fontsize=12)
    ax_rate.set_ylabel("수렴률 ρ", fontsize=12)
    ax_rate.legend(fontsize=11, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, columnspacing=1.0, handlelength=1.6)
    counts = steps_versus_condition(KAPPAS, TOL)
    kappas = np.array(KAPPAS, dtype=float)
    grid = np.geomspace(kappas[0], kappas[-1], 50)
    for key, label, color, scale in [("gd", "경사하강법", "tab:blue", grid / 2), ("momentum", "모멘텀", "tab:red", np.sqrt(grid) / 2)]:
        ax_steps.plot(kappas, counts[key], color=color, marker="o", markersize=6, linestyle="none", label=f"{label}: 실제로 돌린 스텝")
        ax_steps.plot(grid, scale * np.log(1 / TOL), color=color, linestyle="--", linewidth=1.5)
    ax_steps.text(120, 120 / 2 * np.log(1 / TOL) * 1.35, r"$(\kappa/2)\,\ln(1/\epsilon)$", color="tab:blue", fontsize=12, ha="right")
    ax_steps.text(400, np.sqrt(400) / 2 * np.log(1 / TOL) / 2.1, r"$(\sqrt{\kappa}/2)\,\ln(1/\epsilon)$", color="tab:red", fontsize=12, ha="left")
    ax_steps.set(xscale="log", yscale="log")
    ax_steps.set_title("(나) 오차를 100만분의 1로 줄이는 스텝 수", fontsize=13)
    ax_steps.set_xlabel("조건수 κ", fontsize=12)
    ax_steps.set_ylabel("스텝 수", fontsize=12)
    ax_steps.legend(fontsize=11, loc="upper left")
    for axis in (ax_steps.xaxis, ax_steps.yaxis):
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))  # 10^2 대신 100 (글꼴에 없는 빼기 기호를 피한다)
        axis.set_minor_formatter(NullFormatter())
    for ax in (ax_rate, ax_steps):
        ax.tick_params(labelsize=11)
    return fig
# --8<-- [end:draw]
