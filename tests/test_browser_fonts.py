"""한글이 빈 상자가 아니라 한글 글꼴로 그려지는지 판정한다 (tests/browser_fonts.py가 모은다).

Chromium이 그린 글꼴마다 fontconfig가 '가'(U+AC00)를 가진 글꼴로 아는 이름이어야 한다. 요소 하나에
여러 글꼴이 쓰일 수 있다 (한글은 한글 글꼴, 숫자나 라틴 글자는 다른 글꼴): 한글 글꼴이 적어도 하나 있어야
하고, 그 요소의 한글을 그릴 수 있는 글꼴이 없으면 실패한다."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from browser_fonts import PROBES
from helpers import require_chromium

require_chromium()


def hangul_families() -> set[str]:
    """이 기계에서 한글 '가'를 가진 글꼴 가족의 이름들 (지역화된 이름 포함)."""
    if shutil.which("fc-list") is None:
        pytest.fail("fc-list(fontconfig)가 없다: 브라우저가 쓰는 글꼴을 확인할 수 없다")
    listed = subprocess.run(["fc-list", ":charset=ac00", "family"], capture_output=True, text=True, check=True).stdout
    return {name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip()}


def test_hangul_is_drawn_with_a_korean_font(browser_report):
    record = browser_report.area("fonts")
    assert not record.missing, f"한글이 있는 요소를 찾지 못했다: {record.missing}"
    korean = hangul_families()
    assert korean, "이 기계에 한글 글꼴이 없다 (apt-get install fonts-nanum)"
    assert set(record.fonts) == set(PROBES)
    for name, fonts in record.fonts.items():
        assert any(font in korean for font in fonts), f"{name}: 한글 글꼴 없이 그렸다 {fonts} (한글 글꼴: {sorted(korean)})"
