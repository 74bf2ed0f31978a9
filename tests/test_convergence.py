"""수렴 분석(dlbasics.convergence)을 torch와 float64로 대조한다.

- 이차 손실 L(θ) = ½ θᵀHθ에서 run_quadratic의 궤적이 torch.optim.SGD(모멘텀 있고 없이, 기울기는 autograd)의
  궤적과 스텝마다 같다.
- 예측한 비율(gd_rate, momentum_rate)이 torch로 따로 만든 반복 행렬의 스펙트럼 반지름과 같다. 반복 행렬은
  torch.optim.SGD가 기저 상태 (θ, 버퍼)를 한 스텝씩 옮긴 것을 열로 쌓아 만들고, 고윳값은 torch.linalg.eigvals로 구한다.
- 그 스펙트럼 반지름이 torch의 궤적에서 잰 비율(measured_rate)과 같고, 안정 한계에서 1을 지나며, 가장 좋은
  설정에서 가장 작다. 스텝 수도 torch의 궤적에서 센 것과 같다.
- 잘못된 입력은 그 값을 밝히는 ValueError다.
"""

import math

import numpy as np
import pytest
import torch

from dlbasics.convergence import (
    condition_number,
    descend,
    gd_rate,
    measured_rate,
    momentum_matrix,
    momentum_rate,
    optimal_gd_lr,
    optimal_momentum,
    predicted_steps,
    run_quadratic,
    stable_lr_limit,
    steps_to_tolerance,
    steps_versus_condition,
)
from dlbasics.gradient_descent import linear_regression_hessian

RTOL, ATOL = 1e-9, 1e-12
rng = np.random.default_rng(0)
Q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
HESSIANS = {
    "diag-1-10": np.diag([1.0, 10.0]),
    "rotated-3d": Q @ np.diag([0.5, 2.0, 8.0]) @ Q.T,  # 고유 방향이 축과 어긋난 행렬
    "linear-regression": linear_regression_hessian(rng.normal(size=(40, 2)) + [1.0, 0.0]),  # 평균이 0이 아닌 특징
}


def torch_trajectory(H, start, lr, steps, momentum=0.0):
    """torch.optim.SGD로 L = ½ θᵀHθ를 autograd로 steps번 갱신한 궤적 (steps + 1, d)."""
    H_t = torch.as_tensor(H)
    theta = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([theta], lr=lr, momentum=momentum)
    path = [theta.detach().clone()]
    for _ in range(steps):
        optimizer.zero_grad()
        (0.5 * theta @ H_t @ theta).backward()
        optimizer.step()
        path.append(theta.detach().clone())
    return torch.stack(path)


def torch_step_matrix(H, lr, momentum=0.0):
    """torch.optim.SGD 한 스텝이 상태를 옮기는 행렬. 모멘텀이 없으면 상태는 θ, 있으면 (θ, 버퍼 b).
    기저 상태마다 한 스텝을 가 보고 결과를 열로 쌓는다 (갱신이 선형이라 그것이 곧 행렬이다)."""
    d = len(H)
    H_t = torch.as_tensor(H)
    size = 2 * d if momentum else d
    columns = []
    for j in range(size):
        state = torch.zeros(size, dtype=torch.float64)
        state[j] = 1.0
        theta = state[:d].clone().requires_grad_()
        optimizer = torch.optim.SGD([theta], lr=lr, momentum=momentum)
        if momentum:
            optimizer.state[theta]["momentum_buffer"] = state[d:].clone()  # b_{t-1}
        (0.5 * theta @ H_t @ theta).backward()
        optimizer.step()  # b_t = μ b_{t-1} + Hθ_t,  θ_{t+1} = θ_t - η b_t
        moved = [theta.detach()] + ([optimizer.state[theta]["momentum_buffer"]] if momentum else [])
        columns.append(torch.cat(moved))
    return torch.stack(columns, dim=1)


def torch_radius(H, lr, momentum=0.0):
    return torch.linalg.eigvals(torch_step_matrix(H, lr, momentum)).abs().max().item()


def eigenvalues_of(H):
    return torch.linalg.eigvalsh(torch.as_tensor(H)).numpy()


SETTINGS = [(0.05, 0.0), (0.15, 0.0), (0.05, 0.5), (0.02, 0.9), (0.2, 0.3)]


