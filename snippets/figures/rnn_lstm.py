"""그림: LSTM 셀 하나의 계산 (게이트 i, f, g, o와 셀 상태 c의 덧셈 길).

빌드가 make_figure()를 불러 figures/rnn_lstm.svg로 저장한다. 페이지는 diagram 절(상자, 원, 선을 그리는 도우미)과
draw 절을 싣는다. GRU 그림(rnn_gru.py)도 diagram 절의 도우미를 쓴다.
"""

from docsite.figures import use_korean_font

# --8<-- [start:diagram]
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

GATE_COLOR, NODE_COLOR, LINE_COLOR = "#dbe4ff", "#ffe8cc", "0.2"  # 게이트 상자, 원소별 연산 원, 선


def diagram(width=5.0, height=3.7, xlim=(0, 10), ylim=(0, 6.4)):
    """좌표 (0~10) × (0~6.4)에 그리는 빈 그림."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def box(ax, x, y, text, label=None, width=1.1, height=0.7):
    """게이트 상자 (가운데 (x, y)): 안에 활성화 함수, 아래에 게이트 이름."""
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.05",
                                facecolor=GATE_COLOR, edgecolor=LINE_COLOR, linewidth=1.2, zorder=3))
    ax.text(x, y, text, ha="center", va="center", fontsize=11, zorder=4)
    if label:
        ax.text(x, y - height / 2 - 0.3, label, ha="center", va="top", fontsize=10, zorder=4)


def node(ax, x, y, text, radius=0.32):
    """원소별 연산 (⊙, +, 1−)을 담은 원."""
    ax.add_patch(Circle((x, y), radius, facecolor=NODE_COLOR, edgecolor=LINE_COLOR, linewidth=1.2, zorder=3))
    ax.text(x, y, text, ha="center", va="center", fontsize=12, zorder=4)


def wire(ax, *points, arrow=True):
    """점들을 차례로 잇는 꺾은선, 끝에 화살표."""
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:]):
        last = arrow and (x1, y1) == points[-1]
        ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>" if last else "-", mutation_scale=11,
                                     color=LINE_COLOR, linewidth=1.3, shrinkA=0, shrinkB=11 if last else 0, zorder=2))
# --8<-- [end:diagram]


# --8<-- [start:draw]
def make_figure():
    """LSTM 셀: 위의 굵은 선이 셀 상태 c (곱하기 한 번, 더하기 한 번만 거친다), 아래에서 세 게이트와 후보가 [x_t, h_{t-1}]을 읽는다."""
    fig, ax = diagram()
    ax.plot([0.9, 9.1], [5.4, 5.4], color="tab:blue", linewidth=3.0, zorder=1)  # 셀 상태의 길
    ax.text(0.8, 5.4, "$c_{t-1}$", ha="right", va="center", fontsize=12)
    ax.text(9.2, 5.4, "$c_t$", ha="left", va="center", fontsize=12)
    ax.text(5.0, 6.0, "셀 상태: ⊙ 한 번, + 한 번", ha="center", va="center", fontsize=10, color="tab:blue")
    ax.text(0.8, 1.0, "$h_{t-1}$", ha="right", va="center", fontsize=12)
    ax.text(1.6, 0.15, "$x_t$", ha="center", va="center", fontsize=12)
    wire(ax, (0.9, 1.0), (8.2, 1.0), arrow=False)  # [x_t, h_{t-1}]을 게이트로 나르는 선
    wire(ax, (1.6, 0.4), (1.6, 1.0), arrow=False)
    gates = [(2.4, r"$\sigma$", "망각 $f$"), (4.0, r"$\sigma$", "입력 $i$"), (5.6, r"$\tanh$", "후보 $g$"), (7.4, r"$\sigma$", "출력 $o$")]
    for x, text, label in gates:
        wire(ax, (x, 1.0), (x, 2.45))
        box(ax, x, 2.8, text)
        ax.text(x - 0.12, 2.05, label, ha="right", va="center", fontsize=10)
    node(ax, 2.4, 5.4, r"$\odot$")  # f ⊙ c_{t-1}
    wire(ax, (2.4, 3.15), (2.4, 5.4))
    node(ax, 4.8, 4.2, r"$\odot$")  # i ⊙ g
    wire(ax, (4.0, 3.15), (4.0, 4.2), (4.8, 4.2))
    wire(ax, (5.6, 3.15), (5.6, 4.2), (4.8, 4.2))
    node(ax, 4.8, 5.4, "+")  # c_t = f ⊙ c_{t-1} + i ⊙ g
    wire(ax, (4.8, 4.2), (4.8, 5.4))
    box(ax, 8.5, 4.3, r"$\tanh$", width=1.0, height=0.6)  # h_t = o ⊙ tanh(c_t)
    wire(ax, (8.5, 5.4), (8.5, 4.6))
    node(ax, 8.5, 2.8, r"$\odot$")
    wire(ax, (8.5, 4.0), (8.5, 2.8))
    wire(ax, (7.95, 2.8), (8.5, 2.8))  # o에서 곧장 옆으로
    wire(ax, (8.5, 2.8), (9.6, 2.8))
    ax.text(9.65, 2.8, "$h_t$", ha="left", va="center", fontsize=12)
    return fig
# --8<-- [end:draw]
