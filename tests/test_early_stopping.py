"""조기 종료와 가중치 감쇠(dlbasics.early_stopping)를 손으로 푼 손실 열과 PyTorch로 확인한다.

EarlyStopping은 손으로 따라간 손실 열(같은 값은 나아진 것이 아니다, min_delta, mode="max", patience=1, 멈춘 뒤의
step, inf)에서 step마다의 반환값, bad_epochs, best_value, best_epoch를 보고, best_params가 깊은 복사본인지 본다.
멈추는 에폭과 가장 좋은 값은 무작위 손실 열 300개로 torch의 ReduceLROnPlateau(threshold_mode="abs",
patience = p - 1)가 학습률을 처음 줄이는 에폭·scheduler.best와 대조한다. fit_with_weight_decay는 파라미터 궤적과
기록한 손실을 torch.optim.SGD(weight_decay=λ), L2 항을 더한 autograd 학습과 float64로 대조하고, 조기 종료를 주면
가장 좋았던 스텝에서 정확히 patience 뒤에 멈추는지, 과적합 실험의 주장(감쇠 없이는 시험 손실이 최소의 다섯 배 넘게
오르고, λ = 0.2면 오르지 않는다)을 잰다. 잘못된 입력도 본다.
"""

import functools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlbasics.early_stopping import EarlyStopping, fit_with_weight_decay, overfitting_data

import helpers

RTOL, ATOL = 1e-9, 1e-12  # 합의 순서 차이가 스텝마다 쌓이는 것만 허용한다
assert_matches = functools.partial(helpers.assert_matches, rtol=RTOL, atol=ATOL)
INF = float("inf")
F_, T_ = False, True


# 기대값은 규칙(나아짐: min이면 v < best - δ, max면 v > best + δ; 나아지지 않은 에폭이 patience번 이어지면 멈춤)을
# 손으로 따라가 구했다. 에폭은 0부터 센다.
@pytest.mark.parametrize(
    "values, kwargs, stops, bad_epochs, best_epoch, best_value",
    [
        # 0.8 다음의 0.8 두 번은 같은 값이라 나아지지 않음: k = 1, 2에서 멈춤
        ([1.0, 0.8, 0.8, 0.8], dict(patience=2), [F_, F_, F_, T_], [0, 0, 1, 2], 1, 0.8),
        # δ = 0.1: 0.95, 0.92는 1.0 - 0.1보다 크므로 best가 1.0에 머물고, 쌓인 개선(0.88 < 0.9)에서야 나아짐
        ([1.0, 0.95, 0.92, 0.88, 0.85], dict(patience=3, min_delta=0.1), [F_] * 5, [0, 1, 2, 0, 1], 3, 0.88),
        # δ = 0.1: 0.85는 0.9보다 작아 나아짐, 0.84·0.8·0.79는 0.75보다 커서 아님 (best는 0.85 그대로)
        ([1.0, 0.95, 0.85, 0.84, 0.8, 0.79], dict(patience=2, min_delta=0.1), [F_, F_, F_, F_, T_, T_], [0, 1, 0, 1, 2, 3], 2, 0.85),
        # 정확도(max): 0.6의 재등장은 같은 값이라 k = 2로 멈추지만, 0.65에서 나아져 k = 0으로 돌아가 다시 False
        ([0.5, 0.6, 0.55, 0.6, 0.65, 0.64], dict(patience=2, mode="max"), [F_, F_, F_, T_, F_, F_], [0, 0, 1, 2, 0, 1], 4, 0.65),
        # patience = 1: 나아지지 않은 첫 에폭에서 바로 True, 나아지면 False
        ([3.0, 2.0, 2.5, 1.0, 1.0], dict(patience=1), [F_, F_, T_, F_, T_], [0, 0, 1, 0, 1], 3, 1.0),
        # 멈춘 뒤에도 k가 계속 늘어 True (0.95는 0.9보다 커서 나아짐이 아님), 진짜 나아짐(0.85)만 되돌린다
        ([1.0, 1.1, 1.2, 1.3, 0.95, 0.85], dict(patience=2, min_delta=0.1), [F_, F_, T_, T_, T_, F_], [0, 1, 2, 3, 4, 0], 5, 0.85),
        # best는 torch처럼 inf에서 시작한다: 첫 값 inf는 inf보다 작지 않아 나아짐이 아니고(k = 1), 유한한 값은
        # inf - δ = inf보다 작아 나아짐, 그 뒤의 inf는 나아짐이 아님
        ([INF, 2.0, INF, INF], dict(patience=2, min_delta=0.5), [F_, F_, F_, T_], [1, 0, 1, 2], 1, 2.0),
        ([INF, INF], dict(patience=1), [T_, T_], [1, 2], None, INF),
    ],
)
def test_hand_worked_sequences(values, kwargs, stops, bad_epochs, best_epoch, best_value):
    stopper = EarlyStopping(**kwargs)
    start = -INF if kwargs.get("mode") == "max" else INF  # torch의 ReduceLROnPlateau와 같은 출발점
    assert (stopper.best_value, stopper.best_epoch, stopper.best_params, stopper.bad_epochs) == (start, None, None, 0)
    seen = []
    for value in values:
        seen.append((stopper.step(value), stopper.bad_epochs))
    assert seen == list(zip(stops, bad_epochs)) and all(type(stop) is bool for stop, _ in seen)
    assert (stopper.best_epoch, stopper.best_value) == (best_epoch, best_value)
    assert type(stopper.best_value) is float and stopper.best_params is None  # params를 넘기지 않았다


