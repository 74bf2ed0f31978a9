"""그림: torch의 GRU 셀 하나의 계산 (게이트 r, z와 후보 n, h' = (1 - z) ⊙ n + z ⊙ h).

빌드가 make_figure()를 불러 figures/rnn_gru.svg로 저장한다. 상자, 원, 선을 그리는 도우미는 LSTM 그림
(rnn_lstm.py)의 diagram 절의 것을 쓴다. 페이지에는 그 절이 먼저 실린다.
"""

from docsite.figures import FIGURES_DIR, load_figure_module

_parts = load_figure_module(FIGURES_DIR / "rnn_lstm.py")
diagram, box, node, wire = _parts.diagram, _parts.box, _parts.node, _parts.wire

# --8<-- [start:draw]
def make_figure():
    """torch의 GRU: r은 W_hn h + b_hn에 곱하고(행렬곱 뒤), z는 h_{t-1}을 얼마나 그대로 둘지 정한다."""
    fig, ax = diagram()
    ax.plot([0.9, 9.1], [5.4, 5.4], color="tab:blue", linewidth=3.0, zorder=1)  # 은닉 상태의 길
    ax.text(0.8, 5.4, "$h_{t-1}$", ha="right", va="center", fontsize=12)
    ax.text(9.2, 5.4, "$h_t$", ha="left", va="center", fontsize=12)
    ax.text(1.6, 0.15, "$x_t$", ha="center", va="center", fontsize=12)
    wire(ax, (1.2, 5.4), (1.2, 1.0), (5.2, 1.0), arrow=False)  # [x_t, h_{t-1}]을 두 게이트로 나르는 선
    wire(ax, (1.6, 0.4), (1.6, 1.0), arrow=False)
    wire(ax, (1.6, 0.6), (7.8, 0.6), (7.8, 2.45))  # 후보 n의 tanh에는 x_t만 바로 들어간다 (h는 r ⊙ … 로만)
    for x, text, label in [(2.2, r"$\sigma$", "리셋 $r$"), (5.0, r"$\sigma$", "업데이트 $z$"), (7.8, r"$\tanh$", "후보 $n$")]:
        if x < 7:
            wire(ax, (x, 1.0), (x, 2.45))
        box(ax, x, 2.8, text)
        ax.text(x + 0.12, 2.05, label, ha="left", va="center", fontsize=10)  # 선의 오른쪽 (왼쪽에는 r ⊙ … 의 선)
    box(ax, 3.6, 4.4, "$W_{hn}h + b_{hn}$", width=1.9, height=0.6)  # 은닉 쪽 아핀 변환을 먼저
    wire(ax, (3.6, 5.4), (3.6, 4.7))
    node(ax, 3.6, 2.8, r"$\odot$")  # r ⊙ (W_hn h + b_hn)
    wire(ax, (3.6, 4.1), (3.6, 2.8))
    wire(ax, (2.75, 2.8), (3.6, 2.8))
    wire(ax, (3.6, 2.8), (3.6, 1.7), (7.4, 1.7), (7.4, 2.45))  # n의 tanh 안으로
    node(ax, 5.0, 5.4, r"$\odot$")  # z ⊙ h_{t-1}
    wire(ax, (5.0, 3.15), (5.0, 5.4))
    node(ax, 6.3, 4.2, "1-")  # 나눔고딕에는 U+2212(−)가 없다
    wire(ax, (5.0, 4.2), (6.3, 4.2))
    node(ax, 7.8, 4.2, r"$\odot$")  # (1 - z) ⊙ n
    wire(ax, (6.3, 4.2), (7.8, 4.2))
    wire(ax, (7.8, 3.15), (7.8, 4.2))
    node(ax, 7.8, 5.4, "+")
    wire(ax, (7.8, 4.2), (7.8, 5.4))
    return fig
# --8<-- [end:draw]
