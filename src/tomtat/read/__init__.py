"""Read stage: articles and clusters from files, folders, stdin, bytes and JSON Lines.

One cluster: a folder of ``.txt`` files, several files, or stdin with articles
separated by a line ``---``. Many clusters: AbMuSu JSON Lines, Parquet (a file or a
folder of partitions, one cluster a row: ``read.parquet``), or a folder of
cluster folders. Every reader yields ``Document`` records; nothing here cleans.
A file's bytes are read by ``read_bytes`` (one article) or ``read_documents`` (an
article or a one-cluster .jsonl), whether they come from disk, the library or an
upload; article records (mappings) by ``records.read_record``.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from tomtat.lang.normalize import normalize
from tomtat.read.encoding import MAX_BYTES, decode_text, looks_binary, shown
from tomtat.read.html import HTML_SUFFIXES, read_html
from tomtat.read.parquet import holds_parquet, named_parquet, parquet_rows
from tomtat.read.records import RecordError, ident_field, kind, parse_int, read_record, text_document, text_field
from tomtat.records import Document, TomtatError

ARTICLE_SUFFIXES = (".txt", *HTML_SUFFIXES)
CLUSTER_SUFFIXES = (".jsonl", ".ndjson")  # AbMuSu JSON Lines: one cluster a line
FILE_SUFFIXES = ARTICLE_SUFFIXES + CLUSTER_SUFFIXES
_SEPARATOR = re.compile(r"^[^\S\n]*+---+[^\S\n]*+$", re.MULTILINE)  # \s would span newlines: quadratic


@dataclass
class ClusterInput:
    """One cluster to summarize, or the reason it cannot be read."""

    documents: list[Document] = field(default_factory=list)
    id: str | None = None
    references: list[str] = field(default_factory=list)  # gold summaries, for evaluation
    error: str | None = None
    label: str = ""  # where it came from, for messages ("line 3", "Cluster_002")


def is_cluster_file(filename: str) -> bool:
    return filename.lower().endswith(CLUSTER_SUFFIXES)


def read_bytes(data: bytes, filename: str, name: str | None = None) -> Document:
    """One article file's bytes: a saved web page (.html, .htm) or text in any encoding tomtat knows
    (any other name), with a ``Key: value`` header block at the top read as its metadata.

    ``filename`` gives the kind of file and names it in messages; ``name`` names the article
    (default: ``filename``). A .jsonl file holds clusters: see ``read_documents``.
    """
    name = name or filename
    lower = filename.lower()
    if lower.endswith(HTML_SUFFIXES):  # a saved web page: keep only the article
        return read_html(data, name)
    if is_cluster_file(lower):
        raise TomtatError(f"{filename}: holds clusters (JSON Lines), not one article; read it with read_documents")
    decoded = decode_text(data, filename)
    return text_document(decoded.text, name, decoded.warnings, headers=True)


def read_documents(data: bytes, filename: str, name: str | None = None) -> list[Document]:
    """The articles a file holds: an article file's one, or the one cluster of a .jsonl file."""
    if not is_cluster_file(filename):
        return [read_bytes(data, filename, name)]
    items = list(jsonl_clusters(data, filename, label=name or filename))
    if len(items) != 1:
        raise TomtatError(f"{filename}: holds {len(items)} clusters; a .jsonl file read as one cluster's articles must hold one")
    if items[0].error:
        raise TomtatError(f"{filename}: {items[0].error}")
    return items[0].documents


def _file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise TomtatError(f"{shown(str(path))}: is a folder, not an article file") from None
    except OSError as e:
        raise TomtatError(f"{shown(str(path))}: cannot read ({e.strerror or e})") from None


def read_file(path: Path, name: str | None = None) -> Document:
    """One article file on disk (``read_bytes``), named ``name`` (default: the file name)."""
    return read_bytes(_file_bytes(path), shown(str(path)), name or shown(path.name))


def read_file_documents(path: Path, name: str | None = None) -> list[Document]:
    """The articles of a file on disk (``read_documents``): an article, or a one-cluster .jsonl file's."""
    return read_documents(_file_bytes(path), shown(str(path)), name or shown(path.name))


def article_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith("."))
    except OSError as e:
        raise TomtatError(f"{shown(str(folder))}: cannot read this folder ({e.strerror or e})") from None


