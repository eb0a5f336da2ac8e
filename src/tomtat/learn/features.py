"""Sentence features for the learned ranker: one row per sentence, all cluster-relative.

Facts measured on AbMuSu guided the choice: similarity to the lead paragraphs
is the strongest signal, then cross-article support and position; lead
sentences themselves are seldom copied into human summaries.
"""

from __future__ import annotations

import math
import re

import numpy as np

from tomtat import score
from tomtat.lang.lexicon import SAYS_FEATURE_VERBS, SPEAKER_OPENERS, alternatives
from tomtat.represent import BLOCK, Vectors
from tomtat.records import Cluster

_QUOTE = re.compile(r"[“”\"]")
_ATTRIBUTION = re.compile(rf"^({alternatives(SPEAKER_OPENERS)})\b", re.IGNORECASE)
_SAYS = re.compile(rf"\b({alternatives(SAYS_FEATURE_VERBS)})\b")

FEATURES = (
    "lead_sim",
    "lead_sim_rank",
    "title_sim",
    "centroid",
    "lexrank",
    "support",
    "in_lead",
    "index",
    "relative_position",
    "paragraph",
    "first_of_body",
    "length",
    "log_length",
    "digits",
    "names",
    "shared_names",
    "quote",
    "attribution",
    "says",
    "articles",
    "article_position",
    "cluster_length",
    "max_sim_other_article",
    "lead_given",
)


def _names(tokens_text: str) -> set[str]:
    """Capitalised syllables after the first word: names of people, places, bodies."""
    words = tokens_text.split()
    return {w.strip(".,;:!?“”\"()").lower() for w in words[1:] if w[:1].isupper()}


def _lead_sim_other(vectors: Vectors, arts: np.ndarray, in_lead: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Mean similarity of each sentence to the other articles' lead sentences (``fallback`` when
    there are none), a block of rows at a time so memory stays bounded."""
    n = len(arts)
    leads = np.flatnonzero(in_lead)
    out = fallback.astype(np.float64, copy=True)
    if len(leads) == 0:
        return out
    lead_arts = arts[leads]
    step = max(1, BLOCK // len(leads))
    for start in range(0, n, step):
        rows = np.arange(start, min(n, start + step))
        for article in np.unique(arts[rows]):  # one article's sentences share the leads they are compared with
            mine = rows[arts[rows] == article]
            others = leads[lead_arts != article]
            if len(others):
                out[mine] = vectors.pairwise(mine, others).mean(axis=1)
    return out


def features(cluster: Cluster, vectors: Vectors) -> np.ndarray:
    """A (sentences x FEATURES) matrix."""
    sents = cluster.sentences
    n = len(sents)
    if n == 0:
        return np.zeros((0, len(FEATURES)))
    lead_sim = score.lead_similarity(cluster, vectors)
    # Similarity to the *other* articles' leads: a lead sentence trivially matches its own lead.
    arts = np.array([s.article for s in sents])
    lead_sim_other = _lead_sim_other(vectors, arts, np.array([s.in_lead for s in sents]), lead_sim)
    title_sim = vectors.to_titles()
    centroid = score.centroid(cluster, vectors)
    lexrank = score.lexrank(cluster, vectors)
    support = score.support(cluster, vectors)
    other = vectors.neighbours(arts).best_other
    per_article = np.bincount(arts, minlength=len(cluster.articles))
    name_sets = [_names(s.text) for s in sents]
    name_articles: dict[str, set[int]] = {}
    for s, names in zip(sents, name_sets):
        for w in names:
            name_articles.setdefault(w, set()).add(s.article)
    articles = len(set(arts.tolist()))
    rank = np.empty(n)
    rank[np.argsort(-lead_sim_other, kind="stable")] = np.arange(n) / max(n - 1, 1)
    total = cluster.input_length
    first_body: dict[int, int] = {}
    for s in sents:
        if not s.in_lead:
            first_body.setdefault(s.article, s.index)
    rows = []
    for i, s in enumerate(sents):
        rows.append(
            [
                lead_sim_other[i],
                rank[i],
                title_sim[i],
                centroid[i],
                lexrank[i],
                support[i],
                float(s.in_lead),
                s.index,
                s.index / max(per_article[s.article], 1),
                s.paragraph,
                float(first_body.get(s.article) == s.index),
                s.length,
                math.log1p(s.length),
                sum(map(str.isdigit, s.tokens)),
                len(name_sets[i]),
                sum(1 for w in name_sets[i] if len(name_articles[w]) > 1),
                float(bool(_QUOTE.search(s.text))),
                float(bool(_ATTRIBUTION.match(s.text))),
                float(bool(_SAYS.search(s.text.lower()))),
                articles,
                cluster.articles[s.article].position,
                math.log1p(total),
                other[i],
                float(cluster.articles[s.article].lead_given),
            ]
        )
    return np.asarray(rows, dtype=np.float64)
