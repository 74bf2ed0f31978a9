"""그림: 파라미터 공간 (w, b)에서 본 경사하강법의 궤적.

(가)는 같은 출발점, 같은 학습률, 같은 갱신 횟수로 돌린 전체 배치, 미니배치, 확률적 경사하강법의 궤적,
(나)는 학습률의 상한 2/λ_max 둘레의 세 학습률로 돌린 전체 배치 경사하강법의 궤적, (다)는 (나)의 궤적들이
최소점에서 떨어진 거리다. 휴대전화에서도 읽히도록 세 칸을 위아래로 쌓는다.
빌드가 make_figure()를 불러 figures/gradient_descent_paths.svg로 저장한다. 궤적은 라이브러리의 train이,
상한은 max_stable_lr이 계산한다 (페이지에서는 그 앞의 구현 블록이 정의해 두었다).
"""

from dlbasics.gradient_descent import max_stable_lr, train

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullFormatter


def path_problem(seed=0, n=20):
    """특징 하나의 선형 회귀 ŷ = wx + b: 파라미터가 (w, b) 둘이라 손실을 평면에 그릴 수 있다."""
    rng = np.random.default_rng(seed)
    X = 1.0 + 0.8 * rng.normal(size=(n, 1))  # 평균이 0이 아니라 w와 b가 얽힌다 (기울어진 골짜기)
    y = 2.0 * X[:, 0] - 1.0 + 0.5 * rng.normal(size=n)
    start = [np.array([0.5]), np.array(2.5)]  # 출발점 (w, b) = (0.5, 2.5)
    return X, y, start


def as_points(trajectory):
    """train의 궤적 [[w (1,), b ()], …]를 (T+1, 2) 배열의 (w, b) 점들로."""
    return np.array([[w[0], b] for w, b in trajectory])


def method_paths(steps=60, lr=0.15, seed=1):
    """같은 학습률, 같은 갱신 횟수(steps)로 돌린 세 방식의 궤적. 이름 → (배치 크기, (steps+1, 2) 점들, 쓴 배치)."""
    X, y, start = path_problem()
    n = len(X)
    paths = {}
    for label, batch_size in [(f"전체 배치 (B = {n})", n), ("미니배치 (B = 5)", 5), ("SGD (B = 1)", 1)]:
        epochs = steps * batch_size // n  # 에폭마다 n/B번 갱신
        trajectory, _, batches = train(start, X, y, lr, batch_size, epochs, np.random.default_rng(seed))
        paths[label] = (batch_size, as_points(trajectory), batches)
    return paths


def lr_paths(fractions=(0.4, 0.9, 1.02), steps=15):
    """학습률 η = (비율) × 2/λ_max로 돌린 전체 배치 경사하강법의 궤적. 비율 → (η, (steps+1, 2) 점들)."""
    X, y, start = path_problem()
    eta_max = max_stable_lr(X)
    paths = {}
    for fraction in fractions:
        trajectory, _, _ = train(start, X, y, fraction * eta_max, len(X), steps, np.random.default_rng(0))
        paths[fraction] = (fraction * eta_max, as_points(trajectory))
    return eta_max, paths


def minimum_point():
    """최소점 (w*, b*): 최소제곱 해."""
    X, y, _ = path_problem()
    A = np.column_stack([X, np.ones(len(X))])
    return np.linalg.lstsq(A, y, rcond=None)[0]


def loss_contours(ax, levels=(0.3, 0.6, 1, 2, 4, 8, 16, 32)):
    """손실 L(w, b)의 등고선과 최소점."""
    X, y, _ = path_problem()
    w, b = np.meshgrid(np.linspace(-1.0, 5.0, 120), np.linspace(-5.6, 3.0, 120))
    L = np.mean((w[..., None] * X[:, 0] + b[..., None] - y) ** 2, axis=-1)  # 격자점마다 MSE
    ax.contour(w, b, L, levels=levels, colors="0.75", linewidths=0.8)
    ax.plot(*minimum_point(), marker="*", color="black", markersize=14, linestyle="none", label="최소점")
    ax.set(xlim=(-1.0, 5.0), ylim=(-5.6, 3.0))  # 아래쪽에 범례 자리를 남긴다
    ax.set_xlabel("가중치 w", fontsize=12)
    ax.set_ylabel("편향 b", fontsize=12)


def make_figure():
    """(가) 세 방식의 궤적, (나) 학습률에 따른 전체 배치의 궤적, (다) (나)의 궤적들의 최소점까지 거리."""
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    fig = Figure(figsize=(5.0, 10.2), layout="constrained")  # 좁은 그림에 큰 글자: 휴대전화에서도 읽히게
    ax_methods, ax_lr, ax_distance = fig.subplots(3, 1, height_ratios=[4.0, 4.0, 2.4])
    for ax in (ax_methods, ax_lr):
        loss_contours(ax)
    for label, (batch_size, points, _) in method_paths().items():
        ax_methods.plot(*points.T, marker="o", markersize=3 if batch_size > 1 else 0, linewidth=1.3, label=label)
    ax_methods.set_title("(가) 세 방식, 같은 학습률 $\\eta$ = 0.15로 갱신 60번", fontsize=12)
    eta_max, paths = lr_paths()
    colors = dict(zip(paths, ["C0", "C1", "C3"]))  # 비율 → 색
    for fraction, (eta, points) in paths.items():
        ax_lr.plot(*points.T, color=colors[fraction], marker="o", markersize=3.5, linewidth=1.3 if fraction < 1 else 0.8,
                   alpha=1.0 if fraction < 1 else 0.8, label=f"$\\eta$ = {eta:.3f} ({fraction:g}배)", zorder=3 - fraction)  # 범례가 축보다 넓어지지 않게 짧게
    diverging = paths[max(paths)][1]  # 상한을 넘은 학습률의 궤적
    last = len(diverging) - 1
    for t in [*range(1, 9), last - 1, last]:  # 빨간 궤적의 걸음 번호: 짝수 걸음은 오른쪽 벽, 홀수 걸음은 왼쪽 벽
        right_wall = t % 2 == 0
        ax_lr.annotate(str(t), diverging[t], xytext=(6, 2) if right_wall else (-6, -2), textcoords="offset points",
                       ha="left" if right_wall else "right", va="center", fontsize=10, color="C3")
    ax_lr.set_title(f"(나) 전체 배치, 상한 $2/\\lambda_{{\\max}}$ = {eta_max:.3f} 둘레에서 갱신 15번", fontsize=12)
    for ax in (ax_methods, ax_lr):
        ax.plot(*diverging[0], marker="s", color="black", markersize=6, linestyle="none", label="출발점")
        ax.legend(loc="lower center", ncol=2, fontsize=10.5, columnspacing=1.0)
    best = minimum_point()
    for fraction, (eta, points) in paths.items():
        ax_distance.plot(np.linalg.norm(points - best, axis=1), color=colors[fraction], marker="o", markersize=3.5, linewidth=1.3,
                         label=f"상한의 {fraction:g}배")
    ax_distance.legend(loc="lower left", fontsize=10.5)
    ax_distance.set_yscale("log")
    ax_distance.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))  # 10^-1 대신 0.1
    ax_distance.yaxis.set_minor_formatter(NullFormatter())
    ax_distance.set_title("(다) (나)의 세 궤적: 최소점까지의 거리", fontsize=12)
    ax_distance.set_xlabel("갱신 횟수 t", fontsize=12)
    ax_distance.set_ylabel("최소점까지 거리", fontsize=12)
    for ax in (ax_methods, ax_lr, ax_distance):
        ax.tick_params(labelsize=11)
    return fig
# --8<-- [end:draw]
