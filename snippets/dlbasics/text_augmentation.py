"""텍스트 증강: EDA(Wei, Zou 2019)의 네 연산을 한국어 문장에 맞게 구현한다.

문장은 띄어쓰기로 나눈 어절의 열이다. 명사 어절은 '어간 + 조사'로 나누고(조사 목록에서 가장 긴 것부터 맞춘다),
동의어로 바꾼 뒤 조사의 이형태(이/가, 을/를, 은/는, 와/과, 으로/로 …)를 새 어간의 받침으로 다시 고른다.
받침은 한글 음절의 코드 포인트에서 계산한다: (ord(ch) - 0xAC00) % 28 (0이면 받침 없음, 8이면 ㄹ).
  - synonym_replacement (동의어 대체, SR), random_insertion (무작위 삽입, RI),
    random_swap (무작위 교환, RS), random_deletion (무작위 삭제, RD), eda (넷을 합친 것).
  - n = max(1, ⌊αL⌋) 어절을 바꾼다 (SR, RI, RS. α = 0이면 바꾸지 않는다). RD는 어절마다 확률 p = α로 지운다.
  - keep_last=True(기본)이면 문장 끝의 서술어를 옮기거나 지우지 않고 삽입의 원본으로도 쓰지 않는다.
    RD는 부정 부사 '안', '못'도 지우지 않는다 (지우면 뜻이 뒤집힌다).
동의어는 이 모듈에 든 작은 사전(영화 리뷰에 맞춘 명사와 서술어·부사)에서 찾는다. 실행할 때 아무것도 내려받지 않는다.
"""

# --8<-- [start:batchim]
def final_consonant(syllable):
    """한글 음절 하나의 받침 번호: 0이면 받침 없음, 8이면 ㄹ (0..27).
    음절 = 0xAC00 + (초성·21 + 중성)·28 + 받침 이므로 받침 = (코드 - 0xAC00) mod 28."""
    if not isinstance(syllable, str) or len(syllable) != 1 or not "가" <= syllable <= "힣":
        raise ValueError(f"받침은 한글 음절 한 글자에서만 계산합니다: {syllable!r}")
    return (ord(syllable) - 0xAC00) % 28


NO_BATCHIM, RIEUL = 0, 8  # 받침 없음, ㄹ 받침
# --8<-- [end:batchim]


# --8<-- [start:particles]
# 이형태가 있는 조사: (받침 뒤의 꼴, 받침 없는 말 뒤의 꼴). 으로 무리는 ㄹ 받침 뒤에서도 '로'를 쓴다.
PARTICLE_PAIRS = (
    ("이", "가"), ("을", "를"), ("은", "는"), ("과", "와"), ("이나", "나"), ("아", "야"),
    ("이다", "다"), ("이었다", "였다"), ("이라고", "라고"), ("이랑", "랑"), ("과는", "와는"),
    ("으로", "로"), ("으로는", "로는"), ("으로도", "로도"),
)
RO_FAMILY = {"으로", "으로는", "으로도"}
# 앞말의 받침과 상관없이 꼴이 하나인 조사
FIXED_PARTICLES = ("도", "만", "의", "에", "에서", "에게", "까지", "부터", "보다", "처럼", "마다",
                   "에는", "에도", "에서는", "에서도", "만큼", "조차")
# 어절 끝에서 맞춰 볼 모든 꼴: 긴 것부터 (이다 > 다, 으로는 > 는)
PARTICLE_FORMS = sorted({form for pair in PARTICLE_PAIRS for form in pair} | set(FIXED_PARTICLES),
                        key=len, reverse=True)


def choose_particle(stem, particle):
    """particle(어느 꼴이든)을 stem 뒤에 맞는 꼴로 고친다. 이형태가 없는 조사와 ''는 그대로."""
    for after_consonant, after_vowel in PARTICLE_PAIRS:
        if particle in (after_consonant, after_vowel):
            batchim = final_consonant(stem[-1])
            if batchim == NO_BATCHIM or (batchim == RIEUL and after_consonant in RO_FAMILY):
                return after_vowel  # 영화를, 결말로
            return after_consonant  # 작품을, 마지막으로
    return particle
