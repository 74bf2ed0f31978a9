# %% [markdown]
# # 실습: 옵티마이저와 학습률 스케줄 실험실
#
# [옵티마이저](../better-training/optimizers.md)와 [학습률 스케줄러](../better-training/schedulers.md) 페이지는 식과
# 작은 예로 각 방법이 **무엇을** 하는지 보였습니다. 이 노트북은 실제 신경망 하나를 여러 방법으로 학습해 보며, 무엇이
# **달라지는지**, 그리고 그 차이를 얼마나 믿어도 되는지를 봅니다.
#
# 실험의 규칙은 하나입니다. **바꾸는 것 하나만 바꾼다.** 모델, 데이터, 처음 파라미터, 미니배치의 순서, 에폭 수는 모든
# 실행에서 똑같고, 옵티마이저 비교에서는 옵티마이저만, 스케줄 비교에서는 스케줄만 다릅니다.
#
# 옵티마이저와 스케줄, 모델의 부품은 라이브러리 `dlbasics`에서 실어 옵니다. 그런 셀은 첫 줄의 주석(`# dlbasics/optimizers.py — adam`
# 같은)이 어느 파일의 어느 절인지 밝힙니다. 그런 셀은 사이트에서 접힌 채 보이고, 내려받은 노트북도 JupyterLab에서는
# 접힌 채 열립니다.
#
# 그림에 한글을 쓰려면 `koreanize-matplotlib` 패키지가 필요합니다. 없다면 먼저 한 셀에서
# `%pip install koreanize-matplotlib`을 실행하세요.

# %%
import os
os.environ["OPENBLAS_NUM_THREADS"] = "1"  # 작은 행렬곱은 스레드 하나가 빠르다 (NumPy를 읽기 전에 정한다)
# %matplotlib inline
# %config InlineBackend.figure_formats = ["svg"]
import koreanize_matplotlib  # 그림의 한글 글꼴 (나눔고딕)
import unicodedata

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)  # torch와 NumPy를 float64로 맞춰 비교한다
torch.set_num_threads(1)
plt.rcParams.update({"font.size": 11, "axes.titlesize": 12, "axes.labelsize": 11, "legend.fontsize": 10.5})

# %% [markdown]
# 첫 셀은 그림을 SVG로 그리게 하고 한글 글꼴을 정하며, 비교를 float64로 하도록 torch의 기본 자료형을 맞춥니다.
# 행렬이 작아 스레드 하나가 더 빠르므로 NumPy와 torch의 스레드도 하나로 정합니다.

# %% [markdown]
# ## 실험의 틀: 데이터, 모델, 학습 루프
#
# 데이터는 손글씨 숫자 분류기 실습과 같은 scikit-learn의 `digits`입니다. 층화 분할로 70%를 학습 데이터,
# 30%를 시험 데이터로 나누고, 화소는 학습 데이터의 평균과 표준편차로 표준화합니다.

# %%
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)
mean, std = X_train.mean(axis=0), X_train.std(axis=0)
std = np.where(std > 0, std, 1.0)  # 늘 같은 값인 화소는 나누지 않는다
x_train, x_test = (X_train - mean) / std, (X_test - mean) / std
print(f"학습 데이터 {len(x_train)}장, 시험 데이터 {len(x_test)}장")
assert (len(x_train), len(x_test)) == (1257, 540)

# %% [markdown]
# 모델은 [딥러닝의 발전 5단계](../evolution/index.md#3단계-딥러닝)의 다층 퍼셉트론(64 → 32 → 10, ReLU)을 그대로 씁니다.
# 순전파, 역전파, torch `nn.Linear`와 같은 기본 초기화를 그 페이지의 코드로 싣습니다. 그 코드가 쓰는 아핀 변환,
# ReLU, 교차 엔트로피도 함께 싣습니다.

# %%
# --8<-- "dlbasics/activations.py:linear"

# %%
# --8<-- "dlbasics/activations.py:relu"

# %%
# --8<-- "dlbasics/backpropagation.py:affine"

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

# %%
# --8<-- "dlbasics/evolution.py:forward"

# %%
# --8<-- "dlbasics/evolution.py:backward"

# %%
# --8<-- "dlbasics/evolution.py:init"

# %%
# --8<-- "dlbasics/gradient_descent.py:minibatches"

# %% [markdown]
# 학습 루프 `train`은 옵티마이저를 만드는 함수 `make_opt`와, 스텝마다 쓸 학습률의 배열 `lrs`(스케줄)를 받습니다.
# 처음 파라미터는 `init_params`에 시드 0을, 미니배치의 순서는 `minibatches`에 시드 0을 주어 정하므로 모든 실행이 같은
# 곳에서 같은 배치 순서로 출발합니다. 학습은 10 에폭(에폭마다 64장씩 20 스텝, 모두 200 스텝)이고, 5 스텝마다 학습
# 데이터 전체의 손실을 재어 곡선을 남깁니다. 학습이 발산해 손실이 NaN이 되면 그 자리에서 멈추고 알립니다.

