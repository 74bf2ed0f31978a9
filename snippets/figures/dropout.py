"""그림: 드롭아웃 마스크를 새로 뽑은 신경망들의 평균이, 뽑은 수가 늘 때 어디로 가는지 (로짓과 확률).

빌드가 make_figure()를 불러 figures/dropout.svg로 저장한다. 페이지는 draw 절만 싣고,
그 앞의 구현 블록이 dropout_network와 log_softmax를 이미 정의해 두었다.
"""

from dlbasics.dropout import dropout_network, example_network
from dlbasics.losses import log_softmax

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure


def running_mean(values):
    """앞에서부터 k개의 평균 (k = 1, 2, …)."""
    return np.cumsum(values, axis=0) / np.arange(1, len(values) + 1)[:, None]


EXAMPLE_INPUT = np.array([[0.5, -1.0, 2.0]])  # 샘플 하나


def make_figure(p=0.5, n_masks=3000, seed=1):
    """위: 셋째 클래스의 로짓, 아래: 그 확률. 마스크 k개의 평균(선)과 평가 모드 신경망의 값(점선)."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    params, x = example_network(), EXAMPLE_INPUT
    rng = np.random.default_rng(seed)
    logits = np.array([dropout_network(x, params, p, True, rng)[0] for _ in range(n_masks)])  # (n_masks, C)
    probabilities = np.exp(log_softmax(logits))  # 소프트맥스 (손실 함수 페이지의 log-softmax 절)
    evaluation = dropout_network(x, params, p, False)
    counts = np.arange(1, n_masks + 1)
    fig = Figure(figsize=(5.0, 7.0), layout="constrained")  # 위아래로 쌓아 휴대전화 폭에서도 글자가 크게
    for ax, values, exact, name in zip(
        fig.subplots(2, 1),
        (logits[:, 2], probabilities[:, 2]),
        (evaluation[0, 2], np.exp(log_softmax(evaluation))[0, 2]),
        ("로짓", "확률"),
    ):
        ax.plot(counts, running_mean(values[:, None])[:, 0], color="tab:blue", linewidth=1.8, label=f"마스크 k개의 {name} 평균")
        ax.axhline(exact, color="tab:red", linestyle="--", linewidth=1.5, label=f"평가 모드의 {name}")
        ax.set_xscale("log")
        ax.set_xticks([1, 10, 100, 1000], ["1", "10", "100", "1000"])
        ax.minorticks_off()
        ax.set_xlabel("평균한 마스크의 수 k", fontsize=13)
        ax.set_ylabel(f"셋째 클래스의 {name}", fontsize=13)
        ax.tick_params(labelsize=12)
        ax.legend(fontsize=11, loc="upper right" if name == "로짓" else "center right")
    fig.axes[0].set_title("로짓의 평균은 평가 모드로 모인다", fontsize=14)
    fig.axes[1].set_title("확률의 평균은 평가 모드와 다르다", fontsize=14)
    return fig
# --8<-- [end:draw]
