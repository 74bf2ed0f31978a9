"""딥러닝의 발전 1~3단계 실험(dlbasics.evolution)을 PyTorch와 float64로 대조한다.

규칙(흐리기, 코사인 유사도), 특징, 층을 쌓은 분류기의 순전파·역전파·SGD 학습, 초기화, 잘못된 입력,
그리고 digits 실험(stage_accuracies)의 결정성, 정확도가 무작위로 고를 때보다 확실히 나은지, 페이지가 글로
옮기는 비교의 방향(화소 위의 선형 모델이 사람이 고른 특징을 이긴다)을 본다.
"""

import inspect
import re

import functools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from dlbasics.evolution import (
    BATCH_SIZE,
    EPOCHS,
    FEATURE_NAMES,
    LR,
    _as_images,
    backward,
    box_blur,
    cosine_similarity,
    digit_templates,
    fit,
    forward,
    gradients,
    handmade_features,
    init_params,
    predict,
    predict_proba,
    rule_predict,
    stage_accuracies,
    standardize,
)
from dlbasics.losses import cross_entropy

import helpers

RTOL, ATOL = 1e-12, 1e-14  # 계산 순서 차이(몇 ulp)만 허용한다


assert_matches = functools.partial(helpers.assert_matches, rtol=RTOL, atol=ATOL)


def random_images(rng, n):
    return rng.integers(0, 17, size=(n, 64)).astype(np.float64)


def torch_net(params):
    """params를 복사한 nn.Sequential(Linear, ReLU, ..., Linear), float64."""
    layers = []
    for weight, bias in params:
        layer = torch.nn.Linear(weight.shape[1], weight.shape[0], dtype=torch.float64)
        with torch.no_grad():
            layer.weight.copy_(torch.from_numpy(weight))
            layer.bias.copy_(torch.from_numpy(bias))
        layers += [layer, torch.nn.ReLU()]
    return torch.nn.Sequential(*layers[:-1])


def random_params(rng, sizes):
    return [(rng.normal(size=(d_out, d_in)), rng.normal(size=d_out)) for d_in, d_out in zip(sizes[:-1], sizes[1:])]


# --- 입력 검사 --------------------------------------------------------------


def test_images_accept_both_shapes():
    images = random_images(np.random.default_rng(0), 5)
    np.testing.assert_array_equal(_as_images(images), images.reshape(5, 8, 8))
    np.testing.assert_array_equal(_as_images(images.reshape(5, 8, 8)), images.reshape(5, 8, 8))
    assert _as_images(images).dtype == np.float64


PUBLIC_IMAGE_FUNCTIONS = [_as_images, rule_predict, handmade_features]


@pytest.mark.parametrize("shape", [(64,), (3, 63), (3, 8, 7), (2, 1, 8, 8), (3, 65), (8, 8)])
@pytest.mark.parametrize("fn", PUBLIC_IMAGE_FUNCTIONS, ids=lambda f: f.__name__)
def test_bad_image_shape_raises(fn, shape):
    with pytest.raises(ValueError, match=re.escape(str(shape))):
        fn(np.zeros(shape))


@pytest.mark.parametrize("bad", [-1.0, 16.5, 255.0, float("nan"), float("inf")])
@pytest.mark.parametrize("fn", PUBLIC_IMAGE_FUNCTIONS, ids=lambda f: f.__name__)
def test_bad_pixel_value_raises(fn, bad):
    images = np.zeros((3, 64))
    images[1, 10] = bad
    with pytest.raises(ValueError, match=r"\[0, 16\].*" + re.escape(str(bad))):
        fn(images)


# --- 1단계: 규칙 -------------------------------------------------------------


def test_templates_are_ten_distinct_binary_drawings():
    templates = digit_templates()
    assert templates.shape == (10, 8, 8)
    assert set(np.unique(templates)) == {0.0, 16.0}
    assert len({t.tobytes() for t in templates}) == 10
    assert np.all(templates.reshape(10, -1).sum(axis=1) > 0)


@pytest.mark.parametrize("shape", [(10, 8, 8), (3, 5, 7), (1, 1, 1), (2, 2, 9)])
def test_box_blur_matches_torch_avg_pool(shape):
    images = np.random.default_rng(1).uniform(0, 16, size=shape)
    theirs = F.avg_pool2d(torch.from_numpy(images)[:, None], kernel_size=3, stride=1, padding=1)[:, 0]
    assert_matches(box_blur(images), theirs)


