"""그림: 가로 획과 세로 획으로 된 8×8 그림(十)에 세로·가로 가장자리 커널을 쓴 특징 맵.

빌드가 make_figure()를 불러 figures/cnn_edges.svg로 저장한다. 페이지는 draw 절만 싣고,
그 앞의 구현 블록이 conv2d를 이미 정의해 두었다. 그림의 자료(edge_demo)도 draw 절에 있어 페이지가 숫자를 확인한다.
"""

from dlbasics.cnn import conv2d

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure

CROSS = np.zeros((8, 8))
CROSS[1:7, 3] = 1.0  # 세로 획 (열 3)
CROSS[4, 1:7] = 1.0  # 가로 획 (행 4)
VERTICAL_EDGE = np.array([[1.0, 0, -1], [1, 0, -1], [1, 0, -1]])  # 창의 왼쪽 열 값이 크고 오른쪽 열 값이 작으면 양수
HORIZONTAL_EDGE = VERTICAL_EDGE.T  # 위 행 값이 크고 아래 행 값이 작으면 양수


def edge_demo():
    """(그림, 세로 커널의 특징 맵, 가로 커널의 특징 맵). 패딩 1이라 특징 맵도 8×8."""
    kernels = np.stack([VERTICAL_EDGE, HORIZONTAL_EDGE])[:, None]  # (2, 1, 3, 3): 출력 채널 2
    maps = conv2d(CROSS[None, None], kernels, padding=1)[0]
    return CROSS, maps[0], maps[1]


def make_figure():
    """왼쪽: 입력 그림. 가운데·오른쪽: 두 커널의 특징 맵 (빨강 양수, 파랑 음수, 흰색 0)."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    image, vertical, horizontal = edge_demo()
    fig = Figure(figsize=(5.0, 2.1), layout="constrained")  # 휴대전화 폭에서도 글자가 읽히게 좁게
    panels = fig.subplots(1, 3)
    panels[0].imshow(image, cmap="gray_r", vmin=0, vmax=1)
    panels[0].set_title("입력", fontsize=11)
    for ax, fmap, title in ((panels[1], vertical, "세로 가장자리"), (panels[2], horizontal, "가로 가장자리")):
        shown = ax.imshow(fmap, cmap="RdBu_r", vmin=-3, vmax=3)
        ax.set_title(title, fontsize=11)
    fig.colorbar(shown, ax=panels[1:], shrink=0.85).ax.tick_params(labelsize=10.5)  # 빨강 양수, 파랑 음수
    for ax in panels:
        ax.set_xticks([])
        ax.set_yticks([])
    return fig
# --8<-- [end:draw]