# --8<-- [end:particles]


# --8<-- [start:dictionary]
# 영화 리뷰에 맞춘 작은 동의어 사전. 명사는 어간만 적고 조사를 떼고 붙인다.
NOUNS = {
    "영화": ("작품", "필름"), "작품": ("영화",), "배우": ("연기자", "출연진"), "연기": ("연기력",),
    "줄거리": ("이야기", "내용", "스토리"), "이야기": ("줄거리", "내용"), "결말": ("마지막", "끝", "엔딩"),
    "음악": ("노래", "음향", "배경음악"), "장면": ("화면", "대목"), "감독": ("연출자",), "대사": ("대화", "말"),
    "돈": ("비용", "관람료"), "극장": ("영화관", "상영관"), "주인공": ("주연", "히어로"),
    "분위기": ("느낌", "무드"), "관객": ("관람객", "사람들"), "친구": ("벗", "동무"), "가족": ("식구",),
    "표": ("티켓", "입장권"), "재미": ("흥미", "즐거움"), "감동": ("울림", "여운"), "최고": ("으뜸", "최상"),
    "최악": ("엉망", "바닥"), "명작": ("걸작", "수작", "명화"), "각본": ("시나리오", "대본"),
    "속편": ("후속작",), "시간": ("러닝타임",),
}
# 서술어와 부사: 어절 통째로 바꾼다 (활용한 꼴을 그대로 적는다)
WORDS = {
    "좋다": ("훌륭하다", "괜찮다"), "좋았다": ("훌륭했다", "괜찮았다"), "재미있다": ("재밌다", "흥미롭다"),
    "재미있었다": ("재밌었다", "흥미로웠다"), "지루하다": ("따분하다", "지겹다"),
    "지루했다": ("따분했다", "지겨웠다"), "아름답다": ("멋지다", "예쁘다"), "슬프다": ("서글프다",),
    "추천한다": ("권한다",), "아깝다": ("아쉽다",), "봤다": ("관람했다",), "웃겼다": ("재밌었다",),
    "정말": ("진짜", "참"), "너무": ("아주", "몹시"), "아주": ("매우", "무척"), "다시": ("또",),
    "꼭": ("반드시",),
}
# --8<-- [end:dictionary]


# --8<-- [start:split]
def split_eojeol(word, nouns=NOUNS, words=WORDS):
    """어절 → (어간, 조사, 동의어들). 사전에 없는 어절은 None.
    통째로 사전에 있으면 조사는 ''. 아니면 가장 긴 조사부터 떼어 보고, 남은 어간이 명사 사전에 있을 때만 나눈다
    (사전에 없는 '고양이'를 '고양' + '이'로 잘못 나누지 않는다). 조사는 명사 뒤에만 붙는다."""
    if word in words:
        return word, "", words[word]
    if word in nouns:
        return word, "", nouns[word]
    for particle in PARTICLE_FORMS:
        stem = word[: -len(particle)]
        if word.endswith(particle) and stem in nouns:
            return stem, particle, nouns[stem]
    return None


def replace_stem(word, synonym, particle_aware=True, nouns=NOUNS, words=WORDS):
    """어절의 어간을 synonym으로 바꾼다. particle_aware=False는 조사를 그대로 붙이는 순진한 교체."""
    stem, particle, _ = split_eojeol(word, nouns, words)
    return synonym + (choose_particle(synonym, particle) if particle_aware else particle)
# --8<-- [end:split]


# --8<-- [start:checks]
import numpy as np


