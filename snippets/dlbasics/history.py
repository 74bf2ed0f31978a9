"""딥러닝의 역사: 이정표가 된 논문들의 계산 가운데 작게 돌려 볼 수 있는 것.

어텐션(attention): 트랜스포머(Vaswani 외 2017)의 scaled dot-product attention
softmax(QKᵀ/√d + 마스크) V와 그 역전파. 배열은 torch.nn.functional.scaled_dot_product_attention과 같다:
q (..., L, E), k (..., S, E), v (..., S, Ev) → (..., L, Ev) (S는 키의 수). 앞의 배치 축(...)은 셋이 같아야 한다 (브로드캐스팅 없음).
mask는 torch의 bool attn_mask와 같은 뜻으로 True가 볼 자리이고, (..., L, S)로 브로드캐스팅된다.
볼 자리가 하나도 없는 행은 softmax가 정의되지 않으므로 ValueError를 낸다.

잔차 연결(residual connection): ResNet(He 외 2016)의 블록 y = x + F(x), F(x) = ReLU(x W1ᵀ + b1) W2ᵀ + b2.
params는 [(W1 (H, D), b1 (H,)), (W2 (D, H), b2 (D,))], evolution.init_params와 같은 층마다 (weight, bias) 리스트다.
residual=False이면 같은 두 층의 평범한 블록 y = F(x)다. 블록을 쌓은 신경망에서 입력으로 가는 기울기의 크기를 잰다.

GAN(Goodfellow 외 2014)의 가치 함수 V(D, G)와 최적 판별자 D*(x) = p_data / (p_data + p_g).
ILSVRC의 top-5 오류율(출처와 함께)과, 층 목록에서 파라미터 수를 세는 도우미(AlexNet, VGG-16)도 둔다.
"""

from .activations import relu, relu_grad
from .backpropagation import affine_backward, affine_forward
from .evolution import init_params
from .losses import log_softmax

# --8<-- [start:attention-checks]
import numpy as np


def _check_attention(q, k, v, mask):
    """q (..., L, E), k (..., S, E), v (..., S, Ev)와 bool mask를 검사하고 float64로 돌려준다. mask는 (..., L, S)로 펼친다."""
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    shapes = f"q {q.shape}, k {k.shape}, v {v.shape}"
    if q.ndim < 2 or k.ndim != q.ndim or v.ndim != q.ndim:
        raise ValueError(f"q, k, v는 차원 수가 같고 (..., L, E), (..., S, E), (..., S, Ev) 꼴이어야 합니다: {shapes}")
    if q.shape[:-2] != k.shape[:-2] or q.shape[:-2] != v.shape[:-2]:
        raise ValueError(f"q, k, v의 앞 배치 축이 같아야 합니다: {shapes}")
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ValueError(f"q와 k의 특징 수 E, k와 v의 길이 S가 같아야 합니다: {shapes}")
    if min(q.shape[-2:] + k.shape[-2:]) == 0:
        raise ValueError(f"L, S, E는 1 이상이어야 합니다: {shapes}")
    if mask is None:
        return q, k, v, None
    mask = np.asarray(mask)
    if mask.dtype != np.bool_:
        raise ValueError(f"mask는 bool 배열이어야 합니다 (True = 볼 자리): dtype {mask.dtype}")
    target = q.shape[:-1] + (k.shape[-2],)  # (..., L, S)
    try:
        mask = np.broadcast_to(mask, target)
    except ValueError:
        raise ValueError(f"mask 모양 {mask.shape}을 점수의 모양 (..., L, S) = {target}로 펼칠 수 없습니다") from None
    if not mask.any(axis=-1).all():
        raise ValueError("mask에 True가 하나도 없는 행이 있습니다: 그 쿼리는 볼 자리가 없어 softmax가 정의되지 않습니다")
    return q, k, v, mask
# --8<-- [end:attention-checks]


# --8<-- [start:attention]
import numpy as np


def attention_forward(q, k, v, mask=None):
    """Attention(Q, K, V) = softmax(QKᵀ/√E) V. → (출력 (..., L, Ev), cache)"""
    q, k, v, mask = _check_attention(q, k, v, mask)
    scale = 1.0 / np.sqrt(q.shape[-1])  # 1/√E: 점수의 분산을 E와 상관없이 1 근처로
    scores = q @ np.swapaxes(k, -1, -2) * scale  # 점수 A (..., L, S): 쿼리와 키의 내적
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)  # 가린 자리는 -∞ → softmax에서 정확히 0
    s = scores.shape[-1]
    weights = np.exp(log_softmax(scores.reshape(-1, s))).reshape(scores.shape)  # 행마다 softmax, 합 1
    return weights @ v, (q, k, v, weights, scale)  # 출력은 값 벡터들의 가중 평균


