"""Tests for tomtat.summarize, the library entry point."""

from __future__ import annotations

import itertools
import re
import time
from pathlib import Path

import pytest

import tomtat
from tomtat import Document, TomtatError
from tomtat.prepare import MAX_SENTENCES_PER_ARTICLE, prepare
from tomtat.order import event_dates
from tomtat.selection import default_words
from tomtat.represent import represent
from tomtat.lang.tokens import syllables
from tomtat.selection import REDUNDANT

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "cluster"
GUTERRES = ROOT.parent / "shared" / "examples" / "guterres-2022-04"

METHODS = sorted(tomtat.REGISTRY)
BUDGETED = [m for m in METHODS if tomtat.REGISTRY[m].uses_budget]


def texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


@pytest.fixture(scope="module")
def example() -> list[str]:
    return texts(EXAMPLE)


@pytest.fixture(scope="module")
def guterres() -> list[str]:
    if not GUTERRES.is_dir():
        pytest.skip(f"reference cluster {GUTERRES} is not available in this checkout")
    return texts(GUTERRES)


def check_provenance(summary: tomtat.Summary) -> None:
    names = [a.name for a in summary.articles]
    assert summary.documents == names
    for s in summary.sentences:
        article = summary.articles[s.article]
        assert s.document == article.name
        assert article.text[s.start : s.end] == s.text
        assert 0 <= s.start < s.end <= len(article.text)
    keys = [(s.article, s.index) for s in summary.sentences]
    assert len(keys) == len(set(keys))
    assert len({s.text for s in summary.sentences}) == len(summary.sentences)
    assert summary.text == " ".join(s.text for s in summary.sentences)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_on_example(example, method):
    summary = tomtat.summarize(example, method=method)
    assert summary.method == method
    assert summary.sentences and summary.text.strip()
    check_provenance(summary)
    assert summary.documents == ["doc1", "doc2", "doc3"]
    assert summary.warnings == []
    assert summary.duplicates == {}
    # The default length is fitted to the input (a method may scale it a little).
    fitted = default_words(prepare(example).input_length)
    assert 0.5 * fitted <= summary.budget <= 2 * fitted
    # The headline sentence opens; after it the facts in time order (their days as order() reads them),
    # and within one day lead facts first, then by article and position in it.
    cluster = prepare(example)
    when = event_dates(cluster)
    number = {(s.article, s.index): k for k, s in enumerate(cluster.sentences)}
    after = [number[(s.article, s.index)] for s in summary.sentences[1:]]
    latest = max((when[i] for i in after if i in when), default=(0, 0, 0))
    days = [when.get(i, latest) for i in after]
    assert days == sorted(days)
    for day in set(days):
        same = [cluster.sentences[i] for i, d in zip(after, days) if d == day]
        lead = [s.in_lead for s in same]
        assert lead == sorted(lead, reverse=True)
        rest = [(s.article, s.index) for s in same if not s.in_lead]
        assert rest == sorted(rest)


@pytest.mark.parametrize("method", METHODS)
def test_words_budget(example, method):
    summary = tomtat.summarize(example, method=method, words=60)
    assert summary.budget == 60
    assert summary.sentences
    check_provenance(summary)
    if tomtat.REGISTRY[method].uses_budget:
        assert summary.length <= 66
        assert summary.length >= 30  # "roughly 60", not a token sentence
    assert summary.length == len(syllables(summary.text))


@pytest.mark.parametrize("method", BUDGETED)
def test_sentences_budget(example, method):
    for n in (1, 2):
        summary = tomtat.summarize(example, method=method, sentences=n)
        assert 1 <= len(summary.sentences) <= n
        check_provenance(summary)


@pytest.mark.parametrize("method", BUDGETED)
def test_ratio_budget(example, method):
    total = prepare(example).input_length
    summary = tomtat.summarize(example, method=method, ratio=0.2)
    assert summary.budget == round(0.2 * total)
    assert 0 < summary.length <= summary.budget * 1.1
    whole = tomtat.summarize(example, method=method, ratio=1.0)
    assert whole.budget == total


@pytest.mark.parametrize("method", ["centroid", "lexrank"])
def test_tiny_word_budget_not_silently_empty(example, method):
    try:
        summary = tomtat.summarize(example, method=method, words=10)
    except TomtatError:
        return
    assert summary.sentences or summary.warnings


@pytest.mark.parametrize(
    "options",
    [{"words": 0}, {"words": -5}, {"sentences": 0}, {"sentences": -1}, {"ratio": 0}, {"ratio": 1.5}, {"ratio": -0.1}],
    ids=str,
)
def test_invalid_lengths_raise(example, options):
    with pytest.raises(TomtatError):
        tomtat.summarize(example, **options)


def test_unknown_method_lists_methods(example):
    with pytest.raises(TomtatError) as info:
        tomtat.summarize(example, method="textrank")
    message = str(info.value)
    assert "textrank" in message
    for name in METHODS:
        assert name in message


def test_default_method(example):
    summary = tomtat.summarize(example)
    assert summary.method == tomtat.DEFAULT_METHOD