def check_sentence(sentence):
    """문장: 빈칸이 아닌 글자가 있는 str. 어절(띄어쓰기로 나눈 조각)의 리스트를 돌려준다."""
    if not isinstance(sentence, str):
        raise ValueError(f"sentence는 문자열이어야 합니다: {type(sentence).__name__} {sentence!r}")
    words = sentence.split()
    if not words:
        raise ValueError("sentence가 비었습니다: 어절이 하나 이상 있어야 합니다")
    return words


def check_alpha(alpha, name="alpha"):
    """바꿀 어절의 몫 α (RD에서는 지울 확률 p): 0 이상 1 이하의 실수. NaN과 bool은 거부한다."""
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating)) or not 0 <= alpha <= 1:
        raise ValueError(f"{name}는 0 이상 1 이하여야 합니다: {name}={alpha!r}")
    return float(alpha)


def check_rng(rng):
    """rng: None이면 새 numpy Generator, 아니면 numpy Generator여야 한다."""
    if rng is None:
        return np.random.default_rng()
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng는 numpy.random.Generator여야 합니다: {type(rng).__name__}")
    return rng


def n_changed(alpha, length):
    """바꿀 어절 수 n = max(1, ⌊αL⌋). α = 0이면 0 (참고 코드는 α = 0인 연산을 건너뛴다)."""
    alpha = check_alpha(alpha)
    return 0 if alpha == 0 else max(1, int(np.floor(alpha * length)))
# --8<-- [end:checks]


# --8<-- [start:synonym-replacement]
def synonym_replacement(sentence, alpha=0.1, rng=None, nouns=NOUNS, words=WORDS, particle_aware=True):
    """동의어 대체(SR): 사전에 있는 어절 n = max(1, ⌊αL⌋)개를 골라 동의어로 바꾼다 (조사는 새 어간에 맞게).
    난수를 쓰는 순서: rng.choice(사전에 있는 어절의 자리들, size=k, replace=False)로 자리 k = min(n, 그 수)개,
    뽑힌 차례대로 자리마다 rng.integers(동의어 수)로 동의어 하나."""
    tokens = check_sentence(sentence)
    n, rng = n_changed(alpha, len(tokens)), check_rng(rng)
    found = [split_eojeol(token, nouns, words) for token in tokens]
    eligible = [i for i, split in enumerate(found) if split is not None]
    k = min(n, len(eligible))
    if k == 0:
        return " ".join(tokens)
    for i in rng.choice(eligible, size=k, replace=False):
        options = found[i][2]
        synonym = options[rng.integers(len(options))]
        tokens[i] = replace_stem(tokens[i], synonym, particle_aware, nouns, words)
    return " ".join(tokens)
# --8<-- [end:synonym-replacement]


# --8<-- [start:random-insertion]
def random_insertion(sentence, alpha=0.1, rng=None, nouns=NOUNS, words=WORDS, keep_last=True):
    """무작위 삽입(RI): 사전에 있는 어절 하나의 동의어(조사는 새 어간에 맞게)를 무작위 자리에 넣기를 n번.
    난수를 쓰는 순서 (한 번 넣을 때마다): 원본 어절 rng.integers(후보 수), 동의어 rng.integers(동의어 수),
    자리 rng.integers(지금 어절 수). 그 자리의 어절 앞에 넣으므로 마지막 어절은 늘 마지막에 남는다.
    keep_last=True면 마지막 어절(서술어)은 원본으로 쓰지 않는다. 후보가 없으면 그만 넣는다."""
    tokens = check_sentence(sentence)
    n, rng = n_changed(alpha, len(tokens)), check_rng(rng)
    for _ in range(n):
        candidates = tokens[:-1] if keep_last else tokens
        sources = [token for token in candidates if split_eojeol(token, nouns, words) is not None]
        if not sources:
            break
        source = sources[rng.integers(len(sources))]
        options = split_eojeol(source, nouns, words)[2]
        new_token = replace_stem(source, options[rng.integers(len(options))], True, nouns, words)
        tokens.insert(rng.integers(len(tokens)), new_token)
    return " ".join(tokens)
