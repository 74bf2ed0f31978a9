# %% [markdown]
# # 실습: 손글씨 숫자 분류기를 처음부터
#
# 이 노트북은 앞 장들에서 하나씩 배운 조각만으로 손글씨 숫자 분류기를 만들고 학습합니다. 쓰는 조각은
# [가중치 초기화](../better-training/initialization.md), [활성화 함수](../building-blocks/activations.md)(ReLU),
# [손실 함수](../building-blocks/losses.md)(교차 엔트로피), [역전파](../building-blocks/backpropagation.md),
# [옵티마이저](../better-training/optimizers.md)(Adam), [드롭아웃](../better-training/dropout.md)입니다.
# 조각의 코드는 import하지 않고 모두 이 노트북에 실려 있으므로, 셀을 위에서부터 차례로 실행하면 됩니다.
#
# 라이브러리에서 실어 온 셀은 첫 줄의 주석이 어디서 왔는지 밝힙니다. 예를 들어 `# dlbasics/activations.py — relu`는
# 라이브러리 `dlbasics`의 파일 `activations.py`에서 `relu`라는 이름의 절을 실었다는 뜻이고, 그 코드는 ReLU를 가르치는
# 페이지에 실린 것과 똑같습니다. 이런 셀은 사이트에서 접힌 채 보이고, 내려받은 노트북도 JupyterLab에서는 접힌 채
# 열립니다(다른 편집기는 펼쳐 보일 수 있습니다). 실습의 흐름만 따라가려면 이런 셀은 펼치지 않고 실행만 해도 됩니다.
#
# 순서는 이렇습니다.
#
# 1. 데이터를 읽고 학습 데이터와 시험 데이터로 나눕니다.
# 2. 층, 초기화, 손실을 라이브러리에서 가져와 다층 퍼셉트론(MLP) 하나로 잇습니다.
# 3. 같은 신경망을 PyTorch로 만들어, 몇 스텝 동안 손실과 모든 파라미터가 같게 움직이는지 확인합니다.
# 4. 학습하고, 학습 곡선과 혼동 행렬을 그려 무엇을 틀리는지 읽습니다.
#
# 그림에 한글을 쓰려면 `koreanize-matplotlib` 패키지가 필요합니다. 없다면 먼저 한 셀에서
# `%pip install koreanize-matplotlib`을 실행하세요.

# %%
import os
os.environ["OPENBLAS_NUM_THREADS"] = "1"  # 작은 행렬곱은 스레드 하나가 빠르다 (NumPy를 읽기 전에 정한다)
# %matplotlib inline
# %config InlineBackend.figure_formats = ["svg"]
import koreanize_matplotlib  # 그림의 한글 글꼴 (나눔고딕)
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)  # torch와 NumPy를 float64로 맞춰 비교한다
torch.set_num_threads(1)
plt.rcParams.update({"font.size": 11, "axes.titlesize": 12, "axes.labelsize": 11})

# %% [markdown]
# 첫 셀의 `%matplotlib inline`과 `%config`는 그림을 노트북 안에 SVG로 그리게 하고, `koreanize_matplotlib`은
# 그림 글꼴을 나눔고딕으로 바꿉니다. 비교를 float64로 하므로 torch의 기본 자료형도 float64로 맞춥니다.
# 이 노트북의 행렬은 작아서 계산을 여러 스레드로 나누면 오히려 느리므로, NumPy와 torch 모두 스레드를 하나로 정합니다.
# (NumPy의 스레드 수는 NumPy를 처음 읽기 전에 정해야 하므로 맨 앞에 둡니다.)

# %% [markdown]
# ## 데이터: 손글씨 숫자 1797장
#
# scikit-learn에 들어 있는 `digits`는 손글씨 숫자 0~9의 $8 \times 8$ 이미지 1797장이고, 화소 값은 0~16의
# 정수입니다. [딥러닝의 발전 5단계](../evolution/index.md#실험-준비-손글씨-숫자-데이터)와 같이 숫자별 비율을 지키는
# 층화 분할로 70%를 학습 데이터, 30%를 시험 데이터로 나눕니다. 시험 데이터는 학습에도, 설정을 고르는 데도 쓰지
# 않고 성능을 재는 데만 씁니다.
#
# 화소 64개는 학습 데이터의 평균과 표준편차로 표준화합니다. 시험 데이터도 **학습 데이터의** 평균과 표준편차로
# 바꿉니다. 학습 데이터에서 늘 0인 화소 4개(모두 이미지의 왼쪽이나 오른쪽 끝 열에 있습니다)는 표준편차가 0이므로
# 나누지 않습니다.

# %%
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

X, y = load_digits(return_X_y=True)  # X (1797, 64): 화소 값 0~16, y (1797,): 숫자 0~9
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)
mean, std = X_train.mean(axis=0), X_train.std(axis=0)
constant = np.flatnonzero(std == 0)  # 학습 데이터에서 늘 같은 값인 화소
std = np.where(std > 0, std, 1.0)  # 그런 화소는 나누지 않는다
x_train, x_test = (X_train - mean) / std, (X_test - mean) / std
print(f"학습 데이터 {len(x_train)}장, 시험 데이터 {len(x_test)}장, 화소 {x_train.shape[1]}개")
print("시험 데이터의 숫자별 장수:", np.bincount(y_test))
print("학습 데이터에서 늘 0인 화소 (행, 열):", [divmod(int(i), 8) for i in constant])
assert (len(x_train), len(x_test)) == (1257, 540) and np.all(X_train[:, constant] == 0)
assert len(constant) == 4 and all(i % 8 in (0, 7) for i in constant)  # 모두 왼쪽이나 오른쪽 끝 열