def test_input_forms(example):
    a, b, c = example
    lead = "Cầu đi bộ Hàn Giang ở Đà Nẵng được khánh thành sáng 26/4 sau 18 tháng thi công."
    summary = tomtat.summarize(
        [{"text": a, "title": "Tiêu đề riêng", "lead": lead, "name": "bao-a"}, Document(b, name="bao-b"), c],
        sentences=3,
    )
    assert summary.documents == ["bao-a", "bao-b", "doc3"]
    assert summary.articles[0].title == "Tiêu đề riêng"
    assert summary.articles[0].text.startswith(lead + "\n")
    assert summary.articles[0].lead_end == len(lead)
    check_provenance(summary)
    # AbMuSu field names are accepted too.
    s2 = tomtat.summarize([{"raw_text": a, "anchor_text": lead, "id": "x1"}, {"text": b}])
    assert s2.documents == ["x1", "doc2"]
    check_provenance(s2)
    # A Document without a name gets one.
    s3 = tomtat.summarize([Document(a), Document(b)])
    assert s3.documents == ["doc1", "doc2"]


@pytest.mark.parametrize("bad", [[123], [None], [{"text": 5}], [["a list"]]], ids=str)
def test_bad_document_types_raise(bad):
    with pytest.raises(TomtatError):
        tomtat.summarize(bad)


def test_no_articles_raises():
    with pytest.raises(TomtatError):
        tomtat.summarize([])


def test_only_boilerplate_raises():
    with pytest.raises(TomtatError, match="empty or only boilerplate"):
        tomtat.summarize(["Ảnh: TTXVN\nChia sẻ", "   "])


def test_duplicate_article_detected(example):
    a, b, c = example
    copy = a.replace("Sáng 26/4/2025", "Sáng ngày 26/4/2025")
    summary = tomtat.summarize([a, b, c, copy])
    assert summary.duplicates == {"doc4": "doc1"}
    assert any("doc4" in w and "doc1" in w for w in summary.warnings)
    assert all(s.document != "doc4" for s in summary.sentences)
    check_provenance(summary)


def test_one_article_cluster_warns(example):
    summary = tomtat.summarize([example[0]])
    assert summary.sentences
    assert any("single-document" in w for w in summary.warnings)
    check_provenance(summary)


def test_two_copies_are_a_single_document(example):
    summary = tomtat.summarize([example[1], example[1]])
    assert summary.duplicates == {"doc2": "doc1"}
    assert any("single-document" in w for w in summary.warnings)


ENGLISH = (
    "The United Nations secretary-general arrived in Kyiv on Wednesday after meeting the Russian president "
    "in Moscow. He said the organisation would do everything it could to help civilians leave the besieged city. "
    "Talks on humanitarian corridors will continue next week, a spokesman said."
)


def test_english_only_cluster_raises():
    with pytest.raises(TomtatError, match="Vietnamese"):
        tomtat.summarize([ENGLISH, ENGLISH.replace("Wednesday", "Thursday")])


def test_english_article_skipped_in_vietnamese_cluster(example):
    summary = tomtat.summarize([example[0], ENGLISH, example[2]])
    assert any("doc2" in w and "Vietnamese" in w for w in summary.warnings)
    assert all(s.document != "doc2" for s in summary.sentences)


def test_very_long_article(example):
    a, b, c = example
    paragraphs = [re.sub(r"\d+", lambda m, k=k: str(int(m.group()) + k), a) for k in range(800)]
    big = "\n\n".join(paragraphs)
    assert 900_000 <= len(big.encode("utf-8")) <= 1_500_000
    started = time.perf_counter()
    summary = tomtat.summarize([big, b, c])
    elapsed = time.perf_counter() - started
    assert elapsed < 10
    assert summary.sentences
    assert any("very long" in w and str(MAX_SENTENCES_PER_ARTICLE) in w for w in summary.warnings)
    check_provenance(summary)


def test_default_length_on_guterres(guterres):
    summary = tomtat.summarize(guterres)
    assert 40 <= summary.budget <= 300
    assert 40 <= summary.length <= 300
    check_provenance(summary)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_on_guterres(guterres, method):
    summary = tomtat.summarize(guterres, method=method)
    assert summary.sentences
    check_provenance(summary)
    text = summary.text
    for noise in ("(Ảnh:", "ảnh 1", "/.", "TTXVN", "Theo SONG HY"):
        assert noise not in text


def summary_max_similarity(docs, summary) -> float:
    cluster = prepare(docs)
    vectors = represent([s.tokens for s in cluster.sentences])
    where = {(s.article, s.index): k for k, s in enumerate(cluster.sentences)}
    rows = [where[(s.article, s.index)] for s in summary.sentences]
    return max([vectors.similarity[i, j] for i, j in itertools.combinations(rows, 2)] or [0.0])


@pytest.mark.parametrize(
    "method",
    METHODS,
)
def test_no_near_repeats_in_long_summaries(guterres, method):
    assert prepare(guterres).input_length > 800
    summary = tomtat.summarize(guterres, method=method, words=400)
    assert summary_max_similarity(guterres, summary) <= REDUNDANT


def test_deterministic(example):
    first = tomtat.summarize(example, method="ilp").to_dict()
    second = tomtat.summarize(example, method="ilp").to_dict()
    first.pop("seconds"), second.pop("seconds")
    assert first == second


def test_to_dict(example):
    summary = tomtat.summarize(example, id="c7")
    d = summary.to_dict(sources=True)
    assert d["id"] == "c7"
    assert d["summary"] == summary.text
    assert d["words"] == summary.length
    assert [a["text"] for a in d["articles"]] == [a.text for a in summary.articles]
    for s in d["sentences"]:
        assert set(s) >= {"text", "document", "index", "start", "end", "score"}
    assert "articles" not in summary.to_dict()


def test_default_words_curve():
    assert default_words(0) == 40
    assert default_words(10) == 40
    assert 150 <= default_words(2400) <= 250
    assert default_words(10_000) > default_words(2400)
