"""검색 색인 다듬기(docsite.search): 구분자, 다른 꼴, TeX를 글자로, 용어집에서 온 숨은 필드.

검색이 실제로 찾는지는 tests/test_browser_search.py 가 진짜 검색 상자로 판정한다. 여기서는 규칙 하나하나를 본다.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from docsite.glossary import parse_glossary
from docsite.search import (
    DEFINITIONS_FIELD,
    KEYWORDS_FIELD,
    SEPARATOR,
    VARIANTS_FIELD,
    SearchIndex,
    compound_tails,
    glossed_title,
    improve,
    page_location,
    raw_tex,
    readable_text,
    tex_to_text,
    tokens,
)
from helpers import DOCS

GLOSSARY = parse_glossary(
    "| 용어 | 영어 | 약어 | 뜻 | 배우는 곳 | 피할 표기 |\n|---|---|---|---|---|---|\n"
    "| 평균 제곱 오차 | mean squared error | MSE | 오차 제곱의 평균 | [손실](building-blocks/losses.md#mse) | |\n"
    "| 힌지 손실 | hinge loss | | 마진이 1보다 작은 샘플에만 벌점을 주는 손실 | [손실](building-blocks/losses.md#hinge) | |\n"
    "| ReLU | rectified linear unit | ReLU | $\\max(0, x)$: 음수를 0으로 자르는 함수 | [활성화](building-blocks/activations.md#relu) | |\n"
    "| 미세 조정 | fine-tuning | | 사전 학습한 모델을 조금 더 학습하는 것 | [발전](evolution/index.md#4단계) | 파인튜닝, 파인 튜닝 |\n"
    "| 정규화 | normalization | | 평균과 분산을 맞추는 변환 | [데이터](building-blocks/activations.md#데이터) | |\n"
    "| 규제 | regularization | | 지나치게 맞지 않도록 제약을 더하는 것 | [감쇠](building-blocks/optimization.md#감쇠) | 규제화, 정규화 항 |\n"
    "| 기울기 소실 | vanishing gradient | | 기울기가 작아지는 현상 | [활성화](building-blocks/activations.md#sigmoid) | |\n"
)


def index_with(*docs: tuple[str, str, str]) -> SearchIndex:
    config = {"lang": ["ko", "en"], "separator": "[\\s\\-]+", "pipeline": [" "], "fields": {"title": {"boost": 1000.0}}}
    return SearchIndex(config, [{"location": location, "title": title, "text": text} for location, title, text in docs])


SECTIONS = index_with(
    ("building-blocks/losses/", "손실 함수", "<p>손실 함수는 예측이 틀린 정도입니다.</p>"),
    ("building-blocks/losses/#mse", "MSE", "<p>평균 제곱 오차 \\(L(\\theta)\\)</p><pre><code>def mse_loss(): pass</code></pre>"),
    ("building-blocks/losses/#hinge", "Hinge", "<p>마진</p>"),
    ("building-blocks/activations/#relu", "ReLU", "<p>ReLU</p>"),
    ("building-blocks/activations/#sigmoid", "Sigmoid", "<p>시그모이드</p>"),
    ("building-blocks/activations/#데이터", "데이터", "<p>정규화</p>"),
    ("building-blocks/optimization/#감쇠", "가중치 감쇠", "<p>규제</p>"),
    ("evolution/#4단계", "4단계: 사전 학습과 미세 조정", "<p>파인튜닝</p>"),
)


def fields_of(index: SearchIndex, location: str) -> dict[str, set[str]]:
    doc = next(doc for doc in index.docs if doc["location"] == location)
    return {name: set(doc[name].split()) for name in (KEYWORDS_FIELD, VARIANTS_FIELD, DEFINITIONS_FIELD)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("역전파란", ["역전파"]),
        ("활성화 함수는", ["활성화", "함수"]),
        ("경사하강법의 단점", ["경사하강법", "단점"]),
        ("손실이므로 기울기도", ["손실", "기울기"]),
        ("검사하는가", ["검사"]),
        ("ReLU의 미분", ["relu", "미분"]),
        ("역전파(backpropagation)는", ["역전파", "backpropagation"]),
        ("미니배치를 쓰는 이유", ["미니배치"]),
        ("F.cross_entropy", ["f", "cross_entropy"]),
        ("0으로 5단계", ["0", "5", "단계"]),
        # 한 글자 + 조사 모양인 두 글자 낱말과 '도'로 끝나는 명사는 자르지 않는다
        ("정의 차이 결과 정확도 최대우도", ["정의", "차이", "결과", "정확도", "최대우도"]),
    ],
)
def test_the_separator_cuts_particles_punctuation_and_function_words(text, expected):
    assert tokens(text) == expected


MATERIAL_SPLIT = """
// Material의 검색(integrations/search/internal/_/index.ts의 split)과 같은 방법으로 낱말을 자른다
const { separator, texts } = JSON.parse(require("fs").readFileSync(0, "utf8"));
const pattern = new RegExp(separator, "g");
const split = (input) => {
  const found = [];
  let index = 0, match;
  pattern.lastIndex = 0;
  do {
    match = pattern.exec(input);
    const until = match ? match.index : input.length;
    if (index < until) found.push(input.slice(index, until).toLowerCase());
    if (match) {
      index = match.index + match[0].length;
      if (match[0].length === 0) pattern.lastIndex = match.index + 1;
    }
  } while (match);
  return found;
};
process.stdout.write(JSON.stringify(texts.map(split)));
"""


def test_the_browser_cuts_words_exactly_as_python_does():
    """파이썬의 tokens()가 보는 낱말이 브라우저(JavaScript의 정규식)가 만드는 낱말과 같다: 용어집 전체로 잰다."""
    node = shutil.which("node")
    assert node is not None, "node가 있어야 한다 (KaTeX 조판도 node로 한다)"
    texts = (DOCS / "glossary.md").read_text("utf-8").split("\n")
    result = subprocess.run(
        [node, "-e", MATERIAL_SPLIT], input=json.dumps({"separator": SEPARATOR, "texts": texts}),
        capture_output=True, text=True, encoding="utf-8", check=True,
    )
    browser = json.loads(result.stdout)
    differing = [(text, words, tokens(text)) for text, words in zip(texts, browser) if words != tokens(text)]
    assert not differing, differing[:3]


def test_compound_tails_are_the_later_parts_of_a_hangul_word():
    assert compound_tails("경사하강법") == {"사하강법", "하강법", "강법"}
    assert compound_tails("l2정규화") == {"규화"}
    assert compound_tails("손실") == set()


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"L(\theta)", "L(θ)"),
        (r"\frac{\partial L}{\partial W}", "(∂ L)/(∂ W)"),
        (r"\tfrac12 e^2", "1/2 e^2"),
        (r"\mathrm{MSE}(\hat y, y)", "MSE(ŷ, y)"),
        (r"\lVert w\rVert^2 \le \lambda", "‖ w‖^2 ≤ λ"),
        (r"\begin{cases} a & x < 0 \\ b & \text{그 밖} \end{cases}", "a x < 0 b 그 밖"),
        (r"\sqrt{\hat v} + \epsilon", "√v̂ + ε"),
        (r"\{1, 2\}", "{1, 2}"),
    ],
)
def test_tex_becomes_readable_text(tex, text):
    assert tex_to_text(tex) == text
    assert not raw_tex(text)


def test_indexed_text_drops_runs_of_numbers_but_keeps_numbers_in_prose():
    """결과 표의 행(태그를 뗀 뒤 숫자만 잇달아 나온다)은 빼고, 문장 속의 숫자 하나 둘은 남긴다."""
    html = "<p>표로 옮기면 이렇습니다.</p> 차수 편향² 0 0.5184 0.0043 (± 0.0020) 1 0.2302 학습률 0.1과 2 배"
    assert readable_text(html) == "<p>표로 옮기면 이렇습니다.</p> 차수 편향² 학습률 0.1과 2 배"


def test_indexed_text_drops_code_listings_and_shows_formulas_as_text():
    html = '<p>\\(\\eta = 0.1\\)이고 <code>lr</code>입니다.</p> \\[ \\sum_i x_i \\] <pre><code>def step(): pass</code></pre>'
    assert readable_text(html) == "<p>η = 0.1이고 <code>lr</code>입니다.</p> Σ_i x_i"
    assert raw_tex(r"손실 \(L\)") and raw_tex(r"\theta") and not raw_tex("줄바꿈 \\n 은 코드")


@pytest.mark.parametrize(
    ("link", "location"),
    [
        ("building-blocks/losses.md#mse", "building-blocks/losses/#mse"),
        ("building-blocks/losses.md", "building-blocks/losses/"),
        ("evolution/index.md#zero-shot", "evolution/#zero-shot"),
        ("index.md#학습-경로", "#학습-경로"),
    ],
)
def test_glossary_links_become_search_index_locations(link, location):
    assert page_location(link) == location


def test_a_link_that_is_not_a_page_is_refused():
    with pytest.raises(ValueError, match="페이지 링크가 아니다"):
        page_location("https://example.com")


def test_english_only_titles_get_their_korean_term():
    assert glossed_title("MSE", GLOSSARY) == "MSE (평균 제곱 오차)"
    assert glossed_title("Hinge", GLOSSARY) == "Hinge (힌지 손실)"  # 영어 이름의 앞부분
    assert glossed_title("ReLU", GLOSSARY) == "ReLU"  # 용어 자체가 영어다
    assert glossed_title("모멘텀과 Adam", GLOSSARY) == "모멘텀과 Adam"


def test_the_section_that_teaches_a_term_carries_its_names():
    improved = improve(SECTIONS, GLOSSARY)
    mse = fields_of(improved, "building-blocks/losses/#mse")
    assert {"mse", "평균", "제곱", "오차", "평균제곱오차"} <= mse[KEYWORDS_FIELD]  # 제목(MSE (평균 제곱 오차))에 나오는 이름
    assert {"mean", "squared", "error", "meansquarederror"} <= mse[VARIANTS_FIELD]  # 제목이 부르는 용어의 다른 이름
    tuning = fields_of(improved, "evolution/#4단계")
    assert {"미세", "조정", "미세조정"} <= tuning[KEYWORDS_FIELD]  # 제목에 나오는 이름
    assert {"파인튜닝", "튜닝", "finetuning"} <= tuning[VARIANTS_FIELD]  # 피할 표기와 붙여 쓴 꼴
    assert {"사전학습", "학습미세"} <= tuning[VARIANTS_FIELD]  # 제목의 이웃한 두 낱말
    relu = fields_of(improved, "building-blocks/activations/#relu")
    assert {"음수", "자르", "max"} <= relu[DEFINITIONS_FIELD] and "relu" not in relu[DEFINITIONS_FIELD]


def test_words_of_a_term_not_in_the_title_do_not_pull_searches_for_those_words():
    improved = improve(SECTIONS, GLOSSARY)
    sigmoid = fields_of(improved, "building-blocks/activations/#sigmoid")
    assert "기울기" not in sigmoid[KEYWORDS_FIELD] | sigmoid[VARIANTS_FIELD]  # '기울기 소실'을 배우는 곳일 뿐
    assert {"기울기소실", "소실"} <= sigmoid[VARIANTS_FIELD]
    decay = fields_of(improved, "building-blocks/optimization/#감쇠")
    assert "규제화" in decay[VARIANTS_FIELD] and "정규화항" not in decay[VARIANTS_FIELD]  # 다른 용어(정규화)를 품은 표기


def test_the_improved_index_configures_lunr_and_weights_articles_below_sections():
    improved = improve(SECTIONS, GLOSSARY)
    assert improved.config["separator"] == SEPARATOR
    assert {KEYWORDS_FIELD, VARIANTS_FIELD, DEFINITIONS_FIELD, "title", "text"} <= improved.config["fields"].keys()
    boosts = {doc["location"]: doc["boost"] for doc in improved.docs}
    assert boosts["building-blocks/losses/"] < boosts["building-blocks/losses/#mse"]
    assert boosts["building-blocks/activations/#relu"] > boosts["building-blocks/optimization/#감쇠"]  # 짧은 제목이 앞선다
    mse = next(doc for doc in improved.docs if doc["location"] == "building-blocks/losses/#mse")
    assert mse["title"] == "MSE (평균 제곱 오차)" and mse["text"] == "<p>평균 제곱 오차 L(θ)</p>"


def test_a_glossary_term_taught_where_the_index_has_no_section_is_refused():
    with pytest.raises(ValueError, match="배우는 곳 'building-blocks/losses/#hinge' 이 검색 색인에 없다"):
        improve(index_with(("building-blocks/losses/#mse", "MSE", "")), GLOSSARY[:2])


def test_the_index_file_is_written_as_utf8(tmp_path):
    path = tmp_path / "search_index.json"
    SECTIONS.write(path)
    assert "손실 함수" in path.read_text("utf-8")
    assert SearchIndex.read(path) == SECTIONS


def test_the_built_site_has_the_improved_index(built_site):
    index = SearchIndex.read(built_site / "search" / "search_index.json")
    assert index.config["separator"] == SEPARATOR
    assert all(KEYWORDS_FIELD in doc for doc in index.docs)
    assert not [doc["location"] for doc in index.docs if "<pre" in doc["text"] or raw_tex(doc["title"])]
