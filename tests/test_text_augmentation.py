"""텍스트 증강(dlbasics.text_augmentation): EDA의 네 연산을 한국어 어절과 조사에 맞춘 구현.

기대값은 테스트 안에서 따로 만든다: 받침은 유니코드 정규화(NFD)로 음절을 자모로 풀어 얻고, 조사의 이형태는 손으로
적은 표와 그 받침으로 정하고, 무작위 연산의 출력은 같은 시드의 numpy Generator로 문서에 적힌 순서대로 난수를 다시
뽑아(replay) 손으로 적은 동의어 표로 조립한다. 바꾼 어절 수는 n = max(1, ⌊αL⌋), 무작위 삭제의 지운 수는
torch.distributions.Binomial의 평균·분산과 표준오차 네 배 안에서 견준다.
"""

import copy
import inspect
import math
import unicodedata

import numpy as np
import pytest
import torch

from dlbasics.text_augmentation import (
    NOUNS,
    PARTICLE_PAIRS,
    WORDS,
    choose_particle,
    eda,
    final_consonant,
    random_deletion,
    random_insertion,
    random_swap,
    split_eojeol,
    synonym_replacement,
)

# 조사의 이형태를 테스트가 따로 적은 표: (받침 뒤, 받침 없는 말 뒤, ㄹ 받침 뒤도 받침 없는 꼴을 쓰는가)
FAMILIES = [
    ("이", "가", False), ("을", "를", False), ("은", "는", False), ("과", "와", False), ("이나", "나", False),
    ("아", "야", False), ("이다", "다", False), ("이었다", "였다", False), ("이라고", "라고", False),
    ("이랑", "랑", False), ("과는", "와는", False), ("으로", "로", True), ("으로는", "로는", True), ("으로도", "로도", True),
]


def batchim_by_nfd(syllable):
    """NFD로 풀면 받침이 있는 음절은 자모 셋(초성, 중성, 종성 U+11A8..U+11C2). 종성 번호 = 코드 - 0x11A7."""
    jamo = unicodedata.normalize("NFD", syllable)
    return ord(jamo[2]) - 0x11A7 if len(jamo) == 3 else 0


def expected_form(stem, family):
    after_consonant, after_vowel, rieul_takes_vowel_form = family
    jamo = unicodedata.normalize("NFD", stem[-1])
    if len(jamo) == 2 or (rieul_takes_vowel_form and jamo[2] == "\u11af"):  # ᆯ (ㄹ 받침)
        return after_vowel
    return after_consonant


def test_final_consonant_matches_the_unicode_decomposition_of_every_syllable():
    syllables = [chr(code) for code in range(0xAC00, 0xD7A4)]
    assert len(syllables) == 19 * 21 * 28
    assert [final_consonant(s) for s in syllables] == [batchim_by_nfd(s) for s in syllables]
    assert final_consonant("가") == 0 and final_consonant("말") == 8 and final_consonant("각") == 1


def test_the_particle_table_is_the_one_written_here():
    assert sorted(PARTICLE_PAIRS) == sorted((a, b) for a, b, _ in FAMILIES)


def test_every_dictionary_entry_takes_the_right_allomorph_of_every_particle():
    checked = 0
    for stem, synonyms in NOUNS.items():
        for word in (stem, *synonyms):
            for family in FAMILIES:
                for given in family[:2]:  # 어느 꼴을 받아도 word에 맞는 꼴로
                    assert choose_particle(word, given) == expected_form(word, family), (word, given)
                    checked += 1
    assert checked == 2 * len(FAMILIES) * sum(1 + len(s) for s in NOUNS.values())


@pytest.mark.parametrize("stem, particle, expected", [
    ("작품", "를", "작품을"), ("영화", "을", "영화를"), ("마지막", "로", "마지막으로"), ("말", "으로", "말로"),
    ("노래", "으로", "노래로"), ("벗", "와", "벗과"), ("동무", "과", "동무와"), ("으뜸", "다", "으뜸이다"),
    ("명화", "이다", "명화다"), ("최상", "였다", "최상이었다"), ("끝", "가", "끝이"), ("엔딩", "는", "엔딩은"),
    ("영화", "에서는", "영화에서는"), ("결말", "로는", "결말로는"), ("결말", "이랑", "결말이랑"),
])
def test_hand_written_particle_forms(stem, particle, expected):
    assert stem + choose_particle(stem, particle) == expected


def test_every_noun_with_every_correct_particle_splits_back_into_stem_and_particle():
    fixed = ["도", "만", "의", "에", "에서", "에게", "까지", "부터", "보다", "처럼", "마다", "에는", "에도", "에서는"]
    for stem in NOUNS:
        for particle in [expected_form(stem, family) for family in FAMILIES] + fixed:
            assert split_eojeol(stem + particle)[:2] == (stem, particle), stem + particle
    assert split_eojeol("고양이가") is None and split_eojeol("좋았다")[:2] == ("좋았다", "")


