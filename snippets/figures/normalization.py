"""그림: (N, C, H·W) 블록에서 네 정규화가 평균과 분산을 함께 내는 값들 (한 묶음을 칠한다).

빌드가 make_figure()를 불러 figures/normalization.svg로 저장한다. 칠할 자리는 라이브러리의
statistics_view(페이지의 frame 절)가 정한다. 블록의 앞면(H·W의 첫 위치), 윗면(마지막 채널), 오른쪽 면(마지막 샘플)을
비스듬히 그린다.
"""

from dlbasics.normalization import statistics_view

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Polygon

BLOCK = (4, 6, 5)  # (N, C, H·W): 샘플 4개, 채널 6개, 위치 5개
DEPTH = (0.55, 0.4)  # H·W 축 한 칸이 그림에서 옮겨 가는 거리 (오른쪽 위로)


def shared_statistics(kind, index=(3, 5, 0), **options):
    """BLOCK에서 index의 값과 같은 평균·분산을 쓰는 자리 (참·거짓 배열). 통계를 내는 축 밖의 좌표가 같은 자리다."""
    view, axes = statistics_view(BLOCK, kind, **options)
    coords = np.unravel_index(np.arange(np.prod(BLOCK)), view)  # 자리마다 view 안의 좌표
    target = np.unravel_index(np.ravel_multi_index(index, BLOCK), view)
    same = np.all([coords[a] == target[a] for a in range(3) if a not in axes], axis=0)
    return same.reshape(BLOCK)


def cell(n, c, d, face):
    """자리 (n, c, d)의 한 면을 그림 좌표의 사각형으로: 앞면(face='front'), 윗면('top'), 오른쪽 면('side')."""
    dx, dy = DEPTH
    corners = {"front": [(0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0)],
               "top": [(0, 1, 0), (1, 1, 0), (1, 1, 1), (0, 1, 1)],
               "side": [(1, 0, 0), (1, 0, 1), (1, 1, 1), (1, 1, 0)]}[face]
    return [(n + a + (d + z) * dx, c + b + (d + z) * dy) for a, b, z in corners]


def draw_block(ax, shaded, title):
    n_max, c_max, d_max = BLOCK
    faces = [(n, c, 0, "front") for n in range(n_max) for c in range(c_max)]
    faces += [(n, c_max - 1, d, "top") for n in range(n_max) for d in range(d_max)]
    faces += [(n_max - 1, c, d, "side") for c in range(c_max) for d in range(d_max)]
    for n, c, d, face in faces:
        color = "tab:blue" if shaded[n, c, d] else "white"
        ax.add_patch(Polygon(cell(n, c, d, face), facecolor=color, edgecolor="0.35", linewidth=0.7))
    ax.text(n_max / 2, -0.7, "N (샘플)", ha="center", va="top", fontsize=12)
    ax.text(-0.5, c_max / 2, "C (채널)", ha="right", va="center", rotation=90, fontsize=12)
    ax.text(n_max + d_max * DEPTH[0] / 2 + 0.5, d_max * DEPTH[1] / 2 - 0.2, "H, W (위치)", ha="left", va="top", rotation=36, fontsize=12)
    ax.set_title(title, fontsize=14)
    ax.set_xlim(-1.6, n_max + d_max * DEPTH[0] + 1.6)
    ax.set_ylim(-1.9, c_max + d_max * DEPTH[1] + 0.3)
    ax.set_aspect("equal")
    ax.axis("off")


def make_figure():
    """네 정규화를 2×2로. 칠한 칸이 평균과 분산을 함께 내는 값들이다 (마지막 샘플의 마지막 채널을 지나는 묶음)."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    panels = [("batch", {}, "배치 정규화"), ("layer", {"normalized_shape": BLOCK[1:]}, "층 정규화"),
              ("instance", {}, "인스턴스 정규화"), ("group", {"num_groups": 2}, "그룹 정규화 (G = 2)")]
    fig = Figure(figsize=(6.0, 6.0), layout="constrained")
    for ax, (kind, options, title) in zip(fig.subplots(2, 2).ravel(), panels):
        draw_block(ax, shared_statistics(kind, **options), title)
    return fig
# --8<-- [end:draw]
