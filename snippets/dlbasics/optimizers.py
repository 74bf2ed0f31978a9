"""옵티마이저: torch.optim과 같은 이름, 같은 기본값, 같은 갱신을 NumPy로.

opt = Adam(params, lr=...)로 만들고 new_params = opt.step(grads)로 한 스텝 간다. step은 새 배열들을 돌려주고
opt.params에 바꿔 끼우며, 만들 때 넘긴 배열이나 기울기는 건드리지 않는다 (torch는 파라미터를 제자리에서 바꾼다).
파라미터마다의 상태는 opt.state[i]에 torch와 같은 이름으로 있다 (momentum_buffer, sum, square_avg, grad_avg,
exp_avg, exp_avg_sq, max_exp_avg_sq, step).
"""

from .gradient_descent import check_grads, check_lr
from .optimization import add_weight_decay, check_weight_decay
from .schedulers import check_number

# --8<-- [start:optimizer]
import numpy as np


class Optimizer:
    """파라미터의 복사본과 파라미터마다의 상태를 가진다. 하위 클래스는 update(θ, g, state) -> 새 θ만 정한다.
    가중치 감쇠는 기울기에 λθ를 더해 넘긴다 (L2 항). decoupled = True인 옵티마이저(AdamW)는 update가 직접 한다."""

    decoupled = False

    def __init__(self, params, lr, weight_decay):
        check_lr(lr)
        check_weight_decay(weight_decay)
        if isinstance(params, np.ndarray):  # 배열 하나를 넘기면 행마다 쪼개지므로 막는다 (torch도 거부)
            raise ValueError(f"params는 배열들의 리스트여야 합니다: 배열 하나 {params.shape}")
        self.params = [np.array(p, dtype=np.float64) for p in params]  # 복사해서 가진다
        if not self.params:
            raise ValueError("params가 비어 있습니다")
        self.lr, self.weight_decay = lr, weight_decay
        self.state = [{} for _ in self.params]

    def step(self, grads):
        """모든 파라미터를 한 스텝 갱신하고, 새 파라미터 리스트를 저장하고 돌려준다."""
        check_grads(self.params, grads)  # 개수와 모양 (브로드캐스팅 없음)
        if not self.decoupled:
            grads = add_weight_decay(self.params, grads, self.weight_decay)  # g ← g + λθ (λ = 0이면 g 그대로)
        self.params = [self.update(p, np.asarray(g, dtype=np.float64), state)
                       for p, g, state in zip(self.params, grads, self.state)]
        return self.params
# --8<-- [end:optimizer]


# --8<-- [start:sgd]
import math


class SGD(Optimizer):
    """torch.optim.SGD: (g ← g + λθ 다음)  b ← μb + (1 - τ)g (첫 스텝은 b = g),  θ ← θ - η b (nesterov면 θ - η(g + μb))."""

    def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0):
        check_number(momentum, "momentum", 0, math.inf)
        check_number(dampening, "dampening", 0, math.inf)
        if nesterov and (momentum == 0 or dampening != 0):  # torch도 거부한다
            raise ValueError(f"nesterov=True에는 0이 아닌 momentum과 0인 dampening이 필요합니다: momentum={momentum}, dampening={dampening}")
        super().__init__(params, lr, weight_decay)
        self.momentum, self.dampening, self.nesterov = momentum, dampening, nesterov

    def update(self, param, grad, state):
        if self.momentum != 0:
            if "momentum_buffer" not in state:
                state["momentum_buffer"] = grad.copy()  # b₁ = g₁
            else:
                state["momentum_buffer"] = self.momentum * state["momentum_buffer"] + (1 - self.dampening) * grad
            buffer = state["momentum_buffer"]
            grad = grad + self.momentum * buffer if self.nesterov else buffer
        return param - self.lr * grad
# --8<-- [end:sgd]


# --8<-- [start:adagrad]
import math

import numpy as np


class Adagrad(Optimizer):
    """torch.optim.Adagrad: s ← s + g²,  θ ← θ - η_t g / (√s + ε),  η_t = η / (1 + (t - 1)·lr_decay)."""

    def __init__(self, params, lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10):
        check_number(lr_decay, "lr_decay", 0, math.inf)
        check_number(initial_accumulator_value, "initial_accumulator_value", 0, math.inf)
        check_number(eps, "eps", 0, math.inf)
        super().__init__(params, lr, weight_decay)
        self.lr_decay, self.eps = lr_decay, eps
        for param, state in zip(self.params, self.state):
            state["step"], state["sum"] = 0, np.full_like(param, initial_accumulator_value)

    def update(self, param, grad, state):
        state["step"] += 1
        lr = self.lr / (1 + (state["step"] - 1) * self.lr_decay)
        state["sum"] = state["sum"] + grad * grad  # 기울기 제곱의 합: 줄어들기만 하는 걸음
        return param - lr * grad / (np.sqrt(state["sum"]) + self.eps)  # ε은 제곱근 밖
