"""Tests for tomtat.represent, tomtat.score and tomtat.selection on real clusters."""

from __future__ import annotations

import itertools
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from _shared import COMMAND

from tomtat import represent as represent_module
from tomtat import score, selection as select
from tomtat.prepare import prepare
from tomtat.lang.lexicon import stopwords
from tomtat.represent import content_terms, represent, tfidf
from tomtat.lang.tokens import bigrams, syllables
from tomtat.selection import REDUNDANT, Budget

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "cluster"
GUTERRES = ROOT.parent / "shared" / "examples" / "guterres-2022-04"


def texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


CLUSTERS = {"example": EXAMPLE, "guterres": GUTERRES}


@pytest.fixture(scope="module", params=sorted(CLUSTERS))
def prepared(request):
    folder = CLUSTERS[request.param]
    if not folder.is_dir():
        pytest.skip(f"cluster folder {folder} is not available in this checkout")
    cluster = prepare(texts(folder))
    vectors = represent([s.tokens for s in cluster.sentences])
    return cluster, vectors


# --- represent ------------------------------------------------------------------


def test_syllables_keep_vietnamese_letters():
    assert syllables("Liên hợp quốc") == ["liên", "hợp", "quốc"]
    assert syllables("“Đà Nẵng”, ngày 26/4 (TP.HCM)!") == ["đà", "nẵng", "ngày", "26", "4", "tp", "hcm"]
    assert syllables("Ủy ban ĐẶC BIỆT") == ["ủy", "ban", "đặc", "biệt"]
    assert syllables("") == []
    assert syllables("... — !!") == []


def test_syllables_nfd_input_gives_nfc_tokens():
    import unicodedata

    assert syllables(unicodedata.normalize("NFD", "Nguyễn Thị Hồng")) == ["nguyễn", "thị", "hồng"]


def test_stopwords_load():
    stop = stopwords()
    assert isinstance(stop, frozenset)
    assert len(stop) > 50
    for word in ("của", "là", "những", "được", "các"):
        assert word in stop
    for word in ("cầu", "liên", "quốc", "ukraine"):
        assert word not in stop
    assert all(w == w.lower() and " " not in w for w in stop)


def test_content_terms_and_bigrams():
    tokens = ["tổng", "thư", "ký", "của", "liên", "hợp", "quốc"]
    terms = content_terms(tokens)
    assert "của" not in terms
    assert "liên hợp" in terms and "hợp quốc" in terms
    assert "ký của" in terms  # a bigram counts unless both halves are stop words
    assert bigrams(["a", "b", "c"]) == ["a b", "b c"]
    assert content_terms(["là", "của"]) == []


def test_tfidf_rows_have_unit_norm(prepared):
    cluster, vectors = prepared
    m = vectors.matrix.toarray()
    norms = np.sqrt((m * m).sum(axis=1))
    nonzero = norms > 0
    assert nonzero.sum() >= len(cluster.sentences) - 1
    np.testing.assert_allclose(norms[nonzero], 1.0, rtol=1e-9)
    sim = vectors.pairwise(np.arange(len(cluster.sentences)))
    assert sim.shape == (len(cluster.sentences),) * 2
    np.testing.assert_allclose(sim, sim.T, atol=1e-12)
    assert (sim >= -1e-12).all() and (sim <= 1 + 1e-9).all()


def test_tfidf_edge_cases():
    m = tfidf([["a", "b"], [], ["a"]]).toarray()
    norms = np.sqrt((m * m).sum(axis=1))
    np.testing.assert_allclose(norms, [1.0, 0.0, 1.0])
    assert tfidf([]).shape[0] == 0


# --- score ------------------------------------------------------------------------


@pytest.mark.parametrize("scorer", [score.lexrank, score.centroid, score.position, score.lead_similarity, score.support])
def test_scorers_one_finite_score_per_sentence(prepared, scorer):
    cluster, vectors = prepared
    scores = scorer(cluster, vectors)
    assert scores.shape == (len(cluster.sentences),)
    assert np.isfinite(scores).all()
    assert (scores >= -1e-12).all()