# %% [markdown]
# ## 모델: 층을 쌓아 만드는 신경망
#
# 모델은 화소 64개 → 은닉층 뉴런 64개 → 클래스 10개인 다층 퍼셉트론입니다. 은닉층은
# [아핀 변환](../building-blocks/backpropagation.md#affine-계층) 뒤에 [ReLU](../building-blocks/activations.md#relu)를
# 거치고, 학습할 때만 [드롭아웃](../better-training/dropout.md#드롭아웃의-식)으로 뉴런의 일부를 끕니다.
#
# $$
# \begin{aligned}
# h &= \operatorname{ReLU}(x W_1^\top + b_1), \qquad \tilde h = h \odot s, \\
# z &= \tilde h\, W_2^\top + b_2
# \end{aligned}
# $$
#
# $s$는 원소마다 곱할 값으로, 학습할 때는 확률 $1 - p$로 $1/(1-p)$, 확률 $p$로 0이고 평가할 때는 모두 1입니다.
# $z$는 클래스 10개의 로짓입니다. 아래 셀들이 라이브러리에서 아핀 변환, ReLU, 드롭아웃을 싣습니다.

# %%
# --8<-- "dlbasics/activations.py:linear"

# %%
# --8<-- "dlbasics/activations.py:relu"

# %%
# --8<-- "dlbasics/backpropagation.py:affine"

# %%
# --8<-- "dlbasics/dropout.py:dropout"

# %%
# --8<-- "dlbasics/dropout.py:dropout-backward"

# %% [markdown]
# 이 조각들을 잇는 것은 우리 몫입니다. `forward`는 곱할 값 `scale`을 인자로 받습니다. 학습 루프는
# `dropout_scale`로 스텝마다 새 마스크를 뽑아 넘기고, 평가할 때는 1을 넘깁니다. 마스크를 밖에서 받게 해 두면 뒤에서
# torch와 **같은** 마스크로 비교할 수 있습니다. 파라미터는 옵티마이저가 받는 모양대로 배열 네 개의 리스트
# `[W1, b1, W2, b2]`로 다룹니다.

# %%
HIDDEN, P = 64, 0.2  # 은닉 뉴런 수, 드롭아웃이 끄는 확률 p


def forward(params, x, scale):
    """x (N, 64) → 로짓 z (N, 10). scale: 은닉층에 곱할 값 (N, HIDDEN), 평가할 때는 1.0"""
    W1, b1, W2, b2 = params
    a1, fc1 = affine_forward(x, W1, b1)  # a1 = x W1ᵀ + b1
    h = relu(a1) * scale  # h̃ = ReLU(a1) ⊙ s
    z, fc2 = affine_forward(h, W2, b2)  # z = h̃ W2ᵀ + b2
    return z, (fc1, a1, scale, fc2)


def predict(params, x):
    return forward(params, x, 1.0)[0].argmax(axis=1)  # 평가: 드롭아웃 없이 로짓이 가장 큰 클래스

# %% [markdown]
# 순전파가 torch의 같은 층과 같은지 먼저 봅니다. 가중치는 아무 값이나 넣고, 드롭아웃 마스크는 `dropout_scale`로
# 한 번 뽑아 양쪽에 똑같이 곱합니다. 곱할 값이 0과 $1/(1-p) = 1.25$ 두 가지뿐인지도 확인합니다.

# %%
rng = np.random.default_rng(0)
demo = [rng.normal(size=(HIDDEN, 64)) / 8, rng.normal(size=HIDDEN), rng.normal(size=(10, HIDDEN)) / 8, rng.normal(size=10)]
scale = dropout_scale((5, HIDDEN), P, True, rng)
print("곱할 값의 종류:", np.unique(scale))

t = [torch.from_numpy(a) for a in demo]
z_torch = F.linear(F.relu(F.linear(torch.from_numpy(x_train[:5]), t[0], t[1])) * torch.from_numpy(scale), t[2], t[3])
torch.testing.assert_close(torch.from_numpy(forward(demo, x_train[:5], scale)[0]), z_torch, rtol=1e-12, atol=1e-12)
assert set(np.unique(scale)) <= {0.0, 1 / (1 - P)}
assert np.array_equal(dropout(x_train[:5], P, training=False), x_train[:5])  # 평가할 때는 그대로

# %% [markdown]
# ## 초기화: He와 Xavier
#
# 은닉 뉴런들의 가중치를 모두 같은 값(예를 들어 0)으로 시작하면 뉴런들이 같은 값을 내고 같은 기울기를 받아, 끝까지
# 같은 뉴런으로 남습니다. 그래서 가중치를 작은 난수로 시작합니다. ReLU 앞의 $W_1$은 [He 초기화](../better-training/initialization.md#he-초기화)
# (분산 $2/n_\mathrm{in}$)로, 활성화 함수가 없는 출력층의 $W_2$는
# [Xavier 초기화](../better-training/initialization.md#xavier-초기화)(분산 $2/(n_\mathrm{in} + n_\mathrm{out})$)로 뽑고,
# 편향은 0에서 시작합니다.

# %%
# --8<-- "dlbasics/initialization.py:gain-and-fans"

# %%
# --8<-- "dlbasics/initialization.py:xavier"

# %%
# --8<-- "dlbasics/initialization.py:kaiming"

# %%
def init_params(rng):
    """[W1, b1, W2, b2]: W1은 He 정규 분포, W2는 Xavier 균등 분포, 편향은 0."""
    W1 = kaiming_normal((HIDDEN, 64), nonlinearity="relu", rng=rng)  # std = √(2 / 64)
    W2 = xavier_uniform((10, HIDDEN), rng=rng)  # U(-a, a), a = √(6 / (64 + 10))
    return [W1, np.zeros(HIDDEN), W2, np.zeros(10)]


