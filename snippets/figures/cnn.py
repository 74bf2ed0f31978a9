"""그림: 6×6 입력 위에서 3×3 커널이 놓이는 자리 (스트라이드, 패딩, 팽창을 바꾼 네 경우).

빌드가 make_figure()를 불러 figures/cnn.svg로 저장한다. 페이지는 draw 절만 싣고,
그 앞의 구현 블록이 conv_output_size, window_indices, col2im을 이미 정의해 두었다.
"""

from dlbasics.cnn import col2im, conv_output_size, window_indices

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

SETTINGS = [  # (제목, stride, padding, dilation)
    ("기본 (s=1, p=0, d=1)", 1, 0, 1),
    ("스트라이드 2 (s=2)", 2, 0, 1),
    ("패딩 1 (p=1)", 1, 1, 1),
    ("팽창 2 (d=2)", 1, 0, 2),
]


def coverage(size, kernel_size, stride, padding, dilation):
    """입력 칸마다 그 칸을 덮는 창의 수: 모두 1인 열을 col2im으로 입력에 더한다."""
    out = conv_output_size(size, kernel_size, stride, padding, dilation)
    ones = np.ones((1, kernel_size * kernel_size, out * out))
    return col2im(ones, (1, 1, size, size), kernel_size, stride, padding, dilation)[0, 0], out


def window_cells(i, j, size, kernel_size, stride, padding, dilation):
    """출력 자리 (i, j)의 창이 보는 칸 (행, 열): 두 축의 window_indices를 짝짓는다 (패딩 칸은 음수나 size 이상)."""
    rows = window_indices(size, kernel_size, stride, padding, dilation)[i]
    cols = window_indices(size, kernel_size, stride, padding, dilation)[j]
    return [(r, c) for r in rows for c in cols]


def make_figure(size=6, kernel_size=3):
    """네 칸: 입력 칸의 숫자는 그 칸을 덮는 창의 수, 파란 테두리는 출력 (0, 0)의 창, 주황 테두리는 출력 (0, 1)의 창."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    fig = Figure(figsize=(5.0, 5.6), layout="constrained")  # 두 칸씩 두 줄: 휴대전화 폭에서도 글자가 크게
    for ax, (title, s, p, d) in zip(fig.subplots(2, 2).ravel(), SETTINGS):
        counts, out = coverage(size, kernel_size, s, p, d)
        for r in range(-p, size + p):  # 패딩 칸은 점선, 입력 칸은 실선 테두리에 덮는 창의 수
            for c in range(-p, size + p):
                inside = 0 <= r < size and 0 <= c < size
                ax.add_patch(Rectangle((c, r), 1, 1, facecolor="none",
                                       edgecolor="0.55", linestyle="-" if inside else "--", linewidth=0.8))
                if inside:
                    n = int(counts[r, c])
                    ax.text(c + 0.5, r + 0.5, str(n), ha="center", va="center", fontsize=10,
                            color="tab:red" if n == 0 else "0.25")
        for (i, j), color in (((0, 0), "tab:blue"), ((0, 1), "tab:orange")):
            for r, c in window_cells(i, j, size, kernel_size, s, p, d):
                inset = 0.08 if color == "tab:blue" else 0.2  # 두 창이 겹치는 칸에서도 둘 다 보이게
                ax.add_patch(Rectangle((c + inset, r + inset), 1 - 2 * inset, 1 - 2 * inset,
                                       facecolor="none", edgecolor=color, linewidth=2.0))
        ax.set_xlim(-p - 0.1, size + p + 0.1)
        ax.set_ylim(size + p + 0.1, -p - 0.1)  # 행 0이 위
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(f"{title}\n출력 {out}×{out}", fontsize=12)
    return fig
# --8<-- [end:draw]
