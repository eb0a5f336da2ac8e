"""The library API: one call from articles to a summary with provenance.

The CLI and any other front end are thin shells over :func:`summarize`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from tomtat import methods
from tomtat.learn import ranker
from tomtat.conflicts import conflicts
from tomtat.options import Options
from tomtat.order import order
from tomtat.prepare import DocumentLike, prepare
from tomtat.represent import cluster_vectors
from tomtat.lang.tokens import syllables
from tomtat.selection import resolve_budget
from tomtat.records import BatchResult, Summary, SummarySentence, TomtatError

if TYPE_CHECKING:
    from tomtat.read import ClusterInput


def summarize(
    documents: Sequence[DocumentLike], options: Options | None = None, *, id: str | None = None, **overrides: Any
) -> Summary:
    """Summarize one cluster of articles about the same story.

    ``documents`` are texts, ``Document`` objects, or mappings with ``text``
    (or ``raw_text``) and optional ``title``, ``lead`` (or ``anchor_text``)
    and ``name``/``id``. ``options`` (an :class:`Options`) or keyword
    ``overrides`` of its fields (``method``, ``words``, ``sentences``,
    ``ratio``, ``model``, ``params``) say what to make; by default the length
    is fitted to the input size.
    """
    options = Options.build(options, **overrides)
    started = time.perf_counter()
    chosen_method = methods.get(options.method)
    model = ranker.resolve(options.model) if chosen_method.uses_model else None
    cluster = prepare(documents, id=id)
    notes = list(cluster.warnings)
    budget = resolve_budget(cluster, options.words, options.sentences, options.ratio, chosen_method.length_factor)
    vectors = cluster_vectors(cluster, options.representation)
    settings = options.settings
    picks = {p.sentence: p for p in chosen_method.pick(cluster, vectors, budget, model, **settings)}
    out: list[SummarySentence] = []
    ordered = order(cluster, list(picks), vectors)
    notes.extend(c.warning(cluster) for c in conflicts(cluster, ordered))
    for i in ordered:
        s = cluster.sentences[i]
        pick = picks[i]
        name = cluster.articles[s.article].name
        c = pick.compression
        text, spans = (c.text, list(c.spans)) if c is not None else (s.text, [])
        out.append(SummarySentence(text, name, s.article, s.index, s.start, s.end, pick.score, spans))
    said = sum(len(syllables(s.text)) for s in out)
    if not budget.fitted and said > 1.5 * budget.words:
        notes.append(f"no sentence is as short as {budget.words} syllables; gave the best one ({said} syllables)")
    names = [a.name for a in cluster.articles]
    return Summary(
        sentences=out,
        method=chosen_method.name,
        model=model.id if model is not None else None,
        params=settings,
        budget=budget.words,
        documents=names,
        duplicates={names[c]: names[o] for c, o in cluster.duplicate_of.items()},
        seconds=time.perf_counter() - started,
        id=id,
        warnings=notes,
        articles=cluster.articles,
    )


def summarize_batch(
    items: Iterable[ClusterInput],
    options: Options | None = None,
    *,
    summarizer: Callable[..., Summary] | None = None,
    jobs: int = 1,
    dask: str | None = None,
    **overrides: Any,
) -> Iterator[BatchResult]:
    """A :class:`BatchResult` per cluster, in input order: its summary, or the one-line reason it has none.

    ``options`` and ``overrides`` are read as by :func:`summarize`, once, before any cluster (a wrong one
    raises here). Whatever goes wrong with one cluster, a bug included, is that cluster's error and the
    others go on. ``summarizer`` stands in for :func:`summarize` (the service: one that logs a crash).
    ``jobs=N`` spreads the clusters over N processes of this machine, ``dask=ADDRESS`` over the workers of
    a Dask scheduler (``"local"``: a local Dask cluster of ``jobs`` workers); the results are the same, in
    the same order (:mod:`tomtat.scale`).
    """
    options = Options.build(options, **overrides)
    if jobs > 1 or dask:
        if summarizer is not None:
            raise ValueError("a summarizer runs in this process only: give jobs=1 and no dask")
        from tomtat.scale import ordered_map

        if not dask and methods.get(options.method).uses_model:
            try:  # read here once, so that the forked workers inherit it instead of each reading it again
                ranker.resolve(options.model)
            except TomtatError:
                pass  # each cluster reports it, as in one process
        return ordered_map(partial(batch_result, options=options), items, _failed, jobs=jobs, dask=dask)
    return _batch(items, options, summarizer or summarize)


def batch_result(item: ClusterInput, options: Options) -> BatchResult:
    """One cluster of a batch (what a worker process runs)."""
    return next(_batch([item], options, summarize))


def _failed(item: ClusterInput, message: str) -> BatchResult:
    return BatchResult(error=message, id=item.id, label=item.label)


def _batch(items: Iterable[ClusterInput], options: Options, summarizer: Callable[..., Summary]) -> Iterator[BatchResult]:
    for item in items:
        if item.error:
            yield BatchResult(error=item.error, id=item.id, label=item.label)
            continue
        try:
            summary = summarizer(item.documents, options=options, id=item.id)
        except TomtatError as e:
            yield BatchResult(error=str(e), id=item.id, label=item.label)
            continue
        except Exception as e:  # noqa: BLE001  # a bug met by one cluster must not cost the others
            detail = str(e).split("\n")[0][:200]
            message = f"internal error ({type(e).__name__}{': ' + detail if detail else ''}); please report it"
            yield BatchResult(error=message, id=item.id, label=item.label)
            continue
        yield BatchResult(summary=summary, id=item.id, label=item.label)