def test_avg_pool_default_counts_padding():
    # box_blur는 바깥의 0도 9로 나누는 데 센다: torch의 기본값 count_include_pad=True
    assert "count_include_pad=True" in F.avg_pool2d.__doc__  # 내장 함수라 signature가 없다
    corner = F.avg_pool2d(torch.ones(1, 1, 3, 3, dtype=torch.float64), 3, stride=1, padding=1)[0, 0, 0, 0]
    assert corner.item() == pytest.approx(4 / 9, rel=1e-15)
    assert box_blur(np.ones((1, 3, 3)))[0, 0, 0] == pytest.approx(4 / 9, rel=1e-15)


@pytest.mark.parametrize(("n", "k", "d"), [(7, 10, 64), (1, 3, 5), (4, 1, 2)])
def test_cosine_similarity_matches_torch(n, k, d):
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=(n, d)), rng.normal(size=(k, d))
    a[0] = 0.0  # 영벡터: ε 덕분에 0을 준다
    theirs = F.cosine_similarity(torch.from_numpy(a)[:, None, :], torch.from_numpy(b)[None, :, :], dim=2)
    ours = cosine_similarity(a, b)
    assert_matches(ours, theirs)
    assert np.all(ours[0] == 0.0)


@pytest.mark.parametrize(("a_shape", "b_shape"), [((3, 4), (2, 5)), ((4,), (2, 4)), ((3, 4), (2, 2, 4))])
def test_cosine_similarity_bad_shapes_raise(a_shape, b_shape):
    with pytest.raises(ValueError, match=re.escape(str(a_shape)) + ".*" + re.escape(str(b_shape))):
        cosine_similarity(np.ones(a_shape), np.ones(b_shape))


@pytest.mark.parametrize("shape", [(8, 8), (64,), (1, 1, 8, 8)])
def test_box_blur_bad_shape_raises(shape):
    with pytest.raises(ValueError, match=re.escape(str(shape))):
        box_blur(np.ones(shape))


def test_cosine_similarity_eps_follows_torch():
    eps = inspect.signature(cosine_similarity).parameters["eps"].default
    torch_doc_default = re.search(r"eps=([0-9e.-]+)", F.cosine_similarity.__doc__)[1]
    assert eps == float(torch_doc_default) == 1e-8


def test_rule_reads_each_template_as_itself_and_ignores_scale():
    templates = digit_templates()
    np.testing.assert_array_equal(rule_predict(templates), np.arange(10))
    images = random_images(np.random.default_rng(3), 20)
    np.testing.assert_array_equal(rule_predict(images / 2), rule_predict(images))  # 잉크의 진하기와 무관


def test_rule_matches_torch_reference():
    images = random_images(np.random.default_rng(4), 50)
    blurred = F.avg_pool2d(torch.from_numpy(digit_templates())[:, None], 3, stride=1, padding=1).reshape(10, 64)
    scores = F.cosine_similarity(torch.from_numpy(images)[:, None, :], blurred[None, :, :], dim=2)
    np.testing.assert_array_equal(rule_predict(images), scores.argmax(dim=1).numpy())


# --- 2단계: 특징 -------------------------------------------------------------


def torch_features(images):
    x = torch.from_numpy(images.reshape(-1, 8, 8) / 16.0)
    return torch.cat(
        [
            x.mean(dim=2),
            x.mean(dim=1),
            F.avg_pool2d(x[:, None], kernel_size=4).flatten(1),
            (x - x.flip(2)).abs().mean(dim=(1, 2))[:, None],
            (x - x.flip(1)).abs().mean(dim=(1, 2))[:, None],
            x[:, 3:5, 3:5].mean(dim=(1, 2))[:, None],
        ],
        dim=1,
    )


@pytest.mark.parametrize("n", [1, 6, 40])
def test_features_match_torch(n):
    images = random_images(np.random.default_rng(5), n)
    phi = handmade_features(images)
    assert phi.shape == (n, 23) == (n, len(FEATURE_NAMES))
    assert_matches(phi, torch_features(images))


