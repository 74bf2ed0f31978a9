"""한국어 검색 색인 다듬기: 빌드가 끝난 뒤 Material의 ``search/search_index.json`` 을 고쳐 쓴다.

Material의 검색(lunr)은 색인과 검색어를 같은 구분자(``config.separator``)로 낱말로 자르고, 검색어의
낱말마다 앞부분 일치(``낱말*``)로 찾는다. 한국어는 띄어쓰기와 조사 때문에 그대로는 잘 찾지 못한다
(하강법으로 경사하강법을, 손실함수로 손실 함수를, 역전파란으로 역전파를 못 찾는다). 검색 화면과
검색 코드는 Material 그대로 두고, 색인만 이렇게 고친다.

- 구분자(``SEPARATOR``): 공백과 붙임표뿐 아니라 문장 부호, 낱말 끝의 조사·어미(역전파**란**,
  활성화 함수**는**, ReLU**의**), 주제를 담지 않는 낱말(어떤, 왜, 이유)을 잘라 버린다. Material은 같은
  구분자를 검색어의 낱말마다 적용하므로 색인과 검색어가 같은 낱말이 된다.
- 결과에 보이지 않는 필드 셋 (필드마다 무게가 있다):
  ``keywords`` 용어집이 그 절에서 배운다고 적은 용어의 이름 (역전파, ReLU, MSE, 제목에 나오는 이름),
  ``variants`` 다른 꼴 (붙여 쓴 꼴 손실함수, 복합어의 뒷부분 하강법, 피할 표기 파인튜닝, 제목이 부르는
  용어의 다른 언어 이름 softmax), ``definitions`` 용어집의 뜻 (짧은 질문은 뜻을 바꿔 말한다).
- 영어로만 된 제목에는 용어집의 한국어 용어를 덧붙인다 (MSE → MSE (평균 제곱 오차)): 결과에도 보인다.
- 본문: 코드 목록(``<pre>``)은 뺀다 (색인 글자의 절반이 넘었다; 함수 이름은 본문의 인라인 코드로 남는다).
  TeX(``\\(L(\\theta)\\)``)는 읽을 수 있는 글자(``L(θ)``)로 바꾼다: 결과의 발췌에 TeX가 보이지 않는다.
- 색인 파일은 UTF-8 그대로 쓴다 (``\\uXXXX`` 이스케이프보다 한글이 절반 크기).

구분자는 뒤돌아보기(lookbehind)를 쓴다: Safari 16.4(2023년) 이전 브라우저에서는 검색이 되지 않는다.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

from .glossary import Term

# 필드의 무게. 제목(1000)과 tags는 Material의 기본값 그대로다.
# 본문: Material의 기본값(1)은 제목에 견주어 본문을 거의 세지 않는다. 짧은 자연어 질문("이상치에 강한 손실")은
# 본문에서 낱말들이 함께 나오는 절을 찾아야 한다.
TEXT_BOOST = 100.0
KEYWORDS_FIELD, KEYWORDS_BOOST = "keywords", 700.0
# 다른 꼴은 드문 낱말이라 lunr의 IDF가 크게 잡는다: 진짜 이름보다 앞서지 않도록 가볍게 둔다
VARIANTS_FIELD, VARIANTS_BOOST = "variants", 300.0
DEFINITIONS_FIELD, DEFINITIONS_BOOST = "definitions", 300.0
# 제목의 낱말이 하나 늘 때마다 절의 무게를 이만큼 줄인다: 'ReLU'를 찾으면 'ReLU' 절이 'Leaky ReLU' 절보다
# 앞선다 (Material은 lunr의 길이 정규화를 끈다: b = 0)
TITLE_LENGTH_PENALTY = 0.05
# 페이지 머리(절이 아닌 항목)의 무게. Material은 페이지 머리의 점수를 절보다 크게 올려 주므로(최대 5배 대 2배),
# 그대로 두면 페이지 머리가 늘 그 페이지의 절들보다 앞서고 절은 모두 '더 보기' 안에 접힌다.
ARTICLE_BOOST = 0.3

HANGUL = "가-힣"
# 낱말 끝의 조사와, '하다'·'되다'가 붙은 말의 어미 (검사하는가 → 검사, 비례한다 → 비례, 손실이므로 → 손실).
PARTICLES = (
    "이라는 이라고 이라면 이라서 이라 이란 라는 라면 라서 란 에서는 에서의 에서도 에서 에게 에는 에도 에만 에의 에 "
    "으로는 으로의 으로 로는 로의 로 와의 과의 와 과 은 는 이 가 을 를 의 만 들 별 씩 마다 부터 까지 보다 처럼 조차 "
    "이고 이면 이나 이며 이므로 이지만 인지 인데 이다 입니다 인가요 인가 는지 지만 거나 도록 "
    "하는가 하는지 하는 하려면 하면 하므로 하기 하고 하거나 하게 하도록 하여 해서 해도 해야 하지 한다 합니다 했다 했나 "
    "했는지 할 한 되는 된다 됩니다 되어 되면 된"
).split()
# '도'는 따로: 정확도, 우도(최대우도, 로그우도)는 '도'로 끝나는 명사다
PARTICLE_DO = "(?<!정확)(?<!우)도"
# 주제를 담지 않는 낱말 (질문의 의문사, 가벼운 동사, 의존 명사): 한 낱말 전체일 때 구분자가 삼켜 색인에도 검색어에도
# 남지 않는다 ("미니배치를 쓰는 이유" → 미니배치)
FUNCTION_WORDS = (
    "어떤 어떻게 어느 무엇 무엇인가 무엇을 무엇이 뭐 뭔가 뭘 왜 언제 어디 이유 방법 법 뜻 의미 하는 하나 하나요 있나 "
    "있나요 쓰는 쓰나 쓰나요 써야 위한 위해 대한 대해 같은 것 수 때 또는 그리고 및 이 그 좀 새 다른 여러 모든 각 더 잘"
).split()
PUNCTUATION = r"\s\-–—.,:;!?'\"“”‘’()\[\]{}<>/\\|·…~=+*^%&#@$`『』「」《》〈〉→←×"
# 조사는 한글 두 글자 이상, 또는 영문·숫자·닫는 괄호 뒤에서만 자른다 ('정의', '차이'처럼 한 글자 낱말 +
# 조사 모양인 두 글자 명사를 자르지 않도록). 조사 뒤에 한글이 이어지면 조사가 아니다.
WORD_CHARACTER = rf"[{HANGUL}A-Za-z0-9]"
SEPARATOR = (
    rf"[{PUNCTUATION}]+"
    rf"|(?<!{WORD_CHARACTER})(?:{'|'.join(FUNCTION_WORDS)})(?!{WORD_CHARACTER})"
    rf"|(?:(?<=[{HANGUL}]{{2}})|(?<=[A-Za-z0-9)\]]))(?:{'|'.join(PARTICLES)}|{PARTICLE_DO})(?![{HANGUL}])"
    rf"|(?<=[0-9])(?=[{HANGUL}])"  # 숫자와 뒤에 붙은 한글 (0일, 5단계): 조사보다 뒤에 (0으로 → 0)
)
SEPARATOR_PATTERN = re.compile(SEPARATOR)
HANGUL_RUN = re.compile(rf"[{HANGUL}]+")
MIN_TAIL = 2  # 복합어의 뒷부분은 두 글자 이상

RAW_TEX = re.compile(r"\\[A-Za-z]{2,}|\\[()\[\]]")  # TeX 명령어나 수식 구분자
CODE_BLOCK = re.compile(r"<pre\b.*?</pre>", re.DOTALL)
# 숫자만 셋 넘게 잇달아 나오는 곳 (Material이 표의 태그를 떼어 낸 실험 결과 표의 행: "0 0.5184 0.0043 (± 0.0020)"):
# 색인에서 빼지 않으면 그 "0" 토큰 수십 개가 숫자가 든 검색어("음수를 0으로 자르는 함수")를 결과 표가 있는 절로 끈다
NUMBER_RUN = re.compile(r"(?<!\S)(?:[\d.,±()+\-−%]+\s+){3,}(?:[\d.,±()+\-−%]+(?!\S))?")
MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


def tokens(text: str) -> list[str]:
    """lunr가 색인과 검색어에서 만드는 낱말 (구분자로 자르고 소문자로)."""
    return list(_tokens(text))


@lru_cache(maxsize=8192)  # 제목과 용어 이름은 절마다, 용어마다 여러 번 자른다
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(token.lower() for token in SEPARATOR_PATTERN.split(text) if token)


def joined(phrase: str) -> str:
    """띄어 쓴 말을 붙여 쓴 꼴 (교차 엔트로피 → 교차엔트로피)."""
    return "".join(tokens(phrase))


def adjacent_pairs(phrase: str) -> set[str]:
    """이웃한 두 한글 낱말을 붙인 꼴들 (사전 학습과 미세 조정 → 사전학습, 학습미세, 미세조정).
    영문 낱말은 붙이지 않는다: 붙여 쓰는 사람이 드물고, 'relu입력'은 'ReLU'를 찾는 검색에 덤으로 맞는다."""
    words = tokens(phrase)
    return {a + b for a, b in zip(words, words[1:]) if HANGUL_RUN.fullmatch(a) and HANGUL_RUN.fullmatch(b)}


def compound_tails(word: str) -> set[str]:
    """한글 복합어의 뒷부분들 (경사하강법 → 사하강법, 하강법, 강법). 앞부분은 검색이 앞부분 일치라 필요 없다."""
    return {run[start:] for run in HANGUL_RUN.findall(word) for start in range(1, len(run) - MIN_TAIL + 1)}


def title_variants(title: str) -> set[str]:
    """제목의 다른 꼴: 이웃한 두 낱말을 붙인 꼴과 낱말마다의 복합어 뒷부분."""
    return adjacent_pairs(title) | {tail for word in tokens(title) for tail in compound_tails(word)}


# ── TeX → 읽을 수 있는 글자 ────────────────────────────────
TEX_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
    "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Sigma": "Σ", "Pi": "Π", "Phi": "Φ", "Psi": "Ψ",
    "Omega": "Ω", "ell": "ℓ", "cdot": "·", "times": "×", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥",
    "ne": "≠", "neq": "≠", "approx": "≈", "sim": "∼", "ll": "≪", "gg": "≫", "to": "→", "rightarrow": "→",
    "leftarrow": "←", "iff": "⇔", "sum": "Σ", "prod": "Π", "partial": "∂", "nabla": "∇", "infty": "∞",
    "in": "∈", "notin": "∉", "pm": "±", "mp": "∓", "odot": "⊙", "circ": "∘", "top": "⊤", "mid": "|",
    "lVert": "‖", "rVert": "‖", "Vert": "‖", "lvert": "|", "rvert": "|", "lfloor": "⌊", "rfloor": "⌋",
    "lceil": "⌈", "rceil": "⌉", "dots": "…", "ldots": "…", "cdots": "⋯", "int": "∫", "propto": "∝",
}
TEX_ACCENTS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "vec": "\u20d7", "dot": "\u0307"}
TEX_DROPPED = r"left|right|bigl|bigr|Bigl|Bigr|big|Big|displaystyle|textstyle|limits|nolimits"
TEX_ARGUMENT = r"(\{[^{}]*\}|[^\s{}\\])"


def _argument(text: str) -> str:
    return text[1:-1] if text.startswith("{") else text


def _fraction(match: re.Match) -> str:
    top, bottom = (_argument(part).strip() for part in match.groups())
    return f"{_grouped(top)}/{_grouped(bottom)}"


def _grouped(part: str) -> str:
    return part if len(part) == 1 or part.isalnum() else f"({part})"


TEX_ENVIRONMENT = re.compile(r"\\begin\{[^}]*\}|\\end\{[^}]*\}")
TEX_SPACE = re.compile(r"\\\\|\\[,;:! ]|\\q?quad\b|&(?![a-z]+;|#\d+;)|~")  # 줄바꿈, 간격, 정렬(&, HTML 문자 참조는 빼고)
TEX_SIZING = re.compile(rf"\\(?:{TEX_DROPPED})(?![A-Za-z])\.?")
TEX_COMMAND = re.compile(r"\\([A-Za-z]+)")
TEX_FRACTION = re.compile(rf"\\[dt]?frac\s*{TEX_ARGUMENT}\s*{TEX_ARGUMENT}")
TEX_ROOT = re.compile(rf"\\sqrt\s*{TEX_ARGUMENT}")
TEX_ACCENT = re.compile(rf"\\({'|'.join(TEX_ACCENTS)})\s*{TEX_ARGUMENT}")
TEX_STYLED = re.compile(r"\\[A-Za-z]+\s*(\{[^{}]*\})")  # \mathrm{X}, \text{X}
TEX_ESCAPED = re.compile(r"\\(.)")  # \% \_ \#


def tex_to_text(tex: str) -> str:
    """TeX 수식을 검색 결과에 보일 글자로 (그리스 문자와 기호는 유니코드로, 분수는 a/b로, 명령어는 없앤다)."""
    text = tex.replace(r"\{", "\ue000").replace(r"\}", "\ue001")
    text = TEX_SPACE.sub(" ", TEX_ENVIRONMENT.sub(" ", text))
    text = TEX_SIZING.sub("", text)
    text = TEX_COMMAND.sub(lambda match: TEX_SYMBOLS.get(match[1], match[0]), text)
    previous = None
    while previous != text:  # 안쪽 괄호부터 한 겹씩
        previous = text
        text = TEX_FRACTION.sub(_fraction, text)
        text = TEX_ROOT.sub(lambda match: "√" + _argument(match[1]), text)
        text = TEX_ACCENT.sub(lambda match: _argument(match[2]) + TEX_ACCENTS[match[1]], text)
        text = TEX_STYLED.sub(lambda match: _argument(match[1]), text)
    text = TEX_ESCAPED.sub(r"\1", TEX_COMMAND.sub(r"\1", text))  # 남은 명령어 (\log, \max 같은 함수 이름)
    text = text.replace("{", "").replace("}", "").replace("\ue000", "{").replace("\ue001", "}")
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text).strip())  # y + ◌̂ → ŷ


def raw_tex(text: str) -> bool:
    """text에 TeX 원문(명령어나 수식 구분자)이 남았는가 (코드를 뺀 글에 쓴다)."""
    return RAW_TEX.search(text) is not None


def readable_text(html: str) -> str:
    """색인할 본문: 코드 목록과 숫자만 잇달아 나오는 곳(결과 표)을 빼고 TeX를 글자로 바꾼다."""
    html = CODE_BLOCK.sub(" ", html)
    html = NUMBER_RUN.sub(" ", html)
    html = MATH.sub(lambda m: tex_to_text(m[1] if m[1] is not None else m[2]), html)
    return re.sub(r"\s{2,}", " ", html).strip()


# ── 용어집 → 배우는 절 ───────────────────────────────────
def page_location(link: str) -> str:
    """용어집(docs/ 맨 위)의 Markdown 링크 대상을 검색 색인의 주소로 (building-blocks/losses.md#mse →
    building-blocks/losses/#mse, evolution/index.md → evolution/, index.md → 홈의 빈 주소)."""
    path, _, anchor = link.partition("#")
    if not path.endswith(".md"):
        raise ValueError(f"페이지 링크가 아니다: {link!r}")
    page = PurePosixPath(path).with_suffix("")
    folder = page.parent if page.name == "index" else page
    url = "" if folder == PurePosixPath(".") else f"{folder}/"
    return url + (f"#{anchor}" if anchor else "")


def taught_location(term: Term) -> str:
    """용어를 배우는 절의 색인 주소 (배우는 곳 칸의 첫 링크). 링크가 없으면 ValueError."""
    match = MARKDOWN_LINK.search(term.taught_at)
    if match is None:
        raise ValueError(f"용어집의 {term.term}: 배우는 곳에 링크가 없다 ({term.taught_at!r})")
    return page_location(match[1])


def names(term: Term) -> list[str]:
    """용어를 부르는 이름: 용어, 영어, 약어 (피할 표기는 빼고)."""
    return [name for name in (term.term, term.english, term.abbreviation) if name]


def names_title(name: str, title: str) -> bool:
    """title의 낱말들 가운데 name의 낱말들이 차례로 붙어 나오는가 (Cross Entropy (교차 엔트로피) ⊃ 교차 엔트로피)."""
    return bool(_tokens(name)) and _delimited(name) in _delimited(title)


@lru_cache(maxsize=8192)
def _delimited(text: str) -> str:
    return "\x1f" + "\x1f".join(_tokens(text)) + "\x1f"  # 낱말 사이에 낱말에 없는 글자


def _plain(name: str) -> str:
    return re.sub(r"[^0-9a-z가-힣]", "", name.lower())


def gloss(title: str, terms: list[Term]) -> str | None:
    """한글이 없는 제목이 용어집 용어의 약어나 영어 이름(또는 그 앞부분: Hinge → hinge loss)이면 그 한국어 용어."""
    plain = _plain(title)
    if HANGUL_RUN.search(title) or not plain:
        return None
    for term in terms:
        english = {_plain(term.abbreviation), _plain(term.english)} - {""}
        prefix_of = len(plain) >= 4 and any(name.startswith(plain) for name in english)
        if HANGUL_RUN.search(term.term) and (plain in english or prefix_of):
            return term.term
    return None


def glossed_title(title: str, terms: list[Term]) -> str:
    """결과에 보일 제목: 영어로만 된 제목에는 한국어 용어를 덧붙인다 (MSE → MSE (평균 제곱 오차))."""
    korean = gloss(title, terms)
    return f"{title} ({korean})" if korean else title


def term_keywords(term: Term, title: str) -> set[str]:
    """용어를 배우는 절(제목 title)의 keywords: 한 낱말인 이름(역전파, ReLU, MSE)과, 제목에 나오는 이름의 낱말과
    붙여 쓴 꼴 (Cross Entropy (교차 엔트로피) 절의 교차, 엔트로피, 교차엔트로피). 제목에 없는 여러 낱말 이름의
    낱말 하나하나는 넣지 않는다: Sigmoid 절이 '기울기 소실'을 배운다고 '기울기'를 찾는 사람의 자리는 아니다."""
    single = {tokens(name)[0] for name in names(term) if len(tokens(name)) == 1}
    titled = [name for name in names(term) if names_title(name, title)]
    return single | {word for name in titled for word in tokens(name)} | {joined(name) for name in titled}


def term_variants(term: Term, other_names: set[str]) -> set[str]:
    """용어를 배우는 절의 variants: 이름과 피할 표기의 붙여 쓴 꼴(교차엔트로피, 파인튜닝)과 그 복합어 뒷부분
    (경사하강법 → 하강법, 기울기소실 → 소실). 다른 용어의 이름(other_names)을 낱말로 가진 피할 표기는 뺀다:
    규제의 피할 표기 '정규화 항'을 붙여 쓴 '정규화항'은 '정규화'를 찾는 검색에 앞부분으로 맞는다."""
    rejected = [variant for variant in term.rejected if not set(tokens(variant)) & other_names]
    forms = {joined(name) for name in [*names(term), *rejected]} - {""}
    return forms | {tail for form in forms for tail in compound_tails(form)}


def definition_words(term: Term, name_words: set[str]) -> set[str]:
    """용어의 뜻을 이루는 낱말 가운데 용어 이름의 낱말(name_words)이 아닌 것: 뜻이 다른 용어를 부르는 말은
    그 용어의 keywords가 맡는다 (Leaky ReLU의 뜻에 나오는 'ReLU'가 Leaky ReLU 절로 끌지 않도록)."""
    text = re.sub(r"\$([^$]+)\$", lambda match: tex_to_text(match[1]), term.definition)
    return set(tokens(text)) - name_words


def translations(title: str, terms: list[Term]) -> set[str]:
    """제목이 부르는 용어들의 모든 이름 (소프트맥스와 교차 엔트로피의 … → softmax, cross, entropy, …):
    한국어 제목을 영어로, 영어 제목을 한국어로 찾는다."""
    named = [term for term in terms if any(names_title(name, title) for name in names(term))]
    return {form for term in named for name in names(term) for form in (*tokens(name), joined(name))}


# ── 색인 ────────────────────────────────────────────────
@dataclass
class SearchIndex:
    """Material의 search_index.json 내용 (config와 docs)."""

    config: dict
    docs: list[dict]

    @classmethod
    def read(cls, path: Path) -> "SearchIndex":
        data = json.loads(Path(path).read_text("utf-8"))
        return cls(data["config"], data["docs"])

    def write(self, path: Path) -> None:
        data = {"config": self.config, "docs": self.docs}
        Path(path).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")


@dataclass
class HiddenFields:
    """절 하나의 보이지 않는 필드."""

    keywords: set[str] = field(default_factory=set)
    variants: set[str] = field(default_factory=set)
    definitions: set[str] = field(default_factory=set)


def hidden_fields(titles: dict[str, str], terms: list[Term]) -> dict[str, HiddenFields]:
    """색인 주소마다(titles: 주소 → 결과에 보일 제목) 보이지 않는 필드. 용어집이 가리키는 절이 없으면 ValueError."""
    found = {
        location: HiddenFields(variants=title_variants(title) | translations(title, terms)) for location, title in titles.items()
    }
    single_names = {tokens(name)[0] for term in terms for name in names(term) if len(tokens(name)) == 1}
    name_words = {word for term in terms for name in names(term) for word in tokens(name)}
    for term in terms:
        location = taught_location(term)
        if location not in found:
            raise ValueError(f"용어집의 {term.term}: 배우는 곳 {location!r} 이 검색 색인에 없다")
        fields = found[location]
        fields.keywords |= term_keywords(term, titles[location])
        fields.variants |= term_variants(term, single_names - {joined(name) for name in names(term)})
        fields.definitions |= definition_words(term, name_words)
    return found


def improve(index: SearchIndex, terms: list[Term]) -> SearchIndex:
    """색인을 한국어 검색에 맞게 고친다 (모듈 설명)."""
    titles = {doc["location"]: glossed_title(doc["title"], terms) for doc in index.docs}
    fields = hidden_fields(titles, terms)
    config = {
        **index.config,
        "separator": SEPARATOR,
        "fields": {
            **index.config["fields"],
            "text": {"boost": TEXT_BOOST},
            KEYWORDS_FIELD: {"boost": KEYWORDS_BOOST},
            VARIANTS_FIELD: {"boost": VARIANTS_BOOST},
            DEFINITIONS_FIELD: {"boost": DEFINITIONS_BOOST},
        },
    }
    return SearchIndex(config, [_improved(doc, titles[doc["location"]], fields[doc["location"]]) for doc in index.docs])


def _improved(doc: dict, title: str, fields: HiddenFields) -> dict:
    boost = doc.get("boost", 1) / (1 + TITLE_LENGTH_PENALTY * max(len(tokens(doc["title"])) - 1, 0))
    return {
        **doc,
        "title": title,
        "text": readable_text(doc["text"]),
        KEYWORDS_FIELD: " ".join(sorted(fields.keywords)),
        VARIANTS_FIELD: " ".join(sorted(fields.variants - fields.keywords)),
        DEFINITIONS_FIELD: " ".join(sorted(fields.definitions)),
        "boost": boost if "#" in doc["location"] else boost * ARTICLE_BOOST,
    }


def improve_site_index(site_dir: Path, terms: list[Term]) -> None:
    """빌드된 사이트의 검색 색인을 고쳐 쓴다 (빌드 훅의 on_post_build가 부른다)."""
    path = Path(site_dir) / "search" / "search_index.json"
    improve(SearchIndex.read(path), terms).write(path)