params0 = init_params(np.random.default_rng(0))
print(f"W1의 표준편차 {params0[0].std():.4f} (목표 {kaiming_std((HIDDEN, 64), nonlinearity='relu'):.4f})")
print(f"W2의 최댓값 {np.abs(params0[2]).max():.4f} (경계 {np.sqrt(3) * xavier_std((10, HIDDEN)):.4f})")

# %%
# torch.nn.init과 같은 이득과 표준편차인지: torch로 큰 가중치를 뽑아 표준편차를 견준다
torch.manual_seed(0)
big = torch.empty(2000, 64)
torch.nn.init.kaiming_normal_(big, nonlinearity="relu")
assert calculate_gain("relu") == torch.nn.init.calculate_gain("relu")
assert abs(big.std().item() - kaiming_std((2000, 64), nonlinearity="relu")) < 0.003
assert abs(params0[0].std() - np.sqrt(2 / 64)) < 0.01 and np.abs(params0[2]).max() <= np.sqrt(6 / 74)

# %% [markdown]
# ## 손실과 역전파
#
# 손실은 로짓의 [교차 엔트로피](../building-blocks/losses.md#cross-entropy)를 배치에서 평균한 것이고, 그 기울기는
# 소프트맥스 확률에서 원-핫 벡터를 뺀 것입니다 ([손실 함수](../building-blocks/losses.md#소프트맥스와-교차-엔트로피의-기울기-유도)에서
# 유도합니다).
#
# $$
# \begin{aligned}
# L &= -\frac{1}{N} \sum_{i=1}^{N} \log \hat p_{i, y_i}, \\
# \frac{\partial L}{\partial z_i} &= \frac{1}{N}\bigl(\hat p_i - \operatorname{onehot}(y_i)\bigr)
# \end{aligned}
# $$
#
# $\hat p_i = \operatorname{softmax}(z_i)$이고 $N$은 배치의 샘플 수입니다. 아래 셀들이 이 손실과 기울기를 싣습니다.

# %%
# --8<-- "dlbasics/losses.py:reduction"

# %%
# --8<-- "dlbasics/losses.py:log-softmax"

# %%
# --8<-- "dlbasics/losses.py:cross-entropy"

# %%
# --8<-- "dlbasics/losses.py:cross-entropy-terms"

# %%
# --8<-- "dlbasics/losses.py:ignore-index"

# %% [markdown]
# [역전파](../building-blocks/backpropagation.md)는 순전파를 거꾸로 밟습니다. 출력층의 아핀 변환에서 $\partial L/\partial \tilde h$를
# 얻고, 드롭아웃이 곱했던 값을 다시 곱하고(끈 뉴런으로는 기울기가 흐르지 않습니다), ReLU가 꺼진 자리에서 막은 뒤,
# 첫 아핀 변환에서 $W_1$, $b_1$의 기울기를 얻습니다.

# %%
def backward(cache, z, target):
    """순전파의 역순으로 [∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2]를 구한다 (params와 같은 순서, 같은 모양)."""
    fc1, a1, scale, fc2 = cache
    dz = cross_entropy_grad(z, target)  # (p̂ - onehot(y)) / N
    dh, dW2, db2 = affine_backward(dz, fc2)  # ∂L/∂h̃ = dz W2
    da1 = dropout_backward(dh, scale) * relu_grad(a1)  # 끈 뉴런과 꺼진 ReLU에서 막힌다
    _, dW1, db1 = affine_backward(da1, fc1)
    return [dW1, db1, dW2, db2]

# %% [markdown]
# 처음 파라미터에서 배치 하나의 손실과 네 기울기를 torch의 autograd와 견줍니다. 열 클래스에 확률을 똑같이
# 0.1씩 주는 모델의 손실은 $\log 10 \approx 2.30$입니다. 아직 아무것도 배우지 않은 모델의 손실이 그보다 크다면,
# 로짓이 근거 없이 흩어져 있어서 어떤 클래스에는 까닭 없이 큰 확률을 주고 있다는 뜻입니다.

# %%
scale = dropout_scale((64, HIDDEN), P, True, np.random.default_rng(1))
z, cache = forward(params0, x_train[:64], scale)
loss0 = cross_entropy(z, y_train[:64])
grads = backward(cache, z, y_train[:64])
print(f"처음 손실 {loss0:.2f}, log 10 = {np.log(10):.2f}, 처음 로짓의 표준편차 {z.std():.2f}")

t = [torch.tensor(a, requires_grad=True) for a in params0]
z_torch = F.linear(F.relu(F.linear(torch.from_numpy(x_train[:64]), t[0], t[1])) * torch.from_numpy(scale), t[2], t[3])
loss_torch = F.cross_entropy(z_torch, torch.from_numpy(y_train[:64]))
loss_torch.backward()
torch.testing.assert_close(torch.tensor(loss0), loss_torch.detach(), rtol=1e-12, atol=1e-12)
for g, p in zip(grads, t, strict=True):
    torch.testing.assert_close(torch.from_numpy(g), p.grad, rtol=1e-9, atol=1e-12)
assert round(loss0, 2) == 3.15 and round(z.std(), 2) == 1.55

