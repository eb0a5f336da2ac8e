"""sumy's LexRank as a peer, fed Vietnamese without nltk data.

sumy's PlaintextParser needs nltk's punkt models, which are not installed
and know no Vietnamese. Here the document model is built directly, with
tomtat's sentence splitter and syllable tokenizer. Sentences are taken in
LexRank order, under tomtat's length rule, up to a syllable budget: the length
of tomtat's default summary of the same cluster where the caller knows it
(``default_length``; bench/quality.py and bench/speed.py), otherwise
``tomtat.api.default_words`` of the input's syllables, the human-fitted length
that tomtat starts from (bench/sumy_batch.py, which does not run tomtat's
summarizer).

sumy gets each article's lead and body paragraphs as given (it has no
cleaning stage); titles are left out, as tomtat does not select them either.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.summarizers.lex_rank import LexRankSummarizer

from tomtat import summarize as tomtat_summarize
from tomtat.selection import default_words
from tomtat.lang.lexicon import stopwords
from tomtat.lang.tokens import syllables
from tomtat.split import split_sentences
from tomtat.records import Document, TomtatError

Article = tuple[str, str]  # (lead, body); paragraphs separated by newlines


class VietnameseTokenizer:
    """The ``to_sentences``/``to_words`` interface sumy's models expect."""

    language = "vietnamese"

    @staticmethod
    def to_sentences(paragraph: str) -> list[str]:
        return split_sentences(paragraph)

    @staticmethod
    def to_words(sentence: str) -> list[str]:
        return syllables(sentence)


TOKENIZER = VietnameseTokenizer()


def document(articles: Iterable[Article]) -> ObjectDocumentModel:
    paragraphs = []
    for lead, body in articles:
        for text in (lead or "").split("\n") + (body or "").split("\n"):
            sentences = [Sentence(s, TOKENIZER) for s in TOKENIZER.to_sentences(text.strip())]
            sentences = [s for s in sentences if s.words]
            if sentences:
                paragraphs.append(Paragraph(sentences))
    return ObjectDocumentModel(paragraphs)


class LengthCount:
    """sumy's sentence count as a callable: best-rated sentences that fit ``words`` syllables.

    The same length rule as tomtat's selectors: stop at 95% of the budget,
    skip a sentence that would overshoot it by more than 10%.
    """

    def __init__(self, words: int):
        self.words = words

    def __call__(self, infos: Sequence) -> list:  # infos: SentenceInfo, best rated first
        taken, total = [], 0
        for info in infos:
            length = len(info.sentence.words)
            if taken and total + length > self.words * 1.1:
                continue
            taken.append(info)
            total += length
            if total >= self.words * 0.95:
                break
        return taken


def summarizer() -> LexRankSummarizer:
    s = LexRankSummarizer()
    s.stop_words = stopwords()
    return s


def default_length(documents: Sequence[Document]) -> int | None:
    """Syllables in tomtat's default summary of a cluster (None when tomtat cannot summarize it)."""
    try:
        return len(syllables(tomtat_summarize(documents).text))
    except TomtatError:
        return None


def summarize(articles: Iterable[Article], lexrank: LexRankSummarizer | None = None, words: int | None = None) -> str:
    """sumy LexRank summary of one cluster, of about ``words`` syllables (default: tomtat's fitted length)."""
    doc = document(articles)
    budget = words or default_words(len(doc.words))
    picked = (lexrank or summarizer())(doc, LengthCount(budget))
    return " ".join(str(s) for s in picked)
