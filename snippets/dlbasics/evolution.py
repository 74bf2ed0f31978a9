"""딥러닝의 발전 1~3단계를 손글씨 숫자(scikit-learn의 digits, 8×8, 화소 값 0~16)로 비교한다.

1단계 규칙 기반: 사람이 그린 본보기와의 코사인 유사도 (rule_predict).
2단계 전통적 머신러닝: 사람이 고른 특징 (handmade_features) + 학습한 소프트맥스 회귀.
3단계 딥러닝: 원시 화소에서 끝까지 학습하는 다층 퍼셉트론 (64 → 32 → 10).
비교의 기준선: 원시 화소 위의 소프트맥스 회귀 (특징 설계도 은닉층도 없다). stage_accuracies가
한 분할에서 네 방법의 시험 정확도를 잰다.

2단계와 3단계는 같은 학습 코드(forward, backward, fit)를 쓴다. 층이 하나뿐이면 소프트맥스 회귀,
은닉층이 있으면 다층 퍼셉트론이다. 파라미터는 층마다 (weight, bias)의 리스트이고, weight의 모양은
torch의 nn.Linear(d_in, d_out).weight처럼 (d_out, d_in)이다. 어떤 함수도 받은 배열을 바꾸지 않는다.
층의 계산(affine_forward/affine_backward, relu/relu_grad), 손실, 갱신 규칙(sgd_step)과 미니배치
나누기(minibatches)는 다른 모듈의 것을 그대로 쓰고, 여기서는 층을 차례로 잇기만 한다.
"""

from .activations import relu, relu_grad
from .backpropagation import affine_backward, affine_forward
from .gradient_descent import check_lr, minibatches, sgd_step
from .losses import cross_entropy_grad, log_softmax

# --8<-- [start:images]
import numpy as np


def _as_images(images):
    """이미지 n장을 (n, 8, 8) float64로. 받는 모양은 (n, 64) 또는 (n, 8, 8), 화소 값은 0~16."""
    images = np.asarray(images, dtype=np.float64)
    if images.ndim == 2 and images.shape[1] == 64:
        images = images.reshape(-1, 8, 8)
    elif images.ndim != 3 or images.shape[1:] != (8, 8):
        raise ValueError(f"이미지는 (n, 64) 또는 (n, 8, 8) 모양이어야 합니다: 모양 {images.shape}")
    outside = images[~((images >= 0) & (images <= 16))]  # NaN도 걸린다
    if outside.size:
        raise ValueError(f"화소 값은 [0, 16] 안이어야 합니다: {outside[0]}")
    return images
# --8<-- [end:images]


# --8<-- [start:templates]
import numpy as np

# 사람이 8×8 칸에 직접 그린 숫자 0~9 ('#' 잉크, '.' 빈칸). 한 줄에 숫자 10개의 같은 행.
DIGIT_TEMPLATES = """
..####.. ....#... ..###... ..####.. ....##.. .#####.. ...##... .######. ..####.. ..####..
.##..##. ...##... .##.##.. .##..##. ...##... .##..... ..##.... .....##. .##..##. .##..##.
.##..##. ..###... .#...##. .....##. ..##.... .##..... .##..... ....##.. .##..##. .##..##.
.##..##. ....#... .....##. ...###.. .##.##.. .####... .#####.. ...####. ..####.. ..#####.
.##..##. ....#... ....##.. .....##. .######. ....##.. .##..##. ...##... ..####.. .....##.
.##..##. ....#... ...##... .....##. ....##.. .....##. .##..##. ..##.... .##..##. .....##.
.##..##. ....#... .##..... .##..##. ....##.. ....##.. .##..##. ..##.... .##..##. ....##..
..####.. ....#... .######. ..####.. ....##.. .####... ..####.. ..##.... ..####.. ..###...
"""


def digit_templates():
    """손으로 그린 본보기 10장 → (10, 8, 8). 잉크는 16 (digits의 최댓값), 빈칸은 0."""
    rows = [line.split() for line in DIGIT_TEMPLATES.strip().splitlines()]  # 8행 × 숫자 10개
    return np.array([[[16.0 if c == "#" else 0.0 for c in row[k]] for row in rows] for k in range(10)])
# --8<-- [end:templates]


# --8<-- [start:rule]
import numpy as np


def box_blur(images):
    """3×3 평균으로 흐린다 (바깥은 0). (n, H, W) → (n, H, W), avg_pool2d(x, 3, 1, padding=1)과 같다."""
    images = np.asarray(images, dtype=np.float64)
    if images.ndim != 3:
        raise ValueError(f"box_blur는 (n, H, W) 모양을 받습니다: 모양 {images.shape}")
    h, w = images.shape[1:]
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1)))
    return sum(padded[:, i : i + h, j : j + w] for i in range(3) for j in range(3)) / 9.0