# %% [markdown]
# ## 옵티마이저: Adam, 그리고 torch와 한 스텝씩 대조
#
# 기울기로 파라미터를 고치는 규칙은 [Adam](../better-training/optimizers.md#adam)입니다. 기울기의 이동 평균 $m$과
# 기울기 제곱의 이동 평균 $v$를 두고, 0에서 시작한 치우침을 편향 보정으로 바로잡아 성분마다 걸음을 정합니다.
#
# $$
# \begin{aligned}
# m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t, \\
# v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g_t^2, \\
# \theta_t &= \theta_{t-1} - \eta \frac{m_t / (1 - \beta_1^t)}{\sqrt{v_t / (1 - \beta_2^t)} + \epsilon}
# \end{aligned}
# $$
#
# 학습률은 $\eta = 0.003$, 나머지는 PyTorch의 기본값 $(\beta_1, \beta_2) = (0.9, 0.999)$, $\epsilon = 10^{-8}$입니다.
# 라이브러리의 옵티마이저는 기울기 목록의 모양 검사(`sgd-step` 절), 가중치 감쇠(`weight-decay` 절), 수의 범위
# 검사(`checks` 절)를 함께 씁니다.

# %%
# --8<-- "dlbasics/gradient_descent.py:sgd-step"

# %%
# --8<-- "dlbasics/optimization.py:weight-decay"

# %%
# --8<-- "dlbasics/schedulers.py:checks"

# %%
# --8<-- "dlbasics/optimizers.py:optimizer"

# %%
# --8<-- "dlbasics/optimizers.py:adam"

# %%
# --8<-- "dlbasics/gradient_descent.py:minibatches"

# %% [markdown]
# **torch와 한 스텝씩 대조하기.** 이제 같은 신경망을 `torch.nn`으로 만들어, 같은 처음 가중치와 같은 배치로 몇 스텝 학습하며 스텝마다 손실과 모든
# 파라미터를 견줍니다. torch 쪽은 진짜 `nn.Dropout`을 씁니다. torch의 난수로 NumPy와 같은 마스크를 뽑을 수는 없으므로,
# 거꾸로 torch가 스텝마다 뽑은 마스크를 읽어 NumPy 쪽에 넘깁니다. 드롭아웃 층에 훅을 달아 출력이 0이 아닌 자리를
# 남긴 뉴런으로 읽고, 남긴 자리는 $1/(1-p)$, 끈 자리는 0을 곱합니다. ReLU가 이미 0으로 만든 자리는 남겼는지 알 수
# 없지만, 그 자리는 값도 기울기도 0이라 어느 쪽으로 읽어도 결과가 같습니다.

# %%
import torch.nn as nn

LR, BATCH_SIZE = 0.003, 64


def torch_copy(params):
    """같은 가중치를 넣은 nn.Sequential(Linear, ReLU, Dropout, Linear)."""
    net = nn.Sequential(nn.Linear(64, HIDDEN), nn.ReLU(), nn.Dropout(P), nn.Linear(HIDDEN, 10))
    with torch.no_grad():
        for layer, (W, b) in zip((net[0], net[3]), (params[:2], params[2:])):
            layer.weight.copy_(torch.from_numpy(W))
            layer.bias.copy_(torch.from_numpy(b))
    return net


torch.manual_seed(0)
net = torch_copy(params0)
torch_opt = torch.optim.Adam(net.parameters(), lr=LR)
masks = []
net[2].register_forward_hook(lambda module, inputs, output: masks.append(output.detach() != 0))

opt = Adam(params0, lr=LR)
batches = minibatches(len(x_train), BATCH_SIZE, np.random.default_rng(1))[:5]
for step, batch in enumerate(batches, start=1):
    x_b, y_b = x_train[batch], y_train[batch]
    torch_opt.zero_grad()
    loss_torch = F.cross_entropy(net(torch.from_numpy(x_b)), torch.from_numpy(y_b))
    loss_torch.backward()
    torch_opt.step()

    scale = masks[-1].numpy() / (1 - P)  # torch가 이번 스텝에 쓴 마스크
    z, cache = forward(opt.params, x_b, scale)
    loss = cross_entropy(z, y_b)
    opt.step(backward(cache, z, y_b))

    torch.testing.assert_close(torch.tensor(loss), loss_torch.detach(), rtol=1e-9, atol=1e-12)
    for ours, theirs in zip(opt.params, (net[0].weight, net[0].bias, net[3].weight, net[3].bias), strict=True):
        torch.testing.assert_close(torch.from_numpy(ours), theirs.detach(), rtol=1e-9, atol=1e-12)
    dropped = 1 - masks[-1][torch.from_numpy(cache[1] > 0)].double().mean().item()
    print(f"스텝 {step}: 손실 {loss:.6f} (torch {loss_torch.item():.6f}), 켜진 뉴런 가운데 끈 비율 {dropped:.2f}")
    assert 0.1 < dropped < 0.3  # 드롭아웃이 정말 켜져 있었다
assert sum(p.size for p in opt.params) == 4810
print(f"다섯 스텝 모두 손실과 파라미터 {sum(p.size for p in opt.params)}개가 torch와 rtol 1e-9 안에서 같다")


# %% [markdown]
# 다섯 스텝 모두 손실과 파라미터 4810개가 torch와 상대 오차 $10^{-9}$ 안에서 같습니다. 순전파, 드롭아웃, 손실,
# 역전파, Adam의 갱신이 스텝을 거듭해도 torch와 어긋나지 않는다는 뜻입니다. 다만 Adam은 기울기의 크기에 거의 둔감하므로(걸음이 대략
# $m/\sqrt{v}$), 기울기 자체가 맞다는 것은 이 대조보다 위의 autograd 대조가 보장합니다. 끈 비율이 스텝마다 $p = 0.2$ 둘레에서 흔들리는 것은
# 마스크가 무작위이기 때문입니다.

