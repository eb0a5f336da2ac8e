"""Parquet output of a batch or of ``tomtat stories``: a few flat columns and the whole JSON line.

Rows are written in row groups of ``ROWS_PER_GROUP`` as they come, so memory stays flat however long
the batch. The ``json`` column holds exactly the object a JSON Lines output line would hold
(``write.batch_line``, ``write.story_line``); the other columns are there to filter and join on
without parsing it. pyarrow is imported only when Parquet is written (the ``parquet`` extra).

batch:   id string?, ok bool, error string?, summary string?, json string
stories: story string, headline string, summary string, error string?, articles list<string>,
         first_seen string?, last_seen string?, json string
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import IO, Any

from tomtat import write
from tomtat.records import BatchResult, TomtatError

ROWS_PER_GROUP = 256
NEEDS_PYARROW = "writing Parquet needs pyarrow: pip install 'tomtat[parquet]'"
KINDS = ("batch", "stories")
_SURROGATE = re.compile("[\ud800-\udfff]")


def pyarrow() -> Any:
    """The pyarrow module, or a one-line TomtatError saying how to install it."""
    try:
        import pyarrow as pa
        import pyarrow.parquet
    except ImportError:
        raise TomtatError(NEEDS_PYARROW) from None
    return pa


def schema(kind: str) -> Any:
    """The fixed schema of ``kind`` ("batch" or "stories"): every row fits it, errors included."""
    pa = pyarrow()
    text = pa.string()
    if kind == "batch":
        fields = [
            pa.field("id", text),
            pa.field("ok", pa.bool_(), nullable=False),
            pa.field("error", text),
            pa.field("summary", text),
            pa.field("json", text, nullable=False),
        ]
    elif kind == "stories":
        fields = [
            pa.field("story", text, nullable=False),
            pa.field("headline", text),
            pa.field("summary", text),
            pa.field("error", text),
            pa.field("articles", pa.list_(pa.field("item", text))),
            pa.field("first_seen", text),
            pa.field("last_seen", text),
            pa.field("json", text, nullable=False),
        ]
    else:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    return pa.schema(fields, metadata={"tomtat": _version(), "tomtat.kind": kind})


def _version() -> str:
    """The installed tomtat's version (read here, not from the package, which sits above the writers)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tomtat")
    except PackageNotFoundError:
        return "unknown"


def _text(value: Any) -> str | None:
    """A string Parquet can store (valid UTF-8): a lone surrogate (a file name's undecodable byte) becomes U+FFFD."""
    if value is None:
        return None
    value = str(value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", value)
    return value


def batch_row(result: BatchResult) -> dict[str, Any]:
    """One cluster of a batch as a row of the "batch" schema."""
    summary = result.summary
    ident = result.id if summary is None or summary.id is None else summary.id
    return {
        "id": _text(ident),
        "ok": summary is not None,
        "error": _text(result.error),
        "summary": None if summary is None else _text(summary.text),
        "json": write.batch_line(result).rstrip("\n"),
    }


def story_row(story: Any) -> dict[str, Any]:
    """One story (a :class:`tomtat.stream.stories.Story`) as a row of the "stories" schema."""
    return {
        "story": _text(story.id),
        "headline": _text(story.headline),
        "summary": _text(story.summary.text) if story.summary is not None else "",
        "error": _text(story.error) if story.summary is None else None,
        "articles": [_text(a) for a in story.articles],
        "first_seen": _text(story.first_seen),
        "last_seen": _text(story.last_seen),
        "json": write.story_line(story).rstrip("\n"),
    }


class ParquetRows:
    """Rows of one schema written to a binary file, a row group every ``rows_per_group`` rows."""

    def __init__(self, out: IO[bytes], kind: str, rows_per_group: int = ROWS_PER_GROUP) -> None:
        self._pa = pyarrow()
        import pyarrow.parquet as pq

        self._schema = schema(kind)
        self._rows: list[dict[str, Any]] = []
        self._per_group = rows_per_group
        self._writer = pq.ParquetWriter(out, self._schema)
        self.written = 0

    def add(self, row: dict[str, Any]) -> None:
        self._rows.append(row)
        if len(self._rows) >= self._per_group:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self._schema))
            self.written += len(self._rows)
            self._rows = []

    def close(self) -> None:
        """The last rows and the footer: the file is complete."""
        self._flush()
        self._writer.close()

    def abandon(self) -> None:
        """Stop without completing the file (it is to be removed); the writer lets go of it."""
        self._rows = []
        with suppress(Exception):
            self._writer.close()
        with suppress(AttributeError):  # a close that failed is not tried again when the writer is collected
            self._writer.is_open = False


@contextmanager
def parquet_rows(out: IO[bytes], kind: str, rows_per_group: int = ROWS_PER_GROUP) -> Iterator[ParquetRows]:
    """A :class:`ParquetRows` on ``out``, completed when the block ends well and abandoned when it does not."""
    rows = ParquetRows(out, kind, rows_per_group)
    try:
        yield rows
        rows.close()
    except BaseException:
        rows.abandon()
        raise