def test_every_synonym_is_a_different_hangul_word_so_its_batchim_is_defined():
    for table in (NOUNS, WORDS):
        for word, synonyms in table.items():
            assert synonyms and word not in synonyms and len(set(synonyms)) == len(synonyms)
            assert all("가" <= ch <= "힣" for s in (word, *synonyms) for ch in s), word


# 테스트용 문장과 손으로 적은 동의어 어절: 어절마다 (고를 수 있는 바꾼 어절들), 조사는 새 어간에 맞춘 꼴
SENTENCE = "친구와 영화를 다시 봤다"
REPLACED = [("벗과", "동무와"), ("작품을", "필름을"), ("또",), ("관람했다",)]
NAIVE = [("벗와", "동무와"), ("작품를", "필름를"), ("또",), ("관람했다",)]
LONG = " ".join(["영화가", "정말", "좋았다", "배우의", "연기가", "너무", "아름답다", "음악과", "결말이", "최고다"])


def replay_replacement(sentence, table, alpha, seed):
    tokens = sentence.split()
    n = max(1, math.floor(alpha * len(tokens)))
    rng = np.random.default_rng(seed)
    for i in rng.choice(len(tokens), size=min(n, len(tokens)), replace=False):
        options = table[i]
        tokens[i] = options[rng.integers(len(options))]
    return " ".join(tokens)


@pytest.mark.parametrize("alpha", [0.1, 0.25, 0.5, 0.75, 1.0])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_synonym_replacement_replays_the_documented_draws(alpha, seed):
    assert synonym_replacement(SENTENCE, alpha, np.random.default_rng(seed)) == replay_replacement(SENTENCE, REPLACED, alpha, seed)
    naive = synonym_replacement(SENTENCE, alpha, np.random.default_rng(seed), particle_aware=False)
    assert naive == replay_replacement(SENTENCE, NAIVE, alpha, seed)


@pytest.mark.parametrize("alpha", [0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.99, 1.0])
def test_synonym_replacement_changes_n_words(alpha):
    n = max(1, math.floor(alpha * 10))
    for seed in range(20):
        out = synonym_replacement(LONG, alpha, np.random.default_rng(seed)).split()
        assert len(out) == 10 and sum(a != b for a, b in zip(out, LONG.split())) == n


def test_alpha_zero_changes_nothing_and_unknown_words_are_left_alone():
    assert synonym_replacement(LONG, 0.0, np.random.default_rng(0)) == LONG
    assert random_insertion(LONG, 0.0, np.random.default_rng(0)) == LONG
    assert random_swap(LONG, 0.0, np.random.default_rng(0)) == LONG
    assert synonym_replacement("고양이가 쥐를 잡았다", 1.0, np.random.default_rng(0)) == "고양이가 쥐를 잡았다"


# 무작위 삽입: 마지막 어절(봤다)을 뺀 원본 후보와 그 동의어 어절 (조사는 새 어간에 맞게)
INSERTED = {"친구와": ("벗과", "동무와"), "영화를": ("작품을", "필름을"), "다시": ("또",),
            "벗과": None, "동무와": None, "작품을": ("영화를",), "필름을": None, "또": None}


@pytest.mark.parametrize("alpha", [0.25, 0.5, 1.0])
@pytest.mark.parametrize("seed", [0, 1, 2, 5])
def test_random_insertion_replays_the_documented_draws(alpha, seed):
    tokens, rng = SENTENCE.split(), np.random.default_rng(seed)
    n = max(1, math.floor(alpha * 4))
    for _ in range(n):
        sources = [t for t in tokens[:-1] if INSERTED[t] is not None]
        options = INSERTED[sources[rng.integers(len(sources))]]
        new_token = options[rng.integers(len(options))]  # 동의어를 먼저, 자리를 나중에 뽑는다
        tokens.insert(rng.integers(len(tokens)), new_token)
    out = random_insertion(SENTENCE, alpha, np.random.default_rng(seed))
    assert out == " ".join(tokens) and len(out.split()) == 4 + n and out.split()[-1] == "봤다"


@pytest.mark.parametrize("keep_last", [True, False])
@pytest.mark.parametrize("alpha", [0.1, 0.3, 0.5, 1.0])
def test_random_swap_replays_n_swaps(keep_last, alpha):
    words = LONG.split()
    n, m = max(1, math.floor(alpha * 10)), 9 if keep_last else 10
    for seed in range(5):
        rng, expected = np.random.default_rng(seed), list(words)
        for _ in range(n):
            i, j = rng.choice(m, size=2, replace=False)
            expected[i], expected[j] = expected[j], expected[i]
        out = random_swap(LONG, alpha, np.random.default_rng(seed), keep_last=keep_last).split()
        assert out == expected and sorted(out) == sorted(words)
        if keep_last:
            assert out[-1] == "최고다"
    assert random_swap("정말 좋았다", 1.0, np.random.default_rng(0)) == "정말 좋았다"  # 앞에 어절이 하나뿐


