"""그림: MSE, MAE, Huber(δ = 1)의 원소별 손실과 도함수를 오차 e에 대해 그린다.

빌드가 make_figure()를 불러 figures/losses.svg로 저장한다. 페이지는 draw 절만 싣고,
그 앞의 구현 블록이 손실 함수들을 이미 정의해 두었다.
"""

from dlbasics.losses import huber_loss, huber_loss_grad, l1_loss, l1_loss_grad, mse_loss, mse_loss_grad

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure


def make_figure():
    """위: 원소별 손실 ℓ(e), 아래: 도함수 dℓ/de. e = ŷ - y (y = 0으로 둔다)."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    e = np.linspace(-3.0, 3.0, 601)
    y = np.zeros_like(e)
    curves = [  # (이름, 손실, 기울기, 추가 인자)
        ("MSE", mse_loss, mse_loss_grad, {}),
        ("MAE", l1_loss, l1_loss_grad, {}),
        (r"Huber ($\delta = 1$)", huber_loss, huber_loss_grad, {"delta": 1.0}),
    ]
    fig = Figure(figsize=(5.0, 5.6), layout="constrained")  # 위아래 두 칸, 좁은 그림에 큰 글자: 휴대전화에서도 읽히게
    ax_loss, ax_grad = fig.subplots(2, 1, sharex=True)
    for label, loss, grad, kwargs in curves:
        ax_loss.plot(e, loss(e, y, reduction="none", **kwargs), label=label, linewidth=2)
        ax_grad.plot(e, grad(e, y, reduction="none", **kwargs), label=label, linewidth=2)
    ax_loss.set(title="원소별 손실", ylabel="손실", ylim=(-0.2, 4.5))
    ax_grad.set(title="기울기 (도함수)", xlabel="오차 e", ylabel=r"$d\ell / de$", ylim=(-3.5, 3.5))
    for ax in (ax_loss, ax_grad):
        ax.axhline(0.0, color="0.7", linewidth=0.8)
        ax.axvline(0.0, color="0.7", linewidth=0.8)
        ax.title.set_fontsize(14)
        ax.xaxis.label.set_fontsize(13)
        ax.yaxis.label.set_fontsize(13)
        ax.tick_params(labelsize=12)
    ax_loss.legend(fontsize=12, loc="upper center")
    return fig
# --8<-- [end:draw]