# %% [markdown]
# ## 학습
#
# 이제 마스크를 NumPy에서 `dropout_scale`로 뽑으며 20 에폭 학습합니다. 한 에폭은 학습 데이터 1257장을 새로 섞어
# 64장씩 자른 미니배치 20개, 곧 20 스텝입니다. 에폭이 끝날 때마다 드롭아웃을 끈 평가 모드로 학습 데이터와 시험
# 데이터 전체의 손실과 정확도를 잽니다. 난수는 셋으로 나눠 시드를 고정합니다: 초기화(0), 배치 순서(1), 드롭아웃
# 마스크(2). 학습은 끄는 확률 $p$를 받는 함수 `train(p)` 하나로 묶어, 연습 5에서 $p$만 바꿔 다시 부를 수 있게 합니다.

# %%
EPOCHS = 20


def evaluate(params, x, target):
    """평가 모드(드롭아웃 없음)의 평균 손실과 정확도."""
    z = forward(params, x, 1.0)[0]
    return cross_entropy(z, target), np.mean(z.argmax(axis=1) == target)


def train(p, report=()):
    """드롭아웃이 끄는 확률 p로 EPOCHS 에폭 학습한다 (시드는 늘 같다). 학습한 파라미터와 에폭마다의 기록을 돌려준다."""
    opt = Adam(init_params(np.random.default_rng(0)), lr=LR)
    batch_rng, mask_rng = np.random.default_rng(1), np.random.default_rng(2)
    history = {"train_loss": [], "test_loss": [], "train_acc": [], "test_acc": []}
    for epoch in range(1, EPOCHS + 1):
        for batch in minibatches(len(x_train), BATCH_SIZE, batch_rng):
            scale = dropout_scale((len(batch), HIDDEN), p, True, mask_rng)  # 스텝마다 새 마스크
            z, cache = forward(opt.params, x_train[batch], scale)
            opt.step(backward(cache, z, y_train[batch]))
        for split, (x_s, y_s) in {"train": (x_train, y_train), "test": (x_test, y_test)}.items():
            loss, acc = evaluate(opt.params, x_s, y_s)
            history[f"{split}_loss"].append(loss)
            history[f"{split}_acc"].append(acc)
        if epoch in report:
            print(f"에폭 {epoch:2d}: 학습 손실 {history['train_loss'][-1]:.3f}, 시험 손실 {history['test_loss'][-1]:.3f}, "
                  f"학습 정확도 {history['train_acc'][-1]:.1%}, 시험 정확도 {history['test_acc'][-1]:.1%}")
    return opt.params, history


params, history = train(P, report=(1, 5, 10, 20))

# %% [markdown]
# ## 학습 곡선
#
# 에폭마다 잰 손실과 정확도를 그립니다. 위는 손실, 아래는 정확도이고, 실선이 학습 데이터, 점선이 시험 데이터입니다.

# %% alt="에폭 1~20의 손실(위, 로그 눈금)과 정확도(아래). 학습 손실은 0.018까지 계속 줄지만 시험 손실은 10 에폭 뒤로 0.15 언저리에 머물고, 정확도는 학습 99.8%, 시험 97.8%로 끝난다."
epochs = np.arange(1, EPOCHS + 1)
fig, (ax_loss, ax_acc) = plt.subplots(2, 1, figsize=(5, 5.6), sharex=True, layout="constrained")
ax_loss.plot(epochs, history["train_loss"], "-", color="tab:blue", label="학습 데이터")
ax_loss.plot(epochs, history["test_loss"], "--", color="tab:orange", label="시험 데이터")
ax_loss.set_ylabel("교차 엔트로피 손실")
ax_loss.set_yscale("log")
ax_loss.set_yticks([0.02, 0.05, 0.1, 0.2, 0.5, 1], ["0.02", "0.05", "0.1", "0.2", "0.5", "1"])  # 로그 눈금을 보통 수로
ax_loss.minorticks_off()
ax_loss.set_title("에폭마다의 손실과 정확도")
ax_loss.legend()
ax_acc.plot(epochs, 100 * np.array(history["train_acc"]), "-", color="tab:blue", label="학습 데이터")
ax_acc.plot(epochs, 100 * np.array(history["test_acc"]), "--", color="tab:orange", label="시험 데이터")
ax_acc.set_xlabel("에폭")
ax_acc.set_ylabel("정확도 (%)")
ax_acc.set_ylim(75, 100.5)
ax_acc.set_xticks([1, 5, 10, 15, 20])
for ax in (ax_loss, ax_acc):
    ax.grid(alpha=0.3)
plt.show()

# %% [markdown]
# 읽을 것은 세 가지입니다.
#
# - 첫 에폭만 지나도 시험 정확도가 77%를 넘고, 10 에폭이면 97%대에 닿습니다. 숫자 이미지가 작고 가지런해서 금방 배웁니다.
# - 학습 손실은 끝까지 줄어 0.018이 되지만, 시험 손실은 10 에폭의 0.17에서 20 에폭의 0.15로 조금밖에 줄지 않습니다. 두 곡선의 틈은
#   모델이 학습 데이터에만 맞는 부분을 배우고 있다는 신호, 곧 [과적합](../better-training/fitting.md#학습-오차와-시험-오차)이
#   시작된다는 신호입니다. 드롭아웃은 이런 틈을 줄이려고 넣는 규제입니다. 이 작은 문제에서 정말 줄이는지는
#   [연습 5](#연습-5-드롭아웃을-끄면-틈이-벌어질까)에서 드롭아웃을 끄고 다시 학습해 잽니다.
# - 정확도로 보면 학습 99.8%, 시험 97.8%로 틈이 2%p입니다. 시험 데이터 540장에서 1장은 0.19%p이므로, 시험에서
#   틀린 것은 12장입니다.
#
# 여기서 시험 곡선을 보고 에폭 수를 고르면 시험 데이터를 설정 고르기에 쓴 셈이 됩니다. 에폭 수나 $p$를 고르려면
# 학습 데이터에서 [검증 데이터](../building-blocks/activations.md#데이터)를 따로 떼어야 합니다. 이 노트북은 설정을
# 미리 정해 두고 바꾸지 않았습니다.

