"""빌드된 페이지에서 독자가 처음 보는 글자 가운데 글(산문)의 몫을 잰다.

잰 곳은 본문(``<article>``) 가운데 접힌 블록(``<details>`` 에 ``open`` 이 없는 것) 바깥이다.
접힌 블록의 제목(``<summary>``)은 보이므로 센다. 글자는 다음 셋으로 나눈다.

- 코드: ``<pre>`` 안의 글자 (코드 블록)
- 수식과 인라인 코드: KaTeX가 화면에 그린 글자(``.katex-html``), ``<code>`` 안의 글자
- 글: 나머지 (문단, 목록, 표, 상자의 글)

KaTeX의 MathML 사본(``.katex-mathml``)은 화면에 보이지 않으므로 세지 않는다. 제목 옆의
고정 링크 기호(``.headerlink``)도 세지 않는다. 공백은 어느 쪽에서도 세지 않는다.
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from html import unescape
from pathlib import Path

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(frozen=True)
class VisibleText:
    prose: int
    code: int
    math_and_inline_code: int

    @property
    def total(self) -> int:
        return self.prose + self.code + self.math_and_inline_code

    @property
    def prose_share(self) -> float:
        return self.prose / self.total if self.total else 0.0


# 태그 하나, 또는 태그 사이의 글. 본문에는 script·style·주석이 없으므로 (Material의 article) 이 정도로 충분하다.
TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>|<!--.*?-->|([^<]+)", re.S)
CLASS = re.compile(r"""\bclass\s*=\s*["']([^"']*)["']""")
OPEN = re.compile(r"\bopen\b")


def _kind(tag: str, attrs: str) -> str:
    classes = (CLASS.search(attrs) or [None, ""])[1].split()
    if tag == "article":
        return "article"
    if tag == "details" and not OPEN.search(CLASS.sub("", attrs)):  # open 속성이 없으면 접혀 있다
        return "closed-details"
    if tag == "summary":
        return "summary"
    if tag == "pre":
        return "code"
    if tag == "code":
        return "inline-code"
    if "katex-mathml" in classes or "headerlink" in classes:
        return "hidden"
    if "katex-html" in classes:
        return "math"
    return "other"


def visible_text(html: str) -> VisibleText:
    """페이지 HTML에서 접히지 않은 본문의 글자 수를 글·코드·수식으로 나눠 센다.

    HTMLParser보다 몇 배 빠른 정규식 토큰화로 읽는다 (수식 수백 개가 든 페이지가 1 MB를 넘는다).
    """
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < 0:
        return VisibleText(0, 0, 0)
    stack: list[tuple[str, str]] = []  # (태그, 분류)
    counts = {"prose": 0, "code": 0, "math": 0}
    for match in TOKEN.finditer(html, start, end + len("</article>")):
        closing, tag, attrs, text = match.groups()
        if tag is not None:
            tag = tag.lower()
            if closing:
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth][0] == tag:
                        del stack[depth:]
                        break
            elif tag not in VOID_TAGS and not attrs.rstrip().endswith("/"):
                stack.append((tag, _kind(tag, attrs)))
            continue
        if text is None:
            continue  # 주석
        kinds = [kind for _, kind in stack]
        if "article" not in kinds or "hidden" in kinds:
            continue
        # 접힌 블록에서 보이는 것은 그 블록의 바로 아래 제목(summary)뿐이다
        if any(kind == "closed-details" and kinds[depth + 1 : depth + 2] != ["summary"] for depth, kind in enumerate(kinds)):
            continue
        characters = sum(not char.isspace() for char in unescape(text))
        if "code" in kinds:
            counts["code"] += characters
        elif "math" in kinds or "inline-code" in kinds:
            counts["math"] += characters
        else:
            counts["prose"] += characters
    return VisibleText(counts["prose"], counts["code"], counts["math"])


PROSE_TARGET = 0.60  # 내용 페이지마다, 접힌 블록 밖에서 글이 차지해야 하는 몫


def built_page(site_dir: Path, page: str) -> Path:
    """docs/ 기준 페이지 경로(a/b.md, a/index.md)의 빌드된 HTML."""
    stem = page.removesuffix(".md").removesuffix("index").rstrip("/")
    return Path(site_dir) / stem / "index.html"


def site_prose_shares(site_dir: Path, pages: list[str]) -> dict[str, VisibleText]:
    """pages(docs/ 기준 .md 경로)마다 빌드된 HTML에서 잰 글자 수."""
    return {page: visible_text(built_page(site_dir, page).read_text("utf-8")) for page in pages}


def main(argv: list[str] | None = None) -> int:
    """python -m docsite.prose <빌드된 사이트> [페이지.md …]: 페이지마다 글의 몫을 표로 보여 준다."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("pages", nargs="*", help="docs/ 기준 경로 (없으면 docs/ 의 모든 페이지)")
    parser.add_argument("--docs", type=Path, default=Path("docs"))
    args = parser.parse_args(argv)
    pages = args.pages or sorted(path.relative_to(args.docs).as_posix() for path in args.docs.rglob("*.md"))
    print("| 페이지 | 글 | 코드 | 수식·인라인 코드 | 글의 몫 |")
    print("|---|---:|---:|---:|---:|")
    for page, text in site_prose_shares(args.site, pages).items():
        print(f"| {page} | {text.prose} | {text.code} | {text.math_and_inline_code} | {text.prose_share:.0%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
