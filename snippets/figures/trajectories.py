"""그림: 두 손실 지형(위: 조건수 10인 이차 손실, 아래: 로젠브록 함수)의 등고선 위에 옵티마이저 넷의 궤적.

빌드가 make_figure()를 불러 figures/trajectories.svg로, make_data()를 불러 figures/trajectories.json으로
저장한다. JSON은 페이지의 대화형 그림(assets/javascripts/trajectories.js)이 읽는다: 손실마다 등고선과,
고를 수 있는 설정(dlbasics.trajectories.EXPLORER)마다의 궤적. 페이지는 draw 절만 싣고, 그 앞의 블록이
EXPLORER, make_optimizer, trajectory를 이미 정의해 두었다.
"""

from dlbasics.trajectories import EXPLORER, MOMENTA, explorer_settings, make_optimizer, trajectory

from docsite.figures import use_korean_font

# --8<-- [start:draw]
import numpy as np
from matplotlib.figure import Figure

TITLES = {"quadratic": "이차 손실 ½(x² + 10y²)", "rosenbrock": "로젠브록 함수"}
VIEWS = {"quadratic": ((-4.5, 3.0), (-2.2, 1.6)), "rosenbrock": ((-1.6, 1.6), (-0.6, 2.1))}  # (x 범위, y 범위)
LEVELS = {"quadratic": [0.05, 0.2, 0.5, 1, 2, 4, 8], "rosenbrock": [0.1, 0.5, 2, 8, 32, 128, 512]}
# 그림에 싣는 궤적: (옵티마이저, 학습률의 자리(EXPLORER의 가운데 값), momentum, 색, 선)
SHOWN = [("SGD", 1, 0.0, "tab:blue", "-", 3.2), ("SGD", 1, 0.9, "tab:orange", "--", 1.8),
         ("RMSprop", 1, 0.0, "tab:green", "-.", 1.8), ("Adam", 1, 0.0, "tab:red", ":", 2.2)]  # 마지막은 선 굵기


def loss_grid(surface, size=161):
    """VIEWS[surface] 범위의 격자와 그 위의 손실."""
    (x0, x1), (y0, y1) = VIEWS[surface]
    X, Y = np.meshgrid(np.linspace(x0, x1, size), np.linspace(y0, y1, size))
    return X, Y, EXPLORER[surface]["loss"](np.stack([X, Y], axis=-1))[0]


def shown_path(surface, name, which, momentum):
    setup = EXPLORER[surface]
    lr = setup["lrs"][name][which]
    return lr, trajectory(make_optimizer(name, setup["start"], lr, momentum), setup["loss"], setup["steps"])


def make_figure():
    use_korean_font()  # 한글 글꼴 (위의 korean-font 절)
    fig = Figure(figsize=(5.0, 9.6), layout="constrained")  # 위아래로 쌓아 휴대전화 폭에서도 글자가 크게
    for ax, surface in zip(fig.subplots(2, 1, height_ratios=[1, 1.35]), VIEWS):
        ax.contour(*loss_grid(surface), levels=LEVELS[surface], colors="0.6", linewidths=0.8)
        for name, which, momentum, color, style, width in SHOWN:
            lr, path = shown_path(surface, name, which, momentum)
            label = f"{name} η={lr:g}" + (f" μ={momentum:g}" if momentum else "")
            ax.plot(path[:, 0], path[:, 1], color=color, linestyle=style, linewidth=width, label=label)
        ax.plot(*EXPLORER[surface]["start"], "o", color="black", markersize=7, label="출발점")
        ax.plot(*EXPLORER[surface]["minimum"], "o", markerfacecolor="none", markeredgecolor="black",
                markeredgewidth=2, markersize=11, label="최소점")
        ax.set(xlim=VIEWS[surface][0], ylim=VIEWS[surface][1], aspect="equal")
        ax.set_title(f"{TITLES[surface]}: {EXPLORER[surface]['steps']}스텝", fontsize=13)
        ax.set_xlabel("x", fontsize=12)
        ax.set_ylabel("y", fontsize=12)
        ax.tick_params(labelsize=11)
        ax.legend(fontsize=10.5, ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.2 if surface == "quadratic" else -0.13))  # 축 아래: 궤적을 가리지 않게
    return fig
# --8<-- [end:draw]


def contour_lines(surface, decimals=3):
    """등고선마다 꺾은선들 (matplotlib이 쓰는 contourpy로, 좌표는 소수 decimals자리)."""
    import contourpy

    X, Y, Z = loss_grid(surface)
    generator = contourpy.contour_generator(X, Y, Z)
    return [{"level": level, "lines": [np.round(line, decimals).ravel().tolist() for line in generator.lines(level)]}
            for level in LEVELS[surface]]


def make_data(decimals=3):
    """대화형 그림의 자료: 손실마다 제목, 범위, 출발점, 최소점, 학습률들, 등고선, 설정마다의 궤적.
    궤적의 키는 '옵티마이저|학습률|momentum'이고, 점은 [x₀, y₀, x₁, y₁, …] (소수 decimals자리: 화면의 한 점보다 잘다)."""
    surfaces = {}
    for surface, setup in EXPLORER.items():
        surfaces[surface] = {"title": TITLES[surface], "view": VIEWS[surface], "start": setup["start"],
                             "minimum": setup["minimum"], "steps": setup["steps"], "lrs": setup["lrs"],
                             "start_loss": float(setup["loss"](setup["start"])[0]),
                             "contours": contour_lines(surface, decimals), "paths": {}}
    for surface, name, lr, momentum in explorer_settings():
        setup = EXPLORER[surface]
        path = trajectory(make_optimizer(name, setup["start"], lr, momentum), setup["loss"], setup["steps"])
        surfaces[surface]["paths"][f"{name}|{lr:g}|{momentum:g}"] = {
            "points": np.round(path, decimals).ravel().tolist(),
            "loss": float(setup["loss"](path[-1])[0]),
            "distance": float(np.linalg.norm(path[-1] - np.asarray(setup["minimum"]))),
        }
    return {"optimizers": sorted({name for _, name, _, _ in explorer_settings()}, key=list(EXPLORER["quadratic"]["lrs"]).index),
            "momenta": MOMENTA, "surfaces": surfaces}
