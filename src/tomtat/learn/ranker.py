"""The learned sentence ranker: LightGBM LambdaRank over :mod:`tomtat.learn.features`.

The shipped model is LightGBM's plain-text format (no pickle), loaded lazily
on first use. ``tomtat train`` rebuilds it from AbMuSu, deterministically.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from tomtat.learn.features import FEATURES, features
from tomtat.learn.targets import sentence_targets
from tomtat.represent import Vectors, represent, syllables
from tomtat.types import Cluster, Document, TomtatError

MODEL_FILE = "ranker.txt"
MODEL_VERSION = 1
GRADES = (0.2, 0.4, 0.6, 0.8)  # ROUGE-2 precision cut into relevance grades 0..4 for LambdaRank
PARAMS = {
    "objective": "lambdarank",
    "learning_rate": 0.05,
    "num_leaves": 7,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "seed": 0,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "verbose": -1,
}
ROUNDS = 200


@dataclass
class Example:
    """One training cluster: its sentences' features and targets."""

    X: np.ndarray
    y: np.ndarray


def vectors_for(cluster: Cluster) -> Vectors:
    return represent([s.tokens for s in cluster.sentences], [syllables(a.title) for a in cluster.articles])


def without_leads(documents: Sequence[Document]) -> list[Document]:
    """The same articles as plain text with no separate lead: how most news arrives outside AbMuSu."""
    return [Document(text=d.text, title=d.title, name=d.name) for d in documents]


def examples(clusters: Iterable[tuple[Sequence[Document], str]]) -> list[Example]:
    """Training examples from (articles, gold summary) pairs, each in two forms: with the source's
    lead paragraphs, and without them, so the model serves both kinds of input."""
    from tomtat.api import prepare

    out: list[Example] = []
    for docs, gold in clusters:
        for variant in (list(docs), without_leads(docs)):
            try:
                cluster = prepare(variant)
            except TomtatError:
                continue
            if cluster.sentences:
                out.append(Example(features(cluster, vectors_for(cluster)), sentence_targets(cluster, gold)))
    return out


def train(data: list[Example], rounds: int = ROUNDS):  # -> lightgbm.Booster
    import lightgbm

    X = np.vstack([e.X for e in data])
    y = np.concatenate([np.digitize(e.y, GRADES) for e in data])
    dataset = lightgbm.Dataset(X, y, group=[len(e.y) for e in data], feature_name=list(FEATURES), free_raw_data=True)
    return lightgbm.train(PARAMS, dataset, rounds)


def to_text(booster) -> str:  # noqa: ANN001 - lightgbm is imported lazily
    """The model file: a one-line tomtat header, then LightGBM's own text format."""
    header = json.dumps({"tomtat_model": MODEL_VERSION, "features": list(FEATURES)})
    return f"# {header}\n" + booster.model_to_string()


def _load_text(text: str):  # noqa: ANN202
    try:
        import lightgbm
    except ImportError:
        raise TomtatError("the learned method needs lightgbm: pip install lightgbm") from None
    first, _, body = text.partition("\n")
    try:
        meta = json.loads(first.lstrip("# "))
    except json.JSONDecodeError:
        raise TomtatError("ranker model file has no tomtat header; rebuild it with 'tomtat train'") from None
    if meta.get("tomtat_model") != MODEL_VERSION or meta.get("features") != list(FEATURES):
        raise TomtatError("ranker model was built for other features; rebuild it with 'tomtat train'")
    return lightgbm.Booster(model_str=body)


def load(path: str | Path):  # noqa: ANN201
    """A model file written by :func:`save` (``tomtat train``)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise TomtatError(f"{path}: cannot read model ({e})") from None
    return _load_text(text)


@lru_cache(maxsize=1)
def shipped():  # noqa: ANN201
    """The model that ships inside the package."""
    path = resources.files("tomtat.data").joinpath(MODEL_FILE)
    if not path.is_file():
        raise TomtatError("no ranker model in the package; build it with 'tomtat train'")
    return _load_text(path.read_text(encoding="utf-8"))


_override: list = []  # models set by using(), innermost last


@contextmanager
def using(booster) -> Iterator[None]:  # noqa: ANN001
    """Rank with ``booster`` instead of the shipped model (cross-validation, experiments)."""
    _override.append(booster)
    try:
        yield
    finally:
        _override.pop()


def predict(cluster: Cluster, vectors: Vectors) -> np.ndarray:
    if not cluster.sentences:
        return np.zeros(0)
    model = _override[-1] if _override else shipped()
    return np.asarray(model.predict(features(cluster, vectors)), dtype=np.float64)