def scaled_dot_product_attention(q, k, v, mask=None):
    """출력 (..., L, Ev)만 돌려준다 (F.scaled_dot_product_attention(q, k, v, attn_mask=mask))."""
    return attention_forward(q, k, v, mask)[0]


def attention_backward(dout, cache):
    """dout = ∂L/∂출력 (..., L, Ev) → (dq, dk, dv). 가린 자리는 가중치가 0이라 기울기도 0이다."""
    q, k, v, weights, scale = cache
    dout = np.asarray(dout, dtype=np.float64)
    if dout.shape != weights.shape[:-1] + v.shape[-1:]:
        raise ValueError(f"dout 모양 {dout.shape}이 출력 모양 {weights.shape[:-1] + v.shape[-1:]}과 다릅니다")
    dv = np.swapaxes(weights, -1, -2) @ dout  # ∂L/∂V = Pᵀ G
    dweights = dout @ np.swapaxes(v, -1, -2)  # ∂L/∂P = G Vᵀ
    # softmax의 역전파 (행마다): ∂L/∂A = P ⊙ (∂L/∂P - Σ_m P_m ∂L/∂P_m)
    dscores = weights * (dweights - (dweights * weights).sum(axis=-1, keepdims=True))
    return dscores @ k * scale, np.swapaxes(dscores, -1, -2) @ q * scale, dv  # A = QKᵀ·scale
# --8<-- [end:attention]


# --8<-- [start:causal-mask]
import numpy as np


def causal_mask(length):
    """GPT 같은 디코더의 마스크 (L, L): 시점 i는 j ≤ i만 본다 (아래 삼각이 True)."""
    if isinstance(length, bool) or not isinstance(length, (int, np.integer)) or length < 1:
        raise ValueError(f"length는 1 이상의 정수여야 합니다: length={length!r}")
    return np.tril(np.ones((length, length), dtype=bool))
# --8<-- [end:causal-mask]


# --8<-- [start:residual]
import numpy as np


def residual_forward(x, params, residual=True):
    """y = x + F(x), F(x) = ReLU(x W1ᵀ + b1) W2ᵀ + b2. x (N, D) → (y (N, D), cache). residual=False면 y = F(x)."""
    (w1, b1), (w2, b2) = params
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"x는 (N, D) 2차원이어야 합니다: 모양 {x.shape}")
    if np.shape(w2)[0] != x.shape[1]:
        raise ValueError(f"x + F(x)를 더하려면 F의 출력 수가 D와 같아야 합니다: x 모양 {x.shape}, W2 모양 {np.shape(w2)}")
    z, first = affine_forward(x, w1, b1)  # (N, H)
    f, second = affine_forward(relu(z), w2, b2)  # F(x) (N, D)
    return (x + f if residual else f), (first, z, second, residual)


def residual_backward(dy, cache):
    """∂L/∂x = ∂L/∂y + (F를 거친 몫): 덧셈 노드는 기울기를 x로 그대로 보낸다. → (dx, [(dW1, db1), (dW2, db2)])"""
    first, z, second, residual = cache
    dh, dw2, db2 = affine_backward(dy, second)
    dx_f, dw1, db1 = affine_backward(dh * relu_grad(z), first)  # ReLU'(z)를 곱해 첫 층으로
    return (dy + dx_f if residual else dx_f), [(dw1, db1), (dw2, db2)]


def residual_jacobian(x, params, residual=True):
    """샘플 하나 x (D,)에서 ∂y/∂x = I + W2 diag(ReLU'(z)) W1 (D, D). residual=False면 I가 없다."""
    (w1, b1), (w2, _) = params
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"x는 샘플 하나 (D,)여야 합니다: 모양 {x.shape}")
    z = residual_forward(x[None], params, residual)[1][1][0]  # 사전 활성화 (H,)
    jacobian_f = np.asarray(w2) @ (relu_grad(z)[:, None] * np.asarray(w1))  # ∂F/∂x
    return np.eye(x.size) + jacobian_f if residual else jacobian_f
# --8<-- [end:residual]


# --8<-- [start:deep-stack]
import numpy as np


def init_blocks(depth, width, hidden, rng):
    """블록 depth개의 파라미터. 블록마다 D → H → D 두 층을 nn.Linear의 기본 초기화로 (evolution.init_params)."""
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 1:
        raise ValueError(f"depth는 1 이상의 정수여야 합니다: depth={depth!r}")
    return [init_params((width, hidden, width), rng) for _ in range(depth)]


