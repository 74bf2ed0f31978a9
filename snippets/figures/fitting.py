"""그림: 차수 1, 4, 15의 다항식을 학습 데이터 한 벌에 맞춘 모습(위)과, 차수마다 잰 편향²·분산·잡음과 시험 오차(아래).

빌드가 make_figure()를 불러 figures/fitting.svg로 저장한다. 페이지는 draw 절만 싣고,
그 앞의 구현 블록이 fit_polynomial, capacity_sweep 등을 이미 정의해 두었다.
"""

from dlbasics.fitting import capacity_sweep, fit_polynomial, make_targets, predict_polynomial, true_function

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure

EXAMPLE_DEGREES = {1: ("tab:blue", "차수 1: 과소적합"), 4: ("tab:green", "차수 4"), 15: ("tab:red", "차수 15: 과적합")}
NOISE_STD = 0.3


def make_figure():
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    fig = Figure(figsize=(5.0, 9.0), layout="constrained")  # 위아래로 쌓아 휴대전화 폭에서도 글자가 크게
    fits_ax, terms_ax = fig.subplots(2, 1, height_ratios=[1, 1.15])

    x_train, grid = np.linspace(-1, 1, 20), np.linspace(-1, 1, 401)
    y_train = make_targets(x_train, NOISE_STD, np.random.default_rng(1))
    fits_ax.plot(grid, true_function(grid), color="0.35", linestyle="--", linewidth=1.5, label="참 함수 f(x)")
    fits_ax.plot(x_train, y_train, "o", color="0.2", markersize=5, label="학습 데이터 20개")
    for degree, (color, label) in EXAMPLE_DEGREES.items():
        fits_ax.plot(grid, predict_polynomial(fit_polynomial(x_train, y_train, degree), grid), color=color, linewidth=1.8, label=label)
    fits_ax.set(xlabel="x", ylabel="y", ylim=(-1.6, 2.7))  # 위쪽은 범례 자리
    fits_ax.set_title("학습 데이터 한 벌에 맞춘 다항식", fontsize=14)
    fits_ax.legend(fontsize=11, loc="upper left", ncol=2, handlelength=1.4, columnspacing=0.8)

    rows = capacity_sweep(range(16))
    degrees = [row.degree for row in rows]
    bias, variance = np.array([row.bias_squared for row in rows]), np.array([row.variance for row in rows])
    terms_ax.plot(degrees, bias, "-", color="tab:blue", linewidth=2, label="편향²")
    terms_ax.plot(degrees, variance, "-", color="tab:orange", linewidth=2, label="분산")
    terms_ax.axhline(NOISE_STD**2, color="0.5", linestyle=":", linewidth=1.5, label="잡음 σ²")
    terms_ax.plot(degrees, bias + variance + NOISE_STD**2, "-", color="0.15", linewidth=2.2, label="합")
    terms_ax.plot(degrees, [row.test_error for row in rows], "o", color="tab:red", markersize=6, label="잰 시험 오차")
    terms_ax.plot(degrees, [row.train_error for row in rows], "s--", color="tab:green", markersize=4, linewidth=1.2, label="학습 오차")
    terms_ax.set_yscale("log")
    ticks = [1e-4, 1e-3, 1e-2, 1e-1, 1.0]  # 눈금은 소수로 (10의 거듭제곱 꼴은 나눔고딕에 없는 빼기 U+2212를 쓴다)
    terms_ax.set_yticks(ticks, [f"{tick:g}" for tick in ticks])
    terms_ax.minorticks_off()
    terms_ax.set(xlabel="다항식의 차수 (모델의 용량)", ylabel="평균 제곱 오차", ylim=(2e-5, 3.0), xticks=range(0, 16, 3))
    terms_ax.set_title("학습 데이터 500벌의 평균", fontsize=14)
    terms_ax.legend(fontsize=11, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, handlelength=1.4, columnspacing=0.8)  # 곡선을 가리지 않게 아래에
    for ax in (fits_ax, terms_ax):
        ax.xaxis.label.set_fontsize(13)
        ax.yaxis.label.set_fontsize(13)
        ax.tick_params(labelsize=12)
    return fig
# --8<-- [end:draw]