def test_numpy_scalars_are_accepted_and_a_refused_value_is_not_counted():
    stopper = EarlyStopping(np.int64(2), min_delta=np.float64(0.0))
    assert not stopper.step(np.float64(0.5)) and not stopper.step(3)  # 정수 값도 받는다 (나아지지 않음)
    with pytest.raises(ValueError, match="value"):
        stopper.step(float("nan"))
    assert (stopper.epoch, stopper.bad_epochs, stopper.best_value) == (1, 1, 0.5)  # 거부한 값은 세지 않는다


@pytest.mark.parametrize("make, mutate", [
    (lambda: [np.zeros(3), np.array(1.0)], lambda p: (p[0].__iadd__(5.0), p[1].fill(7.0), p.append(np.ones(2)))),
    (lambda: {"w": np.arange(3.0), "b": np.array(0.0)}, lambda p: (p["w"].__imul__(-2.0), p["b"].fill(9.0), p.pop("b"))),
], ids=["list", "dict"])
def test_best_params_is_a_deep_copy(make, mutate):
    params, original = make(), make()
    stopper = EarlyStopping(patience=3)
    stopper.step(1.0, params)
    mutate(params)  # 학습이 배열을 제자리에서 바꾸고 컨테이너도 바꾼다
    stopper.step(2.0, make())  # 나아지지 않은 에폭의 params는 남기지 않는다
    assert type(stopper.best_params) is type(original) and len(stopper.best_params) == len(original)
    for key in range(len(original)) if isinstance(original, list) else original:
        np.testing.assert_array_equal(stopper.best_params[key], original[key])
    stopper.step(0.5)  # 나아졌는데 params가 없으면 best_params도 없다 (그 에폭의 파라미터를 모른다)
    assert stopper.best_params is None