@pytest.mark.parametrize("name", HESSIANS)
@pytest.mark.parametrize("lr, momentum", SETTINGS)
def test_run_quadratic_matches_torch_sgd_every_step(name, lr, momentum):
    H = HESSIANS[name]
    start = np.linspace(1.0, -0.5, len(H))
    ours = run_quadratic(H, start, lr, 150, momentum=momentum)
    torch.testing.assert_close(torch.as_tensor(ours), torch_trajectory(H, start, lr, 150, momentum), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("name", HESSIANS)
@pytest.mark.parametrize("lr, momentum", SETTINGS + [(0.3, 0.0), (0.45, 0.5)])
def test_predicted_rate_is_the_spectral_radius_of_torchs_step_matrix(name, lr, momentum):
    H = HESSIANS[name]
    lam = eigenvalues_of(H)
    ours = gd_rate(lam, lr) if momentum == 0 else momentum_rate(lam, lr, momentum)
    assert math.isclose(ours, torch_radius(H, lr, momentum), rel_tol=RTOL)
    assert math.isclose(momentum_rate(lam, lr, 0.0), torch_radius(H, lr), rel_tol=RTOL)  # μ = 0이면 경사하강법


@pytest.mark.parametrize("curvature, lr, momentum", [(1.0, 0.1, 0.5), (10.0, 0.05, 0.9), (3.0, 0.2, 0.1), (10.0, 0.297, 0.5)])
def test_momentum_matrix_has_the_eigenvalues_of_torchs_buffer_update(curvature, lr, momentum):
    """(θ_t, θ_{t-1})의 행렬과 torch의 (θ, b) 행렬은 변수만 바꾼 같은 선형 사상: 고윳값이 같다."""
    ours = np.sort_complex(np.linalg.eigvals(momentum_matrix(curvature, lr, momentum)))
    theirs = np.sort_complex(torch.linalg.eigvals(torch_step_matrix(np.array([[curvature]]), lr, momentum)).numpy())
    np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=ATOL)


def test_momentum_matrix_reproduces_torchs_path_from_two_positions():
    """θ_{t+1} = (1 + μ - ηλ) θ_t - μ θ_{t-1}: torch의 1차원 궤적이 이 점화식을 스텝마다 따른다 (θ_{-1} = θ_0)."""
    curvature, lr, momentum = 4.0, 0.3, 0.6
    path = torch_trajectory(np.array([[curvature]]), [1.0], lr, 60, momentum)[:, 0].numpy()
    M = momentum_matrix(curvature, lr, momentum)
    state = np.array([path[0], path[0]])
    for t in range(60):
        state = M @ state
        assert math.isclose(state[0], path[t + 1], rel_tol=RTOL, abs_tol=ATOL)


# 비율을 궤적에서 재면 예측과 같다: 가장 느린 방향의 고윳값이 실수이고 둘째와 떨어져 있는 설정
# (복소 고윳값이면 오차 노름이 진동해 유한한 스텝으로 잰 비율이 0.1% 안팎 어긋난다: 페이지가 그 까닭을 보인다)
MEASURABLE = [("diag-1-10", 0.05, 0.0), ("diag-1-10", 2 / 11, 0.0), ("diag-1-10", 0.202, 0.0), ("rotated-3d", 0.1, 0.0),
              ("diag-1-10", 0.02, 0.3), ("rotated-3d", 0.05, 0.2), ("diag-1-10", 0.297, 0.5), ("diag-1-10", 0.303, 0.5)]


@pytest.mark.parametrize("name, lr, momentum", MEASURABLE)
def test_rate_measured_on_torchs_path_equals_the_spectral_radius(name, lr, momentum):
    H = HESSIANS[name]
    path = torch_trajectory(H, np.ones(len(H)), lr, 300, momentum)
    measured = measured_rate(torch.linalg.vector_norm(path, dim=1).numpy())
    assert math.isclose(measured, torch_radius(H, lr, momentum), rel_tol=RTOL)


@pytest.mark.parametrize("name", HESSIANS)
@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9])
def test_stable_lr_limit_is_where_torchs_spectral_radius_crosses_one(name, momentum):
    H = HESSIANS[name]
    limit = stable_lr_limit(eigenvalues_of(H), momentum)
    assert torch_radius(H, limit * (1 - 1e-6), momentum) < 1 < torch_radius(H, limit * (1 + 1e-6), momentum)


@pytest.mark.parametrize("name", HESSIANS)
def test_optimal_gd_lr_gives_the_smallest_torch_radius_and_kappa_formula(name):
    H = HESSIANS[name]
    lam = eigenvalues_of(H)
    best = optimal_gd_lr(lam)
    kappa = torch.linalg.cond(torch.as_tensor(H)).item()  # 대칭 양의 정부호 행렬의 2-노름 조건수 = λ_max / λ_min
    assert math.isclose(condition_number(lam), kappa, rel_tol=RTOL)
    assert math.isclose(torch_radius(H, best), (kappa - 1) / (kappa + 1), rel_tol=RTOL)
    assert torch_radius(H, best * (1 - 1e-3)) > torch_radius(H, best) < torch_radius(H, best * (1 + 1e-3))