def test_feature_invariants():
    images = random_images(np.random.default_rng(6), 30)
    phi = handmade_features(images)
    total = images.mean(axis=1) / 16.0
    assert np.all((phi >= 0) & (phi <= 1))
    # 행 평균, 열 평균, 사분면 평균을 다시 평균하면 모두 전체 잉크 평균
    for block in (slice(0, 8), slice(8, 16), slice(16, 20)):
        np.testing.assert_allclose(phi[:, block].mean(axis=1), total, rtol=1e-12)
    # 좌우로 뒤집기: 행 평균·비대칭·가운데는 그대로, 열 평균은 순서가 뒤집히고 사분면은 좌우가 바뀐다
    mirrored = handmade_features(images.reshape(-1, 8, 8)[:, :, ::-1])
    np.testing.assert_allclose(mirrored[:, :8], phi[:, :8], rtol=1e-12)
    np.testing.assert_allclose(mirrored[:, 8:16], phi[:, 15:7:-1], rtol=1e-12)
    np.testing.assert_allclose(mirrored[:, 16:20], phi[:, [17, 16, 19, 18]], rtol=1e-12)
    np.testing.assert_allclose(mirrored[:, 20:], phi[:, 20:], rtol=1e-12)


def test_symmetric_image_has_zero_asymmetry():
    half = np.random.default_rng(7).integers(0, 17, size=(4, 8, 4)).astype(np.float64)
    symmetric = np.concatenate([half, half[:, :, ::-1]], axis=2)
    phi = handmade_features(symmetric)
    assert np.all(phi[:, FEATURE_NAMES.index("asym_lr")] == 0.0)
    assert np.all(phi[:, FEATURE_NAMES.index("asym_ud")] > 0.0)


