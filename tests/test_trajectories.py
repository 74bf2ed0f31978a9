"""옵티마이저의 궤적(dlbasics.trajectories)을 torch와 float64로 대조한다.

두 손실(이차 손실, 로젠브록 함수)의 값과 기울기는 torch autograd와 같다. 대화형 그림이 고를 수 있는 모든 설정
(EXPLORER: 지형마다 18가지)의 궤적은 torch 옵티마이저가 같은 출발점에서 autograd 기울기로 간 궤적과 스텝마다
rtol 1e-9로 같다. 빌드가 싣는 JSON(snippets/figures/trajectories.py의 make_data)의 궤적은 그 궤적을 소수 셋째
자리로 반올림한 것이다. 잘못된 점, 설정, 스텝 수는 ValueError다.
"""

import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from dlbasics.optimizers import SGD, Adagrad, Adam, RMSprop
from dlbasics.trajectories import (
    EXPLORER,
    MOMENTA,
    explorer_settings,
    make_optimizer,
    quadratic_loss,
    rosenbrock_loss,
    trajectory,
)
from docsite.figures import load_figure_module, render_data

RTOL, ATOL = 1e-9, 1e-12
FIGURE = Path(__file__).resolve().parents[1] / "snippets" / "figures" / "trajectories.py"
TORCH_OPTIMIZERS = {"SGD": torch.optim.SGD, "Adagrad": torch.optim.Adagrad, "RMSprop": torch.optim.RMSprop, "Adam": torch.optim.Adam}


def torch_quadratic(point):
    return 0.5 * (point[..., 0] ** 2 + 10 * point[..., 1] ** 2)


def torch_rosenbrock(point):
    return (1 - point[..., 0]) ** 2 + 100 * (point[..., 1] - point[..., 0] ** 2) ** 2


TORCH_LOSSES = {"quadratic": torch_quadratic, "rosenbrock": torch_rosenbrock}


def torch_trajectory(make, loss_fn, start, steps):
    point = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt, path = make([point]), [point.detach().clone()]
    for _ in range(steps):
        opt.zero_grad()
        loss_fn(point).backward()
        opt.step()
        path.append(point.detach().clone())
    return torch.stack(path)


@pytest.mark.parametrize("shape", [(2,), (7, 2), (3, 4, 2)])
@pytest.mark.parametrize("surface", list(EXPLORER))
def test_losses_and_gradients_match_autograd(surface, shape):
    points = np.random.default_rng(len(shape)).uniform(-2, 2, size=shape)
    loss, grad = EXPLORER[surface]["loss"](points)
    where = torch.tensor(points, requires_grad=True)
    expected = TORCH_LOSSES[surface](where)
    expected.sum().backward()
    assert loss.shape == shape[:-1] and grad.shape == shape
    torch.testing.assert_close(torch.as_tensor(loss), expected.detach(), rtol=1e-12, atol=0)
    torch.testing.assert_close(torch.as_tensor(grad), where.grad, rtol=1e-12, atol=1e-12)


def test_minima_are_where_the_gradient_vanishes():
    for setup in EXPLORER.values():
        loss, grad = setup["loss"](setup["minimum"])
        assert loss == 0 and np.all(grad == 0)


@pytest.mark.parametrize("setting", explorer_settings(), ids=lambda setting: "-".join(map(str, setting)))
def test_every_explorer_trajectory_matches_torch_at_every_step(setting):
    surface, name, lr, momentum = setting
    setup = EXPLORER[surface]
    mine = trajectory(make_optimizer(name, setup["start"], lr, momentum), setup["loss"], setup["steps"])
    extra = {"momentum": momentum} if name == "SGD" else {}
    theirs = torch_trajectory(lambda p: TORCH_OPTIMIZERS[name](p, lr=lr, **extra), TORCH_LOSSES[surface], setup["start"], setup["steps"])
    assert mine.shape == (setup["steps"] + 1, 2)  # 그림의 설정은 어느 것도 limit에서 멈추지 않는다
    torch.testing.assert_close(torch.as_tensor(mine), theirs, rtol=RTOL, atol=ATOL)


def test_explorer_offers_three_rates_per_optimizer_and_momentum_only_for_sgd():
    settings = explorer_settings()
    assert len(settings) == len(set(settings)) == 36
    for surface, setup in EXPLORER.items():
        assert set(setup["lrs"]) == set(TORCH_OPTIMIZERS) and all(len(lrs) == 3 for lrs in setup["lrs"].values())
        assert {momentum for s, name, _, momentum in settings if s == surface and name == "SGD"} == set(MOMENTA)
        assert {momentum for s, name, _, momentum in settings if s == surface and name != "SGD"} == {0.0}