# %%
final = {key: values[-1] for key, values in history.items()}
wrong = int(np.sum(predict(params, x_test) != y_test))
print(f"첫 에폭의 시험 정확도 {history['test_acc'][0]:.1%}, 10 에폭 {history['test_acc'][9]:.1%}")
print(f"마지막: 학습 손실 {final['train_loss']:.3f}, 시험 손실 {final['test_loss']:.2f}, "
      f"학습 정확도 {final['train_acc']:.1%}, 시험 정확도 {final['test_acc']:.1%}, 틀린 시험 이미지 {wrong}장")
print(f"시험 손실: 10 에폭 {history['test_loss'][9]:.2f}, 20 에폭 {history['test_loss'][19]:.2f}")
assert history["test_acc"][0] > 0.77 and 0.97 <= history["test_acc"][9] < 0.98
assert round(final["train_loss"], 3) == 0.018 and round(final["test_loss"], 2) == 0.15
assert f"{final['train_acc']:.1%}" == "99.8%" and f"{final['test_acc']:.1%}" == "97.8%" and wrong == 12
assert round(history["test_loss"][9], 2) == 0.17 and max(history["test_loss"][9:]) < 0.18  # 10 에폭 뒤로는 조금만 준다
assert np.all(np.diff(history["train_loss"][1:]) < 0.01)  # 학습 손실은 (거의) 줄기만 한다
assert round(100 * (final["train_acc"] - final["test_acc"])) == 2 and round(100 / len(y_test), 2) == 0.19

# %% [markdown]
# ## 혼동 행렬: 무엇을 무엇으로 틀리나
#
# 정확도 하나로는 **어떤** 숫자를 틀리는지 알 수 없습니다. 혼동 행렬은 행이 실제 숫자, 열이 모델이 예측한 숫자인
# $10 \times 10$ 표로, 칸 $(i, j)$에 실제로는 $i$인데 $j$라고 답한 시험 이미지의 장수를 적습니다. 대각선이 맞힌
# 것이고, 대각선 밖의 칸이 틀린 것입니다.

# %% alt="시험 데이터 540장의 10×10 혼동 행렬. 대각선 밖의 칸은 모두 1~2장이고, 8을 1로 본 칸이 2장이다."
predicted = predict(params, x_test)
confusion = np.zeros((10, 10), dtype=int)
np.add.at(confusion, (y_test, predicted), 1)  # 칸 (실제, 예측)에 1씩 더한다

fig, ax = plt.subplots(figsize=(5, 4.8), layout="constrained")
ax.imshow(np.log1p(confusion), cmap="Blues")  # 색은 log(1 + 장수): 대각선 밖의 1, 2장도 보이게
for i in range(10):
    for j in range(10):
        if confusion[i, j]:
            ax.text(j, i, confusion[i, j], ha="center", va="center", fontsize=11,
                    color="white" if i == j else "black")
ax.set_xticks(range(10))
ax.set_yticks(range(10))
ax.set_xlabel("예측한 숫자")
ax.set_ylabel("실제 숫자")
ax.set_title(f"시험 데이터의 혼동 행렬 ({len(y_test)}장)")
plt.show()

# %% [markdown]
# 틀린 시험 이미지 12장을 모두 봅니다. 검은 칸일수록 잉크가 많은 화소입니다.

# %% alt="틀린 시험 이미지 12장. 이미지마다 위에 실제 숫자와 모델이 예측한 숫자를 적었다."
mistakes = np.flatnonzero(predicted != y_test)
fig, axes = plt.subplots(2, 6, figsize=(5, 3.0), layout="constrained")
for ax, index in zip(axes.flat, mistakes):
    ax.imshow(X_test[index].reshape(8, 8), cmap="gray_r", vmin=0, vmax=16)
    ax.set_title(f"실제 {y_test[index]}\n예측 {predicted[index]}", fontsize=11)
for ax in axes.flat:
    ax.set_axis_off()
plt.show()
print("틀린 시험 이미지 (실제, 예측):", [(int(y_test[i]), int(predicted[i])) for i in mistakes])

# %% [markdown]
# 대각선 밖의 칸은 모두 1~2장이고, 합하면 12장입니다. 눈에 띄는 것은 셋입니다.
#
# - **8과 1이 가장 자주 엇갈립니다.** 8을 1로 본 것이 2장, 1을 8로 본 것이 1장으로 모두 3장입니다. 위의 그림에서
#   1로 읽힌 8은 폭이 좁게 눌려 두 고리가 세로 막대처럼 뭉개져 있고, 8로 읽힌 1은 위의 삐침과 아래의 획 때문에
#   8처럼 잉크가 위아래로 퍼져 있습니다.
# - **틀린 답으로 가장 많이 나온 숫자는 1입니다** (2, 6, 8을 1로 본 것이 모두 합쳐 4장). 가늘고 세로로 긴 획은 어떤 숫자에서든
#   나올 수 있어서, 특징이 뚜렷하지 않은 이미지가 1 쪽으로 끌려가는 것으로 보입니다(4장에서 나온 짐작입니다).
# - **실제 숫자로는 9가 가장 많이 틀렸습니다** (54장 가운데 3장, 각각 2, 3, 5로). 9의 위쪽 고리가 닫히지 않으면
#   3이나 5와 같은 모양이 됩니다.
#
# 까닭으로 짐작되는 것은 둘입니다(틀린 이미지 12장을 보고 하는 짐작이고, 실험으로 확인한 것은 아닙니다). 첫째는 해상도입니다. `digits`의 한 화소는 원래 $32 \times 32$ 이미지의 $4 \times 4$ 블록에서 켜진 점을 센
# 값이라, 고리가 닫혔는지, 획이 붙었는지처럼 사람이 숫자를 가르는 작은 모양이 화소 한두 개의 차이로만 남습니다. 또
# 둘째로, 이 모델은 화소 64개를 한 줄로 펴서 받으므로, 이웃한 화소가 이어져 획을 이룬다는 사실을 데이터에서 따로 배워야
# 합니다. 이웃 화소를 함께 보는 [합성곱 신경망](../cnn/index.md)은 이 점을 구조로 넣어 둡니다. 다만 틀린 것이 12장뿐이라
# 칸 하나가 1장만 달라도 순위가 바뀝니다. 다른 분할이나 시드에서는 다른 쌍이 앞설 수 있습니다.

