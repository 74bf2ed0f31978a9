"""그림: ILSVRC 분류 과제에서 해마다 우승한 팀의 top-5 오류율 (2010~2017)과 사람 한 명의 오류율.

빌드가 make_figure()를 불러 figures/history_ilsvrc.svg로 저장한다. 페이지는 draw 절을 싣고, 그 앞의 구현
블록이 ilsvrc_top5, ILSVRC_TOP5, HUMAN_TOP5(dlbasics/history.py의 ilsvrc 절)를 이미 정의해 두었다.
"""

from dlbasics.history import HUMAN_TOP5, ILSVRC_TOP5, ilsvrc_top5

from docsite.figures import use_korean_font

# --8<-- [start:draw]
from matplotlib.figure import Figure


def make_figure():
    """꺾은선 위의 점: 회색은 사람이 설계한 특징의 방법, 파란색은 합성곱 신경망. 점선은 사람 한 명."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    years, errors = ilsvrc_top5()
    fig = Figure(figsize=(5.0, 3.6), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(years, errors, color="0.55", linewidth=1.3, zorder=1)
    for (year, team, model, error, _), value in zip(ILSVRC_TOP5, errors):
        cnn = year >= 2012  # 2012년의 AlexNet부터 우승은 모두 합성곱 신경망
        ax.scatter([year], [value], s=40, color="tab:blue" if cnn else "0.45", marker="o" if cnn else "s", zorder=3)
        below = year >= 2015  # 사람의 선(5.1%) 가까이 있는 해는 숫자를 점 아래에 둔다
        ax.annotate(f"{value:g}", (year, value), xytext=(0, -14 if below else 7), textcoords="offset points",
                    ha="center", va="top" if below else "baseline", fontsize=10.5)
    ax.text(2011.85, errors[2] - 1.2, "AlexNet", ha="right", va="top", fontsize=10.5, color="tab:blue")
    ax.axhline(HUMAN_TOP5, color="tab:red", linestyle="--", linewidth=1.2)
    ax.text(2009.9, HUMAN_TOP5 + 0.7, f"사람 한 명 (약 {HUMAN_TOP5:g}%)", ha="left", va="bottom", fontsize=10.5, color="tab:red")
    ax.set_xticks(years, [f"{y % 100:02d}" for y in years], fontsize=10.5)
    ax.set_xlabel("대회 해 (20__년)", fontsize=11)
    ax.set_ylabel("top-5 오류율 (%)", fontsize=11)
    ax.tick_params(labelsize=10.5)
    ax.set_ylim(-4, 32)  # 0 아래에 여백: 점 아래에 적은 숫자가 축에 걸리지 않게
    ax.set_yticks(range(0, 31, 5))
    ax.spines[["top", "right"]].set_visible(False)
    return fig
# --8<-- [end:draw]
