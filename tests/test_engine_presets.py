"""The chapter-6 presets: the book's settings, and the book's qualitative results on the sample.

The book's results are for full MNIST and the full run lengths; here each preset runs on the
embedded sample, shortened where the test says so (so CI stays fast), and per-epoch accuracy
is measured on 1,000 or 500 samples instead of all of them.
"""

from dataclasses import replace

import numpy as np
import pytest

from engine.compare import Comparison
from engine.presets import (
    BATCHNORM_SCALES,
    PRESETS,
    differing_labels,
    init_histograms,
    ranked_trials,
    run_label,
)


def shortened(runs, **train):
    return [(label, replace(config, train=replace(config.train, **train)))
            for label, config in runs]


def final_by_label(runs):
    return dict(zip([label for label, _ in runs], Comparison(runs).run(), strict=True))


def test_the_registry_has_the_books_chapter_6_experiments_with_figures_and_scripts():
    assert list(PRESETS) == ["optimizers", "init", "init-histograms", "batchnorm", "overfit",
                             "weight-decay", "dropout", "hp-search"]
    assert PRESETS["init"].menu_text == "Weight init (figure 6-15)"
    for preset in PRESETS.values():
        assert preset.script.startswith("ch06/") and preset.script.endswith(".py")
        assert len(preset.what_to_look_for) > 80
        assert all(config.dataset == "mnist-sample" for _, config in preset.runs(trials=3))
        assert all(config.dataset == "fashion-mnist"
                   for _, config in preset.runs("fashion-mnist", trials=3))


def test_optimizers_preset_has_the_books_settings():
    runs = PRESETS["optimizers"].runs()
    assert [label for label, _ in runs] == ["SGD lr 0.01", "Momentum lr 0.01", "AdaGrad lr 0.01",
                                            "Adam lr 0.001"]
    expected = [("sgd", 0.01), ("momentum", 0.01), ("adagrad", 0.01), ("adam", 0.001)]
    assert [(c.train.optimizer, c.train.lr) for _, c in runs] == expected
    for _, config in runs:
        assert config.network.hidden_sizes == (100, 100, 100, 100)
        assert (config.network.activation, config.network.weight_init) == ("relu", "he")
        assert config.train.batch_size == 128 and config.train.max_iterations == 2000


def test_init_preset_compares_std_001_xavier_and_he_with_sgd_001():
    runs = PRESETS["init"].runs()
    assert [label for label, _ in runs] == ["std 0.01", "Xavier", "He"]
    inits = [(c.network.weight_init, c.network.init_std) for _, c in runs]
    assert inits[0] == ("std", 0.01) and [i[0] for i in inits[1:]] == ["xavier", "he"]
    for _, config in runs:
        assert config.network.hidden_sizes == (100,) * 4 and config.network.activation == "relu"
        assert (config.train.optimizer, config.train.lr, config.train.batch_size,
                config.train.max_iterations) == ("sgd", 0.01, 128, 2000)


def test_batchnorm_preset_is_16_scales_with_and_without_batch_norm():
    runs = PRESETS["batchnorm"].runs()
    assert len(runs) == 32
    assert np.allclose(BATCHNORM_SCALES, np.logspace(0, -4, 16))
    assert [c.network.init_std for _, c in runs[::2]] == pytest.approx(list(BATCHNORM_SCALES))
    assert [c.network.batchnorm for _, c in runs[:4]] == [True, False, True, False]
    assert runs[2][0] == "BN, w=0.54" and runs[3][0] == "no BN, w=0.54"
    for _, config in runs:
        assert config.network.hidden_sizes == (100,) * 5 and config.network.weight_init == "std"
        assert (config.train.train_samples, config.train.optimizer, config.train.lr,
                config.train.batch_size, config.train.epochs) == (1000, "sgd", 0.01, 100, 20)


def test_overfitting_presets_have_the_books_settings():
    overfit, = PRESETS["overfit"].runs()
    decay, plain = PRESETS["weight-decay"].runs()
    dropout, plain_301 = PRESETS["dropout"].runs()
    for _, config in (overfit, decay, plain, dropout, plain_301):
        assert config.network.hidden_sizes == (100,) * 6
        assert (config.train.train_samples, config.train.optimizer, config.train.lr,
                config.train.batch_size) == (300, "sgd", 0.01, 100)
    assert overfit[1].train.epochs == decay[1].train.epochs == 201
    assert dropout[1].train.epochs == plain_301[1].train.epochs == 301
    assert decay[1].network.weight_decay == 0.1 and overfit[1].network.weight_decay == 0
    assert dropout[1].network.dropout == 0.2 and plain_301[1].network.dropout == 0


def test_hp_search_draws_lr_and_weight_decay_log_uniformly_on_500_samples():
    runs = PRESETS["hp-search"].runs(trials=300, seed=1)
    assert len(runs) == 300 and len(PRESETS["hp-search"].runs()) == 100
    lrs = np.log10([c.train.lr for _, c in runs])
    decays = np.log10([c.network.weight_decay for _, c in runs])
    assert lrs.min() >= -6 and lrs.max() <= -2 and abs(lrs.mean() + 4) < 0.2
    assert decays.min() >= -8 and decays.max() <= -4 and abs(decays.mean() + 6) < 0.2
    for _, config in runs[:5]:
        assert config.network.hidden_sizes == (100,) * 6
        assert (config.train.train_samples, config.train.validation_fraction,
                config.train.epochs, config.train.batch_size) == (500, 0.2, 50, 100)