@pytest.mark.parametrize("p", [0.0, 0.1, 0.5, 0.9, 1.0])
def test_random_deletion_replays_the_uniform_draws(p):
    sentence = "다시는 안 볼 영화다 정말 못 참겠다"
    words = sentence.split()
    for seed in range(10):
        u = np.random.default_rng(seed).random(len(words))
        expected = [w for i, w in enumerate(words) if u[i] >= p or w in ("안", "못") or i == len(words) - 1]
        assert random_deletion(sentence, p, np.random.default_rng(seed)) == " ".join(expected)


def test_random_deletion_keeps_one_word_as_the_reference_code_does():
    assert random_deletion("영화", 1.0, np.random.default_rng(0)) == "영화"
    words = LONG.split()
    for seed in range(5):
        rng = np.random.default_rng(seed)
        rng.random(len(words))  # 모두 지워진 뒤 어절 하나를 고른다
        assert random_deletion(LONG, 1.0, np.random.default_rng(seed), keep_last=False) == words[rng.integers(len(words))]


@pytest.mark.parametrize("p", [0.1, 0.3, 0.5])
def test_random_deletion_share_matches_the_binomial_within_standard_errors(p):
    words = " ".join(["영화가"] * 20 + ["좋았다"])  # 지울 수 있는 어절 20개 (마지막은 남긴다)
    trials = 3000
    rng = np.random.default_rng(int(p * 100))
    deleted = np.array([21 - len(random_deletion(words, p, rng).split()) for _ in range(trials)], dtype=np.float64)
    binomial = torch.distributions.Binomial(total_count=20, probs=torch.tensor(p, dtype=torch.float64))
    mean, variance = binomial.mean.item(), binomial.variance.item()
    assert math.isclose(mean, 20 * p) and math.isclose(variance, 20 * p * (1 - p))
    assert abs(deleted.mean() - mean) < 4 * math.sqrt(variance / trials)
    mu4 = 20 * p * (1 - p) * (1 + 3 * (20 - 2) * p * (1 - p))  # 이항 분포의 4차 중심 적률
    se_variance = math.sqrt((mu4 - variance**2 * (trials - 3) / (trials - 1)) / trials)
    assert abs(deleted.var(ddof=1) - variance) < 4 * se_variance
    assert abs(deleted.mean() / 20 - p) < 4 * math.sqrt(p * (1 - p) / (20 * trials))  # 지운 몫 ≈ α


def test_eda_makes_per_technique_sentences_shuffles_and_trims():
    sentence, alpha, n_aug, seed = LONG, 0.2, 9, 7
    rng = np.random.default_rng(seed)
    per = n_aug // 4 + 1
    made = [synonym_replacement(sentence, alpha, rng) for _ in range(per)]
    made += [random_insertion(sentence, alpha, rng) for _ in range(per)]
    made += [random_swap(sentence, alpha, rng) for _ in range(per)]
    made += [random_deletion(sentence, alpha, rng) for _ in range(per)]
    expected = [made[k] for k in rng.permutation(len(made))[:n_aug]]
    assert per == 3 and eda(sentence, alpha, n_aug, np.random.default_rng(seed)) == expected
    assert len(eda(sentence, 0.1, 1, np.random.default_rng(0))) == 1


def test_defaults_follow_the_reference_code():
    parameters = inspect.signature(eda).parameters
    assert parameters["alpha"].default == 0.1 and parameters["n_aug"].default == 9  # eda_nlp: alpha 0.1, num_aug 9
    assert inspect.signature(random_deletion).parameters["p"].default == 0.1


def test_inputs_are_not_modified():
    nouns, words = copy.deepcopy(NOUNS), copy.deepcopy(WORDS)
    for seed in range(3):
        eda(LONG, 0.5, 8, np.random.default_rng(seed))
    assert nouns == NOUNS and words == WORDS


@pytest.mark.parametrize("call, message", [
    (lambda: synonym_replacement(SENTENCE, -0.1), "alpha"),
    (lambda: synonym_replacement(SENTENCE, 1.5), "alpha"),
    (lambda: random_insertion(SENTENCE, float("nan")), "alpha"),
    (lambda: random_swap(SENTENCE, True), "alpha"),
    (lambda: random_swap(SENTENCE, "0.1"), "alpha"),
    (lambda: random_deletion(SENTENCE, 1.1), "p"),
    (lambda: synonym_replacement("", 0.1), "비었습니다"),
    (lambda: random_deletion("   ", 0.1), "비었습니다"),
    (lambda: random_swap(None, 0.1), "문자열"),
    (lambda: eda(["친구와", "봤다"]), "문자열"),
    (lambda: eda(SENTENCE, 0.1, 0), "n_aug"),
    (lambda: eda(SENTENCE, 0.1, 2.0), "n_aug"),
    (lambda: eda(SENTENCE, 0.1, True), "n_aug"),
    (lambda: eda(SENTENCE, 0.0), "0보다"),
    (lambda: eda(SENTENCE, rng=42), "Generator"),
    (lambda: final_consonant("a"), "한글"),
])
def test_bad_input_is_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()
