"""dlbasics: 사이트의 수식을 NumPy로 구현하고 PyTorch와 대조한 작은 라이브러리.

모듈 하나가 사이트의 페이지 하나에 대응한다. 자주 쓰는 함수는 여기서 바로 가져올 수 있고,
딥러닝의 발전 5단계 페이지의 비교 실험(`dlbasics.evolution`)과 드롭아웃(`dlbasics.dropout`, 함수 dropout과
이름이 같다)은 모듈 이름으로 쓴다.
"""

from . import activations, backpropagation, dropout, early_stopping, evolution, fitting, gradient_descent, initialization, losses, minima, normalization, optimization, optimizers, schedulers
from .activations import (
    elu,
    elu_grad,
    leaky_relu,
    leaky_relu_grad,
    linear,
    maxout,
    maxout_grad,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    split_indices,
    split_sizes,
    tanh,
    tanh_grad,
)
from .backpropagation import (
    add_multiply_circuit,
    affine_backward,
    affine_forward,
    numerical_gradient,
    two_layer_backward,
    two_layer_forward,
    two_layer_loss,
)
from .early_stopping import EarlyStopping, fit_with_weight_decay, overfitting_data
from .fitting import bias_variance, capacity_sweep, fit_polynomial, polynomial_features, predict_polynomial
from .gradient_descent import (
    linear_regression_hessian,
    linear_regression_loss,
    lr_sweep,
    max_stable_lr,
    minibatch_grad_variance,
    minibatches,
    per_sample_grads,
    sgd_step,
    train,
)
from .initialization import (
    calculate_gain,
    fan_in_and_fan_out,
    kaiming_normal,
    kaiming_uniform,
    xavier_normal,
    xavier_uniform,
)
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    cross_entropy,
    cross_entropy_grad,
    hinge_loss,
    hinge_loss_grad,
    huber_loss,
    huber_loss_grad,
    l1_loss,
    l1_loss_grad,
    log_softmax,
    mse_loss,
    mse_loss_grad,
    softmax_jacobian,
)
from .minima import collapsed_loss, init_two_layer, permute_hidden, restart_losses, train_two_layer
from .normalization import (
    batch_norm,
    batch_norm_backward,
    group_norm,
    group_norm_backward,
    instance_norm,
    instance_norm_backward,
    layer_norm,
    layer_norm_backward,
)
from .optimization import add_weight_decay, wavy_loss, wavy_loss_grads
from .optimizers import SGD, Adagrad, Adam, AdamW, RMSprop
from .schedulers import (
    constant_lr,
    cosine_annealing_lr,
    cosine_annealing_warm_restarts,
    exponential_lr,
    one_cycle_lr,
    step_lr,
    train_with_schedule,
    warmup_cosine_lr,
)

__all__ = [
    # 모듈 (페이지마다 하나)
    "activations",
    "backpropagation",
    "dropout",
    "early_stopping",
    "evolution",
    "fitting",
    "gradient_descent",
    "initialization",
    "losses",
    "minima",
    "normalization",
    "optimization",
    "optimizers",
    "schedulers",
    # 활성화 함수 (activations)
    "elu",
    "elu_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "linear",
    "maxout",
    "maxout_grad",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "split_indices",
    "split_sizes",
    "tanh",
    "tanh_grad",
    # 역전파 (backpropagation)
    "add_multiply_circuit",
    "affine_backward",
    "affine_forward",
    "numerical_gradient",
    "two_layer_backward",
    "two_layer_forward",
    "two_layer_loss",
    # 가중치 감쇠와 조기 종료 (early_stopping)
    "EarlyStopping",
    "fit_with_weight_decay",
    "overfitting_data",
    # 과적합과 과소적합 (fitting)
    "bias_variance",
    "capacity_sweep",
    "fit_polynomial",
    "polynomial_features",
    "predict_polynomial",
    # 경사하강법 (gradient_descent)
    "linear_regression_hessian",
    "linear_regression_loss",
    "lr_sweep",
    "max_stable_lr",
    "minibatch_grad_variance",
    "minibatches",
    "per_sample_grads",
    "sgd_step",
    "train",
    # 가중치 초기화 (initialization)
    "calculate_gain",
    "fan_in_and_fan_out",
    "kaiming_normal",
    "kaiming_uniform",
    "xavier_normal",
    "xavier_uniform",
    # 정규화 (normalization)
    "batch_norm",
    "batch_norm_backward",
    "group_norm",
    "group_norm_backward",
    "instance_norm",
    "instance_norm_backward",
    "layer_norm",
    "layer_norm_backward",
    # 손실 함수 (losses)
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "cross_entropy",
    "cross_entropy_grad",
    "hinge_loss",
    "hinge_loss_grad",
    "huber_loss",
    "huber_loss_grad",
    "l1_loss",
    "l1_loss_grad",
    "log_softmax",
    "mse_loss",
    "mse_loss_grad",
    "softmax_jacobian",
    # 지역 최소값과 전역 최소값 (minima)
    "collapsed_loss",
    "init_two_layer",
    "permute_hidden",
    "restart_losses",
    "train_two_layer",
    # 최적화 알고리즘 (optimization)
    "add_weight_decay",
    "wavy_loss",
    "wavy_loss_grads",
    # 옵티마이저 (optimizers)
    "Adagrad",
    "Adam",
    "AdamW",
    "RMSprop",
    "SGD",
    # 학습률 스케줄러 (schedulers)
    "constant_lr",
    "cosine_annealing_lr",
    "cosine_annealing_warm_restarts",
    "exponential_lr",
    "one_cycle_lr",
    "step_lr",
    "train_with_schedule",
    "warmup_cosine_lr",
]
