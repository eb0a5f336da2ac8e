"""tomtat: multi-document summarization of Vietnamese news, with provenance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tomtat.api import summarize
from tomtat.methods import DEFAULT_METHOD, REGISTRY
from tomtat.options import Options, OptionsError
from tomtat.records import Document, Summary, SummarySentence, TomtatError

__version__ = "0.1.0"

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tomtat.prepare import DocumentLike
    from tomtat.stream.stories import StreamResult
    from tomtat.stream.store import StoryStore


def stories(
    articles: Iterable[DocumentLike], options: Options | None = None, *, store: StoryStore | None = None,
    summaries: bool = True, jobs: int = 1, dask: str | None = None, **overrides: Any,
) -> StreamResult:
    """Group a stream of articles into stories, each with a summary, a timeline and its names
    (:func:`tomtat.stream.stories.stories`; imported on first use, so that summarizing alone does not load it)."""
    from tomtat.stream.stories import stories as group_stories

    return group_stories(articles, options, store=store, summaries=summaries, jobs=jobs, dask=dask, **overrides)


def __getattr__(name: str) -> Any:
    if name == "StoryStore":  # the SQLite store of stories, loaded on first use
        from tomtat.stream.store import StoryStore

        return StoryStore
    raise AttributeError(f"module 'tomtat' has no attribute {name!r}")

__all__ = [
    "DEFAULT_METHOD",
    "Document",
    "Options",
    "OptionsError",
    "REGISTRY",
    "Summary",
    "StoryStore",
    "SummarySentence",
    "TomtatError",
    "__version__",
    "stories",
    "summarize",
]
