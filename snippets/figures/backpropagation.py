"""그림: f = (x + y)·z의 계산 그래프 (CS231n, Stanford의 예). 간선 위는 순전파 값, 아래는 기울기.

빌드가 make_figure()를 불러 figures/backpropagation.svg로 저장한다. 페이지는 draw 절만 싣고,
그 앞의 구현 블록이 add_multiply_circuit을 이미 정의해 두었다. 그림의 숫자는 모두 그 함수가 계산한다.
"""

from dlbasics.backpropagation import add_multiply_circuit

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import math

from matplotlib.figure import Figure
from matplotlib.patches import Circle

EXAMPLE = {"x": -2.0, "y": 5.0, "z": -4.0}  # CS231n (Stanford) 강의 노트의 예
FORWARD, BACKWARD, WIRE = "#1b7a3a", "#c62828", "0.25"  # 초록: 순전파 값, 빨강: 기울기
PLUS, TIMES, RADIUS = (5.0, 3.0), (9.6, 1.2), 0.55  # 연산 노드의 중심과 반지름
WIRES = {  # 간선이 지나는 점들. 첫 구간은 수평이고, 글자가 그 위(값)와 아래(기울기)에 놓인다
    "x": [(0.0, 4.4), (3.4, 4.4), PLUS],
    "y": [(0.0, 1.6), (3.4, 1.6), PLUS],
    "q": [PLUS, (8.0, 3.0), TIMES],
    "z": [(0.0, -1.0), (8.0, -1.0), TIMES],
    "f": [TIMES, (13.2, 1.2)],
}


def _towards(a, b, distance):
    """점 a에서 점 b 쪽으로 distance만큼 간 점 (간선을 노드의 원 둘레에서 끊는다)."""
    length = math.dist(a, b)
    return tuple(p + (q - p) * distance / length for p, q in zip(a, b))


def make_figure():
    """노드는 연산, 간선 위 초록 글자는 순전파 값, 아래 빨간 글자는 기울기 ∂f/∂(그 값)."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    values, grads = add_multiply_circuit(**EXAMPLE)  # 라이브러리의 순전파와 역전파
    fig = Figure(figsize=(6.4, 4.0), layout="constrained")
    ax = fig.subplots()
    ax.set(xlim=(-0.3, 13.4), ylim=(-3.4, 6.4), aspect="equal")
    ax.axis("off")
    for name, points in WIRES.items():
        points = list(points)
        if points[0] in (PLUS, TIMES):
            points[0] = _towards(points[0], points[1], RADIUS)
        if points[-1] in (PLUS, TIMES):
            points[-1] = _towards(points[-1], points[-2], RADIUS)
        ax.plot(*zip(*points[:-1]), color=WIRE, linewidth=2)
        arrow = dict(arrowstyle="-|>", color=WIRE, linewidth=2, mutation_scale=22, shrinkA=0, shrinkB=0)
        ax.annotate("", xy=points[-1], xytext=points[-2], arrowprops=arrow)
        middle, height = (points[0][0] + points[1][0]) / 2, points[0][1]
        ax.text(middle, height + 0.2, f"{name} = {values[name]:g}", color=FORWARD, fontsize=20,
                ha="center", va="bottom", gid=f"value-{name}")
        ax.text(middle, height - 0.2, f"{grads[name]:g}", color=BACKWARD, fontsize=20,
                ha="center", va="top", gid=f"grad-{name}")
    for center, symbol in ((PLUS, "+"), (TIMES, "×")):
        ax.add_patch(Circle(center, RADIUS, facecolor="white", edgecolor=WIRE, linewidth=2, zorder=3))
        ax.text(*center, symbol, fontsize=26, ha="center", va="center", zorder=4)
    ax.text(0.0, 6.2, r"순전파 $\rightarrow$ 간선 위: 값", color=FORWARD, fontsize=16, va="top")
    ax.text(0.0, -3.3, r"역전파 $\leftarrow$ 간선 아래: 기울기 $\partial f / \partial$(값)", color=BACKWARD, fontsize=16, va="bottom")
    ax.text(13.2, 6.2, "예: CS231n (Stanford)", color="0.35", fontsize=13, ha="right", va="top")
    return fig
# --8<-- [end:draw]
