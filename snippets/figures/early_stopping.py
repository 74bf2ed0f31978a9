"""그림: 샘플 수와 파라미터 수가 비슷한 선형 회귀를 경사하강법으로 학습할 때의 학습·검증·시험 손실.
위는 가중치 감쇠 없이(조기 종료가 멈춘 곳은 빨간 점선, 되돌아간 곳은 빨간 실선), 아래는 λ = 0.2.

빌드가 make_figure()를 불러 figures/early_stopping.svg로 저장한다. 페이지는 draw 절만 싣고,
그 앞의 구현 블록이 overfitting_data, fit_with_weight_decay, EarlyStopping을 이미 정의해 두었다.
"""

from dlbasics.early_stopping import EarlyStopping, fit_with_weight_decay, overfitting_data

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure

SPLITS = {"train": ("학습 손실", "tab:blue", "-"), "val": ("검증 손실", "tab:orange", "--"), "test": ("시험 손실", "tab:green", "-")}


def make_figure(steps=3000, weight_decay=0.2, patience=20):
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    data = overfitting_data()
    stopper = EarlyStopping(patience)
    fit_with_weight_decay(data, 0.0, steps, stopper=stopper)  # 멈추는 곳을 알아 둔다
    fig = Figure(figsize=(5.0, 7.0), layout="constrained")  # 위아래로 쌓아 휴대전화 폭에서도 글자가 크게
    for ax, decay in zip(fig.subplots(2, 1, sharex=True), (0.0, weight_decay)):
        history = fit_with_weight_decay(data, decay, steps)[0]
        for split, (label, color, style) in SPLITS.items():
            ax.plot(np.arange(1, steps + 1), history[split], color=color, linestyle=style, linewidth=1.8, label=label)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_ylim(0.003, 20)
        ax.set_yticks([0.01, 0.1, 1, 10], ["0.01", "0.1", "1", "10"])
        ax.axhline(0.25, color="0.5", linewidth=1.0, linestyle=":")  # 잡음의 분산: 시험 손실의 바닥
        ax.set_ylabel("손실 (MSE)", fontsize=13)
        ax.tick_params(labelsize=12)
        ax.minorticks_off()
        title = "가중치 감쇠 없음" if decay == 0 else f"가중치 감쇠 λ = {decay}"
        ax.set_title(title, fontsize=14)
    top, ax = fig.axes
    # 가로축은 갱신 횟수 + 1 (로그 눈금에 0을 놓을 수 없어서). 되돌아간 곳은 실선, 멈춘 곳은 점선
    top.axvline(stopper.best_epoch + 1, color="tab:red", linewidth=1.5, label=f"되돌아간 곳 ({stopper.best_epoch} 스텝)")
    top.axvline(stopper.epoch + 1, color="tab:red", linewidth=1.5, linestyle="--", label=f"멈춘 곳 ({stopper.epoch} 스텝)")
    top.legend(handles=top.get_legend_handles_labels()[0][-2:], fontsize=11, loc="lower left")
    ax.legend(fontsize=11, loc="lower left")
    ax.set_xticks([1, 10, 100, 1000], ["1", "10", "100", "1000"])
    ax.set_xlabel("갱신 횟수 (스텝)", fontsize=13)
    return fig
# --8<-- [end:draw]