def cosine_similarity(a, b, eps=1e-8):
    """행끼리의 코사인 유사도 a·b / (max(‖a‖, ε) max(‖b‖, ε)). a (n, d), b (k, d) → (n, k)"""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"a (n, d)와 b (k, d)의 d가 같아야 합니다: a 모양 {a.shape}, b 모양 {b.shape}")
    a_norm = np.maximum(np.linalg.norm(a, axis=1, keepdims=True), eps)
    b_norm = np.maximum(np.linalg.norm(b, axis=1, keepdims=True), eps)
    return (a / a_norm) @ (b / b_norm).T


def rule_predict(images):
    """1단계 규칙: ŷ = argmax_k cos(x, blur(T_k)). 학습 데이터는 쓰지 않는다. → (n,) 정수"""
    x = _as_images(images).reshape(-1, 64)
    templates = box_blur(digit_templates()).reshape(10, 64)  # 조금 어긋나도 겹치도록 흐린 본보기
    return cosine_similarity(x, templates).argmax(axis=1)
# --8<-- [end:rule]


# --8<-- [start:features]
import numpy as np

FEATURE_NAMES = (
    [f"row{i}" for i in range(8)]  # 행마다 잉크 평균
    + [f"col{j}" for j in range(8)]  # 열마다 잉크 평균
    + ["quad_tl", "quad_tr", "quad_bl", "quad_br"]  # 4×4 사분면의 잉크 평균
    + ["asym_lr", "asym_ud", "center"]  # 좌우·상하 비대칭, 가운데 2×2의 잉크
)


def handmade_features(images):
    """2단계: 사람이 고른 특징 φ(x) 23개. (n, 64) 또는 (n, 8, 8) → (n, 23), 값은 0~1."""
    x = _as_images(images) / 16.0  # 화소를 0~1로
    rows = x.mean(axis=2)  # (n, 8)
    cols = x.mean(axis=1)  # (n, 8)
    quads = x.reshape(-1, 2, 4, 2, 4).mean(axis=(2, 4)).reshape(-1, 4)  # (n, 4)
    asym_lr = np.abs(x - x[:, :, ::-1]).mean(axis=(1, 2))  # 좌우로 뒤집은 것과의 차이
    asym_ud = np.abs(x - x[:, ::-1, :]).mean(axis=(1, 2))  # 위아래로 뒤집은 것과의 차이
    center = x[:, 3:5, 3:5].mean(axis=(1, 2))  # 0은 비고 1, 8은 찬다
    return np.column_stack([rows, cols, quads, asym_lr, asym_ud, center])


def standardize(train, *others):
    """학습 데이터의 열 평균 μ, 표준편차 σ로 (x - μ) / σ. σ = 0인 열은 σ = 1로 둔다."""
    train = np.asarray(train, dtype=np.float64)
    mean, std = train.mean(axis=0), train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return [(np.asarray(a, dtype=np.float64) - mean) / std for a in (train, *others)]
# --8<-- [end:features]


# --8<-- [start:forward]
import numpy as np


def forward(params, x):
    """z_l = h_{l-1} W_lᵀ + b_l, 은닉층은 h_l = ReLU(z_l). x (N, d) → 로짓 z_L (N, C)와 역전파에 쓸 cache"""
    h, caches = x, []
    for layer, (weight, bias) in enumerate(params):
        try:
            z, affine_cache = affine_forward(h, weight, bias)  # 모양 검사도 여기서 한다
        except ValueError as err:
            raise ValueError(f"층 {layer}: {err}") from err
        caches.append((affine_cache, z))
        h = relu(z) if layer < len(params) - 1 else z  # 은닉층 뒤에만 ReLU
    return h, caches


def predict_proba(params, x):
    """모델이 낸 확률 p̂ = softmax(z). (N, C), 행의 합이 1."""
    return np.exp(log_softmax(forward(params, x)[0]))


def predict(params, x):
    """확률(= 로짓)이 가장 큰 클래스. (N,) 정수"""
    return forward(params, x)[0].argmax(axis=1)
# --8<-- [end:forward]


# --8<-- [start:backward]
import numpy as np


def backward(caches, grad_logits):
    """∂L/∂z_L (N, C)에서 층마다 (∂L/∂W_l, ∂L/∂b_l)를 거꾸로 구한다. params와 같은 모양의 리스트."""
    grads = []
    g = np.asarray(grad_logits, dtype=np.float64)  # 마지막 층의 g = ∂L/∂z_L
    for layer in reversed(range(len(caches))):
        affine_cache, z = caches[layer]
        if layer < len(caches) - 1:
            g = g * relu_grad(z)  # ∂L/∂z_l = ∂L/∂h_l ⊙ 1[z_l > 0]  (은닉층의 ReLU)
        g, grad_weight, grad_bias = affine_backward(g, affine_cache)  # g ← ∂L/∂h_{l-1} = (∂L/∂z_l) W_l
        grads.append((grad_weight, grad_bias))
    return grads[::-1]