def test_nesterov_and_rmsprop_momentum_trajectories_match_torch():
    for ours, theirs in [
        (lambda p: SGD(p, lr=1e-3, momentum=0.9, nesterov=True), lambda p: torch.optim.SGD(p, lr=1e-3, momentum=0.9, nesterov=True)),
        (lambda p: RMSprop(p, lr=0.01, momentum=0.5, centered=True), lambda p: torch.optim.RMSprop(p, lr=0.01, momentum=0.5, centered=True)),
        (lambda p: Adagrad(p, lr=0.3, lr_decay=0.01), lambda p: torch.optim.Adagrad(p, lr=0.3, lr_decay=0.01)),
        (lambda p: Adam(p, lr=0.1, amsgrad=True), lambda p: torch.optim.Adam(p, lr=0.1, amsgrad=True)),
    ]:
        mine = trajectory(ours([np.array([-1.2, 1.0])]), rosenbrock_loss, 300)
        torch.testing.assert_close(torch.as_tensor(mine), torch_trajectory(theirs, torch_rosenbrock, (-1.2, 1.0), 300), rtol=RTOL, atol=ATOL)


def test_a_diverging_trajectory_stops_at_the_first_point_beyond_the_limit():
    mine = trajectory(SGD([np.array([-4.0, 1.0])], lr=0.5), quadratic_loss, steps=100, limit=50.0)
    theirs = torch_trajectory(lambda p: torch.optim.SGD(p, lr=0.5), torch_quadratic, (-4.0, 1.0), 100)
    beyond = int(np.argmax(theirs.abs().amax(dim=1).numpy() > 50.0))
    assert len(mine) == beyond + 1  # y ← -4y: 4^t > 50
    torch.testing.assert_close(torch.as_tensor(mine), theirs[: beyond + 1], rtol=RTOL, atol=ATOL)


def test_trajectory_leaves_the_optimizers_input_untouched():
    start = np.array([-1.2, 1.0])
    path = trajectory(Adam([start], lr=0.1), rosenbrock_loss, 20)
    assert np.array_equal(start, [-1.2, 1.0]) and np.array_equal(path[0], start)


def test_the_json_the_page_draws_holds_the_library_trajectories_rounded():
    data = json.loads(render_data(FIGURE))
    assert data["optimizers"] == list(TORCH_OPTIMIZERS) and data["momenta"] == list(MOMENTA)
    for surface, name, lr, momentum in explorer_settings():
        setup, shown = EXPLORER[surface], data["surfaces"][surface]
        path = trajectory(make_optimizer(name, setup["start"], lr, momentum), setup["loss"], setup["steps"])
        entry = shown["paths"][f"{name}|{lr:g}|{momentum:g}"]
        assert entry["points"] == np.round(path, 3).ravel().tolist()
        assert math.isclose(entry["loss"], setup["loss"](path[-1])[0], rel_tol=1e-12)
        assert math.isclose(entry["distance"], float(np.linalg.norm(path[-1] - setup["minimum"])), rel_tol=1e-12)
    for surface, shown in data["surfaces"].items():
        assert len(shown["paths"]) == 18
        assert shown["lrs"] == {name: list(lrs) for name, lrs in EXPLORER[surface]["lrs"].items()}
        assert math.isclose(shown["start_loss"], EXPLORER[surface]["loss"](EXPLORER[surface]["start"])[0])
        assert [contour["level"] for contour in shown["contours"]] == load_figure_module(FIGURE).LEVELS[surface]
        assert all(contour["lines"] for contour in shown["contours"])  # 등고선마다 범위 안에 선이 있다


@pytest.mark.parametrize("points, message", [((1.0, 2.0, 3.0), "마지막 축의 길이가 2"), (3.0, "마지막 축의 길이가 2"),
                                             ((np.nan, 0.0), "유한하지 않은"), ((np.inf, 0.0), "유한하지 않은")])
@pytest.mark.parametrize("loss_fn", [quadratic_loss, rosenbrock_loss])
def test_bad_points_are_rejected(loss_fn, points, message):
    with pytest.raises(ValueError, match=message):
        loss_fn(points)


@pytest.mark.parametrize("call, message", [
    (lambda: trajectory(SGD([np.zeros(2), np.zeros(2)], lr=0.1), quadratic_loss, 10), "파라미터 하나"),
    (lambda: trajectory(SGD([np.zeros(3)], lr=0.1), quadratic_loss, 10), r"모양 \(2,\)"),
    (lambda: trajectory(SGD([np.zeros(2)], lr=0.1), quadratic_loss, 0), "steps"),
    (lambda: trajectory(SGD([np.zeros(2)], lr=0.1), quadratic_loss, 2.5), "steps"),
    (lambda: trajectory(SGD([np.zeros(2)], lr=0.1), quadratic_loss, 10, limit=0), "limit"),
    (lambda: make_optimizer("Adadelta", (0.0, 0.0), lr=0.1), "옵티마이저는"),
    (lambda: make_optimizer("Adam", (0.0, 0.0), lr=0.1, momentum=0.9), "SGD에만"),
    (lambda: make_optimizer("SGD", (0.0, 0.0), lr=-0.1), "lr"),
    (lambda: make_optimizer("SGD", (0.0, 0.0), lr=0.1, momentum=-0.5), "momentum"),
    (lambda: make_optimizer("SGD", (0.0, 0.0, 0.0), lr=0.1), "마지막 축의 길이가 2"),
])
def test_bad_settings_are_rejected(call, message):
    with pytest.raises(ValueError, match=message):
        call()
