"""그림: 10층 신경망의 1·5·10층 출력의 분포. 열은 활성화 함수(tanh, ReLU), 행은 초기화(너무 작은 값, Xavier, He).

빌드가 make_figure()를 불러 figures/initialization.svg로 저장한다. 페이지는 draw 절만 싣고,
그 앞의 구현 블록이 deep_activations와 초기화 함수들을 이미 정의해 두었다.
"""

from dlbasics.initialization import deep_activations, kaiming_normal, xavier_normal

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure

ACTIVATIONS = {"tanh": np.tanh, "ReLU": lambda z: np.maximum(z, 0.0)}
INITS = {
    "표준편차 0.01": lambda shape, rng: rng.normal(0.0, 0.01, shape),
    "Xavier": lambda shape, rng: xavier_normal(shape, rng=rng),
    "He": lambda shape, rng: kaiming_normal(shape, nonlinearity="relu", rng=rng),
}
LAYERS = {1: "tab:blue", 5: "tab:orange", 10: "tab:red"}  # 그릴 층과 색


def make_figure():
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    fig = Figure(figsize=(5.0, 7.6), layout="constrained")  # 세로로 길게: 휴대전화 폭에서도 글자가 크게
    axes = fig.subplots(len(INITS), len(ACTIVATIONS), sharex="col")
    for column, (activation_name, activation) in enumerate(ACTIVATIONS.items()):
        bins = np.linspace(-1, 1, 41) if activation_name == "tanh" else np.linspace(0, 3, 31)
        for row, (init_name, init) in enumerate(INITS.items()):
            ax = axes[row, column]
            outputs = deep_activations(activation, init)
            for layer, color in LAYERS.items():
                values = outputs[layer - 1].ravel()  # 범위 밖의 값(ReLU의 3 넘는 값, 드물다)은 그리지 않는다
                if activation_name == "ReLU":
                    values = values[values > 0]  # 0(꺼진 뉴런, 늘 절반쯤)은 빼고 켜진 값의 분포만
                ax.hist(values, bins=bins, histtype="step", color=color, linewidth=1.6, density=True, label=f"{layer}층")
            ax.set_yticks([])
            ax.set_title(f"{activation_name}, {init_name}\n10층 표준편차 {outputs[-1].std():.2g}", fontsize=11)
            ax.tick_params(labelsize=11)
    axes[-1, 0].set_xlabel("출력 값", fontsize=12)
    axes[-1, 1].set_xlabel("켜진 출력 값 (0 제외)", fontsize=12)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=3, fontsize=11)
    return fig
# --8<-- [end:draw]
