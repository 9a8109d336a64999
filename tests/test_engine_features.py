"""Input features of the 2-D sets: the map, its checks, and the data set it makes."""

from __future__ import annotations

import numpy as np
import pytest

from engine.data import load_dataset
from engine.features import FEATURES, check_features, feature_map, split_features, with_features


def test_feature_map_computes_each_column_by_its_formula():
    points = np.array([[0.5, -0.25], [-1.0, 2.0]], dtype=np.float32)
    columns = feature_map(points, list(FEATURES))
    x, y = points.T
    expected = np.column_stack([x, y, x**2, y**2, x * y, np.sin(np.pi * x), np.sin(np.pi * y)])
    np.testing.assert_allclose(columns, expected, atol=1e-6)
    assert columns.dtype == np.float32
    np.testing.assert_array_equal(feature_map(points), points)  # default: x, y


@pytest.mark.parametrize("names, phrase", [
    ((), "at least one"), (("x", "z"), "unknown 'z'"), (("x", "x"), "at most once"),
    ("x,y", "expected a list"),
])
def test_bad_feature_lists_say_why(names, phrase):
    with pytest.raises(ValueError, match=phrase):
        check_features(names)


def test_split_features_reads_what_users_type():
    assert split_features(" x, y,x2 ,") == ("x", "y", "x2")


def test_with_features_maps_inputs_and_keeps_the_plane_points():
    plain = load_dataset("circles", seed=3)
    assert with_features(plain, ("x", "y")) is plain
    mapped = with_features(plain, ("x2", "y2", "xy"))
    assert mapped.features == 3 and mapped.input_features == ("x2", "y2", "xy")
    train, test = mapped.plane_points()
    np.testing.assert_array_equal(train, plain.x_train)
    np.testing.assert_allclose(mapped.x_test[:, 2], test[:, 0] * test[:, 1], rtol=1e-6)
    np.testing.assert_array_equal(mapped.t_train, plain.t_train)


def test_image_sets_have_no_features():
    sample = load_dataset("mnist-sample")
    assert sample.plane_points() is None and with_features(sample, None) is sample
    with pytest.raises(ValueError, match="not a 2-D set"):
        with_features(sample, ("x2",))