# %%
off_diagonal = confusion - np.diag(np.diag(confusion))
pair_8_1 = confusion[8, 1] + confusion[1, 8]
pairs = off_diagonal + off_diagonal.T  # 순서를 따지지 않은 쌍마다 틀린 장수
print(f"대각선 밖 {off_diagonal.sum()}장, 가장 큰 칸 {off_diagonal.max()}장")
print(f"8과 1: 8을 1로 {confusion[8, 1]}장, 1을 8로 {confusion[1, 8]}장")
print("틀린 답으로 나온 횟수 (열 합):", off_diagonal.sum(axis=0))
print("실제 숫자별로 틀린 장수 (행 합):", off_diagonal.sum(axis=1))
assert off_diagonal.sum() == 12 and off_diagonal.max() == 2 and set(off_diagonal[off_diagonal > 0]) == {1, 2}
assert (confusion[8, 1], confusion[1, 8]) == (2, 1) and pair_8_1 == pairs.max() and (pairs == pairs.max()).sum() == 2  # 8과 1 한 쌍만
assert off_diagonal.sum(axis=0).argmax() == 1 and off_diagonal[:, 1].sum() == 4 and set(np.flatnonzero(off_diagonal[:, 1])) == {2, 6, 8}
column_sums = off_diagonal.sum(axis=0)
assert sorted(column_sums)[-2] < 4  # 1이 혼자 가장 많다
row_sums = off_diagonal.sum(axis=1)
assert row_sums.argmax() == 9 and row_sums[9] == 3 and sorted(row_sums)[-2] < 3 and confusion[9, 9] == 51 and np.sum(y_test == 9) == 54
assert set(np.flatnonzero(off_diagonal[9])) == {2, 3, 5}

# %% [markdown]
# ## 연습
#
# 문제마다 먼저 답을 짐작해 보고, 아래의 풀이 셀을 실행해 확인하세요. 풀이 셀은 답을 `assert`로 확인합니다.

# %% [markdown]
# ### 연습 1. 파라미터는 몇 개인가
#
# 64 → 64 → 10인 이 모델의 파라미터(가중치와 편향)는 모두 몇 개일까요? 드롭아웃에는 파라미터가 있을까요?

# %%
# 풀이: W1 (64, 64) + b1 (64) + W2 (10, 64) + b2 (10). 드롭아웃은 곱할 값을 뽑을 뿐 배우는 값이 없다
count = 64 * 64 + 64 + 10 * 64 + 10
print("파라미터 수:", count)
assert count == sum(p.size for p in params) == sum(p.numel() for p in torch_copy(params).parameters()) == 4810

# %% [markdown]
# ### 연습 2. 로짓이 모두 0이면 처음 손실은?
#
# 처음 손실은 3.15로 $\log 10$보다 컸습니다. 출력층의 $W_2$와 $b_2$를 0으로 두고 시작하면 처음 손실은 정확히 얼마일까요?
# 그때 출력층의 기울기도 0일까요?

# %%
# 풀이: 로짓이 모두 0이면 p̂ = 0.1씩이라 L = -log 0.1 = log 10. ∂L/∂z = (p̂ - onehot)/N은 0이 아니므로 W2는 움직인다
zero_head = [params0[0], params0[1], np.zeros((10, HIDDEN)), np.zeros(10)]
z, cache = forward(zero_head, x_train[:64], dropout_scale((64, HIDDEN), P, training=False))  # 드롭아웃 없이: 모두 1
loss_zero = cross_entropy(z, y_train[:64])
grads = backward(cache, z, y_train[:64])
print(f"손실 {loss_zero:.6f}, log 10 = {np.log(10):.6f}, ∂L/∂W2의 최댓값 {np.abs(grads[2]).max():.3f}")
torch.testing.assert_close(torch.tensor(loss_zero), F.cross_entropy(torch.zeros(64, 10), torch.from_numpy(y_train[:64])), rtol=1e-12, atol=0)
assert np.isclose(loss_zero, np.log(10), rtol=1e-12) and np.abs(grads[2]).max() > 0 and not grads[0].any() and not grads[1].any()  # ∂L/∂W1, ∂L/∂b1은 0

# %% [markdown]
# 마지막 줄의 `not grads[0].any()`도 눈여겨보세요. $W_2 = 0$이면 기울기가 은닉층으로 돌아가지 못해
# $\partial L/\partial W_1$과 $\partial L/\partial b_1$이 0이고, 첫 스텝에서는 $W_1$이 움직이지 않습니다(SGD와 Adam 모두: Adam도
# 기울기가 0이면 $m$이 0이라 걸음이 0입니다). 한 스텝 뒤 $W_2$가 0이 아니게 되면 그때부터 $W_1$도 배웁니다.

