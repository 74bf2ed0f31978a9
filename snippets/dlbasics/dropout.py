"""드롭아웃: torch.nn.functional.dropout과 같은 뜻의 순전파와 역전파, 그리고 앙상블로 보는 실험.

p는 **끄는** 확률이다 (torch와 같다). 학습할 때 남긴 값은 1/(1-p)배로 키우고(역 드롭아웃), 평가할 때
(training=False)와 p = 0에는 입력을 그대로 돌려준다. dropout_scale은 원소마다 곱할 값(0 또는 1/(1-p))을
만들고, dropout은 그것을 곱하고, dropout_backward는 같은 값을 기울기에 곱한다. torch의 난수와 같은 마스크는
만들 수 없으므로 테스트는 torch의 출력에서 마스크를 되찾아 대조한다.
dropout_network는 affine → ReLU → 드롭아웃 → affine, mask_average는 마스크를 여러 번 뽑은 신경망들의 평균 예측이다.
"""

from .backpropagation import affine_forward
from .activations import relu

# --8<-- [start:dropout]
import numpy as np


def check_dropout_p(p):
    if isinstance(p, bool) or not isinstance(p, (int, float, np.floating)) or not 0 <= p < 1:  # NaN도 걸린다
        raise ValueError(f"p(끄는 확률)는 0 이상 1 미만이어야 합니다: p={p!r}")


def dropout_scale(shape, p=0.5, training=True, rng=None):
    """원소마다 곱할 값: 확률 1 - p로 남기면 1/(1-p), 확률 p로 끄면 0. 평가할 때와 p = 0에는 모두 1."""
    check_dropout_p(p)
    if not isinstance(training, bool):
        raise ValueError(f"training은 True나 False여야 합니다: training={training!r}")
    if not training or p == 0:
        return np.ones(shape)
    rng = np.random.default_rng() if rng is None else rng
    keep = rng.random(shape) >= p  # 남길 자리 (확률 1 - p)
    return keep / (1 - p)


def dropout(x, p=0.5, training=True, rng=None):
    """F.dropout(x, p, training)과 같은 뜻: x ⊙ m / (1 - p), m ~ Bernoulli(1 - p)."""
    x = np.asarray(x, dtype=np.float64)
    return x * dropout_scale(x.shape, p, training, rng)
# --8<-- [end:dropout]


# --8<-- [start:dropout-backward]
import numpy as np


def dropout_backward(dout, scale):
    """∂L/∂x = ∂L/∂out ⊙ (순전파에서 곱한 값). 끈 자리로는 기울기가 흐르지 않는다."""
    dout, scale = np.asarray(dout, dtype=np.float64), np.asarray(scale, dtype=np.float64)
    if dout.shape != scale.shape:  # 브로드캐스팅 없음
        raise ValueError(f"dout의 모양 {dout.shape}이 순전파에서 곱한 값의 모양 {scale.shape}과 다릅니다")
    return dout * scale
# --8<-- [end:dropout-backward]


# --8<-- [start:ensemble]
import numpy as np


def example_network(seed=0):
    """입력 3 → 은닉 20 → 클래스 3. 학습을 마친 신경망이라고 치고 가중치를 시드로 고정해 둔다."""
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(size=(20, 3)), "b1": rng.normal(scale=0.5, size=20),
            "W2": rng.normal(scale=0.5, size=(3, 20)), "b2": np.zeros(3)}


def dropout_network(x, params, p, training, rng=None):
    """affine → ReLU → 드롭아웃(은닉층) → affine. params: W1 (H, D), b1 (H,), W2 (C, H), b2 (C,). 출력 (N, C)."""
    hidden = relu(affine_forward(x, params["W1"], params["b1"])[0])
    hidden = dropout(hidden, p, training, rng)
    return affine_forward(hidden, params["W2"], params["b2"])[0]


def mask_average(x, params, p, n_masks, rng, transform=lambda out: out):
    """마스크를 n_masks번 새로 뽑은 신경망들의 출력(transform을 거친 것)의 평균과 표준오차."""
    if isinstance(n_masks, bool) or not isinstance(n_masks, (int, np.integer)) or n_masks < 2:
        raise ValueError(f"n_masks는 2 이상의 정수여야 합니다: n_masks={n_masks!r}")
    outputs = np.array([transform(dropout_network(x, params, p, True, rng)) for _ in range(n_masks)])
    return outputs.mean(axis=0), outputs.std(axis=0, ddof=1) / np.sqrt(n_masks)
# --8<-- [end:ensemble]