def test_standardize_uses_training_statistics():
    rng = np.random.default_rng(8)
    train, test = rng.normal(3.0, 2.0, size=(50, 4)), rng.normal(size=(10, 4))
    train[:, 2] = 5.0  # 상수 열: σ = 0 → 1로 나눈다
    train_before, test_before = train.copy(), test.copy()
    train_std, test_std = standardize(train, test)
    np.testing.assert_array_equal(train, train_before)
    np.testing.assert_array_equal(test, test_before)
    np.testing.assert_allclose(train_std.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(train_std.std(axis=0)[[0, 1, 3]], 1.0, rtol=1e-12)
    np.testing.assert_allclose(test_std, (test - train.mean(axis=0)) / np.where(train.std(axis=0) > 0, train.std(axis=0), 1.0), rtol=1e-12)
    assert np.all(train_std[:, 2] == 0.0)


# --- 층을 쌓은 분류기: 순전파, 역전파, 학습 --------------------------------

SIZES = [(23, 10), (5, 3), (64, 32, 10), (6, 5, 4, 3)]


@pytest.mark.parametrize("sizes", SIZES, ids=str)
def test_forward_and_gradients_match_torch(sizes):
    rng = np.random.default_rng(9)
    params = random_params(rng, sizes)
    x, target = rng.normal(size=(16, sizes[0])), rng.integers(0, sizes[-1], size=16)
    net = torch_net(params)
    logits_t = net(torch.from_numpy(x))
    loss_t = F.cross_entropy(logits_t, torch.from_numpy(target))
    loss_t.backward()

    logits, caches = forward(params, x)
    assert len(caches) == len(params)
    assert_matches(logits, logits_t)
    assert_matches(predict_proba(params, x), torch.softmax(logits_t, dim=1))
    np.testing.assert_array_equal(predict(params, x), logits_t.argmax(dim=1).numpy())
    assert_matches(cross_entropy(logits, target), loss_t)
    grads = gradients(params, x, target)
    for (g_w, g_b), layer in zip(grads, net[::2]):
        assert_matches(g_w, layer.weight.grad)
        assert_matches(g_b, layer.bias.grad)


def test_backward_blocks_gradient_where_relu_is_off():
    # 은닉 뉴런 0은 언제나 꺼져 있다 (z ≤ 0): W1의 그 행은 기울기 0, 정확히 z = 0이어도 0 (torch와 같음)
    rng = np.random.default_rng(10)
    w1, b1 = rng.normal(size=(4, 3)), rng.normal(size=4)
    w1[0], b1[0] = 0.0, 0.0
    params = [(w1, b1), (rng.normal(size=(2, 4)), rng.normal(size=2))]
    x = rng.normal(size=(5, 3))
    _, caches = forward(params, x)
    grads = backward(caches, rng.normal(size=(5, 2)))
    assert np.all(grads[0][0][0] == 0.0) and grads[0][1][0] == 0.0


@pytest.mark.parametrize(("sizes", "batch_size", "epochs"), [((23, 10), 32, 2), ((64, 32, 10), 32, 1), ((6, 5, 4, 3), 7, 3), ((5, 3), 40, 2)], ids=str)
def test_fit_matches_torch_sgd(sizes, batch_size, epochs):
    rng = np.random.default_rng(11)
    params = random_params(rng, sizes)
    params = [(0.3 * w, 0.3 * b) for w, b in params]
    x, target = rng.normal(size=(40, sizes[0])), rng.integers(0, sizes[-1], size=40)
    lr = 0.2

    ours = fit(params, x, target, lr, epochs, batch_size, np.random.default_rng(12))

    net = torch_net(params)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    order_rng = np.random.default_rng(12)
    for _ in range(epochs):
        for batch in torch.from_numpy(order_rng.permutation(len(x))).split(batch_size):
            optimizer.zero_grad()
            F.cross_entropy(net(torch.from_numpy(x)[batch]), torch.from_numpy(target)[batch]).backward()
            optimizer.step()
    for (w, b), layer in zip(ours, net[::2]):
        assert_matches(w, layer.weight, rtol=1e-10, atol=1e-12)
        assert_matches(b, layer.bias, rtol=1e-10, atol=1e-12)


def test_torch_sgd_defaults_are_plain_sgd():
    # fit은 모멘텀, 감쇠, 가중치 감쇠가 없는 SGD다
    defaults = {k: p.default for k, p in inspect.signature(torch.optim.SGD).parameters.items()}
    assert defaults["momentum"] == 0 and defaults["dampening"] == 0
    assert defaults["weight_decay"] == 0 and defaults["nesterov"] is False


def test_fit_does_not_modify_inputs_and_zero_mlp_stays_dead():
    rng = np.random.default_rng(13)
    zeros = [(np.zeros((4, 3)), np.zeros(4)), (np.zeros((2, 4)), np.zeros(2))]
    x, target = rng.normal(size=(12, 3)), rng.integers(0, 2, size=12)
    x_before = x.copy()
    trained = fit(zeros, x, target, 0.5, 3, 4, rng)
    np.testing.assert_array_equal(x, x_before)
    assert not zeros[0][0].any() and not zeros[1][0].any()
    assert not trained[0][0].any() and not trained[1][0].any()  # 대칭: W1, W2는 0에 머문다
    assert trained[1][1].any()  # 출력 편향만 배운다


@pytest.mark.parametrize(
    ("params", "x", "message"),
    [
        ([(np.zeros((3, 5)), np.zeros(3))], np.zeros((2, 4)), r"층 0.*\(2, 4\).*\(3, 5\)"),
        ([(np.zeros((3, 4)), np.zeros(2))], np.zeros((2, 4)), r"층 0.*\(2,\).*\(3,\)"),
        ([(np.zeros((3, 4)), np.zeros(3)), (np.zeros((2, 4)), np.zeros(2))], np.zeros((2, 4)), r"층 1.*\(2, 3\).*\(2, 4\)"),
        ([(np.zeros((3, 4)), np.zeros(3))], np.zeros(4), r"층 0.*\(4,\)"),
        ([(np.zeros(4), np.zeros(1))], np.zeros((2, 4)), r"층 0.*weight.*\(4,\)"),
    ],
)
def test_forward_bad_shapes_raise(params, x, message):
    with pytest.raises(ValueError, match=message):
        forward(params, x)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lr": 0.0}, "lr=0.0"),
        ({"lr": float("nan")}, "lr=nan"),
        ({"batch_size": 0}, "batch_size=0"),
        ({"batch_size": 2.5}, "batch_size=2.5"),
        ({"batch_size": 5}, "batch_size=5, n_samples=4"),
        ({"epochs": -1}, "epochs=-1"),
        ({"epochs": 1.0}, "epochs=1.0"),
        ({"target": np.zeros(3, dtype=np.int64)}, r"\(4, 2\).*\(3,\)"),
    ],
)
def test_fit_bad_arguments_raise(kwargs, message):
    args = {"params": [(np.zeros((2, 2)), np.zeros(2))], "x": np.zeros((4, 2)), "target": np.zeros(4, dtype=np.int64),
            "lr": 0.1, "epochs": 1, "batch_size": 2, "rng": np.random.default_rng(0)}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        fit(**args)


