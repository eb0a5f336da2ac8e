"""The ranker's trees evaluated with NumPy give LightGBM's own scores, to the last bit."""

from __future__ import annotations

import numpy as np
import pytest
from _shared import TEXTS

from tomtat.learn import ranker
from tomtat.learn.features import FEATURES, features
from tomtat.learn.forest import ROWS, parse
from tomtat.prepare import prepare
from tomtat.records import TomtatError
from tomtat.represent import cluster_vectors

lightgbm = pytest.importorskip("lightgbm")


def _features() -> np.ndarray:
    cluster = prepare(TEXTS)
    return features(cluster, cluster_vectors(cluster))


def test_shipped_model_scores_equal_lightgbms():
    model = ranker.shipped()
    booster = lightgbm.Booster(model_str=model.trees)
    X = _features()
    assert np.array_equal(model.forest.predict(X), booster.predict(X))


def test_missing_values_and_many_rows_score_as_lightgbm_scores_them():
    model = ranker.shipped()
    booster = lightgbm.Booster(model_str=model.trees)
    rng = np.random.default_rng(0)
    X = np.tile(_features(), (ROWS // 10 + 3, 1))  # more rows than one block
    X = X * rng.uniform(0.5, 1.5, X.shape)
    X[::7, 2] = np.nan
    X[::5, 0] = 0.0
    assert X.shape[0] > ROWS
    assert np.array_equal(model.forest.predict(X), booster.predict(X))


def test_trained_models_with_missing_value_splits_and_one_leaf_trees():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(400, len(FEATURES)))
    X[rng.random(X.shape) < 0.2] = np.nan  # LightGBM learns NaN and zero branches from these
    X[rng.random(X.shape) < 0.2] = 0.0
    y = (np.nan_to_num(X[:, 0]) > 0).astype(int) + (np.nan_to_num(X[:, 3]) > 1).astype(int)
    data = lightgbm.Dataset(X, y, group=[40] * 10)
    booster = lightgbm.train({**ranker.PARAMS, "min_data_in_leaf": 5, "use_missing": True}, data, 30)
    forest = parse(booster.model_to_string())
    Z = rng.normal(size=(300, len(FEATURES)))
    Z[rng.random(Z.shape) < 0.3] = np.nan
    assert np.array_equal(forest.predict(Z), booster.predict(Z))
    constant = lightgbm.train({**ranker.PARAMS, "min_data_in_leaf": 1000}, lightgbm.Dataset(X, y, group=[40] * 10), 3)
    assert np.array_equal(parse(constant.model_to_string()).predict(Z), constant.predict(Z))


@pytest.mark.parametrize("text", ["", "tree\nversion=v4\n", "tree\nnum_tree_per_iteration=3\nTree=0\nnum_leaves=1\nleaf_value=0\n"])
def test_what_it_cannot_read_is_a_clear_error(text):
    with pytest.raises(TomtatError, match="ranker model"):
        parse(text)


def test_wrong_number_of_features_is_a_clear_error():
    with pytest.raises(TomtatError, match="features"):
        ranker.shipped().forest.predict(np.zeros((2, 3)))
