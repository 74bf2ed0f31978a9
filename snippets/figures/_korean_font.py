"""그림의 한글 글꼴: 빌드도 독자의 노트북(Colab 등)도 이 절 하나로 나눔고딕을 쓴다.

그림 스크립트의 make_figure()는 맨 처음 use_korean_font()를 부른다. 페이지는 그림 코드 앞에
설치 명령 한 줄(pip install koreanize-matplotlib)과 이 절을 싣는다. 이름이 _로 시작하므로
빌드는 이 파일을 그림으로 만들지 않는다.
"""

# --8<-- [start:korean-font]
import importlib.util
from pathlib import Path

from matplotlib import font_manager, rcParams


def use_korean_font():
    """koreanize-matplotlib 패키지에 든 나눔고딕을 그림 글꼴로 쓴다.

    패키지를 import하지는 않고 글꼴 파일만 쓴다 (import하면 distutils 경고가 난다).
    """
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None:
        raise ModuleNotFoundError("한글 글꼴이 없습니다: pip install koreanize-matplotlib 을 먼저 실행하세요")
    font = Path(spec.submodule_search_locations[0]) / "fonts" / "NanumGothic.ttf"
    font_manager.fontManager.addfont(str(font))
    rcParams["font.family"] = "NanumGothic"
    rcParams["axes.unicode_minus"] = False  # 나눔고딕에는 U+2212(−)가 없다: 빼기는 '-'로
# --8<-- [end:korean-font]