def test_lexrank_normalised_and_not_constant(prepared):
    cluster, vectors = prepared
    r = score.lexrank(cluster, vectors)
    assert r.max() == pytest.approx(1.0)
    assert r.min() < r.max()


def test_centroid_prefers_on_topic_sentences(prepared):
    cluster, vectors = prepared
    c = score.centroid(cluster, vectors)
    assert c.max() > 0.2
    assert (c <= 1 + 1e-9).all()


def test_position_scores():
    cluster = prepare(texts(EXAMPLE))
    p = score.position(cluster, represent([s.tokens for s in cluster.sentences]))
    assert [round(x, 6) for x in p[:3]] == [1.0, 0.5, round(1 / 3, 6)]


# --- select -----------------------------------------------------------------------


def selections(cluster, vectors, budget):
    relevance = score.centroid(cluster, vectors) + 0.3 * score.position(cluster, vectors)
    lead = score.lead_similarity(cluster, vectors)
    return {
        "greedy": select.greedy(cluster, vectors, relevance, budget),
        "mmr": select.mmr(cluster, vectors, relevance, budget),
        "ilp": select.ilp(cluster, vectors, lead, budget),
    }


BUDGETS = [Budget(30), Budget(60), Budget(120), Budget(200), Budget(120, 2), Budget(1000, 1)]


@pytest.mark.parametrize("budget", BUDGETS, ids=str)
def test_selections_respect_budget(prepared, budget):
    cluster, vectors = prepared
    ok = select.eligible(cluster)
    for name, chosen in selections(cluster, vectors, budget).items():
        assert len(chosen) == len(set(chosen)), name
        assert all(0 <= i < len(cluster.sentences) and ok[i] for i in chosen), name
        total = sum(cluster.sentences[i].length for i in chosen)
        assert total <= budget.words * 1.1, (name, total)
        if budget.sentences is not None:
            assert len(chosen) <= budget.sentences, name
        if budget.words >= 60:
            assert chosen, name  # a sentence of the story fits in 60 syllables


@pytest.mark.parametrize("budget", [Budget(60), Budget(120), Budget(200), Budget(120, 2)], ids=str)
def test_selections_never_redundant(prepared, budget):
    cluster, vectors = prepared
    picks = selections(cluster, vectors, budget)
    for name in ("greedy", "mmr", "ilp"):
        for i, j in itertools.combinations(picks[name], 2):
            assert vectors.similarity[i, j] <= REDUNDANT, (name, cluster.sentences[i].text, cluster.sentences[j].text)


def test_ilp_never_redundant_with_a_large_budget():
    cluster = prepare(texts(EXAMPLE))
    vectors = represent([s.tokens for s in cluster.sentences])
    budget = Budget(250)
    assert cluster.input_length > 2 * budget.words  # the solver had plenty of other choices
    chosen = select.ilp(cluster, vectors, score.lead_similarity(cluster, vectors), budget)
    for i, j in itertools.combinations(chosen, 2):
        assert vectors.similarity[i, j] <= REDUNDANT


def test_ilp_returns_a_feasible_set(prepared):
    cluster, vectors = prepared
    lead = score.lead_similarity(cluster, vectors)
    for budget in (Budget(50), Budget(100), Budget(150, 3)):
        chosen = select.ilp(cluster, vectors, lead, budget)
        assert chosen == sorted(set(chosen))
        assert sum(cluster.sentences[i].length for i in chosen) <= int(budget.words * 1.05)
        if budget.sentences is not None:
            assert len(chosen) <= budget.sentences
        # It covers at least one concept shared across articles.
        covered = {t for i in chosen for t in content_terms(cluster.sentences[i].tokens)}
        assert covered & set(select.concept_weights(cluster))


def test_budget_rules():
    b = Budget(100)
    assert b.fits(0, 110) and not b.fits(0, 111)
    assert b.fits(90, 20) and not b.fits(90, 21)
    assert not b.full(94, 1) and b.full(95, 1)
    s = Budget(10, sentences=2)
    assert s.fits(0, 500)  # with a sentence cap, the first sentence always fits
    assert s.full(3, 2)