# %%
SIZES, EPOCHS, BATCH_SIZE, EVERY = (64, 32, 10), 10, 64, 5
STEPS = EPOCHS * -(-len(x_train) // BATCH_SIZE)  # 에폭 수 × ⌈n / B⌉ = 200


def flat(pairs):
    """[(W1, b1), (W2, b2)] → [W1, b1, W2, b2] (옵티마이저가 받는 배열 리스트)"""
    return [array for pair in pairs for array in pair]


def pairs(arrays):
    return list(zip(arrays[0::2], arrays[1::2]))


def train(make_opt, lrs=None, seed=0):
    """make_opt(파라미터 리스트) → 옵티마이저. lrs: 스텝마다의 학습률 (None이면 옵티마이저의 lr 그대로).
    돌려주는 것: 5 스텝마다의 학습 손실 곡선, 마지막 학습 손실, 마지막 시험 정확도."""
    opt = make_opt(flat(init_params(SIZES, np.random.default_rng(seed))))
    batch_rng, step, curve = np.random.default_rng(seed), 0, []
    for _ in range(EPOCHS):
        for batch in minibatches(len(x_train), BATCH_SIZE, batch_rng):
            if lrs is not None:
                opt.lr = lrs[step]  # 이 스텝의 학습률 (스케줄)
            opt.step(flat(gradients(pairs(opt.params), x_train[batch], y_train[batch])))
            step += 1
            if step % EVERY == 0:
                curve.append(cross_entropy(forward(pairs(opt.params), x_train)[0], y_train))
                if not np.isfinite(curve[-1]):
                    raise FloatingPointError(f"스텝 {step}에서 손실이 {curve[-1]}: 학습이 발산했다")
    accuracy = np.mean(predict(pairs(opt.params), x_test) == y_test)
    return {"curve": np.array(curve), "train_loss": curve[-1], "test_acc": accuracy}

# %% [markdown]
# 정말로 모든 실행이 같은 곳에서 출발하는지, 그리고 이 모델이 torch의 같은 신경망과 같은 손실과 기울기를 내는지
# 먼저 확인합니다.

# %%
import torch.nn as nn


def torch_copy(params):
    """같은 가중치를 넣은 nn.Sequential(Linear, ReLU, Linear)."""
    net = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
    with torch.no_grad():
        for layer, (W, b) in zip((net[0], net[2]), params, strict=True):
            layer.weight.copy_(torch.from_numpy(W))
            layer.bias.copy_(torch.from_numpy(b))
    return net


start_a, start_b = init_params(SIZES, np.random.default_rng(0)), init_params(SIZES, np.random.default_rng(0))
assert all(np.array_equal(a, b) for a, b in zip(flat(start_a), flat(start_b)))
order_a = minibatches(len(x_train), BATCH_SIZE, np.random.default_rng(0))
order_b = minibatches(len(x_train), BATCH_SIZE, np.random.default_rng(0))
assert all(np.array_equal(a, b) for a, b in zip(order_a, order_b))

net = torch_copy(start_a)
loss_torch = F.cross_entropy(net(torch.from_numpy(x_train[:64])), torch.from_numpy(y_train[:64]))
loss_torch.backward()
torch.testing.assert_close(torch.tensor(cross_entropy(forward(start_a, x_train[:64])[0], y_train[:64])), loss_torch.detach(), rtol=1e-12, atol=0)
for ours, theirs in zip(flat(gradients(start_a, x_train[:64], y_train[:64])), net.parameters(), strict=True):
    torch.testing.assert_close(torch.from_numpy(ours), theirs.grad, rtol=1e-9, atol=1e-12)
assert STEPS == 200
print(f"STEPS = {STEPS}, 처음 손실 {loss_torch.item():.3f}: 출발점과 배치 순서가 같고, 손실과 기울기가 torch와 같다")

# %% [markdown]
# ## 옵티마이저 비교
#
# 라이브러리의 옵티마이저 일곱 가지를 씁니다: SGD, [모멘텀](../better-training/optimizers.md#모멘텀),
# [네스테로프 모멘텀](../better-training/optimizers.md#네스테로프-모멘텀), [AdaGrad](../better-training/optimizers.md#adagrad),
# [RMSProp](../better-training/optimizers.md#rmsprop), [Adam](../better-training/optimizers.md#adam),
# [AdamW](../better-training/optimizers.md#adamw). 모멘텀은 지난 기울기를 버퍼 $b$에 모아 그 방향으로 걷습니다.
#
# $$
# b_t = \mu\, b_{t-1} + g_t, \qquad \theta_t = \theta_{t-1} - \eta\, b_t
# $$
#
# 기울기가 늘 같으면 버퍼는 $g/(1 - \mu)$로 자라므로, $\mu = 0.9$인 모멘텀의 걸음은 같은 $\eta$의 SGD보다 약 10배 큽니다.
# 그래서 모멘텀의 학습률은 SGD의 $1/10$로 둡니다. 적응형 옵티마이저(AdaGrad, RMSProp, Adam, AdamW)는 PyTorch의 기본
# 학습률을 그대로 씁니다. 어느 것도 이 문제에 맞춰 고른 값이 **아닙니다**. 아래 셀들이 옵티마이저를 싣습니다.

# %%
# --8<-- "dlbasics/gradient_descent.py:sgd-step"

# %%
# --8<-- "dlbasics/optimization.py:weight-decay"

# %%
# --8<-- "dlbasics/schedulers.py:checks"

# %%
# --8<-- "dlbasics/optimizers.py:optimizer"

# %%
# --8<-- "dlbasics/optimizers.py:sgd"

# %%
# --8<-- "dlbasics/optimizers.py:adagrad"

# %%
# --8<-- "dlbasics/optimizers.py:rmsprop"

# %%
# --8<-- "dlbasics/optimizers.py:adam"

# %%
# --8<-- "dlbasics/optimizers.py:adamw"

# %% [markdown]
# 옵티마이저마다 라이브러리의 클래스와 torch의 클래스, 그리고 같은 설정을 한 줄에 적습니다. 이 표 하나로 실험도 하고
# torch와 대조도 합니다.

# %%
OPTIMIZERS = {  # 이름: (라이브러리, torch, 설정)
    "SGD": (SGD, torch.optim.SGD, dict(lr=0.1)),
    "모멘텀": (SGD, torch.optim.SGD, dict(lr=0.01, momentum=0.9)),
    "네스테로프": (SGD, torch.optim.SGD, dict(lr=0.01, momentum=0.9, nesterov=True)),
    "AdaGrad": (Adagrad, torch.optim.Adagrad, dict(lr=0.01)),
    "RMSProp": (RMSprop, torch.optim.RMSprop, dict(lr=0.01)),
    "Adam": (Adam, torch.optim.Adam, dict(lr=0.001)),
    "AdamW": (AdamW, torch.optim.AdamW, dict(lr=0.001, weight_decay=0.01)),
}

# %% [markdown]
# **torch.optim과 다섯 스텝씩 대조하기.** 같은 처음 가중치를 넣은 `torch.nn` 신경망을 같은 설정의 `torch.optim`으로 다섯 스텝 학습하며, 스텝마다 손실과 네 파라미터를
# 라이브러리의 것과 견줍니다. 일곱 옵티마이저 모두 float64에서 상대 오차 $10^{-9}$ 안에서 같아야 합니다.

# %%
def compare_with_torch(ours_class, torch_class, kwargs, steps=5, lrs=None, make_scheduler=None):
    """같은 출발점과 배치로 steps 스텝: 스텝마다 손실과 파라미터를 torch와 견준다. lrs와 make_scheduler는 스케줄."""
    start = init_params(SIZES, np.random.default_rng(0))
    batches = minibatches(len(x_train), BATCH_SIZE, np.random.default_rng(0))[:steps]
    ours = ours_class(flat(start), **kwargs)
    net = torch_copy(start)
    theirs = torch_class(net.parameters(), **kwargs)
    scheduler = make_scheduler(theirs) if make_scheduler else None
    for step, batch in enumerate(batches):
        x_b, y_b = x_train[batch], y_train[batch]
        if lrs is not None:
            ours.lr = lrs[step]
            assert np.isclose(theirs.param_groups[0]["lr"], lrs[step], rtol=1e-12, atol=0)  # 같은 학습률로 걷는다
        loss = cross_entropy(forward(pairs(ours.params), x_b)[0], y_b)
        ours.step(flat(gradients(pairs(ours.params), x_b, y_b)))
        theirs.zero_grad()
        loss_torch = F.cross_entropy(net(torch.from_numpy(x_b)), torch.from_numpy(y_b))
        loss_torch.backward()
        theirs.step()
        if scheduler is not None:
            scheduler.step()  # optimizer.step() 다음에
        torch.testing.assert_close(torch.tensor(loss), loss_torch.detach(), rtol=1e-9, atol=1e-12)
        for p_ours, p_torch in zip(ours.params, net.parameters(), strict=True):
            torch.testing.assert_close(torch.from_numpy(p_ours), p_torch.detach(), rtol=1e-9, atol=1e-12)
    return loss


import inspect

for name in ("AdaGrad", "RMSProp", "Adam", "AdamW"):  # 적응형 옵티마이저는 torch의 기본 학습률 그대로
    _, torch_class, kwargs = OPTIMIZERS[name]
    defaults = inspect.signature(torch_class).parameters
    assert all(defaults[key].default == value for key, value in kwargs.items()), name
for name, (ours_class, torch_class, kwargs) in OPTIMIZERS.items():
    last = compare_with_torch(ours_class, torch_class, kwargs)
    print(f"{name}: 다섯 스텝 동안 손실과 파라미터가 torch.optim.{torch_class.__name__}의 것과 같다 (다섯째 손실 {last:.4f})")

# %% [markdown]
# ## 일곱 옵티마이저로 학습하기
#
# 이제 옵티마이저마다 200 스텝을 학습합니다.

# %%
results = {name: train(lambda params, c=ours_class, k=kwargs: c(params, **k)) for name, (ours_class, _, kwargs) in OPTIMIZERS.items()}

# %% [markdown]
# 옵티마이저마다 마지막 학습 손실과 시험 정확도를 표로 보고, 5 스텝마다 잰 학습 손실을 한 그림에 겹쳐 그립니다.
# 옵티마이저는 최적화 알고리즘이므로 먼저 볼 것은 **학습 손실을 얼마나 빨리 줄였나**입니다. 시험 정확도는 함께 적지만,
# 시험 데이터 540장에서 1장이 0.19%p이므로 1%p 안팎의 차이는 몇 장의 차이일 뿐입니다.

# %%
def width(text):
    """고정폭 글꼴에서 차지하는 칸 수 (한글은 두 칸)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def print_table(header, rows):
    """첫 칸(이름)은 왼쪽, 나머지는 오른쪽에 맞춘 표."""
    columns = list(zip(header, *rows))
    widths = [max(width(cell) for cell in column) for column in columns]
    for line in [header, *rows]:
        cells = [line[0] + " " * (widths[0] - width(line[0]))]
        cells += [" " * (w - width(cell)) + cell for cell, w in zip(line[1:], widths[1:])]
        print("  ".join(cells))


print_table(["옵티마이저", "학습률", "마지막 학습 손실", "시험 정확도"],
            [[name, f"{OPTIMIZERS[name][2]['lr']:g}", f"{r['train_loss']:.3f}", f"{r['test_acc']:.1%}"] for name, r in results.items()])

# %% alt="일곱 옵티마이저의 200 스텝 학습 손실 곡선(로그 눈금). RMSProp이 가장 빨리 0.003까지 내려가고, 겹쳐 그려진 Adam과 AdamW가 가장 느리다."
STYLES = {"SGD": ("tab:gray", "-"), "모멘텀": ("tab:blue", "-"), "네스테로프": ("tab:cyan", "--"), "AdaGrad": ("tab:green", "-"),
          "RMSProp": ("tab:red", "-"), "Adam": ("tab:orange", "-"), "AdamW": ("tab:brown", ":")}
steps = EVERY * np.arange(1, STEPS // EVERY + 1)
fig, ax = plt.subplots(figsize=(5, 5), layout="constrained")
for name, r in results.items():
    color, style = STYLES[name]
    ax.plot(steps, r["curve"], color=color, linestyle=style, linewidth=1.6, label=name)
ax.set_yscale("log")
ax.set_yticks([0.003, 0.01, 0.03, 0.1, 0.3, 1, 2], ["0.003", "0.01", "0.03", "0.1", "0.3", "1", "2"])
ax.minorticks_off()
ax.set_xlabel("스텝")
ax.set_ylabel("학습 데이터 전체의 손실")
ax.set_title("옵티마이저마다의 학습 곡선 (학습률은 조정하지 않음)")
ax.grid(alpha=0.3)
fig.legend(loc="outside lower center", ncols=4)
plt.show()

# %% [markdown]
# 그림에서 읽을 것은 이렇습니다. 표와 그림의 숫자는 이 절 끝의 셀이 확인합니다.
#
# - 이 설정에서는 RMSProp이 단연 빠릅니다. 다섯 스텝 만에 손실이 0.40으로 내려가고(다른 것은 모두 1.9 위), 200 스텝 뒤에는 0.003입니다.
#   가장 느린 것은 Adam과 AdamW로 0.323입니다. 두 곡선은 겹쳐서 거의 하나로 보입니다.
# - 모멘텀(학습률 0.01)과 SGD(0.1)는 실효 걸음이 같게 맞춘 대로 거의 같은 곳에 닿습니다 (0.163, 0.155). 모멘텀은 버퍼가
#   차오르는 동안 처음 몇 스텝이 SGD보다 느립니다. 네스테로프 모멘텀은 모멘텀과 거의 구별되지 않습니다 (0.162).
# - AdaGrad는 처음 50 스텝은 SGD보다 앞서지만, 기울기 제곱을 더하기만 해서 걸음이 줄기만 하므로 100 스텝 무렵 SGD에
#   따라잡히고 마지막에는 뒤처집니다 (0.215).
#
# 그러면 "RMSProp이 가장 좋고 Adam이 가장 나쁘다"고 결론지어도 될까요? 위 표의 학습률은 PyTorch의 기본값이거나 SGD에서
# 옮겨 온 값일 뿐, 이 문제에 맞춰 고른 값이 아닙니다. 학습률만 바꿔 SGD와 Adam을 다시 학습해 봅니다. 옵티마이저는
# 그대로이고 바뀌는 것은 학습률 하나입니다.

# %%
SWEEP = {"SGD": [0.03, 0.1, 0.3], "Adam": [0.0003, 0.001, 0.003, 0.01]}
sweep = {}
for name, lrs_tried in SWEEP.items():
    ours_class, _, kwargs = OPTIMIZERS[name]
    for lr in lrs_tried:
        sweep[name, lr] = results[name] if lr == kwargs["lr"] else train(lambda params, c=ours_class, lr=lr: c(params, lr=lr))
print_table(["옵티마이저", "학습률", "마지막 학습 손실", "시험 정확도"],
            [[name, f"{lr:g}", f"{r['train_loss']:.3f}", f"{r['test_acc']:.1%}"] for (name, lr), r in sweep.items()])

# %% [markdown]
# Adam의 학습률을 0.0003에서 0.01까지 33배 바꾸면 마지막 손실은 1.470에서 0.008까지 179배 달라집니다. 학습률 0.01의
# Adam(0.008)은 위 표의 RMSProp(0.003)에 가깝고, SGD도 0.3이면 0.047까지 내려갑니다. 일곱 옵티마이저 가운데 가장 느린
# 것과 가장 빠른 것의 차이(107배)보다, 한 옵티마이저 안에서 학습률 하나가 만드는 차이가 더 큽니다. 위의 순위는 대부분
# "누가 이 문제에 맞는 걸음 크기를 우연히 받았나"를
# 잰 것입니다. RMSProp의 기본값 0.01은 Adam의 기본값 0.001보다 10배 크고, 200 스텝이라는 짧은 학습에서는 큰 걸음이 유리합니다.

# %%
final_loss = {name: round(float(r["train_loss"]), 3) for name, r in results.items()}
assert final_loss == {"SGD": 0.155, "모멘텀": 0.163, "네스테로프": 0.162, "AdaGrad": 0.215, "RMSProp": 0.003, "Adam": 0.323, "AdamW": 0.323}
print("다섯 스텝 뒤의 손실:", ", ".join(f"{name} {r['curve'][0]:.2f}" for name, r in results.items()))
assert min(final_loss, key=final_loss.get) == "RMSProp" and f"{results['RMSProp']['curve'][0]:.2f}" == "0.40"
assert all(r["curve"][0] > 1.9 for name, r in results.items() if name != "RMSProp")
assert max(results, key=lambda name: results[name]["train_loss"]) == "AdamW"  # Adam보다 아주 조금(0.001 미만) 크다: 둘이 가장 느리다
assert abs(results["Adam"]["train_loss"] - results["AdamW"]["train_loss"]) < 1e-3
assert results["모멘텀"]["curve"][0] > results["SGD"]["curve"][0]  # 버퍼가 차오르는 동안 느리다
sgd_curve, adagrad_curve = results["SGD"]["curve"], results["AdaGrad"]["curve"]
assert np.all(adagrad_curve[:10] < sgd_curve[:10]) and adagrad_curve[19] > sgd_curve[19]  # 50 스텝까지 앞서고, 100 스텝에서 뒤진다
assert f"{results['RMSProp']['test_acc']:.1%}" == "97.4%" and f"{results['Adam']['test_acc']:.1%}" == "91.5%"
assert round(100 / len(y_test), 2) == 0.19  # 시험 이미지 1장이 0.19%p

sweep_loss = {key: round(float(r["train_loss"]), 3) for key, r in sweep.items()}
assert sweep_loss["Adam", 0.0003] == 1.470 and sweep_loss["Adam", 0.01] == 0.008 and sweep_loss["SGD", 0.3] == 0.047
assert all(sweep["Adam", a]["train_loss"] > sweep["Adam", b]["train_loss"] for a, b in [(0.0003, 0.001), (0.001, 0.003), (0.003, 0.01)])
spread_within = sweep["Adam", 0.0003]["train_loss"] / sweep["Adam", 0.01]["train_loss"]
spread_between = max(r["train_loss"] for r in results.values()) / min(r["train_loss"] for r in results.values())
print(f"Adam 안에서 학습률이 만든 차이 {spread_within:.0f}배, 일곱 옵티마이저 사이의 차이 {spread_between:.0f}배")
assert round(spread_within) == 179 and round(spread_between) == 107

# %% [markdown]
# ## 학습률 스케줄 비교
#
# 이번에는 옵티마이저를 모멘텀($\mu = 0.9$) 하나로 고정하고, 스텝마다의 학습률만 바꿉니다.
# [학습률 스케줄러](../better-training/schedulers.md)에서 본 네 가지를 씁니다. 가장 큰 학습률 $\eta_{\max}$는 네 스케줄이
# 모두 같습니다.
#
# - **고정**: 200 스텝 내내 $\eta_{\max}$.
# - **스텝 감쇠**: 100 스텝마다 0.1배 (101번째 스텝부터 $0.1\,\eta_{\max}$).
# - **코사인 어닐링**: $\eta_{\max}$에서 코사인의 반주기를 따라 200 스텝에 걸쳐 0 쪽으로.
# - **웜업 뒤 코사인**: $0.01\,\eta_{\max}$에서 시작해 직선으로 올려 21번째 스텝에 $\eta_{\max}$에 닿고, 남은 180 스텝은 코사인으로.
#
# 코사인 어닐링의 학습률은 $T$스텝 동안 이렇게 내려갑니다 ($t = 0$이 첫 스텝, 여기서는 $\eta_{\min} = 0$).
#
# $$
# \begin{aligned}
# \eta_t = \eta_{\min} &+ \tfrac12 (\eta_{\max} - \eta_{\min}) \\
# &\times \left(1 + \cos \frac{\pi t}{T}\right)
# \end{aligned}
# $$
#
# $\eta_{\max}$는 두 값으로 해 봅니다. 0.03은 앞의 SGD 0.3과 실효 걸음이 같은 무난한 값이고, 0.2는 그보다 훨씬 큰 값입니다.
# 아래 셀들이 네 스케줄을 싣습니다. 함수마다 스텝마다의 학습률을 배열로 돌려줍니다.

# %%
# --8<-- "dlbasics/schedulers.py:constant"

# %%
# --8<-- "dlbasics/schedulers.py:step"

# %%
# --8<-- "dlbasics/schedulers.py:cosine"

# %%
# --8<-- "dlbasics/schedulers.py:warmup"

# %%
MOMENTUM, WARMUP, PEAKS = 0.9, 20, (0.03, 0.2)
lr_scheduler = torch.optim.lr_scheduler


def schedules(peak):
    """이름: (스텝마다의 학습률, 같은 학습률을 만드는 torch 스케줄러를 옵티마이저에 거는 함수)."""
    return {
        "고정": (constant_lr(peak, STEPS), None),
        "스텝 감쇠": (step_lr(peak, STEPS, step_size=100, gamma=0.1), lambda opt: lr_scheduler.StepLR(opt, step_size=100, gamma=0.1)),
        "코사인 어닐링": (cosine_annealing_lr(peak, STEPS, T_max=STEPS), lambda opt: lr_scheduler.CosineAnnealingLR(opt, T_max=STEPS)),
        "웜업 뒤 코사인": (warmup_cosine_lr(peak, STEPS, WARMUP, start_factor=0.01), lambda opt: lr_scheduler.SequentialLR(opt, [
            lr_scheduler.LinearLR(opt, start_factor=0.01, total_iters=WARMUP),
            lr_scheduler.CosineAnnealingLR(opt, T_max=STEPS - WARMUP)], milestones=[WARMUP])),
    }


for name, (lrs, _) in schedules(1.0).items():
    print(f"{name} (η_max = 1): 스텝 1 {lrs[0]:.4g}, 스텝 21 {lrs[20]:.4g}, 스텝 101 {lrs[100]:.4g}, 스텝 200 {lrs[-1]:.2g}")

# %% [markdown]
# **torch.optim.lr_scheduler와 대조하기.** 스케줄마다 200 스텝 전체의 학습률이 torch의 스케줄러가 옵티마이저에 넣는 값과 같은지 봅니다. 스케줄러는
# `optimizer.step()` 다음에 `scheduler.step()`을 부릅니다. 그다음 모멘텀 SGD에 웜업 뒤 코사인을 걸어 10 스텝을
# 학습하며, 스텝마다 학습률, 손실, 파라미터를 torch의 `SGD`와 `SequentialLR`의 것과 견줍니다.

# %%
def torch_lrs(make_scheduler, peak, steps=STEPS):
    """torch 스케줄러가 스텝 0, 1, …, steps - 1에 옵티마이저에 넣는 학습률."""
    param = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([param], lr=peak, momentum=MOMENTUM)
    scheduler = make_scheduler(opt) if make_scheduler else None
    used = []
    for _ in range(steps):
        used.append(opt.param_groups[0]["lr"])
        param.grad = torch.ones_like(param)
        opt.step()
        if scheduler is not None:
            scheduler.step()
    return torch.tensor(used)


for peak in PEAKS:
    for name, (lrs, make_scheduler) in schedules(peak).items():
        torch.testing.assert_close(torch.from_numpy(lrs), torch_lrs(make_scheduler, peak), rtol=1e-9, atol=1e-15)
lrs, make_scheduler = schedules(PEAKS[0])["웜업 뒤 코사인"]
last = compare_with_torch(SGD, torch.optim.SGD, dict(lr=PEAKS[0], momentum=MOMENTUM), steps=10, lrs=lrs, make_scheduler=make_scheduler)
print(f"학습률 8 × 200개가 torch와 같고, 웜업 뒤 코사인으로 10 스텝 학습한 손실과 파라미터도 같다 (열째 손실 {last:.4f})")

# %% [markdown]
# ## 네 스케줄로 학습하기

# %%
scheduled = {(peak, name): train(lambda params, peak=peak: SGD(params, lr=peak, momentum=MOMENTUM), lrs=lrs)
             for peak in PEAKS for name, (lrs, _) in schedules(peak).items()}
print_table(["스케줄", "η_max", "마지막 학습 손실", "시험 정확도"],
            [[name, f"{peak:g}", f"{r['train_loss']:.4f}", f"{r['test_acc']:.1%}"] for (peak, name), r in scheduled.items()])

# %% alt="네 스케줄의 학습률을 가장 큰 학습률에 대한 비율로 그린 곡선: 고정, 100 스텝에서 0.1배로 떨어지는 스텝 감쇠, 코사인 어닐링, 20 스텝 웜업 뒤 코사인."
SCHEDULE_STYLES = {"고정": ("tab:gray", "-"), "스텝 감쇠": ("tab:blue", "--"), "코사인 어닐링": ("tab:green", "-"),
                   "웜업 뒤 코사인": ("tab:red", ":")}
fig, ax = plt.subplots(figsize=(5, 3.4), layout="constrained")
for name, (lrs, _) in schedules(1.0).items():
    color, style = SCHEDULE_STYLES[name]
    ax.plot(np.arange(1, STEPS + 1), lrs, color=color, linestyle=style, linewidth=1.8, label=name)
ax.set_xlabel("스텝")
ax.set_ylabel(r"학습률 / $\eta_{\max}$")
ax.set_title("네 스케줄의 모양")
ax.grid(alpha=0.3)
fig.legend(loc="outside lower center", ncols=2)
plt.show()

# %% alt="가장 큰 학습률 0.03(위)과 0.2(아래)에서 네 스케줄의 학습 손실 곡선. 0.03에서는 고정이 가장 낮고, 0.2에서는 고정만 100 스텝 뒤에도 들쭉날쭉하다."
fig, axes = plt.subplots(2, 1, figsize=(5, 6), sharex=True, layout="constrained")
for ax, peak in zip(axes, PEAKS):
    for name in SCHEDULE_STYLES:
        color, style = SCHEDULE_STYLES[name]
        ax.plot(steps, scheduled[peak, name]["curve"], color=color, linestyle=style, linewidth=1.8, label=name)
    ax.set_yscale("log")
    ax.set_yticks([0.001, 0.01, 0.1, 1], ["0.001", "0.01", "0.1", "1"])
    ax.minorticks_off()
    ax.set_ylabel("학습 데이터 전체의 손실")
    ax.set_title(rf"모멘텀 SGD, $\eta_{{\max}}$ = {peak:g}")
    ax.grid(alpha=0.3)
axes[1].set_xlabel("스텝")
axes[0].legend(loc="lower left")
plt.show()

# %% [markdown]
# 두 그림은 반대의 이야기를 합니다.
#
# - **$\eta_{\max} = 0.03$: 내리는 것이 손해입니다.** 200 스텝이 끝날 때까지 손실이 아직 빠르게 줄고 있으므로, 학습률을
#   내리면 그만큼 덜 갑니다. 고정이 가장 낮고(0.0482), 처음부터 조금씩 내리는 코사인 어닐링이 가장 높습니다(0.1090).
#   스텝 감쇠는 100 스텝까지 고정과 똑같은 곡선이다가, 학습률이 0.1배가 된 뒤로 거의 멈춥니다(0.0953).
# - **$\eta_{\max} = 0.2$: 내리는 것이 곡선을 가라앉힙니다.** 큰 학습률로 고정하면 곡선이 들쭉날쭉해서, 100 스텝 뒤에도
#   5 스텝 사이에 손실이 7.2배 뛰고 0.12까지 올라갑니다. 학습률을 내리는 세 스케줄은 100 스텝 뒤로 손실이 줄기만 합니다.
#   고정의 마지막 값(0.0023)이 가장 낮은 것은 학습이 우연히 골짜기에서 끝났기 때문이라, 끝나는 스텝이 조금만 달랐어도
#   순위가 바뀝니다. 내리는 스케줄은 끝 값이 멈추는 스텝에 덜 흔들립니다.
# - 웜업은 두 경우 모두 처음 20 스텝을 느리게 합니다. 그 대신 $\eta_{\max} = 0.2$에서는 같은 코사인보다 낮게 끝납니다
#   (0.0034와 0.0064). 처음의 큰 걸음이 파라미터를 나쁜 곳으로 던지는 것을 막은 것으로 보이지만, 시드 하나로는 단정할 수 없습니다.
# - 시험 정확도는 $\eta_{\max} = 0.2$의 웜업 뒤 코사인이 97.6%로 가장 높고 고정이 96.1%로 가장 낮지만, 그 차이는
#   시험 이미지 8장입니다.

# %%
def ratio_jump(curve):
    """곡선에서 5 스텝 사이에 손실이 가장 크게 뛴 배율 (1보다 작으면 줄기만 했다)."""
    return float(np.max(curve[1:] / curve[:-1]))


loss_at = {key: round(float(r["train_loss"]), 4) for key, r in scheduled.items()}
print("마지막 학습 손실:", loss_at)
assert loss_at[0.03, "고정"] == 0.0482 and loss_at[0.03, "코사인 어닐링"] == 0.1090 and loss_at[0.03, "스텝 감쇠"] == 0.0953
assert min((loss_at[0.03, name], name) for name in SCHEDULE_STYLES)[1] == "고정"
assert max((loss_at[0.03, name], name) for name in SCHEDULE_STYLES)[1] == "코사인 어닐링"
assert np.array_equal(scheduled[0.03, "스텝 감쇠"]["curve"][:20], scheduled[0.03, "고정"]["curve"][:20])  # 100 스텝까지 같다

late = {name: scheduled[0.2, name]["curve"][19:] for name in SCHEDULE_STYLES}  # 100 스텝부터
print(f"η_max = 0.2, 100 스텝 뒤: 고정이 5 스텝 사이에 뛴 배율 {ratio_jump(late['고정']):.1f}, 가장 높은 손실 {late['고정'].max():.2f}")
assert round(ratio_jump(late["고정"]), 1) == 7.2 and round(late["고정"].max(), 2) == 0.12
assert all(ratio_jump(late[name]) <= 1 for name in ("스텝 감쇠", "코사인 어닐링", "웜업 뒤 코사인"))  # 줄기만 한다
assert loss_at[0.2, "고정"] == 0.0023 and min(loss_at[0.2, name] for name in SCHEDULE_STYLES) == 0.0023
assert loss_at[0.2, "웜업 뒤 코사인"] == 0.0034 and loss_at[0.2, "코사인 어닐링"] == 0.0064
# 고정의 마지막 값은 골짜기에서 끝난 것: 그 앞 몇 점의 중앙값은 웜업 뒤 코사인의 마지막 값보다 높다
print(f"고정의 마지막 다섯 점의 중앙값 {np.median(late['고정'][-5:]):.4f}")
assert np.median(late["고정"][-5:]) > loss_at[0.2, "웜업 뒤 코사인"]
for peak in PEAKS:  # 웜업은 처음 20 스텝(곡선의 점 4개)을 느리게 한다
    assert np.all(scheduled[peak, "웜업 뒤 코사인"]["curve"][:4] > scheduled[peak, "코사인 어닐링"]["curve"][:4])

accuracy = {name: scheduled[0.2, name]["test_acc"] for name in SCHEDULE_STYLES}
assert f"{accuracy['웜업 뒤 코사인']:.1%}" == "97.6%" and f"{accuracy['고정']:.1%}" == "96.1%"
assert max(accuracy, key=accuracy.get) == "웜업 뒤 코사인" and min(accuracy, key=accuracy.get) == "고정"
assert round((accuracy["웜업 뒤 코사인"] - accuracy["고정"]) * len(y_test)) == 8  # 시험 이미지 8장

# %% [markdown]
# ## 무엇을 결론지을까
#
# 이 실험에서 말할 수 있는 것은 이 정도입니다.
#
# 1. **이 문제의 200 스텝에서는 옵티마이저의 종류보다 학습률이 결과를 더 크게 바꿨습니다.** 기본 학습률로 돌린 일곱
#    옵티마이저의 마지막 손실은 107배 차이였고, Adam 하나의 학습률만 바꿔도 179배 차이였습니다. "어느 옵티마이저가 좋은가"를
#    묻기 전에 "각자 알맞은 학습률을 받았는가"를 물어야 합니다.
# 2. **실효 걸음을 맞추면 모멘텀과 SGD는 비슷합니다.** $\mu = 0.9$, $\eta = 0.01$인 모멘텀과 $\eta = 0.1$인 SGD는 0.163과
#    0.155로 거의 같은 곳에 닿았습니다. 모멘텀의 이점은 곡률이 방향마다 크게 다른 손실에서 더 잘 드러납니다
#    ([옵티마이저](../better-training/optimizers.md#모멘텀)의 이차 손실 실험).
# 3. **스케줄의 효과는 가장 큰 학습률에 달려 있습니다.** 작은 $\eta_{\max}$(0.03)에서는 학습률을 내리는 것이 손해였고,
#    큰 $\eta_{\max}$(0.2)에서는 내리는 것이 들쭉날쭉한 곡선을 가라앉혔습니다.
#    [학습률 스케줄러](../better-training/schedulers.md#스케줄이-학습-결과를-바꾼다)가 말한 잡음 바닥과 같은 이야기입니다.
#    학습률이 커서 흔들릴 때 내려야 얻는 것이 있습니다.
#
# 그리고 이 실험이 보여 주지 **않는** 것도 분명히 해 둡니다.
#
# - **시드 하나, 분할 하나입니다.** 처음 파라미터와 배치 순서를 바꾸면 곡선이 달라지고, 차이가 작은 쌍(모멘텀과 네스테로프,
#   Adam과 AdamW, 스케줄 사이의 시험 정확도)은 순위가 뒤집힐 수 있습니다. 여러 시드의 평균과 흩어짐을 보기 전에는 작은
#   차이를 믿지 마세요.
# - **모델 하나, 작은 데이터, 짧은 학습입니다.** 64 → 32 → 10의 작은 다층 퍼셉트론을 200 스텝만 학습했습니다. 짧은 학습은
#   큰 걸음에 유리하고, 더 크거나 깊은 신경망(합성곱 신경망, 트랜스포머)에서는 다른 결과가 나올 수 있습니다.
# - **학습률을 옵티마이저마다 고르지 않았습니다.** 공정하게 견주려면 옵티마이저마다 학습률을 여러 값으로 돌려 보고, 학습
#   데이터에서 떼어 낸 [검증 데이터](../building-blocks/activations.md#데이터)로 가장 좋은 값을 고른 뒤 그 값끼리 비교해야
#   합니다. 위의 학습률 훑기는 학습 손실만 보았고, 시험 데이터로는 아무것도 고르지 않았습니다.
# - **일반화는 따로 재지 않았습니다.** AdamW의 가중치 감쇠($\lambda = 0.01$)는 스텝마다 파라미터를 $1 - \eta\lambda = 0.99999$배 할
#   뿐이라 200 스텝에서는 Adam과 거의 구별되지 않습니다. 규제의 효과는 [가중치 감쇠와 조기 종료](../better-training/early-stopping.md)처럼
#   과적합이 일어날 만큼 오래 학습하는 실험에서 봐야 합니다.

# %%
shrink = 1 - OPTIMIZERS["AdamW"][2]["lr"] * OPTIMIZERS["AdamW"][2]["weight_decay"]
print(f"AdamW가 스텝마다 파라미터에 곱하는 값 {shrink:.5f}, 200 스텝이면 {shrink ** STEPS:.4f}")
print(f"옵티마이저 사이 {spread_between:.0f}배, Adam의 학습률 사이 {spread_within:.0f}배, 모멘텀 {final_loss['모멘텀']}, SGD {final_loss['SGD']}")
assert f"{shrink:.5f}" == "0.99999" and round(spread_between) == 107 and round(spread_within) == 179
assert (final_loss["모멘텀"], final_loss["SGD"]) == (0.163, 0.155)

# %% [markdown]
# ## 더 해 볼 것
#
# - `train`에 `seed=1`, `seed=2`를 넘겨 일곱 옵티마이저를 다시 돌려 보세요. 첫 표의 순위 가운데 어느 것이 유지되나요?
# - `EPOCHS`를 50으로 늘리면 $\eta_{\max} = 0.03$에서도 학습률을 내리는 스케줄이 고정을 따라잡을까요?
# - 학습 데이터에서 검증 데이터를 20% 떼어 내고, 옵티마이저마다 학습률 서너 개 가운데 검증 손실이 가장 낮은 것을 골라 다시 비교해 보세요.
