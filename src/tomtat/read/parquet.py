"""Parquet input: a ``.parquet`` file, or a folder of them (a partitioned dataset), row by row.

Each row stands for what a JSON line would be: it is turned into that line's JSON and read by the
JSON Lines path (``read._line_input``, ``read._stream_line``), so that checks, limits and messages
are the same. Rows are read a batch at a time (``iter_batches``), never the whole file. pyarrow is
imported only here, and only when a Parquet path is read (the ``parquet`` extra).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from tomtat.read.encoding import MAX_BYTES, shown
from tomtat.records import TomtatError

PARQUET_SUFFIX = ".parquet"
BATCH_ROWS = 64  # rows converted at a time: clusters are tens of kilobytes each
NEEDS_PYARROW = "reading Parquet needs pyarrow: pip install 'tomtat[parquet]'"
_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Row:
    """One row as the JSON line it stands for (``data``), or why it cannot be one (``error``)."""

    label: str  # "row 3", or in a folder "part.1.parquet row 3"
    data: bytes | None = None
    error: str | None = None
    id: str | None = None  # the row's id when it has a readable one: for the messages of a failed row


def _natural(path: Path) -> list[Any]:
    """part.2 before part.10."""
    return [int(p) if k % 2 else p.lower() for k, p in enumerate(_DIGITS.split(path.name))]  # odd: the digits


def _parquet_files_in(folder: Path) -> list[Path]:
    try:
        return sorted(
            (p for p in folder.iterdir()
             if p.name.lower().endswith(PARQUET_SUFFIX) and not p.name.startswith((".", "_")) and p.is_file()),
            key=_natural,
        )
    except OSError as e:
        raise TomtatError(f"{shown(str(folder))}: cannot read this folder ({e.strerror or e})") from None


def named_parquet(path: Path) -> bool:
    """``x.parquet``, a file or a folder (Spark names its datasets so). A path that does not exist counts by its name,
    so that it is reported as missing, not read as something else."""
    return path.name.lower().endswith(PARQUET_SUFFIX)


def holds_parquet(path: Path) -> bool:
    """A folder with .parquet files in it (a partitioned dataset, as Dask writes one)."""
    try:
        return path.is_dir() and bool(_parquet_files_in(path))
    except TomtatError:
        return False


def parquet_files(path: Path) -> list[Path]:
    """The files of a Parquet input, in natural order (part.0, part.1, ... part.10); _metadata and the like left out."""
    if not path.is_dir():
        return [path]
    files = _parquet_files_in(path)
    if not files:
        raise TomtatError(f"{shown(str(path))}: no .parquet files in this folder")
    return files


def _pyarrow() -> Any:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet as pq
    except ImportError:
        raise TomtatError(NEEDS_PYARROW) from None
    return pq


class _NotJson(TypeError):
    pass


def _json_value(value: Any) -> Any:
    """``json.dumps``'s ``default``: dates and times as ISO text, decimals as numbers; binary refused."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise _NotJson("holds a binary value; text columns must be strings (Parquet UTF8), not bytes")
    raise _NotJson(f"holds a value of type {type(value).__name__}, which JSON cannot hold")


def _row(values: dict[str, Any], label: str) -> Row:
    """A row as JSON bytes; null columns are left out, as a JSON line leaves out the fields it does not have."""
    obj = {k: v for k, v in values.items() if v is not None}
    ident = obj.get("id")
    ident = str(ident) if isinstance(ident, (str, int)) and not isinstance(ident, bool) else None
    try:
        data = json.dumps(obj, ensure_ascii=False, default=_json_value).encode("utf-8")
    except _NotJson as e:
        return Row(label, error=f"a column {e}", id=ident)
    except (ValueError, RecursionError, UnicodeEncodeError) as e:
        return Row(label, error=f"unreadable row ({type(e).__name__})", id=ident)
    if len(data) > MAX_BYTES:
        return Row(label, error=f"row over the limit of {MAX_BYTES:,} bytes (as JSON)", id=ident)
    return Row(label, data=data, id=ident)


def _microseconds(batch: Any) -> Any:
    """Timestamp columns in nanoseconds (pandas' and Dask's) as microseconds, which Python's datetime holds."""
    import pyarrow as pa

    columns = list(batch.columns)
    changed = False
    for k, col in enumerate(columns):
        if pa.types.is_timestamp(col.type) and col.type.unit == "ns":
            columns[k] = col.cast(pa.timestamp("us", col.type.tz), safe=False)
            changed = True
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names) if changed else batch


def _values(batch: Any, labels: list[str]) -> Iterator[tuple[str, dict[str, Any] | None, str | None]]:
    """(label, the row's values, None), or (label, None, why) for a row whose values Python cannot hold."""
    try:
        rows = _microseconds(batch).to_pylist()
    except Exception:  # noqa: BLE001  # one value Python cannot hold: found row by row, costing only its row
        for k, label in enumerate(labels):
            try:
                yield label, _microseconds(batch.slice(k, 1)).to_pylist()[0], None
            except Exception as e:  # noqa: BLE001
                detail = str(e).split("\n")[0][:200]
                yield label, None, f"unreadable row ({type(e).__name__}: {detail})"
        return
    for label, values in zip(labels, rows):
        yield label, values, None


def parquet_rows(path: Path) -> Iterator[Row]:
    """The rows of a Parquet file or folder, in order, each as the JSON line it stands for.

    A file that is not Parquet (or damaged) raises a one-line ``TomtatError``; a row that cannot be
    turned into JSON is a ``Row`` with an ``error``, and costs only itself.
    """
    files = parquet_files(path)
    pq = _pyarrow()
    folder = path.is_dir()
    for file in files:
        name = shown(str(file))
        prefix = f"{shown(file.name)} row" if folder else "row"
        try:
            reader = pq.ParquetFile(file)
        except OSError as e:
            if e.errno is not None:  # the file itself: missing, a folder, no permission
                raise TomtatError(f"{name}: cannot read ({e.strerror or e})") from None
            raise TomtatError(f"{name}: not a readable Parquet file ({_first_line(e)})") from None
        except Exception as e:  # noqa: BLE001  # pyarrow's ArrowInvalid and the like: not a Parquet file
            raise TomtatError(f"{name}: not a readable Parquet file ({_first_line(e)})") from None
        with reader:
            n = 0
            try:
                for batch in reader.iter_batches(batch_size=BATCH_ROWS, use_threads=False):  # no threads: workers fork
                    labels = [f"{prefix} {n + k + 1}" for k in range(batch.num_rows)]
                    n += batch.num_rows
                    for label, values, error in _values(batch, labels):
                        yield Row(label, error=error) if values is None else _row(values, label)
            except TomtatError:
                raise
            except Exception as e:  # noqa: BLE001  # a damaged page or column chunk: the file cannot be read on
                raise TomtatError(f"{name}: cannot read past row {n} ({_first_line(e)})") from None


def _first_line(e: BaseException) -> str:
    text = str(e).strip().split("\n")[0][:200]
    return f"{type(e).__name__}: {text}" if text else type(e).__name__