@pytest.mark.parametrize("name", HESSIANS)
def test_optimal_momentum_is_a_double_root_at_both_ends_and_the_smallest_torch_radius(name):
    H = HESSIANS[name]
    lam = torch.linalg.eigvalsh(torch.as_tensor(H))
    lr, momentum = optimal_momentum(lam.numpy())
    low, high = lam[0].sqrt(), lam[-1].sqrt()
    assert math.isclose(lr, (4 / (high + low) ** 2).item(), rel_tol=1e-12)
    assert math.isclose(momentum, ((high - low) / (high + low)).item() ** 2, rel_tol=1e-12)
    for end in (lam[0], lam[-1]):  # 양 끝 곡률에서 z² - (1 + μ - ηλ)z + μ의 판별식이 0: 겹근
        assert abs((1 + momentum - lr * end.item()) ** 2 - 4 * momentum) < 1e-14
    best = torch_radius(H, lr, momentum)
    for dlr, dmu in [(1e-4, 0), (-1e-4, 0), (0, 1e-4), (0, -1e-4)]:  # 어느 쪽으로 움직여도 커진다
        assert torch_radius(H, lr * (1 + dlr), momentum + dmu) > best


@pytest.mark.parametrize("name", HESSIANS)
def test_no_setting_on_a_grid_has_a_smaller_torch_radius_than_the_optimal_momentum(name):
    """가장 좋은 설정은 가까운 곳만이 아니라 (η, μ) 격자 어디와 견주어도 수렴률이 가장 작다 (실수 근이 섞인 설정 포함)."""
    H = HESSIANS[name]
    lam = eigenvalues_of(H)
    best = torch_radius(H, *optimal_momentum(lam))
    assert math.isclose(best, (math.sqrt(lam[-1] / lam[0]) - 1) / (math.sqrt(lam[-1] / lam[0]) + 1), rel_tol=1e-7)  # 겹근: 10⁻⁷
    for lr in np.linspace(0.02, 1.98, 10) * 2 / lam[-1]:
        for momentum in np.linspace(0.0, 0.95, 10):
            assert torch_radius(H, lr, momentum) > best, (lr, momentum)


@pytest.mark.parametrize("name", HESSIANS)
@pytest.mark.parametrize("momentum", [0.0, 0.5])
def test_steps_to_tolerance_counts_torchs_path(name, momentum):
    H = HESSIANS[name]
    start, lr, tol = np.ones(len(H)), 0.5 * stable_lr_limit(eigenvalues_of(H), momentum), 1e-5
    count = steps_to_tolerance(H, start, lr, tol, momentum=momentum)
    norms = torch.linalg.vector_norm(torch_trajectory(H, start, lr, count, momentum), dim=1)
    assert norms[-1] <= tol * norms[0] and torch.all(norms[:-1] > tol * norms[0])  # torch의 궤적에서도 처음 닿는 스텝
    assert steps_to_tolerance(H, start, lr, tol, momentum=momentum, max_steps=count - 1) is None


@pytest.mark.parametrize("kappa", [10.0, 30.0, 100.0])
def test_gd_at_the_optimal_lr_takes_exactly_the_predicted_steps(kappa):
    """곡률이 1과 κ뿐이면 η*에서 두 방향의 비율이 크기가 같아 ‖e_t‖ = ρ*^t ‖e_0‖: 스텝 수가 예측과 같다.
    예측은 torch의 한 스텝 행렬로 잰 수렴률에서, 실제 스텝 수는 torch의 궤적에서 센다."""
    H = np.diag([1.0, kappa])
    lr = optimal_gd_lr([1.0, kappa])
    predicted = predicted_steps(torch_radius(H, lr), 1e-6)
    norms = torch.linalg.vector_norm(torch_trajectory(H, [1.0, 1.0], lr, predicted + 20), dim=1)
    counted_on_torch = int(torch.nonzero(norms <= 1e-6 * norms[0])[0, 0])  # torch의 궤적에서 처음 닿는 스텝
    assert steps_versus_condition([kappa], tol=1e-6)["gd"] == [predicted] == [counted_on_torch]


