"""그림: 원소별 활성화 함수(Sigmoid, tanh, ReLU, Leaky ReLU, ELU)와 도함수를 x ∈ [-4, 4]에서 그린다.

빌드가 make_figure()를 불러 figures/activations.svg로 저장한다. 페이지는 draw 절만 싣고,
그 앞의 구현 블록이 활성화 함수들을 이미 정의해 두었다.
"""

from dlbasics.activations import (
    elu,
    elu_grad,
    leaky_relu,
    leaky_relu_grad,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    tanh,
    tanh_grad,
)

from docsite.figures import use_korean_font

# --8<-- [start:draw]
from functools import partial

import numpy as np
from matplotlib.figure import Figure

PICTURE_SLOPE = 0.1  # 그림에서 보이도록 키운 Leaky ReLU 기울기 (torch 기본값은 0.01)


def make_figure():
    """칸마다 함수(실선)와 도함수(점선), 범례는 그림 위에 하나. 마지막 칸은 다섯 도함수를 모아 비교한다."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    x = np.linspace(-4.0, 4.0, 801)  # x = 0 포함
    curves = [  # (제목, 함수, 도함수)
        ("Sigmoid", sigmoid, sigmoid_grad),
        ("tanh", tanh, tanh_grad),
        ("ReLU", relu, relu_grad),
        (f"Leaky ReLU (기울기 {PICTURE_SLOPE})", partial(leaky_relu, negative_slope=PICTURE_SLOPE),
         partial(leaky_relu_grad, negative_slope=PICTURE_SLOPE)),
        (r"ELU ($\alpha = 1$)", elu, elu_grad),
    ]
    fig = Figure(figsize=(5.0, 7.0), layout="constrained")  # 두 칸씩 세 줄, 좁은 그림에 큰 글자: 휴대전화에서도 읽히게
    axes = fig.subplots(3, 2, sharex=True).ravel()
    for ax, (title, fn, grad) in zip(axes, curves):
        ax.plot(x, fn(x), color="C0", label="함수")
        ax.plot(x, grad(x), color="C1", linestyle="--", label="도함수")
        ax.set_title(title, fontsize=12)
        ax.set_ylim(-1.5, 4.2)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside upper center", ncol=2, fontsize=11)  # 다섯 칸에 하나
    compare = axes[-1]
    for title, _, grad in curves:
        compare.plot(x, grad(x), label=title.split(" (")[0])
    compare.set_title("도함수 비교", fontsize=12)
    compare.set_ylim(-0.1, 2.1)  # 위쪽에 범례 자리를 남긴다
    compare.legend(fontsize=10, loc="upper center", ncol=2, handlelength=1.0, columnspacing=0.6, borderaxespad=0.2)
    for ax in axes:
        ax.axhline(0.0, color="0.7", linewidth=0.8)
        ax.axvline(0.0, color="0.7", linewidth=0.8)
        ax.tick_params(labelsize=10)
    for ax in axes[-2:]:
        ax.set_xlabel("입력 x", fontsize=11)
    return fig
# --8<-- [end:draw]
