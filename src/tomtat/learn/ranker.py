"""The learned sentence ranker: LightGBM LambdaRank over :mod:`tomtat.learn.features`.

The shipped model is LightGBM's plain-text format (no pickle), loaded lazily
on first use. ``tomtat train`` rebuilds it from AbMuSu, deterministically.
"""

from __future__ import annotations

import json
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from tomtat.compress import Compression, compress, worth_deleting
from tomtat.learn.deletions import deletion_stats
from tomtat.learn.features import FEATURES, features
from tomtat.learn.forest import Forest, parse
from tomtat.learn.targets import sentence_targets
from tomtat.prepare import prepare
from tomtat.represent import DEFAULT_REPRESENTATION, Vectors, cluster_vectors
from tomtat.records import Cluster, Document, Sentence, TomtatError

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


# Ranked selection says most, by ROUGE-2 F1, when a little longer than the human summaries:
# 5-fold CV on AbMuSu peaked at 1.3x with lead paragraphs and 1.1x without (BENCHMARKS.md).
LENGTH_WITH_LEADS = 1.3
LENGTH_WITHOUT_LEADS = 1.1
DELETE_BELOW = 0.55  # apply a deletion kind when editors kept less than this share of it (cross-validated)


@dataclass
class Example:
    """One training cluster: its sentences, their features and targets, and the gold summary."""

    sentences: list[Sentence]
    X: np.ndarray
    y: np.ndarray
    gold: str


@dataclass
class Model:
    """A trained ranker and what editors do with deletable stretches of sentences."""

    trees: str  # LightGBM's model text, as written by Booster.model_to_string()
    deletions: dict[str, tuple[int, float]] = field(default_factory=dict)  # kind -> (seen, kept share)
    delete_below: float = DELETE_BELOW
    id: str = ""  # where it came from and a digest of its file: what a summary reports as its model

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Model) and bool(self.id) and self.id == other.id

    __hash__ = object.__hash__

    @cached_property
    def forest(self) -> Forest:
        return parse(self.trees)

    def predict(self, cluster: Cluster, vectors: Vectors) -> np.ndarray:
        if not cluster.sentences:
            return np.zeros(0)
        return self.forest.predict(features(cluster, vectors))

    def compress(self, cluster: Cluster) -> dict[int, Compression]:
        """Shortened forms of the sentences that have a deletion worth making."""
        kinds = worth_deleting(self.deletions, self.delete_below)
        if not kinds:
            return {}
        out = {}
        for i, s in enumerate(cluster.sentences):
            c = compress(s, kinds)
            if c is not None:
                out[i] = c
        return out

    def to_text(self) -> str:
        """The model file: a one-line tomtat header, then LightGBM's own text format."""
        header = {"tomtat_model": MODEL_VERSION, "features": list(FEATURES), "deletions": self.deletions}
        return f"# {json.dumps(header, ensure_ascii=False)}\n" + self.trees


def length_factor(cluster: Cluster) -> float:
    """How much longer than the fitted human length to make the summary."""
    return LENGTH_WITH_LEADS if any(a.lead_given for a in cluster.articles) else LENGTH_WITHOUT_LEADS


def without_leads(documents: Sequence[Document]) -> list[Document]:
    """The same articles as plain text with no separate lead: how most news arrives outside AbMuSu."""
    return [Document(text=d.text, title=d.title, name=d.name) for d in documents]


def examples(
    clusters: Iterable[tuple[Sequence[Document], str]], representation: str = DEFAULT_REPRESENTATION
) -> list[Example]:
    """Training examples from (articles, gold summary) pairs, each in two forms: with the source's
    lead paragraphs, and without them, so the model serves both kinds of input. Features are computed
    on vectors of ``representation``: train with the one the model will rank with."""
    out: list[Example] = []
    for docs, gold in clusters:
        for variant in (list(docs), without_leads(docs)):
            try:
                cluster = prepare(variant)
            except TomtatError:
                continue
            if cluster.sentences:
                X = features(cluster, cluster_vectors(cluster, representation))
                out.append(Example(cluster.sentences, X, sentence_targets(cluster, gold), gold))
    return out


def train(data: list[Example], rounds: int = ROUNDS) -> Model:
    import lightgbm

    X = np.vstack([e.X for e in data])
    y = np.concatenate([np.digitize(e.y, GRADES) for e in data])
    dataset = lightgbm.Dataset(X, y, group=[len(e.y) for e in data], feature_name=list(FEATURES), free_raw_data=True)
    booster = lightgbm.train(PARAMS, dataset, rounds)
    model = Model(booster.model_to_string(), deletion_stats((e.sentences, e.gold) for e in data))
    model.id = f"trained@{_digest(model.to_text())}"
    return model


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _load_text(text: str, label: str) -> Model:
    first, _, body = text.partition("\n")
    try:
        meta = json.loads(first.lstrip("# "))
    except json.JSONDecodeError:
        raise TomtatError("ranker model file has no tomtat header; rebuild it with 'tomtat train'") from None
    if meta.get("tomtat_model") != MODEL_VERSION or meta.get("features") != list(FEATURES):
        raise TomtatError("ranker model was built for other features; rebuild it with 'tomtat train'")
    deletions = {k: (int(n), float(kept)) for k, (n, kept) in meta.get("deletions", {}).items()}
    model = Model(body, deletions, id=f"{label}@{_digest(text)}")
    model.forest  # read the trees now: a broken file fails here, once  # noqa: B018
    return model


def load(path: str | Path) -> Model:
    """A model file written by :meth:`Model.to_text` (``tomtat train``)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise TomtatError(f"{path}: cannot read model ({e})") from None
    return _load_text(text, Path(path).name)


@lru_cache(maxsize=1)
def shipped() -> Model:
    """The model that ships inside the package."""
    path = resources.files("tomtat.data").joinpath(MODEL_FILE)
    if not path.is_file():
        raise TomtatError("no ranker model in the package; build it with 'tomtat train'")
    return _load_text(path.read_text(encoding="utf-8"), "shipped")


def resolve(model: str | Path | Model | None) -> Model:
    """The ranker an ``Options.model`` names: the shipped one (None), a trained ``Model``, or a model file."""
    if model is None:
        return shipped()
    if isinstance(model, Model):
        return model
    path = Path(model)
    try:
        stat = path.resolve().stat()
    except OSError as e:
        raise TomtatError(f"{model}: cannot read model ({e.strerror or e})") from None
    return _load_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> Model:
    """One load per file version, shared by every summary that names it (mtime and size are the key)."""
    return load(path)
