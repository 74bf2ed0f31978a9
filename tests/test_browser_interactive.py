"""대화형 그림을 판정한다 (tests/browser_interactive.py가 모은다).

- 스크립트를 켜면 그림이 나타나고, 고르는 칸마다 이름표가 있으며, 키보드(Tab, 화살표)로 골라 궤적을 바꿀 수 있다.
- 고를 수 있는 모든 조합이 빌드가 쓴 JSON의 궤적을 점 하나하나 그대로 그린다 (JSON의 궤적은
  tests/test_trajectories.py가 torch와 대조한다). 모멘텀 칸은 SGD에서만 쓸 수 있다.
- 휴대전화 폭에서 그림이 화면을 넘지 않는다. 스크립트가 없으면 그 자리는 감춰지고 정적인 그림이 보인다.
- 여는 동안 다른 호스트에 요청하지 않고, 콘솔 오류가 없다.
"""

from __future__ import annotations

import json

from helpers import require_chromium

require_chromium()

DATA = "figures/trajectories.json"


def record(browser_report):
    interactive = browser_report.area("interactive")
    assert interactive.pages == ["better-training/trajectories/"], interactive.pages
    return interactive


def test_the_figure_appears_and_is_usable_from_the_keyboard(browser_report):
    for page, seen in record(browser_report).scripted.items():
        assert seen.visible, page
        assert set(seen.labels) == {"surface", "optimizer", "lr", "momentum"} and all(seen.labels.values()), seen.labels
        assert seen.focus_after_tab == "optimizer", f"지형 칸 다음의 Tab이 옵티마이저 칸으로 가야 한다: {seen.focus_after_tab}"
        assert seen.key_after_arrow != seen.key_before and seen.key_after_arrow.split("|")[0] != seen.key_before.split("|")[0]
        assert seen.summary_after_arrow != seen.summary_before


def test_every_choice_draws_the_trajectory_the_build_computed(browser_report, built_site):
    data = json.loads((built_site / DATA).read_text("utf-8"))
    for page, seen in record(browser_report).scripted.items():
        drawn_keys = {(item["surface"], item["key"]) for item in seen.drawn}
        expected_keys = {(surface, key) for surface, shown in data["surfaces"].items() for key in shown["paths"]}
        assert drawn_keys == expected_keys and len(seen.drawn) == len(expected_keys), page
        for item in seen.drawn:
            shown = data["surfaces"][item["surface"]]
            (x0, x1), (y0, y1) = shown["view"]
            left, top, width, height = item["frame"]
            flat = shown["paths"][item["key"]]["points"]
            expected = [(left + (x - x0) * width / (x1 - x0), top + (y1 - y) * height / (y1 - y0)) for x, y in zip(flat[::2], flat[1::2])]
            points = [tuple(map(float, point.split(","))) for point in item["points"].split()]
            assert len(points) == len(expected), item["key"]
            worst = max(max(abs(a - c), abs(b - d)) for (a, b), (c, d) in zip(points, expected))
            assert worst <= 0.0501, f"{item['key']}: 그린 점이 JSON의 점에서 {worst:.3f} 벗어났다"  # 소수 한 자리로 쓴 SVG 좌표
            assert item["momentum_disabled"] == (item["optimizer"] != "SGD"), item
            assert item["key"].startswith(f"{item['optimizer']}|{item['lr']}|"), item
            assert f"{len(expected) - 1}스텝 뒤 손실" in item["summary"], item["summary"]


def test_the_figure_fits_a_phone_and_stays_home(browser_report):
    interactive = record(browser_report)
    for page, seen in interactive.scripted.items():
        assert 0 < seen.width and seen.scroll_width <= seen.width, (page, seen.width, seen.scroll_width)
    assert not interactive.problems, interactive.problems


def test_without_javascript_the_static_figure_stands_in(browser_report):
    for page, seen in record(browser_report).unscripted.items():
        assert not seen.widget_displayed, f"{page}: 스크립트 없이 빈 대화형 그림이 보인다"
        light = [item for item in seen.static_figures if "figures/trajectories.svg" in item[0]]
        assert light and all(natural > 0 and rendered > 0 for _, natural, rendered in light), seen.static_figures