def test_concept_weights_need_two_articles():
    cluster = prepare(texts(EXAMPLE))
    weights = select.concept_weights(cluster)
    assert weights
    assert all(w >= 2 for w in weights.values())
    assert all(" " in c for c in weights)
    assert weights.get("hàn giang", 0) == 3


# --- all pairs without an n x n matrix ------------------------------------------------


def dense(vectors):
    return vectors.pairwise(np.arange(len(vectors)))


def link_matrix(nb, n):
    """The links of a scan as a dense n x n matrix."""
    out = np.zeros((n, n))
    rows, cols, vals = nb.links
    out[rows, cols] = vals
    return out


def articles_of(cluster):
    return np.array([s.article for s in cluster.sentences])


def test_similarity_view_computes_only_the_pairs_asked(prepared):
    cluster, vectors = prepared
    sim = dense(vectors)
    assert isinstance(vectors.similarity[3, 5], float)
    assert vectors.similarity[3, 5] == sim[3, 5]
    np.testing.assert_array_equal(vectors.similarity[3, [1, 5, 7]], sim[3, [1, 5, 7]])
    np.testing.assert_array_equal(vectors.similarity[[2, 4], [1, 5]], sim[np.ix_([2, 4], [1, 5])])
    for i in (0, 4, len(vectors) - 1):
        np.testing.assert_allclose(vectors.to_sentence(i), sim[:, i], rtol=1e-12, atol=1e-15)


def test_neighbours_are_what_all_pairs_give(prepared):
    cluster, vectors = prepared
    sim, arts = dense(vectors), articles_of(cluster)
    other = arts[:, None] != arts[None, :]
    nb = vectors.neighbours(arts)
    expected = np.where(sim >= represent_module.LINK, sim, 0.0)
    np.fill_diagonal(expected, 0.0)
    np.testing.assert_array_equal(link_matrix(nb, len(sim)), expected)  # the same numbers, not just close ones
    np.testing.assert_array_equal(nb.best_other, np.where(other, sim, 0.0).max(axis=1))
    held = [((sim[:, arts == a] >= represent_module.SUPPORT).any(axis=1) & (arts != a)) for a in set(arts.tolist())]
    np.testing.assert_array_equal(nb.supporting, np.sum(held, axis=0))
    assert vectors.neighbours(arts.copy()) is nb  # one scan per grouping


def test_scan_block_by_block_changes_nothing(prepared, monkeypatch):
    cluster, vectors = prepared
    arts = articles_of(cluster)
    whole = represent(  # a fresh Vectors: the scan is kept per instance
        [s.tokens for s in cluster.sentences]
    ).neighbours(arts)
    monkeypatch.setattr(represent_module, "BLOCK", 7)  # one row at a time
    rows = represent([s.tokens for s in cluster.sentences]).neighbours(arts)
    for mine, theirs in zip(rows.links, whole.links):
        np.testing.assert_array_equal(mine, theirs)
    np.testing.assert_array_equal(rows.best_other, whole.best_other)
    np.testing.assert_array_equal(rows.supporting, whole.supporting)


def test_links_keep_only_the_strongest_per_sentence(prepared, monkeypatch):
    cluster, vectors = prepared
    monkeypatch.setattr(represent_module, "MAX_LINKS", 3)
    sim = dense(vectors)
    np.fill_diagonal(sim, 0.0)
    graph = link_matrix(represent([s.tokens for s in cluster.sentences]).neighbours(articles_of(cluster)), len(sim))
    for i in range(len(sim)):
        row = sim[i][sim[i] >= represent_module.LINK]
        assert np.count_nonzero(graph[i]) == min(3, len(row))
        np.testing.assert_array_equal(np.sort(graph[i][graph[i] > 0]), np.sort(row)[::-1][:3][::-1])