# --- 초기화: torch nn.Linear의 기본값 ---------------------------------------


def test_init_shapes_and_bounds():
    params = init_params((64, 32, 10), np.random.default_rng(14))
    assert [(w.shape, b.shape) for w, b in params] == [((32, 64), (32,)), ((10, 32), (10,))]
    for (w, b), d_in in zip(params, (64, 32)):
        assert np.abs(w).max() <= 1 / np.sqrt(d_in) and np.abs(b).max() <= 1 / np.sqrt(d_in)


def test_init_statistics_match_torch_linear():
    # U(-a, a)의 분산은 a²/3. 표본 n = 10⁶개의 표본 분산의 표준오차는 √((m4 - σ⁴)/n), m4 = a⁴/5.
    d_in, d_out = 400, 2500
    a = 1 / np.sqrt(d_in)
    ours = init_params((d_in, d_out), np.random.default_rng(15))[0][0]
    torch.manual_seed(0)
    theirs = torch.nn.Linear(d_in, d_out, dtype=torch.float64).weight.detach().numpy()
    var, n = a**2 / 3, ours.size
    se_var = np.sqrt((a**4 / 5 - var**2) / n)
    se_mean = np.sqrt(var / n)
    for w in (ours, theirs):
        assert np.abs(w).max() <= a
        assert abs(w.mean()) < 5 * se_mean
        assert abs(w.var() - var) < 5 * se_var


# --- digits 실험: 결정성과 정확도 -------------------------------------------

SPLITS = range(5)  # 페이지와 같은 층화 분할 random_state 0~4


def split(random_state):
    X, y = load_digits(return_X_y=True)
    return train_test_split(X, y, test_size=0.3, stratify=y, random_state=random_state)


@pytest.fixture(scope="module")
def results():
    """분할마다 stage_accuracies (페이지의 비교 실험과 같다): (분할 5, 방법 4) 배열과 방법 이름."""
    rows = []
    for random_state in SPLITS:
        X_train, X_test, y_train, y_test = split(random_state)
        rows.append(stage_accuracies(X_train, y_train, X_test, y_test, seed=0))
    return np.array([list(row.values()) for row in rows]), list(rows[0])


def test_stage_accuracies_is_the_pipeline_of_the_page(results):
    # 분할 0: 규칙, 표준화한 특징 + 소프트맥스 회귀, 화소 + 소프트맥스 회귀, 화소 + 다층 퍼셉트론을 따로 계산한 것과 같다
    table, names = results
    assert names == ["본보기 규칙", "특징 23개 + 소프트맥스 회귀", "화소 64개 + 소프트맥스 회귀", "화소 64개 + 다층 퍼셉트론"]
    X_train, X_test, y_train, y_test = split(0)
    phi_train, phi_test = standardize(handmade_features(X_train), handmade_features(X_test))
    x_train, x_test = standardize(X_train, X_test)  # 원시 화소, 표준화만
    settings = (LR, EPOCHS, BATCH_SIZE)
    linear = fit([(np.zeros((10, 23)), np.zeros(10))], phi_train, y_train, *settings, np.random.default_rng(0))
    pixels = fit([(np.zeros((10, 64)), np.zeros(10))], x_train, y_train, *settings, np.random.default_rng(0))
    mlp = fit(init_params((64, 32, 10), np.random.default_rng(0)), x_train, y_train, *settings, np.random.default_rng(0))
    expected = [
        np.mean(rule_predict(X_test) == y_test),
        np.mean(predict(linear, phi_test) == y_test),
        np.mean(predict(pixels, x_test) == y_test),
        np.mean(predict(mlp, x_test) == y_test),
    ]
    assert table[0].tolist() == expected


def test_experiment_is_deterministic(results):
    table, _ = results
    X_train, X_test, y_train, y_test = split(3)
    again = stage_accuracies(X_train, y_train, X_test, y_test, seed=0)
    assert list(again.values()) == table[3].tolist()


