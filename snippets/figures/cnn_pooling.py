"""그림: 4×4 특징 맵 위의 2×2 창(스트라이드 2)과 최대 풀링, 평균 풀링의 출력.

빌드가 make_figure()를 불러 figures/cnn_pooling.svg로 저장한다. 페이지는 draw 절만 싣고,
그 앞의 구현 블록이 max_pool2d, avg_pool2d, conv_output_size를 이미 정의해 두었다.
"""

from dlbasics.cnn import avg_pool2d, conv_output_size, max_pool2d

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

FEATURE_MAP = np.array([[1.0, 3, 2, 0], [4, 2, 1, 1], [0, 1, 5, 6], [3, 2, 7, 1]])  # 본문의 예
WINDOW_COLORS = ["tab:blue", "tab:orange", "tab:green", "tab:purple"]  # 출력 자리 (0,0), (0,1), (1,0), (1,1)의 창


def draw_grid(ax, values, colors, mark=None, title=""):
    """칸마다 값을 쓰고 colors[r][c]로 테두리를 칠한다. mark[r][c]가 참인 칸의 글자는 빨갛게."""
    rows, cols = values.shape
    for r in range(rows):
        for c in range(cols):
            ax.add_patch(Rectangle((c + 0.06, r + 0.06), 0.88, 0.88, facecolor="0.93", edgecolor=colors[r][c], linewidth=2.2))
            text = f"{values[r, c]:g}"
            marked = mark is not None and mark[r, c]
            ax.text(c + 0.5, r + 0.5, text, ha="center", va="center", fontsize=12, color="tab:red" if marked else "0.15")
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)  # 행 0이 위
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=11)


def make_figure(kernel_size=2):
    """왼쪽: 입력과 네 창 (테두리 색이 창, 빨간 글자가 창의 최댓값). 가운데: 최대 풀링. 오른쪽: 평균 풀링."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    x = FEATURE_MAP[None, None]
    out = conv_output_size(4, kernel_size, kernel_size)  # ⌊(4 − 2)/2⌋ + 1 = 2
    window = np.arange(4) // kernel_size  # 칸 → 그 칸을 덮는 창의 행(열) 번호
    input_colors = [[WINDOW_COLORS[out * window[r] + window[c]] for c in range(4)] for r in range(4)]
    output_colors = [[WINDOW_COLORS[out * i + j] for j in range(out)] for i in range(out)]
    maxima = max_pool2d(x, kernel_size)[0, 0]
    is_max = FEATURE_MAP == np.kron(maxima, np.ones((kernel_size, kernel_size)))  # 창의 최댓값 자리
    fig = Figure(figsize=(5.0, 2.3), layout="constrained")  # 휴대전화 폭에서도 글자가 읽히게 좁게
    left, middle, right = fig.subplots(1, 3, width_ratios=[4, 2, 2])
    draw_grid(left, FEATURE_MAP, input_colors, is_max, f"입력 4×4 (창 {kernel_size}×{kernel_size}, s={kernel_size})")
    draw_grid(middle, maxima, output_colors, title=f"최대 풀링 {out}×{out}")
    draw_grid(right, avg_pool2d(x, kernel_size)[0, 0], output_colors, title=f"평균 풀링 {out}×{out}")
    return fig
# --8<-- [end:draw]