def gradients(params, x, target):
    """교차 엔트로피의 배치 평균 L의 기울기 ∇L. target은 클래스 번호 (N,)."""
    logits, caches = forward(params, x)  # 순전파
    return backward(caches, cross_entropy_grad(logits, target))  # ∂L/∂z = (p̂ - onehot(y)) / N에서 거꾸로
# --8<-- [end:backward]


# --8<-- [start:fit]
import numpy as np


def _flatten(pairs):
    """[(W_1, b_1), (W_2, b_2), ...] → [W_1, b_1, W_2, b_2, ...] (sgd_step이 받는 배열 리스트)"""
    return [array for pair in pairs for array in pair]


def fit(params, x, target, lr, epochs, batch_size, rng, grad_fn=gradients):
    """미니배치 SGD: 에폭마다 rng로 순서를 섞어 batch_size개씩 갱신하고, 새 params를 돌려준다.
    grad_fn(params, x, target)은 층마다 (∂L/∂W, ∂L/∂b)를 낸다 (기본은 위의 gradients, 다른 모델도 같은 반복을 쓴다)."""
    check_lr(lr)
    if not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs는 0 이상의 정수여야 합니다: epochs={epochs}")
    x, target = np.asarray(x, dtype=np.float64), np.asarray(target)
    if len(x) != len(target):
        raise ValueError(f"x 모양 {x.shape}과 target 모양 {target.shape}의 샘플 수가 다릅니다")
    for _ in range(epochs):
        for batch in minibatches(len(x), batch_size, rng):
            grads = grad_fn(params, x[batch], target[batch])  # ∇L_B: 미니배치의 평균 손실의 기울기
            flat = sgd_step(_flatten(params), _flatten(grads), lr)  # θ ← θ - η ∇L_B(θ)
            params = list(zip(flat[0::2], flat[1::2]))  # 다시 층마다 (weight, bias)
    return params
# --8<-- [end:fit]


# --8<-- [start:init]
import numpy as np


def init_params(sizes, rng):
    """torch nn.Linear의 기본 초기화: W, b ~ U(-1/√d_in, 1/√d_in). sizes = (d_0, d_1, ..., C)"""
    params = []
    for d_in, d_out in zip(sizes[:-1], sizes[1:]):
        bound = 1.0 / np.sqrt(d_in)
        params.append((rng.uniform(-bound, bound, size=(d_out, d_in)), rng.uniform(-bound, bound, size=d_out)))
    return params
# --8<-- [end:init]


# --8<-- [start:settings]
LR, EPOCHS, BATCH_SIZE = 0.3, 30, 128  # 학습하는 세 모델이 똑같이 쓰는 설정: 학습률 η, 에폭 수, 미니배치 크기 B
# --8<-- [end:settings]


# --8<-- [start:experiment]
import numpy as np


def stage_accuracies(X_train, y_train, X_test, y_test, seed=0):
    """한 분할에서 네 방법의 시험 정확도 {이름: 정확도}. seed: 미니배치 순서와 다층 퍼셉트론의 초기화"""
    pixels_train, pixels_test = _as_images(X_train).reshape(-1, 64), _as_images(X_test).reshape(-1, 64)
    x_train, x_test = standardize(pixels_train, pixels_test)  # 원시 화소 64개, 표준화만 한다 (특징 설계 없음)
    phi_train, phi_test = standardize(handmade_features(X_train), handmade_features(X_test))
    models = {  # 이름: (처음 파라미터, 학습 입력, 시험 입력)
        "특징 23개 + 소프트맥스 회귀": ([(np.zeros((10, 23)), np.zeros(10))], phi_train, phi_test),
        "화소 64개 + 소프트맥스 회귀": ([(np.zeros((10, 64)), np.zeros(10))], x_train, x_test),
        "화소 64개 + 다층 퍼셉트론": (init_params((64, 32, 10), np.random.default_rng(seed)), x_train, x_test),
    }
    accuracies = {"본보기 규칙": np.mean(rule_predict(X_test) == y_test)}  # 학습하지 않는다
    for name, (params, train_inputs, test_inputs) in models.items():
        trained = fit(params, train_inputs, y_train, LR, EPOCHS, BATCH_SIZE, np.random.default_rng(seed))
        accuracies[name] = np.mean(predict(trained, test_inputs) == y_test)
    return accuracies
# --8<-- [end:experiment]