def dense_lexrank(cluster, vectors, threshold=0.1, damping=0.85):
    """LexRank as it was computed on the dense matrix, for comparison."""
    n = len(vectors)
    w = dense(vectors)
    w[w < threshold] = 0.0
    np.fill_diagonal(w, 0.0)
    arts = articles_of(cluster)
    w[arts[:, None] == arts[None, :]] *= 0.5
    rows = w.sum(axis=1, keepdims=True)
    rows[rows == 0] = 1.0
    p = w / rows
    r = np.full(n, 1.0 / n)
    for _ in range(100):
        nxt = (1 - damping) / n + damping * (p.T @ r)
        if np.abs(nxt - r).sum() < 1e-8:
            r = nxt
            break
        r = nxt
    return r / r.max()


def test_lexrank_of_a_normal_cluster_is_bit_for_bit_what_the_ranker_was_trained_on(prepared):
    cluster, vectors = prepared
    np.testing.assert_array_equal(score.lexrank(cluster, vectors), dense_lexrank(cluster, vectors))


def test_lexrank_on_the_sparse_graph_is_lexrank(prepared, monkeypatch):
    cluster, vectors = prepared
    monkeypatch.setattr(score, "DENSE_LEXRANK", 0)  # what clusters of thousands of sentences get
    np.testing.assert_allclose(score.lexrank(cluster, vectors), dense_lexrank(cluster, vectors), rtol=1e-9)


def dense_mmr(cluster, vectors, relevance, budget, balance=0.7):
    """MMR as it was computed on the dense matrix, for comparison."""
    sim = dense(vectors)
    chosen, total = [], 0
    left = set(np.flatnonzero(select.eligible(cluster)).tolist())
    while left and not budget.full(total, len(chosen)):
        cand = np.array(sorted(left))
        penalty = sim[np.ix_(cand, chosen)].max(axis=1) if chosen else np.zeros(len(cand))
        i = int(cand[int(np.argmax(balance * relevance[cand] - (1 - balance) * penalty))])
        left.discard(i)
        length = cluster.sentences[i].length
        if budget.fits(total, length) and not (chosen and sim[i, chosen].max() > REDUNDANT):
            chosen.append(i)
            total += length
    return chosen


@pytest.mark.parametrize("budget", [Budget(60), Budget(200), Budget(120, 2), Budget(100_000)], ids=str)
def test_mmr_picks_what_the_dense_version_picked(prepared, budget):
    cluster, vectors = prepared
    relevance = score.lead_similarity(cluster, vectors) + 0.5 * score.centroid(cluster, vectors)
    assert select.mmr(cluster, vectors, relevance, budget) == dense_mmr(cluster, vectors, relevance, budget)


def test_ilp_json_output_is_not_preceded_by_the_solver_banner():
    # highspy prints a banner on stdout when the first solver is made, before it can be told not to.
    done = subprocess.run(
        COMMAND + ["summarize", str(EXAMPLE), "-m", "ilp", "--json"], capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout.decode("utf-8"))
    assert data["method"] == "ilp" and data["sentences"]
    assert b"HiGHS" not in done.stdout


def test_products_made_in_chunks_change_nothing(prepared, monkeypatch):
    cluster, vectors = prepared
    whole = vectors.matrix.dot(vectors.matrix)
    monkeypatch.setattr(represent_module, "PRODUCTS", 7)  # a handful of term products at a time
    np.testing.assert_array_equal(vectors.matrix.dot(vectors.matrix), whole)  # the same numbers, bit for bit


def test_many_copies_of_a_long_sentence_keep_memory_bounded():
    """Every pair of 300 identical 200-syllable sentences shares every term: 36 million term products,
    about 1.4 GB if made at once. In chunks, the peak is the n x n block and one chunk."""
    import tracemalloc

    sentence = [f"từ{k}" for k in range(200)]
    vectors = represent([sentence] * 300)
    tracemalloc.start()
    try:
        every = vectors.all_pairs()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    np.testing.assert_allclose(every, 1.0)
    assert peak < 40e6, f"{peak / 1e6:.0f} MB"