# --8<-- [end:random-insertion]


# --8<-- [start:random-swap]
def random_swap(sentence, alpha=0.1, rng=None, keep_last=True):
    """무작위 교환(RS): 어절 두 개를 골라 자리를 맞바꾸기를 n = max(1, ⌊αL⌋)번.
    난수를 쓰는 순서 (한 번마다): rng.choice(m, size=2, replace=False)로 서로 다른 두 자리.
    keep_last=True면 m = L - 1: 문장 끝의 서술어는 그 자리에 두고 앞의 어절끼리만 바꾼다 (m < 2면 그대로)."""
    tokens = check_sentence(sentence)
    n, rng = n_changed(alpha, len(tokens)), check_rng(rng)
    m = len(tokens) - 1 if keep_last else len(tokens)
    if m < 2:
        return " ".join(tokens)
    for _ in range(n):
        i, j = rng.choice(m, size=2, replace=False)
        tokens[i], tokens[j] = tokens[j], tokens[i]
    return " ".join(tokens)
# --8<-- [end:random-swap]


# --8<-- [start:random-deletion]
NEGATIONS = ("안", "못")  # 지우면 뜻이 뒤집히는 부정 부사


def random_deletion(sentence, p=0.1, rng=None, keep_last=True, keep=NEGATIONS):
    """무작위 삭제(RD): 어절마다 따로 확률 p로 지운다 (지우는 수 ~ B(지울 수 있는 어절 수, p)).
    난수를 쓰는 순서: u = rng.random(L) 하나로 어절 i는 u_i < p이고 지울 수 있으면 지운다.
    keep_last=True면 마지막 어절, keep에 든 어절은 지우지 않는다. 어절이 하나면 그대로 돌려주고,
    모두 지워지면 참고 코드처럼 rng.integers(L)로 고른 어절 하나를 돌려준다."""
    tokens = check_sentence(sentence)
    p, rng = check_alpha(p, "p"), check_rng(rng)
    if len(tokens) == 1:
        return tokens[0]
    u = rng.random(len(tokens))
    last = len(tokens) - 1
    kept = [token for i, token in enumerate(tokens)
            if u[i] >= p or token in keep or (keep_last and i == last)]
    if not kept:
        return tokens[rng.integers(len(tokens))]
    return " ".join(kept)
# --8<-- [end:random-deletion]


# --8<-- [start:eda]
import numpy as np


def eda(sentence, alpha=0.1, n_aug=9, rng=None, nouns=NOUNS, words=WORDS, keep_last=True):
    """EDA: 연산마다 ⌊n_aug/4⌋ + 1개씩(SR, RI, RS, RD 순서로, RD는 p = α) 만들고 섞어 앞의 n_aug개를 돌려준다.
    참고 코드는 원래 문장을 목록 끝에 덧붙이지만, 여기서는 증강한 문장만 돌려준다."""
    check_sentence(sentence)
    if check_alpha(alpha) == 0:
        raise ValueError("eda의 alpha는 0보다 커야 합니다 (α = 0이면 바꾸는 것이 없습니다)")
    if isinstance(n_aug, bool) or not isinstance(n_aug, (int, np.integer)) or n_aug < 1:
        raise ValueError(f"n_aug는 1 이상의 정수여야 합니다: n_aug={n_aug!r}")
    rng = check_rng(rng)
    per = n_aug // 4 + 1
    made = [synonym_replacement(sentence, alpha, rng, nouns, words) for _ in range(per)]
    made += [random_insertion(sentence, alpha, rng, nouns, words, keep_last) for _ in range(per)]
    made += [random_swap(sentence, alpha, rng, keep_last) for _ in range(per)]
    made += [random_deletion(sentence, alpha, rng, keep_last) for _ in range(per)]
    return [made[k] for k in rng.permutation(len(made))[:n_aug]]
# --8<-- [end:eda]