def stack_gradient_norms(x, blocks, direction, residual=True):
    """블록을 차례로 쌓은 신경망 x_0 = x → x_depth에서 L = Σ u ⊙ x_depth (u = direction (N, D))일 때
    l = 0, …, depth마다 ‖∂L/∂x_l‖의 배치 평균 (depth + 1,). 0번째가 입력으로 가는 기울기다."""
    caches = []
    for params in blocks:
        x, cache = residual_forward(x, params, residual)
        caches.append(cache)
    grad = np.asarray(direction, dtype=np.float64)
    if grad.shape != x.shape:
        raise ValueError(f"direction 모양 {grad.shape}이 출력 모양 {x.shape}과 다릅니다")
    norms = [np.linalg.norm(grad, axis=1).mean()]
    for cache in reversed(caches):  # 마지막 블록부터 거꾸로
        grad = residual_backward(grad, cache)[0]
        norms.append(np.linalg.norm(grad, axis=1).mean())
    return np.array(norms[::-1])
# --8<-- [end:deep-stack]


# --8<-- [start:ilsvrc]
import numpy as np

# ILSVRC 분류 과제의 우승 팀과 시험 데이터의 top-5 오류율(%): (해, 팀, 모델, 오류율, 출처)
# 모두 추가 데이터 없이 대회의 학습 데이터만 쓴 제출의 숫자다 (규칙을 한 가지로 맞춘다)
ILSVRC_TOP5 = (
    (2010, "NEC-UIUC", "HOG·LBP 특징 + 선형 SVM", 28.2, "Russakovsky 외 2015, IJCV"),
    (2011, "XRCE", "피셔 벡터 + 선형 SVM", 25.8, "Russakovsky 외 2015, IJCV"),
    (2012, "SuperVision", "AlexNet 5개의 앙상블", 16.4, "Krizhevsky 외 2012, NIPS"),
    (2013, "Clarifai", "Clarifai (Zeiler): ZFNet 꼴 CNN 앙상블", 11.7, "Russakovsky 외 2015, IJCV"),
    (2014, "GoogLeNet", "GoogLeNet 7개의 앙상블", 6.67, "Szegedy 외 2015, CVPR"),
    (2015, "MSRA", "ResNet 6개의 앙상블 (152층 둘 포함)", 3.57, "He 외 2016, CVPR"),
    (2016, "Trimps-Soushen", "CNN 앙상블", 2.99, "ILSVRC 2016 결과 발표"),
    (2017, "WMW", "SENet 앙상블", 2.251, "Hu 외 2018, CVPR"),
)
# 같은 팀이 추가 데이터(ImageNet 2011년 가을판 전체 등)로 미리 학습한 모델을 섞은 제출의 오류율
WITH_EXTRA_DATA = {2012: 15.3, 2013: 11.2}
HUMAN_TOP5 = 5.1  # 훈련한 주석자 한 사람이 시험 이미지 1500장에서 낸 오류율 (Russakovsky 외 2015)


def ilsvrc_top5():
    """(해 (8,), 오류율 (8,)) 배열. 표의 순서 그대로 2010~2017."""
    return np.array([row[0] for row in ILSVRC_TOP5]), np.array([row[3] for row in ILSVRC_TOP5])


def relative_reduction(errors):
    """해마다 줄어든 몫 1 - e_t / e_{t-1} (길이가 하나 짧다). 오류율은 0보다 커야 한다."""
    errors = np.asarray(errors, dtype=np.float64)
    if errors.ndim != 1 or errors.size < 2 or not (errors > 0).all():
        raise ValueError(f"errors는 0보다 큰 값 2개 이상의 1차원 배열이어야 합니다: {errors!r}")
    return 1.0 - errors[1:] / errors[:-1]
# --8<-- [end:ilsvrc]


# --8<-- [start:milestones]
# 노트의 열네 이정표를 처음 나온 때(arXiv 공개나 발표) 순서로: (해, 이름, 분야, 한 줄 요약)
MILESTONES = (
    (1998, "LeNet-5", "이미지", "문서 인식 CNN"),
    (2010, "ILSVRC", "대회", "1000 클래스 분류 대회 시작"),
    (2012, "AlexNet", "이미지", "GPU로 학습한 큰 CNN"),
    (2014, "GAN", "생성", "생성자와 판별자의 게임"),
    (2014, "VGG", "이미지", "3×3 합성곱을 깊이 쌓기"),
    (2014, "Seq2Seq", "언어", "LSTM 인코더-디코더 번역"),
    (2014, "GoogLeNet", "이미지", "인셉션 모듈"),
    (2015, "ResNet", "이미지", "잔차 연결, 152층"),
    (2017, "트랜스포머", "언어", "어텐션만으로 번역"),
    (2018, "GPT", "언어", "디코더 사전 학습 (6월)"),
    (2018, "BERT", "언어", "양방향 인코더 사전 학습 (10월)"),
    (2019, "EfficientNet", "이미지", "깊이·너비·해상도를 함께"),
    (2020, "ViT", "이미지", "이미지 조각을 토큰으로"),
    (2022, "ChatGPT", "언어", "GPT-3.5 + RLHF 대화"),
)
# --8<-- [end:milestones]


