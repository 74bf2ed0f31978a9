"""패키지 dlbasics 가 내보내는 이름: 모두 실제로 있고, 각 모듈의 것과 같은 객체다."""

import importlib

import pytest

import dlbasics

MODULES = ["activations", "augmentation", "backpropagation", "cnn", "contrastive", "convergence", "dropout", "early_stopping", "evolution", "fitting", "gradient_descent", "history", "initialization", "losses", "minima", "normalization", "optimization", "optimizers", "rnn", "schedulers", "text_augmentation", "trajectories"]


@pytest.mark.parametrize("name", dlbasics.__all__)
def test_every_exported_name_exists(name):
    assert hasattr(dlbasics, name)


@pytest.mark.parametrize("name", [name for name in dlbasics.__all__ if name not in MODULES])
def test_exported_functions_are_the_module_functions(name):
    owner = next(module for module in MODULES if hasattr(importlib.import_module(f"dlbasics.{module}"), name))
    assert getattr(dlbasics, name) is getattr(importlib.import_module(f"dlbasics.{owner}"), name)