# %% [markdown]
# ### 연습 3. 혼동 행렬에서 읽는 정확도
#
# 혼동 행렬의 행 합은 무엇이고, 대각선의 합을 전체로 나누면 무엇이 될까요? scikit-learn의
# `confusion_matrix`와도 견주어 보세요.

# %%
# 풀이: 행 합은 숫자별 시험 이미지 장수, 대각선의 합 / 전체는 시험 정확도
from sklearn.metrics import confusion_matrix

print("행 합:", confusion.sum(axis=1))
print(f"대각선 / 전체 = {np.trace(confusion) / confusion.sum():.1%}")
assert np.array_equal(confusion, confusion_matrix(y_test, predicted))
assert np.array_equal(confusion.sum(axis=1), np.bincount(y_test))
assert np.trace(confusion) / confusion.sum() == final["test_acc"]

# %% [markdown]
# ### 연습 4. 평가할 때 드롭아웃을 끄지 않으면
#
# 학습을 마친 모델로 시험 데이터를 예측할 때 드롭아웃을 켠 채로 두면(마스크를 새로 뽑으면) 정확도는 어떻게 될까요?
# 그리고 학습한 파라미터를 torch에 옮겨 `net.eval()`로 예측하면 평가 모드의 예측과 같을까요?

# %%
# 풀이: 켠 채로 두면 마스크마다 예측이 흔들리고 평균 정확도도 떨어진다. torch의 eval()은 Dropout을 항등 함수로 바꾼다
mask_rng = np.random.default_rng(3)
noisy = [np.mean(forward(params, x_test, dropout_scale((len(x_test), HIDDEN), P, True, mask_rng))[0].argmax(axis=1) == y_test)
         for _ in range(10)]
print(f"드롭아웃을 켠 채 마스크 10개: 정확도 {min(noisy):.1%} ~ {max(noisy):.1%}, 평균 {np.mean(noisy):.1%} (평가 모드 {final['test_acc']:.1%})")

net = torch_copy(params).eval()
with torch.no_grad():
    torch_predicted = net(torch.from_numpy(x_test)).argmax(dim=1).numpy()
assert np.array_equal(torch_predicted, predicted)
assert np.mean(noisy) < final["test_acc"] and max(noisy) - min(noisy) > 0

# %% [markdown]
# 드롭아웃을 켠 채로 예측하면 마스크마다 정확도가 달라지고, 평균도 평가 모드보다 낮습니다. 학습할 때의 드롭아웃은
# 신경망 여럿을 한꺼번에 학습하는 것으로 볼 수 있고, 평가 모드는 그 신경망들의 평균을 한 번에 어림한 것입니다
# ([드롭아웃 — 앙상블로 보기](../better-training/dropout.md#앙상블로-보기)). 그래서 평가할 때는 드롭아웃을 끕니다.

# %% [markdown]
# ### 연습 5. 드롭아웃을 끄면 틈이 벌어질까
#
# 위의 학습 곡선에서 학습 손실과 시험 손실 사이에 틈이 있었습니다. 시드는 그대로 두고 $p = 0$(드롭아웃 없음)으로
# 다시 학습하면 그 틈이 커질까요? 먼저 짐작해 보고, `train(0.0)`으로 재 보세요.

# %%
# 풀이: 같은 시드로 p = 0과 p = 0.2를 견준다. 틈 = 마지막 에폭의 시험 손실 - 학습 손실
_, history_p0 = train(0.0)
runs = {0.0: history_p0, P: history}
gap = {p: h["test_loss"][-1] - h["train_loss"][-1] for p, h in runs.items()}
for p, h in runs.items():
    print(f"p = {p}: 학습 손실 {h['train_loss'][-1]:.3f}, 시험 손실 {h['test_loss'][-1]:.3f}, 틈 {gap[p]:.3f}, "
          f"시험 정확도 {h['test_acc'][-1]:.1%} ({round(h['test_acc'][-1] * len(y_test))}/{len(y_test)}장)")
assert round(history_p0["train_loss"][-1], 3) == 0.014 and round(history_p0["test_loss"][-1], 3) == 0.146
assert round(history["train_loss"][-1], 3) == 0.018 and round(history["test_loss"][-1], 3) == 0.149
assert round(gap[0.0], 3) == 0.132 and round(gap[P], 3) == 0.131 and abs(gap[0.0] - gap[P]) < 0.002  # 틈은 거의 같다
assert round(history_p0["test_acc"][-1] * len(y_test)) - round(final["test_acc"] * len(y_test)) == 1  # 시험 이미지 한 장 차이

# %% [markdown]
# 틈은 거의 그대로입니다: $p = 0$에서 0.132, $p = 0.2$에서 0.131입니다. 드롭아웃을 켜면 학습 손실이 0.014에서
# 0.018로 오르고, 시험 손실도 0.146에서 0.149로 오히려 조금 오릅니다. 시험 정확도는 드롭아웃을 끈 쪽이 이미지 한 장(0.19%p)
# 높습니다. 이 시드 하나로는 어느 쪽이 낫다고 말할 수 없고, 적어도 이 설정에서 드롭아웃 0.2가 과적합을 눈에 띄게 줄이지는
# 않았습니다. 은닉 뉴런 64개짜리 작은 모델을 20 에폭만 학습해서 과적합할 여지가 적었기 때문일 수 있습니다
# ([드롭아웃을 어디에, 얼마나 쓸까](../better-training/dropout.md#어디에-얼마나-쓸까)).
#
# 이것은 $p$를 고르는 실험이 아니라 한 번 재 본 것일 뿐입니다. 시험 데이터로 견주었으니, 여기서 나은 쪽을 골라
# 쓰면 시험 데이터를 설정 고르기에 쓴 셈이 됩니다. $p$를 정말 고르려면 시드 여러 개로, 검증 데이터에서 견주세요.