def first_reduction(values, patience, threshold, mode):
    """ReduceLROnPlateau가 학습률을 처음 줄인 에폭과 그때의 scheduler.best (줄이지 않았으면 None과 끝의 best)."""
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
        opt, mode=mode, patience=patience, threshold=threshold, threshold_mode="abs", cooldown=0)
    for epoch, value in enumerate(values):
        scheduler.step(value)
        if opt.param_groups[0]["lr"] < 1.0:
            return epoch, scheduler.best
    return None, scheduler.best


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_stopping_epoch_and_best_value_match_reduce_lr_on_plateau(seed):
    rng = np.random.default_rng(seed)
    outcomes = set()
    for _ in range(100):
        # 0.1 단위라 같은 값이 자주 나온다. 길이가 짧은 열은 멈추지 않고 끝나기도 한다
        values = np.round(rng.normal(size=int(rng.integers(2, 31))).cumsum() * 0.1, 1).tolist()
        patience, min_delta, mode = int(rng.integers(1, 6)), float(rng.choice([0.0, 0.1, 0.25])), str(rng.choice(["min", "max"]))
        stopper = EarlyStopping(patience, min_delta, mode)
        stopped = next((epoch for epoch, value in enumerate(values) if stopper.step(value)), None)
        epoch, best = first_reduction(values, patience - 1, min_delta, mode)  # torch는 patience번을 넘으면 줄인다
        assert (stopped, stopper.best_value) == (epoch, best), (values, patience, min_delta, mode)
        outcomes.add(stopped is None)
    assert outcomes == {True, False}  # 멈춘 열과 끝까지 간 열이 둘 다 있다


@pytest.mark.parametrize("mode, start", [("min", INF), ("max", -INF)])
@pytest.mark.parametrize("patience", [1, 2, 3])
def test_leading_infinities_count_like_reduce_lr_on_plateau(mode, start, patience):
    """가장 좋은 값이 torch처럼 ±inf에서 시작하므로, 처음부터 ±inf만 오면 나아지지 않은 에폭으로 센다."""
    values = [start] * 5 + [0.0]
    stopper = EarlyStopping(patience, mode=mode)
    stopped = next((epoch for epoch, value in enumerate(values) if stopper.step(value)), None)
    assert (stopped, stopper.best_value) == first_reduction(values, patience - 1, 0.0, mode)


def test_scalar_arrays_and_tensors_are_read_as_numbers():
    stopper = EarlyStopping(2)
    for value in (np.array(0.5), torch.tensor(0.4, dtype=torch.float64), np.float32(0.3)):
        assert stopper.step(value) is False
    assert (stopper.best_epoch, stopper.best_value) == (2, float(np.float32(0.3)))


@pytest.fixture(scope="module")
def data():
    return overfitting_data()


def test_overfitting_data_is_deterministic_and_has_the_stated_shapes(data):
    shapes = {split: (X.shape, y.shape) for split, (X, y) in data.items()}
    assert shapes == {"train": ((30, 30), (30,)), "val": ((30, 30), (30,)), "test": ((2000, 30), (2000,))}
    flat = lambda d: np.concatenate([np.ravel(a) for pair in d.values() for a in pair])  # noqa: E731
    np.testing.assert_array_equal(flat(overfitting_data(seed=0)), flat(data))  # 같은 씨앗이면 비트까지 같고
    assert not np.array_equal(flat(overfitting_data(seed=1)), flat(data))


def torch_run(data, weight_decay, penalty, steps):
    """torch로 같은 학습: 0에서 출발, 학습률은 안정 한계 2/λ_max(H)의 절반, H = (2/n)AᵀA. 갱신 k번 뒤의 [w, b]와
    세 손실(MSE)을 k = 0..steps마다 모은다. penalty는 손실에 더하는 (λ/2)(‖w‖² + b²)의 λ."""
    (X, y), n = (torch.as_tensor(a) for a in data["train"]), len(data["train"][0])
    A = torch.cat([X, torch.ones(n, 1, dtype=torch.float64)], dim=1)
    lr = float(1 / torch.linalg.eigvalsh(2 / n * A.T @ A)[-1])
    w, b = torch.zeros(X.shape[1], dtype=torch.float64, requires_grad=True), torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w, b], lr=lr, weight_decay=weight_decay)
    params, losses = [], {split: [] for split in data}
    for _ in range(steps + 1):
        with torch.no_grad():
            params.append(torch.cat([w, b[None]]).clone())
            for split, (X_s, y_s) in data.items():
                losses[split].append(F.mse_loss(torch.as_tensor(X_s) @ w + b, torch.as_tensor(y_s)))
        opt.zero_grad()
        (F.mse_loss(X @ w + b, y) + penalty / 2 * (w.square().sum() + b.square())).backward()
        opt.step()
    return torch.stack(params), {split: torch.stack(v) for split, v in losses.items()}


