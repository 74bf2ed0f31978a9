"""그림: 학습률 스케줄러의 곡선. 500스텝, 처음(가장 큰) 학습률 0.1에서 감쇠 셋, 코사인 둘, 원사이클(모멘텀과 함께),
웜업 뒤 코사인을 네 칸에 그린다.

빌드가 make_figure()를 불러 figures/schedulers.svg로 저장한다. 페이지는 draw 절만 싣고, 그 앞의 구현 블록이
스케줄 함수들을 이미 정의해 두었다.
"""

from dlbasics.schedulers import (
    constant_lr,
    cosine_annealing_lr,
    cosine_annealing_warm_restarts,
    exponential_lr,
    one_cycle_lr,
    step_lr,
    warmup_cosine_lr,
)

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure


def make_figure(total_steps=500, base_lr=0.1):
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    lrs, momenta = one_cycle_lr(base_lr, total_steps)
    # 스텝 감쇠는 125스텝마다 ×0.3, 지수 감쇠는 γ = 0.995
    panels = {  # 칸 제목: [(이름, 학습률 배열, 선 모양)]
        "고정과 감쇠": [("고정", constant_lr(base_lr, total_steps), "-"),
                   ("스텝 감쇠", step_lr(base_lr, total_steps, 125, 0.3), "--"),
                   ("지수 감쇠", exponential_lr(base_lr, total_steps, 0.995), ":")],
        "코사인 어닐링": [("T_max = 500", cosine_annealing_lr(base_lr, total_steps, total_steps), "-"),
                     ("재시작 (T_0 = 50, T_mult = 2)", cosine_annealing_warm_restarts(base_lr, total_steps, 50, 2), "--")],
        "원사이클 정책": [("학습률", lrs, "-")],
        "웜업 뒤 코사인": [("웜업 50스텝", warmup_cosine_lr(base_lr, total_steps, 50), "-")],
    }
    fig = Figure(figsize=(5.0, 9.0), layout="constrained")  # 위아래로 쌓아 휴대전화 폭에서도 글자가 크게
    axes = fig.subplots(4, 1, sharex=True)
    for ax, (title, curves) in zip(axes, panels.items()):
        for (label, values, style), color in zip(curves, ("tab:blue", "tab:orange", "tab:green")):
            ax.plot(np.arange(total_steps), values, color=color, linestyle=style, linewidth=1.8, label=label)
        ax.set_title(title, fontsize=14)
        ax.set_ylim(0, base_lr * 1.6)  # 위쪽은 범례 자리
        ax.set_yticks([0, 0.05, 0.1], ["0", "0.05", "0.1"])
        ax.set_ylabel("학습률", fontsize=12)
        ax.tick_params(labelsize=11)
    momentum_ax = axes[2].twinx()  # 원사이클의 모멘텀은 오른쪽 눈금
    momentum_ax.plot(np.arange(total_steps), momenta, color="tab:red", linestyle="--", linewidth=1.5, label="모멘텀 (오른쪽 눈금)")
    momentum_ax.set_ylim(0.80, 1.0)
    momentum_ax.tick_params(labelsize=11)
    handles = axes[2].get_legend_handles_labels()[0] + momentum_ax.get_legend_handles_labels()[0]
    axes[2].legend(handles=handles, fontsize=10, loc="upper left", ncols=2)
    for ax in (axes[0], axes[1], axes[3]):
        ax.legend(fontsize=10, loc="upper left", ncols=len(ax.lines))
    axes[-1].set_xlabel("스텝", fontsize=13)
    return fig
# --8<-- [end:draw]
