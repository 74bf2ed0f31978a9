"""자기 지도 학습: SimCLR의 대조 손실 NT-Xent(InfoNCE)와 그 기울기, 숫자 이미지로 하는 대조 사전 학습.

nt_xent_loss(z1, z2, temperature)는 Chen 외(2020)의 손실이다. 한 배치의 N개 샘플마다 두 뷰의 임베딩
z1[i], z2[i]를 받아 2N개를 이어 붙이고, 길이 1로 정규화한 뒤 코사인 유사도 / τ를 로짓으로 삼는다. 앵커마다
자기 자신은 빼고, 짝(양성 쌍)을 정답으로 하는 교차 엔트로피를 2N개의 앵커에 대해 평균한다. torch에는 이 손실이
없으므로 테스트는 F.normalize, 행렬 곱, 대각선의 masked_fill(-inf), F.cross_entropy로 같은 계산을 짜서 대조한다.

digit_views는 8×8 숫자 이미지 한 묶음에서 무작위 뷰 두 벌(이동, 가리기, 잡음)을 만들고, encoder_forward와
encoder_backward는 아핀 변환 → ReLU → 아핀 변환(투영 헤드)인 작은 인코더를, pretrain은 NT-Xent 기울기를
인코더로 역전파해 Adam으로 학습한다. 층의 계산과 옵티마이저는 다른 모듈의 것을 그대로 쓴다.
"""

from .activations import relu, relu_grad
from .augmentation import cutout, sample_cutout_center
from .losses import log_softmax
from .backpropagation import affine_backward, affine_forward
from .evolution import init_params
from .optimizers import Adam

# --8<-- [start:checks]
import numpy as np


def check_views(z1, z2, temperature):
    """두 뷰의 임베딩 (N, D)와 온도를 검사하고 float64 배열로 돌려준다."""
    if not temperature > 0:  # NaN도 걸린다
        raise ValueError(f"temperature는 양수여야 합니다: temperature={temperature}")
    z1, z2 = np.asarray(z1, dtype=np.float64), np.asarray(z2, dtype=np.float64)
    if z1.ndim != 2 or z2.ndim != 2:
        raise ValueError(f"z1과 z2는 (N, D) 2차원이어야 합니다: 모양 {z1.shape}, {z2.shape}")
    if z1.shape != z2.shape:
        raise ValueError(f"z1과 z2의 모양이 같아야 합니다 (샘플 i의 두 뷰): 모양 {z1.shape}, {z2.shape}")
    if z1.shape[0] < 2:
        raise ValueError(f"음성 쌍이 있으려면 샘플이 2개 이상이어야 합니다: N={z1.shape[0]} (모양 {z1.shape})")
    z = np.concatenate([z1, z2])  # (2N, D): 앞의 N개가 첫째 뷰, 뒤의 N개가 둘째 뷰
    norms = np.linalg.norm(z, axis=1)
    if not np.all(norms > 0):
        rows = np.flatnonzero(~(norms > 0)).tolist()
        raise ValueError(f"길이가 0인 임베딩은 정규화할 수 없습니다: 이어 붙인 (2N, D) = {z.shape}의 행 {rows}")
    return z, norms
# --8<-- [end:checks]


# --8<-- [start:logits]
import numpy as np


def nt_xent_logits(z1, z2, temperature=0.5):
    """로짓 s_ik = cos(z_i, z_k) / τ (2N, 2N)와 앵커마다의 양성 쌍 번호 (2N,).

    대각선(자기 자신과의 유사도)은 -inf로 막는다: 소프트맥스에서 e^(-inf) = 0이 되어 빠진다."""
    z, norms = check_views(z1, z2, temperature)
    n = len(z) // 2
    u = z / norms[:, None]  # u_i = z_i / ‖z_i‖
    logits = u @ u.T / temperature  # s_ik = u_i · u_k / τ
    np.fill_diagonal(logits, -np.inf)  # k = i 는 빼고
    positives = np.concatenate([np.arange(n, 2 * n), np.arange(n)])  # i의 짝: i + N (앞 절반), i - N (뒤 절반)
    return logits, positives
# --8<-- [end:logits]


# --8<-- [start:loss]
import numpy as np


def nt_xent_loss(z1, z2, temperature=0.5):
    """L = (1/2N) Σ_i -log( e^{s_i,p(i)} / Σ_{k≠i} e^{s_ik} )"""
    logits, positives = nt_xent_logits(z1, z2, temperature)
    log_p = log_softmax(logits)  # 손실 함수 페이지의 log-sum-exp. 대각선은 e^-inf = 0이라 빠지고 log p = -inf
    return float(np.mean(-log_p[np.arange(len(positives)), positives]))  # ℓ_i = -log P_i,p(i)
# --8<-- [end:loss]


# --8<-- [start:grad]
import numpy as np


def nt_xent_weights(z1, z2, temperature=0.5):
    """앵커 i의 소프트맥스 P_ik = e^{s_ik} / Σ_{k'≠i} e^{s_ik'} (2N, 2N). 대각선은 0."""
    logits, positives = nt_xent_logits(z1, z2, temperature)
    return np.exp(log_softmax(logits)), positives


