"""docsite.weight: 응답 하나가 전송되는 크기를 세는 규칙과 페이지 무게의 합."""

from __future__ import annotations

import os

import pytest

from docsite.weight import PageWeight, SiteFiles, Transfer, transfer_size

TEXT = ("<p>손실 함수는 예측과 정답의 차이를 수 하나로 줄인다.</p>\n" * 2000).encode("utf-8")


def test_text_is_counted_gzip_compressed():
    size = transfer_size("http://127.0.0.1:8000/building-blocks/losses/", TEXT)
    # 되풀이되는 HTML은 몇십 분의 일 아래로 준다 (그래도 0이 되지는 않는다)
    assert len(TEXT) / 1000 < size < len(TEXT) / 20


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/assets/katex/fonts/KaTeX_Main-Regular.woff2",
        "http://127.0.0.1:8000/assets/images/favicon.PNG",
        "http://127.0.0.1:8000/assets/katex/fonts/KaTeX_Math-Italic.woff2?v=0.19",
        "http://127.0.0.1:8000/sitemap.xml.gz",
    ],
)
def test_already_compressed_formats_are_counted_as_they_are(url):
    body = os.urandom(5000)
    assert transfer_size(url, body) == 5000
    assert transfer_size(url, TEXT) == len(TEXT)  # 글처럼 보여도 형식이 정한다


@pytest.mark.parametrize("path", ["/assets/stylesheets/main.css", "/figures/losses.svg", "/search/search_index.json", "/a.js?v=1"])
def test_text_formats_are_compressed_whatever_their_extension(path):
    assert transfer_size("http://127.0.0.1:8000" + path, TEXT) < len(TEXT) / 20


def test_page_weight_sums_what_the_first_visit_loaded():
    weight = PageWeight(
        "building-blocks/losses/",
        [Transfer("/building-blocks/losses/", 1_400_000, 120_000), Transfer("/assets/x.woff2", 26_000, 26_000), Transfer("/a.css", 900, 500)],
    )
    assert (weight.raw, weight.compressed, weight.requests) == (1_426_900, 146_500, 3)
    assert [transfer.path for transfer in weight.heaviest(2)] == ["/building-blocks/losses/", "/assets/x.woff2"]
    assert weight.paths()[0] == "/building-blocks/losses/"


def site_with(tmp_path, files: dict[str, bytes]):
    for relative, content in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(content)
    return SiteFiles(tmp_path)


def no_body():
    raise AssertionError("사이트에 있는 파일은 응답 본문을 받지 않고 잰다")


def test_site_files_map_addresses_to_the_files_the_server_sends(tmp_path):
    site = site_with(tmp_path, {"index.html": TEXT, "building-blocks/losses/index.html": TEXT + TEXT, "assets/katex/fonts/KaTeX_Main-Regular.woff2": b"w" * 700, "a b.css": TEXT})
    home, losses = site.transfer("/", no_body), site.transfer("/building-blocks/losses/", no_body)
    assert (home.path, home.raw) == ("/", len(TEXT))
    assert (losses.path, losses.raw) == ("/building-blocks/losses/", 2 * len(TEXT))
    assert losses.compressed < losses.raw / 20
    font = site.transfer("/assets/katex/fonts/KaTeX_Main-Regular.woff2?v=1", no_body)
    assert (font.raw, font.compressed) == (700, 700)
    assert site.transfer("/a%20b.css", no_body).raw == len(TEXT)


def test_site_files_measure_the_response_of_an_address_without_a_file(tmp_path):
    site = site_with(tmp_path, {"index.html": TEXT, "building-blocks/index.html": TEXT})
    error_page = b"<html><body>404 Not Found</body></html>"
    missing = site.transfer("/no/such/page/", lambda: error_page)
    assert (missing.path, missing.raw) == ("/no/such/page/", len(error_page))
    assert site.file("/building-blocks") is None  # 디렉터리 자체는 파일이 아니다 (서버는 / 붙은 주소로 보낸다)
    assert site.file("/building-blocks/") == tmp_path / "building-blocks" / "index.html"