def test_momentum_needs_about_sqrt_kappa_steps_on_torchs_path():
    """모멘텀의 스텝 수: torch의 궤적에서 센 것과 같고, κ를 100배 하면 약 10배 (경사하강법은 100배)."""
    counts = steps_versus_condition([10.0, 1000.0])
    for kappa, count in zip([10.0, 1000.0], counts["momentum"]):
        lr, momentum = optimal_momentum([1.0, kappa])
        norms = torch.linalg.vector_norm(torch_trajectory(np.diag([1.0, kappa]), [1.0, 1.0], lr, count, momentum), dim=1)
        assert norms[-1] <= 1e-6 * norms[0] and torch.all(norms[:-1] > 1e-6 * norms[0])
    assert 8 < counts["momentum"][1] / counts["momentum"][0] < 13 and 99 < counts["gd"][1] / counts["gd"][0] < 101


def test_descend_checks_its_arguments_when_called_and_leaves_them_alone():
    start, H = np.array([1.0, -1.0]), np.diag([1.0, 10.0])
    frozen = start.copy()
    with pytest.raises(ValueError, match="momentum"):
        descend(H, start, 0.1, momentum=1.0)  # 반복자를 돌리기 전에
    positions = descend(H, start, 0.1)
    next(positions), next(positions)
    assert np.array_equal(start, frozen)


BAD = [
    (lambda: gd_rate([1.0, -2.0], 0.1), "eigenvalues"),
    (lambda: gd_rate([1.0, float("nan")], 0.1), "eigenvalues"),
    (lambda: gd_rate([], 0.1), "eigenvalues"),
    (lambda: gd_rate([[1.0, 2.0]], 0.1), "eigenvalues"),
    (lambda: gd_rate([1.0, 10.0], -0.1), "lr"),
    (lambda: gd_rate([1.0, 10.0], 0.0), "lr"),
    (lambda: optimal_gd_lr([0.0, 1.0]), "eigenvalues"),
    (lambda: condition_number([float("inf")]), "eigenvalues"),
    (lambda: momentum_matrix(-1.0, 0.1, 0.5), "eigenvalues"),
    (lambda: momentum_matrix(1.0, 0.1, 1.0), "momentum"),
    (lambda: momentum_rate([1.0, 10.0], 0.1, -0.1), "momentum"),
    (lambda: momentum_rate([1.0, 10.0], float("nan"), 0.5), "lr"),
    (lambda: stable_lr_limit([1.0, 10.0], 1.5), "momentum"),
    (lambda: optimal_momentum([1.0, -10.0]), "eigenvalues"),
    (lambda: run_quadratic([[1.0, 2.0], [0.0, 1.0]], [1.0, 1.0], 0.1, 10), "대칭"),
    (lambda: run_quadratic([[1.0, 0.0], [0.0, -1.0]], [1.0, 1.0], 0.1, 10), "eigenvalues"),
    (lambda: run_quadratic(np.ones(3), [1.0, 1.0, 1.0], 0.1, 10), "hessian"),
    (lambda: run_quadratic(np.eye(2), [1.0, 1.0, 1.0], 0.1, 10), "start"),
    (lambda: run_quadratic(np.eye(2), [1.0, 1.0], -0.1, 10), "lr"),
    (lambda: run_quadratic(np.eye(2), [1.0, 1.0], 0.1, -1), "steps"),
    (lambda: run_quadratic(np.eye(2), [1.0, 1.0], 0.1, 10, momentum=1.0), "momentum"),
    (lambda: measured_rate([1.0, 0.5, 0.25]), "errors"),
    (lambda: measured_rate([1.0, 0.5, 0.25, 0.0, 0.0, 0.0]), "errors"),
    (lambda: measured_rate(np.ones((6, 2))), "errors"),
    (lambda: steps_to_tolerance(np.eye(2), [1.0, 1.0], 0.1, tol=1.0), "tol"),
    (lambda: steps_to_tolerance(np.eye(2), [1.0, 1.0], 0.1, tol=0.0), "tol"),
    (lambda: steps_to_tolerance(np.eye(2), [1.0, 1.0], 0.1, tol=1e-3, max_steps=0), "max_steps"),
    (lambda: predicted_steps(1.0, 1e-3), "rate"),
    (lambda: predicted_steps(0.5, 2.0), "tol"),
    (lambda: steps_versus_condition([0.5]), "condition_numbers"),
]


@pytest.mark.parametrize("call, name", BAD, ids=[f"{i}-{name}" for i, (_, name) in enumerate(BAD)])
def test_bad_input_is_a_value_error_naming_it(call, name):
    with pytest.raises(ValueError, match=name):
        call()