def test_every_method_beats_chance_clearly(results):
    # 무작위로 고를 때의 정확도 0.1, n = 540장에서 그 표준오차 √(0.1·0.9/540) ≈ 0.013: 20 표준오차 이상 위
    table, _ = results
    chance_se = np.sqrt(0.1 * 0.9 / 540)
    assert np.all(table > 0.1 + 20 * chance_se)


def test_learning_beats_the_hand_written_rule_on_every_split(results):
    # 규칙(약 0.65)과 학습한 세 모델(0.93 이상)의 차이는 0.25 이상이다: 넉넉한 여유를 둔다
    table, _ = results
    assert np.all(table[:, 1:] > table[:, [0]] + 0.1)


def test_raw_pixels_beat_the_handmade_features_on_every_split(results):
    # 페이지의 결론 "사람이 만든 특징이 오히려 손해": 같은 소프트맥스 회귀에서 화소 64개가 특징 23개를 이긴다.
    # 분할마다의 차이는 1.7~4.4%p로, 시험 540장의 표준오차(정확도 0.96에서 약 0.8%p)보다 크다.
    table, _ = results
    assert np.all(table[:, 2] > table[:, 1] + 0.01)


def test_mlp_beats_the_pixel_linear_model_by_less_than_one_standard_error(results):
    # 페이지의 결론 "은닉층의 이득은 있지만 작다": 다섯 분할 모두 다층 퍼셉트론이 앞서지만, 평균 차이는
    # 정확도 0.97에서 분할 하나의 표준오차 √(0.97·0.03/540) ≈ 0.0073보다 작다
    table, _ = results
    difference = table[:, 3] - table[:, 2]
    assert np.all(difference > 0)
    assert difference.mean() < np.sqrt(0.97 * 0.03 / 540)


def test_training_seed_moves_the_mlp_but_not_the_convex_softmax_regression():
    # 페이지의 "학습의 운": 분할 0에서 시드만 바꾸면 소프트맥스 회귀(볼록)는 같은 정확도에 닿고, 다층 퍼셉트론은
    # 흔들린다. 시드 0은 다섯 시드 가운데 가장 낮아, 시드 평균의 이득(약 0.9%p)이 시드 0의 이득보다 크다.
    X_train, X_test, y_train, y_test = split(0)
    x_train, x_test = standardize(X_train, X_test)

    def accuracy(start, seed):
        trained = fit(start, x_train, y_train, LR, EPOCHS, BATCH_SIZE, np.random.default_rng(seed))
        return np.mean(predict(trained, x_test) == y_test)

    linear = [accuracy([(np.zeros((10, 64)), np.zeros(10))], seed) for seed in range(5)]
    mlp = [accuracy(init_params((64, 32, 10), np.random.default_rng(seed)), seed) for seed in range(5)]
    assert len(set(linear)) == 1
    assert len(set(mlp)) > 1 and mlp[0] == min(mlp) and all(acc > linear[0] for acc in mlp)
    assert mlp[0] - linear[0] < np.mean(mlp) - linear[0] < np.sqrt(0.97 * 0.03 / 540) * 1.5


def test_stage_accuracies_bad_images_raise():
    X_train, X_test, y_train, y_test = split(0)
    with pytest.raises(ValueError, match=r"\[0, 16\]"):
        stage_accuracies(X_train / 16 * 255, y_train, X_test, y_test)


# --- 입력을 바꾸지 않는다 ---------------------------------------------------


def frozen(a):
    a = np.array(a)
    a.setflags(write=False)  # 제자리 수정이 있으면 오류가 난다
    return a


def test_inputs_are_not_modified():
    rng = np.random.default_rng(16)
    images = frozen(random_images(rng, 6))
    rule_predict(images)
    box_blur(frozen(images.reshape(-1, 8, 8)))
    phi = frozen(handmade_features(images))
    standardize(phi, frozen(phi[:2]))
    params = [(frozen(w), frozen(b)) for w, b in random_params(rng, (23, 5, 10))]
    target = frozen(rng.integers(0, 10, size=6))
    gradients(params, phi, target)
    predict_proba(params, phi)
    trained = fit(params, phi, target, 0.1, 2, 4, rng)
    assert not any(np.shares_memory(w, w0) for (w, _), (w0, _) in zip(trained, params))
