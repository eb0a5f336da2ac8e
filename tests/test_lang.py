"""The language layer (tomtat.lang) and the registry of sentence representations (tomtat.represent)."""

from __future__ import annotations

import ast
import sys
import types
import unicodedata
from pathlib import Path

import numpy as np
import pytest

import tomtat
from tomtat import Options, OptionsError, TomtatError
from tomtat.compress import KINDS
from tomtat.lang import lexicon
from tomtat.lang.tokens import syllables
from tomtat.order import order
from tomtat.prepare import prepare
from tomtat.represent import REPRESENTATIONS, cluster_vectors, represent

LANG = Path(tomtat.__file__).resolve().parent / "lang"
DOCS = [
    {"title": "Tổng thư ký Liên hợp quốc thăm Kiev", "text": "Tổng thư ký Liên hợp quốc đến Kiev ngày 28/4 sau chuyến thăm Moskva.\nÔng Guterres cho biết Liên hợp quốc sẽ tăng viện trợ nhân đạo cho Ukraine.\nTrước đó, ông đã gặp Tổng thống Nga tại Điện Kremlin."},
    {"title": "Ông Guterres gặp ông Putin", "text": "Ông Guterres gặp Tổng thống Putin tại Moskva ngày 26/4.\nHai bên thảo luận về hành lang nhân đạo ở Mariupol.\nCùng ngày, Liên hợp quốc kêu gọi ngừng bắn."},
]


def fake_underthesea(monkeypatch: pytest.MonkeyPatch) -> None:
    """An underthesea stand-in that joins the one multi-syllable word it knows, as word_tokenize(format="text") does."""
    module = types.ModuleType("underthesea")
    module.word_tokenize = lambda text, format="text": text.replace("Liên hợp quốc", "Liên_hợp_quốc")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "underthesea", module)


def test_default_representation_is_todays_syllable_vectors():
    cluster = prepare(DOCS)
    today = represent([s.tokens for s in cluster.sentences], [syllables(a.title) for a in cluster.articles])
    for vectors in (cluster_vectors(cluster), cluster_vectors(cluster, "syllables")):
        np.testing.assert_array_equal(vectors.matrix.toarray(), today.matrix.toarray())
        np.testing.assert_array_equal(vectors.titles.toarray(), today.titles.toarray())
    default = tomtat.summarize(DOCS, method="centroid")
    assert tomtat.summarize(DOCS, method="centroid", representation="syllables").to_dict() | {"seconds": 0} == (
        default.to_dict() | {"seconds": 0}
    )


@pytest.mark.parametrize("name", ["wordz", "", None, 3])
def test_unknown_representation_is_a_one_line_error(name):
    cluster = prepare(DOCS)
    if name is not None:  # None in Options means "the default"
        with pytest.raises(TomtatError) as e:
            cluster_vectors(cluster, name)
        assert "\n" not in str(e.value) and "syllables, words, words+syllables" in str(e.value)
        with pytest.raises(OptionsError) as e:
            Options(representation=name)
        assert e.value.field == "representation" and "\n" not in str(e.value)
        with pytest.raises(OptionsError):
            tomtat.summarize(DOCS, representation=name)
    else:
        assert Options.build(representation=None).representation == "syllables"


def test_words_need_the_segment_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "underthesea", None)  # import fails, as when the extra is not installed
    for name in ("words", "words+syllables"):
        with pytest.raises(TomtatError, match="^word segmentation needs underthesea"):
            tomtat.summarize(DOCS, representation=name)


def test_word_representations_use_the_segmenter(monkeypatch):
    fake_underthesea(monkeypatch)
    cluster = prepare(DOCS)
    words = REPRESENTATIONS["words"].terms
    both = REPRESENTATIONS["words+syllables"].terms
    text = cluster.sentences[0].text
    assert "liên_hợp_quốc" in words(text, syllables(text)) and "liên" not in words(text, syllables(text))
    assert both(text, syllables(text)) == REPRESENTATIONS["syllables"].terms(text, syllables(text)) + ["liên_hợp_quốc"]
    assert cluster_vectors(cluster, "words").matrix.shape != cluster_vectors(cluster).matrix.shape
    summary = tomtat.summarize(DOCS, options=Options(method="centroid", representation="words"))
    assert summary.sentences


def test_lexicon_lists_are_lowercase_nfc_without_repeats():
    for name in ("SPEECH_VERBS", "SAYS_FEATURE_VERBS", "SPEAKER_OPENERS", "CONNECTIVES", "CONTEXT_OPENERS"):
        words = getattr(lexicon, name)
        assert len(set(words)) == len(words), name
        assert all(w == unicodedata.normalize("NFC", w).lower().strip() for w in words), name
    assert set(lexicon.SAYS_FEATURE_VERBS) < set(lexicon.SPEECH_VERBS)
    assert set(lexicon.CONNECTIVES) < set(lexicon.CONTEXT_OPENERS)


@pytest.mark.parametrize("connective", lexicon.CONNECTIVES)
def test_every_connective_is_cut_and_never_opens(connective):
    opener = connective[0].upper() + connective[1:]
    sentence = f"{opener}, Liên hợp quốc kêu gọi ngừng bắn ở Mariupol."
    m = KINDS["connective_prefix"].match(sentence)
    assert m is not None and m.group("cut") == f"{opener}, "
    docs = [{"title": "Liên hợp quốc kêu gọi ngừng bắn", "text": f"Người dân rời Mariupol theo hành lang nhân đạo.\n{sentence}"}]
    cluster = prepare(docs)
    assert order(cluster, [1, 0], cluster_vectors(cluster))[0] == 0


@pytest.mark.parametrize("verb", lexicon.SPEECH_VERBS)
def test_every_speech_verb_is_cut_as_an_attribution(verb):
    m = KINDS["speaker_suffix"].search(f"Liên hợp quốc sẽ tăng viện trợ, ông Guterres {verb}.")
    assert m is not None and m.group("cut") == f", ông Guterres {verb}"


def test_lang_imports_nothing_above_it():
    """lang/ sits under records (which imports it): it may import only itself and tomtat.errors."""
    for path in LANG.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] == "tomtat":
                    assert name.startswith(("tomtat.lang", "tomtat.errors")), f"{path.name} imports {name}"


def test_stopwords_are_syllables():
    stop = lexicon.stopwords()
    assert "của" in stop and "có" in stop and "thể" in stop  # "có thể" is split into syllables
    assert all(syllables(w) == [w] for w in stop)