class Recorder:
    """멈추지 않는 stopper: fit_with_weight_decay가 넘기는 (갱신 전) 파라미터를 스텝마다 모은다."""

    def __init__(self):
        self.params = []

    def step(self, value, params):
        self.params.append(np.append(*params))
        return False


@pytest.mark.parametrize("weight_decay", [0.0, 0.2])
def test_fit_follows_torch_sgd_with_weight_decay_and_with_an_l2_penalty(data, weight_decay):
    steps, recorder = 50, Recorder()
    history, last = fit_with_weight_decay(data, weight_decay, steps, stopper=recorder)
    for theirs, losses in (torch_run(data, weight_decay, 0.0, steps), torch_run(data, 0.0, weight_decay, steps)):
        assert_matches(np.stack(recorder.params), theirs[:steps])  # 스텝 k에 넘긴 것 = 갱신 k번 뒤
        assert_matches(np.append(*last), theirs[steps])  # 돌려준 것 = 갱신 steps번 뒤
        for split in data:
            assert_matches(history[split], losses[split][:steps])  # 기록 k = 갱신 k번 뒤의 MSE (감쇠 항 없이)


@pytest.mark.parametrize("patience", [5, 20])
def test_early_stopping_stops_patience_steps_after_the_best_step(data, patience):
    stopper = EarlyStopping(patience)
    history, last = fit_with_weight_decay(data, 0.0, 3000, stopper=stopper)
    stop, best = len(history["val"]) - 1, stopper.best_epoch
    assert stop == best + patience < 2999 and history["val"][best] == min(history["val"])
    params, _ = torch_run(data, 0.0, 0.0, stop)
    assert_matches(np.append(*stopper.best_params), params[best])  # 가장 좋았던 스텝의 파라미터
    assert_matches(np.append(*last), params[stop])  # 멈춘 스텝에서는 갱신하지 않는다
    w, b = (torch.as_tensor(p) for p in stopper.best_params)
    X_val, y_val = (torch.as_tensor(a) for a in data["val"])
    assert_matches(history["val"][best], F.mse_loss(X_val @ w + b, y_val))


def test_without_weight_decay_the_test_loss_rises_and_with_it_it_does_not(data):
    # 본문은 3000스텝이지만 주장은 2000·1000스텝에서 이미 성립한다 (시험 손실의 비는 스텝과 함께 커진다)
    plain = fit_with_weight_decay(data, 0.0, 2000)[0]
    assert plain["train"][-1] < 1e-3  # 학습 데이터 30개를 거의 정확히 지나간다
    assert plain["test"][-1] > 5 * min(plain["test"])
    decayed = fit_with_weight_decay(data, 0.2, 1000)[0]
    assert decayed["test"][-1] < 1.1 * min(decayed["test"]) and decayed["test"][-1] < plain["test"][-1] / 5


@pytest.mark.parametrize(
    "call, message",
    [
        *[(lambda p=p: EarlyStopping(p), "patience") for p in (0, -1, 2.5, True, "3")],
        *[(lambda d=d: EarlyStopping(3, min_delta=d), "min_delta") for d in (-0.1, float("nan"), True, INF)],
        *[(lambda m=m: EarlyStopping(3, mode=m), "mode") for m in ("lowest", None)],
        *[(lambda v=v: EarlyStopping(3).step(v), "value") for v in (float("nan"), "0.5", True, np.array([0.5]), 10**400)],
    ],
)
def test_bad_input_is_refused_naming_what_is_wrong(call, message):
    with pytest.raises(ValueError, match=message):
        call()
