"""Memory grows with the input, not with its square: no n x n sentence matrix, with any method.

A dense similarity matrix of n sentences takes n * n * 8 bytes: 46 MB for the 2,400
sentences here, 3.2 GB for the 20,000 of 50 articles of 75,000 characters. The
test measures the peak of Python and numpy allocations (tracemalloc) while each
method works and keeps it well under one such matrix. bench/scale.py measures
whole runs up to 621 articles.
"""

from __future__ import annotations

import random
import time
import tracemalloc

import pytest
from _shared import TEXTS

from tomtat import methods
from tomtat.learn import ranker
from tomtat import prepare as prepare_module
from tomtat.prepare import prepare
from tomtat.records import Sentence
from tomtat.selection import resolve_budget
from tomtat.represent import cluster_vectors
from tomtat.lang.tokens import syllables

ARTICLES = 24
SENTENCES = 100  # per article, under the per-article cap


def synthetic_articles(articles: int = ARTICLES, sentences: int = SENTENCES, seed: int = 0) -> list[str]:
    """News-like articles of real Vietnamese syllables (drawn as often as the example uses them);
    every article a different draw, so none is dropped as a copy of another."""
    words = [w for t in TEXTS for w in syllables(t)]
    rng = random.Random(seed)
    out = []
    for _ in range(articles):
        paragraphs = []
        for _ in range(sentences // 5):
            said = []
            for _ in range(5):
                sentence = " ".join(rng.choice(words) for _ in range(rng.randint(10, 24)))
                said.append(sentence[0].upper() + sentence[1:] + ".")
            paragraphs.append(" ".join(said))
        out.append("\n\n".join(paragraphs))
    return out


@pytest.fixture(scope="module")
def big():
    cluster = prepare(synthetic_articles())
    assert len(cluster.sentences) >= 0.95 * ARTICLES * SENTENCES  # no article lost: the test is as big as it says
    return cluster


def traced_peak(work) -> tuple[int, object]:
    tracemalloc.start()
    try:
        result = work()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name", sorted(methods.REGISTRY))
def test_no_method_builds_an_n_by_n_matrix(big, name):
    method = methods.get(name)
    budget = resolve_budget(big, None, None, None, method.length_factor)
    vectors = cluster_vectors(big)  # linear in the input; what follows is where pairs of sentences are compared
    n = len(big.sentences)
    model = ranker.resolve(None) if method.uses_model else None  # loaded before tracing: not the method's cost
    peak, picks = traced_peak(lambda: method.pick(big, vectors, budget, model, **method.settings()))
    assert picks
    # One dense n x n matrix of float64 alone would be twice this.
    assert peak < n * n * 8 / 2, f"{name}: {peak / 1e6:.1f} MB at the peak for {n} sentences"


# --- syndicated copies among many articles ------------------------------------------------------------------


def _articles(texts: list[list[str]]) -> list[list[Sentence]]:
    return [
        [Sentence(text=" ".join(t), article=k, index=0, start=0, end=1, paragraph=0, in_lead=False, tokens=t, heading=False)]
        if t
        else []
        for k, t in enumerate(texts)
    ]


def _mixed_stream(seed: int, n: int, vocabulary: int) -> list[list[str]]:
    """Articles of random syllables, some of them cut, edited or extended copies of earlier ones."""
    rng = random.Random(seed)
    words = [f"từ{k}" for k in range(vocabulary)]
    texts: list[list[str]] = []
    for _ in range(n):
        if texts and rng.random() < 0.5:
            t = list(rng.choice(texts))
            if rng.random() < 0.3:
                t = t[: rng.randint(0, len(t))]
            for _ in range(rng.randint(0, 4)):
                if t:
                    t[rng.randrange(len(t))] = rng.choice(words)
            if rng.random() < 0.3:
                t += [rng.choice(words) for _ in range(rng.randint(0, 30))]
        else:
            t = [rng.choice(words) for _ in range(rng.randint(0, 40))]
        texts.append(t)
    return texts


@pytest.mark.parametrize("seed", range(300))
def test_copies_found_by_the_prefix_filter_are_those_of_all_pairs(seed, monkeypatch):
    per_article = _articles(_mixed_stream(seed, n=random.Random(seed).randint(1, 12), vocabulary=[3, 5, 10, 40][seed % 4]))
    expected = prepare_module._duplicates_all_pairs([prepare_module._shingles(s) for s in per_article])
    monkeypatch.setattr(prepare_module, "ALL_PAIRS", 0)
    assert prepare_module.find_duplicates(per_article) == expected


def test_copies_among_thousands_of_articles_are_not_all_pairs():
    """3,000 articles: all pairs would be 4.5 million intersections of 300-element sets."""
    rng = random.Random(0)
    words = [f"từ{k}" for k in range(3000)]
    texts = [[rng.choice(words) for _ in range(300)] for _ in range(3000)]
    texts += [list(texts[k]) for k in range(0, 3000, 10)]
    started = time.process_time()
    copies = prepare_module.find_duplicates(_articles(texts))
    assert copies == {3000 + k // 10: k for k in range(0, 3000, 10)}
    assert time.process_time() - started < 30  # all pairs: about 40 s here; the prefix filter: about 6 s