def source_names(paths: list[Path]) -> list[str]:
    """Names for provenance: the file name, or for files that share one, the shortest path
    suffix that tells them apart (x/1.txt, y/1.txt); the same file twice is numbered."""
    base = [p.name for p in paths]
    count = Counter(base)
    parts = [Path(os.path.abspath(p)).parts for p in paths]
    by_name: dict[str, list[int]] = {}
    for k, b in enumerate(base):
        by_name.setdefault(b, []).append(k)
    names: list[str] = []
    for k, b in enumerate(base):
        name = b
        distinct = {parts[j] for j in by_name[b]} if count[b] > 1 else set()
        if len(distinct) > 1:
            mine = parts[k]
            for n in range(2, len(mine) + 1):
                tail = mine[-n:]
                if sum(1 for other in distinct if other[-n:] == tail) == 1:
                    name = "/".join(tail).lstrip("/")
                    break
        names.append(shown(name))
    seen: Counter[str] = Counter()
    for k, name in enumerate(names):
        seen[name] += 1
        if seen[name] > 1:
            names[k] = f"{name} ({seen[name]})"
    return names


# Where a cluster folder keeps its articles and its reference summaries, in the layouts in use
# (ours: Cluster_001/1.txt + summaries/; VietnameseMDS-style: original/ + summary/).
ARTICLE_SUBFOLDERS = ("original", "documents", "articles", "docs")
SUMMARY_SUBFOLDERS = ("summaries", "summary", "references", "gold")


def _cluster_articles(folder: Path) -> list[Path]:
    for name in ARTICLE_SUBFOLDERS:
        if (folder / name).is_dir() and article_files(folder / name):
            return article_files(folder / name)
    return article_files(folder)


def _cluster_summaries(folder: Path) -> list[Path]:
    return [p for name in SUMMARY_SUBFOLDERS if (folder / name).is_dir() for p in article_files(folder / name)]


def _has_articles(folder: Path) -> bool:
    try:
        return bool(_cluster_articles(folder))
    except TomtatError:
        return True  # unreadable: listed, so that it is reported rather than silently missing


def cluster_folders(folder: Path) -> list[Path]:
    try:
        subs = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError as e:
        raise TomtatError(f"{shown(str(folder))}: cannot read this folder ({e.strerror or e})") from None
    return [p for p in subs if _has_articles(p)]


def read_stdin() -> list[Document]:
    decoded = decode_text(sys.stdin.buffer.read(), "standard input")
    parts = [p for p in _SEPARATOR.split(decoded.text) if p.strip()]
    return [text_document(p, f"stdin-{k + 1}", decoded.warnings if k == 0 else (), headers=True) for k, p in enumerate(parts)]


def _folder_articles(arg: str) -> list[Path] | None:
    """The articles of a folder argument (none: an error); None when the argument is a file."""
    path = Path(arg)
    if not path.exists():
        raise TomtatError(f"{shown(arg)}: no such file or folder")
    if not path.is_dir():
        return None
    found = article_files(path)
    if not found:
        raise TomtatError(f"{shown(arg)}: no .txt or .html articles in this folder")
    return found


def read_cluster(paths: list[str]) -> list[Document]:
    """The articles of one cluster from file or folder arguments ('-' or none: stdin)."""
    if not paths or paths == ["-"]:
        return read_stdin()
    files: list[Path] = []
    for arg in paths:
        found = _folder_articles(arg)
        files.extend(found if found is not None else [Path(arg)])
    return [doc for p, name in zip(files, source_names(files)) for doc in read_file_documents(p, name)]


# --- JSON Lines -------------------------------------------------------------------------------