def nt_xent_loss_grad(z1, z2, temperature=0.5):
    """∂L/∂z1, ∂L/∂z2 (각각 (N, D)). 유도는 페이지의 접힌 블록."""
    weights, positives = nt_xent_weights(z1, z2, temperature)
    z, norms = check_views(z1, z2, temperature)
    two_n = len(positives)
    u = z / norms[:, None]
    target = np.zeros_like(weights)
    target[np.arange(two_n), positives] = 1.0  # Y: 양성 쌍 자리만 1
    g = (weights - target) / two_n  # ∂L/∂s_ik = (P_ik - Y_ik) / 2N
    du = (g + g.T) @ u / temperature  # s = U Uᵀ / τ 이므로 ∂L/∂U = (G + Gᵀ) U / τ
    # 정규화 u = z/‖z‖를 거꾸로: ∂L/∂z = (∂L/∂u - u (u · ∂L/∂u)) / ‖z‖
    dz = (du - u * np.sum(u * du, axis=1, keepdims=True)) / norms[:, None]
    n = two_n // 2
    return dz[:n], dz[n:]
# --8<-- [end:grad]


# --8<-- [start:views]
import numpy as np


def digit_views(images, rng, max_shift=1, cutout_size=3, noise=0.1):
    """8×8 이미지 (n, 8, 8)마다 무작위 뷰 하나: 상하좌우 이동(빈 곳은 0), 가리기(한 변 cutout_size, 가운데가
    이미지 안 어디든, 가장자리에서 잘릴 수 있다), 가우스 잡음 σ = noise. 받은 배열은 바꾸지 않는다."""
    images = np.asarray(images, dtype=np.float64)
    if images.ndim != 3 or images.shape[1:] != (8, 8):
        raise ValueError(f"images는 (n, 8, 8)이어야 합니다: 모양 {images.shape}")
    if max_shift < 0 or cutout_size < 0 or noise < 0:
        raise ValueError(f"max_shift, cutout_size, noise는 0 이상이어야 합니다: {max_shift}, {cutout_size}, {noise}")
    n, m = len(images), max_shift
    padded = np.pad(images, ((0, 0), (m, m), (m, m)))  # 둘레에 0을 m칸
    dy, dx = rng.integers(0, 2 * m + 1, size=(2, n))  # 자를 자리 = 이동
    rows = dy[:, None] + np.arange(8)  # (n, 8)
    cols = dx[:, None] + np.arange(8)
    views = padded[np.arange(n)[:, None, None], rows[:, :, None], cols[:, None, :]]
    centers = sample_cutout_center(8, 8, rng, n)  # 이미지 증강의 Cutout: 가운데는 이미지 안 어디든
    views = cutout(views[:, None], cutout_size, centers)[:, 0]  # (n, 1, 8, 8)로 넣고 채널 축을 뺀다. 0이면 가리지 않는다
    return views + noise * rng.normal(size=views.shape)
# --8<-- [end:views]


# --8<-- [start:encoder]
import numpy as np


def encoder_forward(params, x):
    """x (n, 64) → 표현 h = ReLU(x W1ᵀ + b1), 임베딩 z = h W2ᵀ + b2 (투영 헤드), 역전파용 cache."""
    (w1, b1), (w2, b2) = params
    pre, cache1 = affine_forward(x, w1, b1)
    h = relu(pre)
    z, cache2 = affine_forward(h, w2, b2)
    return h, z, (cache1, pre, cache2)


def encoder_backward(caches, dz):
    """∂L/∂z에서 파라미터의 기울기 [(dW1, db1), (dW2, db2)]."""
    cache1, pre, cache2 = caches
    dh, dw2, db2 = affine_backward(dz, cache2)
    _, dw1, db1 = affine_backward(dh * relu_grad(pre), cache1)  # ReLU: 음수였던 자리는 0
    return [(dw1, db1), (dw2, db2)]
# --8<-- [end:encoder]


# --8<-- [start:pretrain]
import numpy as np


def pretrain(params, images, steps, batch_size, lr, temperature, rng):
    """레이블 없이: 미니배치마다 뷰 두 벌 → 임베딩 → NT-Xent → 역전파 → Adam. (학습한 params, 스텝마다의 손실)"""
    images = np.asarray(images, dtype=np.float64)
    flat = [array for layer in params for array in layer]  # [W1, b1, W2, b2]
    optimizer = Adam(flat, lr=lr)
    losses = []
    for _ in range(steps):
        batch = images[rng.choice(len(images), size=batch_size, replace=False)]
        v1, v2 = (digit_views(batch, rng).reshape(batch_size, 64) for _ in range(2))
        (_, z1, c1), (_, z2, c2) = encoder_forward(params, v1), encoder_forward(params, v2)
        losses.append(nt_xent_loss(z1, z2, temperature))
        dz1, dz2 = nt_xent_loss_grad(z1, z2, temperature)
        g1, g2 = encoder_backward(c1, dz1), encoder_backward(c2, dz2)  # 두 뷰는 같은 인코더: 기울기를 더한다
        flat = optimizer.step([a + b for (la, lb) in zip(g1, g2) for a, b in zip(la, lb)])
        params = [(flat[0], flat[1]), (flat[2], flat[3])]
    return params, np.array(losses)
# --8<-- [end:pretrain]


# --8<-- [start:experiment]
import numpy as np

# 사전 학습의 설정: 인코더 64 → 64 (ReLU, 표현 h) → 32 (투영 헤드, 임베딩 z), 스텝, 미니배치 크기 N, 학습률, 온도 τ
SIZES, STEPS, BATCH_SIZE, LR, TEMPERATURE = (64, 64, 32), 600, 64, 1e-2, 0.2


def pretrained_encoder(images, seed=0):
    """레이블 없는 이미지 (n, 8, 8)로 대조 사전 학습. (처음 파라미터, 학습한 파라미터, 스텝마다의 손실)"""
    initial = init_params(SIZES, np.random.default_rng(seed))  # torch nn.Linear의 기본 초기화
    trained, losses = pretrain(initial, images, STEPS, BATCH_SIZE, LR, TEMPERATURE, np.random.default_rng(seed + 1))
    return initial, trained, losses
# --8<-- [end:experiment]