# --8<-- [end:adagrad]


# --8<-- [start:rmsprop]
import math

import numpy as np


class RMSprop(Optimizer):
    """torch.optim.RMSprop: v ← αv + (1 - α)g²,  θ ← θ - η g / (√v + ε). centered면 √(v - ḡ²), momentum이면 버퍼."""

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
        check_number(alpha, "alpha", 0, math.inf)
        check_number(eps, "eps", 0, math.inf)
        check_number(momentum, "momentum", 0, math.inf)
        super().__init__(params, lr, weight_decay)
        self.alpha, self.eps, self.momentum, self.centered = alpha, eps, momentum, centered
        for param, state in zip(self.params, self.state):
            state["step"], state["square_avg"] = 0, np.zeros_like(param)
            if momentum > 0:
                state["momentum_buffer"] = np.zeros_like(param)
            if centered:
                state["grad_avg"] = np.zeros_like(param)

    def update(self, param, grad, state):
        state["step"] += 1
        state["square_avg"] = self.alpha * state["square_avg"] + (1 - self.alpha) * grad * grad
        variance = state["square_avg"]
        if self.centered:  # 평균을 뺀 분산 v - ḡ²
            state["grad_avg"] = self.alpha * state["grad_avg"] + (1 - self.alpha) * grad
            variance = variance - state["grad_avg"] ** 2
        step = grad / (np.sqrt(variance) + self.eps)  # torch: ε은 제곱근 밖 (TensorFlow는 안)
        if self.momentum > 0:
            state["momentum_buffer"] = self.momentum * state["momentum_buffer"] + step
            step = state["momentum_buffer"]
        return param - self.lr * step
# --8<-- [end:rmsprop]


# --8<-- [start:adam]
import math

import numpy as np


class Adam(Optimizer):
    """torch.optim.Adam: m ← β₁m + (1 - β₁)g,  v ← β₂v + (1 - β₂)g²,  θ ← θ - η m̂ / (√v̂ + ε)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False):
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"betas는 두 수 (β₁, β₂)여야 합니다: betas={betas!r}")
        for index, beta in enumerate(betas):
            check_number(beta, f"betas[{index}]", 0, 1)  # [0, 1)
        check_number(eps, "eps", 0, math.inf)
        super().__init__(params, lr, weight_decay)
        self.betas, self.eps, self.amsgrad = tuple(betas), eps, amsgrad
        for param, state in zip(self.params, self.state):
            state.update(step=0, exp_avg=np.zeros_like(param), exp_avg_sq=np.zeros_like(param))
            if amsgrad:
                state["max_exp_avg_sq"] = np.zeros_like(param)

    def update(self, param, grad, state):
        beta1, beta2 = self.betas
        state["step"] += 1
        t = state["step"]
        if self.decoupled:
            param = param * (1 - self.lr * self.weight_decay)  # θ ← (1 - ηλ)θ (Adam에서는 step이 이미 g ← g + λθ를 했다)
        state["exp_avg"] = beta1 * state["exp_avg"] + (1 - beta1) * grad
        state["exp_avg_sq"] = beta2 * state["exp_avg_sq"] + (1 - beta2) * grad * grad
        second = state["exp_avg_sq"]
        if self.amsgrad:  # 지금까지의 가장 큰 v
            state["max_exp_avg_sq"] = second = np.maximum(state["max_exp_avg_sq"], second)
        m_hat = state["exp_avg"] / (1 - beta1**t)  # m̂ = m / (1 - β₁^t)
        v_hat = second / (1 - beta2**t)  # v̂ = v / (1 - β₂^t)
        return param - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
# --8<-- [end:adam]


# --8<-- [start:adamw]
class AdamW(Adam):
    """torch.optim.AdamW: θ ← (1 - ηλ)θ를 먼저 하고, 감쇠 없는 Adam으로 걷는다 (기본 λ = 0.01)."""

    decoupled = True

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad)
# --8<-- [end:adamw]
