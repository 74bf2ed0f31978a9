"""그림: 노트의 열네 이정표를 처음 나온 순서로 늘어놓은 연표 (분야마다 점의 색과 모양이 다르다).

빌드가 make_figure()를 불러 figures/history.svg로 저장한다. 페이지는 draw 절을 싣고, 그 앞의 구현 블록이
MILESTONES(dlbasics/history.py의 milestones 절)를 이미 정의해 두었다.
"""

from dlbasics.history import MILESTONES

from docsite.figures import use_korean_font

# --8<-- [start:draw]
from matplotlib.figure import Figure

FIELDS = {"이미지": ("tab:blue", "o"), "언어": ("tab:orange", "s"), "생성": ("tab:purple", "D"), "대회": ("0.35", "^")}


def make_figure():
    """행 하나가 이정표 하나: 왼쪽에 해, 세로선 위의 점(분야), 오른쪽에 이름과 한 줄 요약."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    fig = Figure(figsize=(5.0, 6.4), layout="constrained")
    ax = fig.add_subplot()
    rows = len(MILESTONES)
    ax.plot([0.95, 0.95], [0, rows - 1], color="0.6", linewidth=1.2, zorder=1)  # 시간의 축: 첫 점에서 끝 점까지
    previous = None
    for row, (year, name, field, summary) in enumerate(MILESTONES):
        color, marker = FIELDS[field]
        ax.scatter([0.95], [row], s=46, color=color, marker=marker, zorder=3)
        if year != previous:  # 같은 해가 이어지면 해는 한 번만
            ax.text(0.7, row, str(year), ha="right", va="center", fontsize=11)
        ax.text(1.2, row, name, ha="left", va="center", fontsize=11)
        ax.text(3.55, row, summary, ha="left", va="center", fontsize=10.5, color="0.25")
        previous = year
    handles = [ax.scatter([], [], s=46, color=color, marker=marker, label=field) for field, (color, marker) in FIELDS.items()]
    fig.legend(handles=handles, loc="outside upper center", ncol=4, fontsize=10.5, frameon=False, handletextpad=0.3)
    ax.set_xlim(-0.2, 9.6)
    ax.set_ylim(rows - 0.4, -0.6)  # 위에서 아래로 시간이 흐른다
    ax.axis("off")
    return fig
# --8<-- [end:draw]
