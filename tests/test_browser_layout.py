"""넓은 내용을 판정한다 (tests/browser_layout.py가 휴대전화 폭 390 px와 데스크톱 폭 1280 px에서 잰다).

- 데스크톱 폭에서는 디스플레이 수식이 하나도 잘리지 않는다.
- 휴대전화 폭에서 긴 디스플레이 수식은 줄로 나뉘어 있다: 어떤 수식도 PHONE_FORMULA_HIDDEN_MAX(24 px)보다
  많이 가려지지 않는다. 24 px는 디스플레이 수식의 글자 하나 남짓(글꼴 19.4 px의 1.2배)이다: 칸(358 px)을
  글자 하나 넘는 수식은 줄로 나눠야 한다는 뜻이다. 줄을 나누기 전에는 수식 68개 가운데 45개가 넘쳤고
  가장 많이 가려진 것은 454 px였다. 이 한도는 나눈 줄 하나하나가 칸에 들어가야 지켜진다.
- 휴대전화 폭에서 넘치는 수식·코드 블록·표는 모두 가로로 스크롤되고 (표의 모든 열에 닿는다) 스크롤
  그림자가 붙어 있다.
- 스크롤 그림자는 실제로 보인다: 가려진 내용이 있는 쪽 가장자리는 배경과 뚜렷이 다르고 (밝기 차
  CUE_VISIBLE 이상), 끝까지 스크롤해 가려진 것이 없으면 배경과 같다 (CUE_GONE 이하: 글자를 지운 띠라 남는
  것은 안티앨리어싱의 1–2 단계뿐이다). 밝은 구성과 어두운 구성 모두, 종류마다 확인한다.
"""

from __future__ import annotations

from browser_layout import KINDS, SAMPLE_HIDDEN, SCHEMES
from helpers import require_chromium

require_chromium()

PHONE_FORMULA_HIDDEN_MAX = 24  # CSS px
CUE_VISIBLE = 60  # 밝기 차 (0–255)
CUE_GONE = 4


def describe(found) -> str:
    return "\n".join(f"{page}: {box.hidden} px 가려짐: {box.label!r}" for page, box in found)


def test_every_page_is_measured_at_both_widths(browser_report):
    record = browser_report.area("layout")
    assert set(record.boxes["phone"]) == set(record.boxes["desktop"]) == set(browser_report.pages)
    assert record.count("phone", "formula") == record.count("desktop", "formula") > 0  # 수식이 있는 페이지는 두 폭 모두
    assert record.count("phone", "code") > 0 and record.count("phone", "table") > 0


def test_no_display_formula_is_cut_at_desktop_width(browser_report):
    cut = browser_report.area("layout").overflowing("desktop", "formula")
    assert not cut, "1280 px에서 잘리는 디스플레이 수식:\n" + describe(cut)


def test_long_display_formulas_are_broken_into_lines_on_phones(browser_report):
    record = browser_report.area("layout")
    too_wide = [(page, box) for page, box in record.overflowing("phone", "formula") if box.hidden > PHONE_FORMULA_HIDDEN_MAX]
    assert not too_wide, f"390 px에서 {PHONE_FORMULA_HIDDEN_MAX} px 넘게 가려지는 수식 (aligned/gathered로 나눌 것):\n" + describe(too_wide)


def test_everything_that_overflows_on_phones_scrolls_and_shows_the_cue(browser_report):
    record = browser_report.area("layout")
    # 코드와 표는 390 px에서 넘치는 것이 늘 있다 (긴 코드 줄, 여섯 열짜리 용어집 표): 판정이 빈 검사가 아니다
    assert record.overflowing("phone", "code") and record.overflowing("phone", "table")
    for kind in KINDS:
        overflowing = record.overflowing("phone", kind)
        stuck = [(page, box) for page, box in overflowing if not box.scrolls]
        assert not stuck, f"넘치는데 스크롤되지 않는 {kind}:\n" + describe(stuck)
        no_cue = [(page, box) for page, box in overflowing if not box.cue]
        assert not no_cue, f"넘치는데 스크롤 그림자가 없는 {kind}:\n" + describe(no_cue)


def test_scroll_cue_is_visible_only_while_content_is_hidden(browser_report):
    cues = browser_report.area("layout").cues
    assert sorted((cue.kind, cue.scheme) for cue in cues) == sorted((kind, scheme) for kind in KINDS for scheme in SCHEMES)
    for cue in cues:
        where = f"{cue.page} {cue.kind} ({cue.scheme}, {cue.hidden} px 가려짐)"
        assert cue.hidden >= SAMPLE_HIDDEN, where
        assert cue.at_start >= CUE_VISIBLE, f"{where}: 가려진 쪽 가장자리에 그림자가 보이지 않는다 ({cue.at_start})"
        assert cue.at_end <= CUE_GONE, f"{where}: 가려진 것이 없는데 그림자가 남았다 ({cue.at_end})"