# --8<-- [start:gan]
import numpy as np


def gan_value(d_real, d_fake):
    """V(D, G) = E[log D(x)] + E[log(1 - D(G(z)))]. d_real: 진짜 샘플에서 판별자의 출력, d_fake: 가짜 샘플에서."""
    d_real, d_fake = (np.asarray(d, dtype=np.float64) for d in (d_real, d_fake))
    for name, d in (("d_real", d_real), ("d_fake", d_fake)):
        if d.ndim != 1 or d.size == 0 or not ((d > 0) & (d < 1)).all():
            raise ValueError(f"{name}은(는) 0과 1 사이(끝 제외) 확률의 비지 않은 1차원 배열이어야 합니다: {d!r}")
    return np.log(d_real).mean() + np.log1p(-d_fake).mean()  # 판별자는 이 값을 키우고 생성자는 줄인다


def optimal_discriminator(p_data, p_g):
    """G를 고정했을 때 V를 가장 크게 하는 판별자 D*(x) = p_data(x) / (p_data(x) + p_g(x)) (x마다)."""
    p_data, p_g = np.asarray(p_data, dtype=np.float64), np.asarray(p_g, dtype=np.float64)
    if p_data.shape != p_g.shape or (p_data < 0).any() or (p_g < 0).any() or not (p_data + p_g > 0).all():
        raise ValueError(f"p_data와 p_g는 모양이 같고 음이 아니며 합이 0보다 커야 합니다: {p_data!r}, {p_g!r}")
    return p_data / (p_data + p_g)
# --8<-- [end:gan]


# --8<-- [start:param-count]
import numpy as np


def _positive(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name}은(는) 1 이상의 정수여야 합니다: {name}={value!r}")
    return int(value)


def conv_params(c_in, c_out, kernel_size, groups=1, bias=True):
    """nn.Conv2d의 파라미터 수 C_out · (C_in / g) · k_h · k_w + C_out (편향). kernel_size는 정수나 (k_h, k_w)."""
    k_h, k_w = kernel_size if isinstance(kernel_size, tuple) else (kernel_size, kernel_size)
    c_in, c_out, groups = _positive(c_in, "c_in"), _positive(c_out, "c_out"), _positive(groups, "groups")
    if c_in % groups or c_out % groups:
        raise ValueError(f"c_in과 c_out은 groups로 나누어떨어져야 합니다: c_in={c_in}, c_out={c_out}, groups={groups}")
    return c_out * (c_in // groups) * _positive(k_h, "k_h") * _positive(k_w, "k_w") + (c_out if bias else 0)


def linear_params(d_in, d_out, bias=True):
    """nn.Linear의 파라미터 수 d_out · d_in + d_out (편향)."""
    return _positive(d_out, "d_out") * _positive(d_in, "d_in") + (d_out if bias else 0)


def count_params(layers):
    """층 목록 [("conv", c_in, c_out, k[, groups]) 또는 ("linear", d_in, d_out)]의 층마다 파라미터 수 (리스트)."""
    counters = {"conv": conv_params, "linear": linear_params}
    if any(not isinstance(layer, tuple) or layer[:1] not in {("conv",), ("linear",)} for layer in layers):
        raise ValueError(f"층은 ('conv', …) 또는 ('linear', …) 튜플이어야 합니다: {layers!r}")
    return [counters[kind](*args) for kind, *args in layers]
# --8<-- [end:param-count]


# --8<-- [start:networks]
# AlexNet (Krizhevsky 외 2012): 그래픽카드 두 장에 나눈 원래 구조. conv2·4·5는 같은 카드의 절반만 본다 (groups=2)
ALEXNET = [("conv", 3, 96, 11), ("conv", 96, 256, 5, 2), ("conv", 256, 384, 3), ("conv", 384, 384, 3, 2),
           ("conv", 384, 256, 3, 2), ("linear", 256 * 6 * 6, 4096), ("linear", 4096, 4096), ("linear", 4096, 1000)]

# VGG-16 (Simonyan, Zisserman 2015의 구성 D): 3×3 합성곱 13개 (숫자는 출력 채널, "M"은 2×2 최대 풀링) + 완전 연결 3개
VGG16_CHANNELS = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]


def vgg_layers(channels, classes=1000):
    """VGG 채널 목록을 층 목록으로: 합성곱은 3×3, 마지막 특징 맵 512×7×7을 완전 연결 층 4096 → 4096 → classes로."""
    layers, c_in = [], 3
    for c in channels:
        if c != "M":
            layers.append(("conv", c_in, c, 3))
            c_in = c
    return layers + [("linear", c_in * 7 * 7, 4096), ("linear", 4096, 4096), ("linear", 4096, classes)]
# --8<-- [end:networks]