def test_init_histograms_preset_is_three_activations_by_four_inits_of_5_layers():
    runs = PRESETS["init-histograms"].runs()
    assert len(runs) == 12 and runs[0][0] == "sigmoid, std 1"
    assert {c.network.activation for _, c in runs} == {"sigmoid", "tanh", "relu"}
    sigmoid_std1, sigmoid_std001, sigmoid_xavier = (init_histograms(c.network)
                                                    for _, c in runs[:3])
    assert len(sigmoid_std1) == 5 and len(sigmoid_std1[0].counts) == 30
    assert all(h.counts.sum() == 100_000 for h in sigmoid_std1)
    # The book's pictures: std 1 at the ends, std 0.01 in the middle, Xavier spread out.
    ends = sigmoid_std1[4].counts[[0, -1]].sum() / 100_000
    middle = sigmoid_std001[4].counts[13:17].sum() / 100_000
    spread = (sigmoid_xavier[4].counts > 100).sum()
    assert ends > 0.5 and middle > 0.99 and spread >= 15


def test_optimizers_on_the_sample_sgd_is_clearly_worst():
    """200 of the 2,000 iterations."""
    final = final_by_label(shortened(PRESETS["optimizers"].runs(), max_iterations=200,
                                     eval_samples=200))
    late = {label: float(s.losses[-50:].mean()) for label, s in final.items()}
    assert all(s.iteration == 200 for s in final.values())
    others = [late[label] for label in late if label != "SGD lr 0.01"]
    assert late["SGD lr 0.01"] > 2 * max(others)


def test_init_on_the_sample_std_001_stays_at_230_while_xavier_and_he_learn_he_fastest():
    """300 of the 2,000 iterations."""
    final = final_by_label(shortened(PRESETS["init"].runs(), max_iterations=300,
                                     eval_samples=200))
    late = {label: float(s.losses[-50:].mean()) for label, s in final.items()}
    assert late["std 0.01"] == pytest.approx(2.30, abs=0.01)  # -ln(1/10) = 2.3026
    assert late["He"] < late["Xavier"] < 2.2


def test_batchnorm_on_the_sample_learns_faster_at_most_weight_scales():
    """4 of the 16 scales (0.086, 0.0074, 0.00063, 0.0001), the full 20 epochs."""
    runs = PRESETS["batchnorm"].runs()
    picked = [runs[i] for i in (8, 9, 16, 17, 24, 25, 30, 31)]
    final = list(Comparison(shortened(picked, eval_samples=500)).run())
    with_bn, without = final[0::2], final[1::2]
    assert all(bn.train_acc[-1] > plain.train_acc[-1] + 0.2
               for bn, plain in zip(with_bn, without, strict=True))


def test_overfitting_and_its_two_cures_on_the_sample():
    """100 of the 201 (301) epochs."""
    decay = final_by_label(shortened(PRESETS["weight-decay"].runs(), epochs=100,
                                     eval_samples=500))
    dropout = final_by_label(shortened(PRESETS["dropout"].runs(), epochs=100, eval_samples=500))
    plain = decay["no regularization"]

    def gap(snapshot):
        return float(snapshot.train_acc[-1] - snapshot.test_acc[-1])

    assert plain.train_acc[-1] > 0.95 and gap(plain) > 0.15  # overfits
    assert gap(decay["weight decay 0.1"]) < gap(plain) / 2
    assert gap(dropout["dropout 0.2"]) < gap(plain) / 2


def test_hp_search_on_the_sample_ranks_trials_with_lr_1e3_to_1e2_best():
    """10 trials of 20 epochs instead of 100 of 50."""
    runs = shortened(PRESETS["hp-search"].runs(trials=10), epochs=20)
    trials = ranked_trials(runs, Comparison(runs).run())
    assert [t.val_acc for t in trials] == sorted((t.val_acc for t in trials), reverse=True)
    assert 1e-3 <= trials[0].lr <= 1e-2
    assert trials[0].val_acc > trials[-1].val_acc


def test_run_label_names_what_a_hand_built_run_is():
    optimizers = PRESETS["optimizers"].runs()
    assert run_label(optimizers[3][1]) == "Adam lr 0.001, He"
    bn = PRESETS["batchnorm"].runs()[0][1]
    assert run_label(bn) == "SGD lr 0.01, std 1, BN"


def test_differing_labels_name_only_what_differs():
    _, std, xavier, he = [None, *(c for _, c in PRESETS["init"].runs())]
    assert differing_labels([std, xavier, he]) == ["std 0.01", "Xavier", "He"]
    assert differing_labels([he, he]) == ["SGD lr 0.01, He #1", "SGD lr 0.01, He #2"]
