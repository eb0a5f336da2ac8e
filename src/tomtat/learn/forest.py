"""LightGBM's text model evaluated with NumPy: the ranker's predictions without importing LightGBM.

Importing lightgbm costs from 0.2 s to over 1.5 s (it imports scikit-learn, pandas and Dask when they are
installed), more than summarizing a hundred clusters; training still uses it. Only what LightGBM writes for
this project's models is read: numerical splits (``decision_type`` with no categorical bit), missing values
treated as LightGBM treats them, one tree per iteration. Each sentence walks every tree at once, one level a
step; the trees' outputs are then added in tree order, as LightGBM adds them, so the scores are the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tomtat.records import TomtatError

_CATEGORICAL = 1
_DEFAULT_LEFT = 2
_MISSING_ZERO, _MISSING_NAN = 1, 2
_ZERO = 1e-35  # LightGBM's kZeroThreshold
ROWS = 256  # sentences walked at once: the (sentences x trees) arrays stay small (400 KB each for 200 trees)


@dataclass(frozen=True)
class Forest:
    """The trees as arrays, one row per tree, padded: a child < 0 is leaf ``~child``."""

    feature: np.ndarray  # (trees, nodes) int
    threshold: np.ndarray  # (trees, nodes) float
    left: np.ndarray  # (trees, nodes) int
    right: np.ndarray  # (trees, nodes) int
    default_left: np.ndarray  # (trees, nodes) bool
    missing: np.ndarray  # (trees, nodes) int: 0 none, 1 zero, 2 NaN
    leaf: np.ndarray  # (trees, leaves) float
    features: int

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The raw score of each row of ``X`` (what ``Booster.predict`` gives for a ranker)."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.features:
            raise TomtatError(f"the ranker expects {self.features} features, got {X.shape[-1]}")
        if X.shape[0] <= ROWS:
            return self._predict(X)
        return np.concatenate([self._predict(X[k : k + ROWS]) for k in range(0, X.shape[0], ROWS)])

    def _predict(self, X: np.ndarray) -> np.ndarray:
        n, trees = X.shape[0], self.leaf.shape[0]
        if n == 0:
            return np.zeros(0)
        nodes = self.feature.shape[1]
        base = (np.arange(trees) * nodes)[None, :]  # flat index of each tree's root
        feature, threshold = self.feature.ravel(), self.threshold.ravel()
        left, right = self.left.ravel(), self.right.ravel()
        plain = not self.missing.any() and not np.isnan(X).any()  # LightGBM's own models here: no missing values
        cells = (np.arange(n) * X.shape[1])[:, None]
        flat_x = X.ravel()
        node = np.zeros((n, trees), dtype=np.int64)
        node[:, self.left[:, 0] == 0] = -1  # a one-leaf tree is leaf 0 at once (~0 = -1)
        active = node >= 0
        while active.any():
            at = base + np.where(active, node, 0)
            value = flat_x[cells + feature[at]]
            if plain:
                go_left = value <= threshold[at]
            else:
                missing = self.missing.ravel()[at]
                value = np.where(np.isnan(value) & (missing != _MISSING_NAN), 0.0, value)
                default = (missing == _MISSING_NAN) & np.isnan(value) | (missing == _MISSING_ZERO) & (np.abs(value) <= _ZERO)
                go_left = np.where(default, self.default_left.ravel()[at], value <= threshold[at])
            node = np.where(active, np.where(go_left, left[at], right[at]), node)
            active = node >= 0
        values = np.ascontiguousarray(self.leaf[np.arange(trees)[None, :], ~node].T)  # (trees, n)
        return values.sum(axis=0)  # row after row: in tree order, as LightGBM adds them

def _numbers(block: dict[str, str], key: str, kind: type, count: int) -> list:
    raw = block.get(key, "").split()
    if len(raw) != count:
        raise TomtatError(f"ranker model: tree field {key} has {len(raw)} values, expected {count}")
    return [kind(x) for x in raw]


def parse(text: str) -> Forest:
    """A :class:`Forest` from LightGBM's model text (``Booster.model_to_string()``)."""
    header: dict[str, str] = {}
    blocks: list[dict[str, str]] = []
    current = header
    for line in text.splitlines():
        if line.startswith("Tree="):
            current = {}
            blocks.append(current)
        elif line.startswith("end of trees"):
            break
        elif "=" in line:
            key, _, value = line.partition("=")
            current[key] = value
    if header.get("num_tree_per_iteration", "1") != "1" or not blocks:
        raise TomtatError("ranker model: not a single-output LightGBM tree model")
    features = int(header.get("max_feature_idx", "-1")) + 1
    trees = []
    for b in blocks:
        leaves = int(b["num_leaves"])
        if int(b.get("num_cat", "0")) or b.get("is_linear", "0") != "0":
            raise TomtatError("ranker model: categorical or linear trees are not supported")
        leaf = _numbers(b, "leaf_value", float, leaves)
        splits = leaves - 1
        if splits == 0:
            trees.append(([], [], [], [], [], leaf))
            continue
        decision = _numbers(b, "decision_type", int, splits)
        if any(d & _CATEGORICAL for d in decision):
            raise TomtatError("ranker model: categorical splits are not supported")
        trees.append((_numbers(b, "split_feature", int, splits), _numbers(b, "threshold", float, splits),
                      _numbers(b, "left_child", int, splits), _numbers(b, "right_child", int, splits),
                      decision, leaf))
    nodes = max(max(len(t[0]) for t in trees), 1)
    most = max(len(t[5]) for t in trees)
    shape = (len(trees), nodes)
    feature, left, right, missing = (np.zeros(shape, dtype=np.int64) for _ in range(4))
    threshold = np.zeros(shape)
    default_left = np.zeros(shape, dtype=bool)
    leaf_value = np.zeros((len(trees), most))
    for k, (f, th, lc, rc, dec, lv) in enumerate(trees):
        m = len(f)
        feature[k, :m], threshold[k, :m], left[k, :m], right[k, :m] = f, th, lc, rc
        default_left[k, :m] = [bool(d & _DEFAULT_LEFT) for d in dec]
        missing[k, :m] = [(d >> 2) & 3 for d in dec]
        leaf_value[k, : len(lv)] = lv
        if m == 0:
            left[k, 0] = 0  # marks a one-leaf tree for predict (a real root's left child is never 0)
    if int(feature.max(initial=0)) >= max(features, 1):
        raise TomtatError("ranker model: a split names a feature the model does not have")
    return Forest(feature, threshold, left, right, default_left, missing, leaf_value, features)