def _references(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [text_field(v, f"'summary' item {k + 1}") for k, v in enumerate(value)]
    return [text_field(value, "'summary'")]


def _unique(docs: list[Document]) -> list[Document]:
    """Documents whose ids repeat get a number, so that provenance stays unambiguous."""
    used: set[str] = set()
    last: dict[str, int] = {}  # the number last tried per name: linear even when every id is the same
    out = []
    for d in docs:
        name = d.name
        while name in used:
            last[d.name] = last.get(d.name, 1) + 1
            name = f"{d.name} ({last[d.name]})"
        used.add(name)
        out.append(d if name == d.name else replace(d, name=name))
    return out


def parse_abmusu(line: str, label: str) -> ClusterInput:
    """One AbMuSu JSON object: {"id"?, "single_documents": [{title, anchor_text, raw_text}], "summary"?}.

    Never raises: whatever is wrong with the line becomes its ``error`` (with its id when readable).
    """
    cid: str | None = None
    try:
        obj = json.loads(line, parse_int=parse_int)
        if not isinstance(obj, dict):
            return ClusterInput(error=f"expected a JSON object, not {kind(obj)}", label=label)
        cid = ident_field(obj.get("id"), "'id'")
        docs_raw = obj.get("single_documents")
        if docs_raw is None:
            docs_raw = obj.get("documents")
        if not isinstance(docs_raw, list) or not docs_raw:
            return ClusterInput(id=cid, error="no 'single_documents' list", label=label)
        docs = _unique([read_record(d, k, default_name=f"{cid or label}#{k + 1}") for k, d in enumerate(docs_raw)])
        refs = _references(obj["summary"] if obj.get("summary") is not None else obj.get("summaries"))
        return ClusterInput(documents=docs, id=cid, references=refs, label=label)
    except json.JSONDecodeError as e:
        return ClusterInput(error=f"malformed JSON ({e.msg} at column {e.colno})", label=label)
    except RecursionError:
        return ClusterInput(error="malformed JSON (nested too deeply)", label=label)
    except RecordError as e:
        return ClusterInput(id=cid, error=str(e), label=label)
    except Exception as e:  # noqa: BLE001  # one unreadable line must not end the batch
        return ClusterInput(id=cid, error=f"unreadable line ({type(e).__name__})", label=label)


def _lines(f: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """Raw lines with their numbers, each at most MAX_BYTES (None for a longer one, skipped in pieces)."""
    n = 0
    while raw := f.readline(MAX_BYTES + 1):
        n += 1
        if len(raw) > MAX_BYTES and not raw.endswith(b"\n"):
            while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield n, None
        else:
            yield n, raw


def _line_input(raw: bytes | None, label: str) -> ClusterInput | None:
    if raw is None:
        return ClusterInput(error=f"line over the limit of {MAX_BYTES:,} bytes for one cluster", label=label)
    if not raw.strip():
        return None
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        guess = parse_abmusu(raw.decode("utf-8", "replace"), label)  # for the id only
        return ClusterInput(id=guess.id, error=f"not valid UTF-8 at byte offset {e.start} of the line", label=label)
    return parse_abmusu(normalize(line, paragraphs=False), label)


def read_jsonl(path: Path) -> Iterator[ClusterInput]:
    """Clusters line by line: a line that is not UTF-8 or not valid costs only that line."""
    name = shown(str(path))
    try:
        f = path.open("rb")
    except OSError as e:
        raise TomtatError(f"{name}: cannot read ({e.strerror or e})") from None
    with f:
        yield from _jsonl(f, name)


def jsonl_clusters(data: bytes, filename: str, label: str | None = None) -> Iterator[ClusterInput]:
    """The clusters of JSON Lines bytes, read as ``read_jsonl`` reads a file (``label``: one for every line)."""
    return _jsonl(io.BufferedReader(io.BytesIO(data)), filename, label)


def _jsonl(f: io.BufferedReader, name: str, label: str | None = None) -> Iterator[ClusterInput]:
    """UTF-16/32 files (rare for JSON Lines) are decoded whole."""
    try:
        head = f.peek(4096)[:4096]
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or looks_binary(head):
            text = decode_text(f.read(MAX_BYTES + 1), name).text
            for n, line in enumerate(text.split("\n"), 1):
                if line.strip():
                    yield parse_abmusu(line, label or f"line {n}")
            return
        if head.startswith(codecs.BOM_UTF8):
            f.read(len(codecs.BOM_UTF8))
        for n, raw in _lines(f):
            item = _line_input(raw, label or f"line {n}")
            if item is not None:
                yield item
    except OSError as e:
        raise TomtatError(f"{name}: cannot read ({e.strerror or e})") from None


def is_parquet(path: Path) -> bool:
    """Parquet input: a ``.parquet`` file or folder, or a folder of .parquet files and no articles (a folder of
    articles stays one cluster, whatever else it holds)."""
    return named_parquet(path) or (holds_parquet(path) and not article_files(path))


def read_parquet(path: Path) -> Iterator[ClusterInput]:
    """Clusters row by row from a Parquet file or folder of partitions, each row read as the JSON line it
    stands for (``_line_input``): a row that cannot be read costs only that row. Needs pyarrow."""
    for row in parquet_rows(path):
        if row.error is not None:
            yield ClusterInput(id=row.id, error=row.error, label=row.label)
            continue
        item = _line_input(row.data, row.label)
        if item is not None:
            yield item


def read_cluster_folders(folder: Path) -> Iterator[ClusterInput]:
    for sub in cluster_folders(folder):
        cid = shown(sub.name)
        try:
            docs = [read_file(p) for p in _cluster_articles(sub)]
            refs = [read_file(p).text for p in _cluster_summaries(sub)]
            yield ClusterInput(documents=docs, id=cid, references=refs, label=cid)
        except TomtatError as e:
            yield ClusterInput(id=cid, error=str(e), label=cid)
        except Exception as e:  # noqa: BLE001  # one unreadable folder must not end the batch
            yield ClusterInput(id=cid, error=f"cannot read this cluster ({type(e).__name__}: {e})", label=cid)


def is_batch(paths: list[str], fmt: str | None) -> bool:
    """Batch input: JSON Lines, Parquet (a file or a folder of partitions), or one folder whose subfolders hold
    the articles."""
    if fmt in ("abmusu", "folders"):
        return True
    if fmt == "cluster" or len(paths) != 1:
        return False
    path = Path(paths[0])
    if is_cluster_file(path.name) or is_parquet(path):
        return True
    return path.is_dir() and not article_files(path) and bool(cluster_folders(path))


def read_batch(path_arg: str, fmt: str | None) -> Iterator[ClusterInput]:
    path = Path(path_arg)
    if not path.exists():
        raise TomtatError(f"{shown(path_arg)}: no such file or folder")
    if fmt != "folders" and is_parquet(path):
        return read_parquet(path)
    if path.is_dir() and fmt != "abmusu":
        return read_cluster_folders(path)
    if path.is_dir():
        raise TomtatError(f"{shown(path_arg)}: --format abmusu needs a .jsonl file (or Parquet), not a folder")
    return read_jsonl(path)


@dataclass(frozen=True)
class StreamItem:
    """One article of a stream, or the one-line reason it cannot be read."""

    label: str
    document: Document | None = None
    error: str | None = None


def _stream_line(raw: bytes | None, label: str) -> Iterator[StreamItem]:
    if raw is None:
        yield StreamItem(label, error=f"line over the limit of {MAX_BYTES:,} bytes")
        return
    if not raw.strip():
        return
    try:
        obj = json.loads(normalize(raw.decode("utf-8"), paragraphs=False), parse_int=parse_int)
    except UnicodeDecodeError as e:
        yield StreamItem(label, error=f"not valid UTF-8 at byte offset {e.start} of the line")
        return
    except json.JSONDecodeError as e:
        yield StreamItem(label, error=f"malformed JSON ({e.msg} at column {e.colno})")
        return
    except RecursionError:
        yield StreamItem(label, error="malformed JSON (nested too deeply)")
        return
    if isinstance(obj, dict) and ("single_documents" in obj or "documents" in obj):
        cluster = parse_abmusu(json.dumps(obj, ensure_ascii=False), label)  # an AbMuSu cluster, flattened
        if cluster.error:
            yield StreamItem(label, error=cluster.error)
        for doc in cluster.documents:
            yield StreamItem(doc.name, document=doc)
        return
    if not isinstance(obj, dict):
        yield StreamItem(label, error=f"expected a JSON object, not {kind(obj)}")
        return
    try:
        yield StreamItem(label, document=read_record(obj, 0, default_name=label.replace(" ", "-"), where=label))
    except RecordError as e:
        yield StreamItem(label, error=str(e))


def stream_items(data: bytes) -> Iterator[StreamItem]:
    """The articles of JSON Lines bytes (a request body), read as ``read_stream`` reads a file."""
    for n, raw in _lines(io.BufferedReader(io.BytesIO(data))):
        yield from _stream_line(raw, f"line {n}")


def read_stream(path_arg: str) -> Iterator[StreamItem]:
    """The articles of a stream, in order: JSON Lines of article records (or AbMuSu clusters, flattened), the
    same as Parquet rows (a file or a folder of partitions), or a folder of .txt/.html articles. A line, row or
    file that cannot be read costs only itself."""
    if path_arg == "-":
        for n, raw in _lines(sys.stdin.buffer):
            yield from _stream_line(raw, f"line {n}")
        return
    path = Path(path_arg)
    if path.exists() and is_parquet(path):
        for row in parquet_rows(path):
            if row.error is not None:
                yield StreamItem(row.label, error=row.error)
            else:
                yield from _stream_line(row.data, row.label)
        return
    files = _folder_articles(path_arg)
    if files is not None:
        for p, name in zip(files, source_names(files)):
            try:
                yield StreamItem(name, document=read_file(p, name))
            except TomtatError as e:
                yield StreamItem(name, error=str(e))
        return
    try:
        f = path.open("rb")
    except OSError as e:
        raise TomtatError(f"{shown(path_arg)}: cannot read ({e.strerror or e})") from None
    with f:
        for n, raw in _lines(f):
            yield from _stream_line(raw, f"line {n}")
