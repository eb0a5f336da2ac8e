"""Read stage: articles and clusters from files, folders, stdin and JSON Lines.

One cluster: a folder of ``.txt`` files, several files, or stdin with articles
separated by a line ``---``. Many clusters: AbMuSu JSON Lines, or a folder of
cluster folders. Every reader yields ``Document`` records; nothing here cleans.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tomtat.read.encoding import decode
from tomtat.read.html import HTML_SUFFIXES, read_html
from tomtat.types import Document, TomtatError

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
_SEPARATOR = re.compile(r"^\s*---+\s*$", re.MULTILINE)


@dataclass
class ClusterInput:
    """One cluster to summarize, or the reason it cannot be read."""

    documents: list[Document] = field(default_factory=list)
    id: str | None = None
    references: list[str] = field(default_factory=list)  # gold summaries, for evaluation
    error: str | None = None
    label: str = ""  # where it came from, for messages ("line 3", "Cluster_002")


def read_file(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise TomtatError(f"{path}: is a folder, not an article file") from None
    except OSError as e:
        raise TomtatError(f"{path}: cannot read ({e.strerror or e})") from None
    if path.suffix.lower() in HTML_SUFFIXES:  # a saved web page: keep only the article
        return read_html(data, path.name)
    return Document(text=decode(data, str(path)), name=path.name)


def article_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith("."))


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


def cluster_folders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".") and _cluster_articles(p))


def read_stdin() -> list[Document]:
    data = sys.stdin.buffer.read()
    text = decode(data, "standard input")
    parts = [p for p in _SEPARATOR.split(text) if p.strip()]
    return [Document(text=p, name=f"stdin-{k + 1}") for k, p in enumerate(parts)]


def read_cluster(paths: list[str]) -> list[Document]:
    """The articles of one cluster from file or folder arguments ('-' or none: stdin)."""
    if not paths or paths == ["-"]:
        return read_stdin()
    docs: list[Document] = []
    for arg in paths:
        path = Path(arg)
        if not path.exists():
            raise TomtatError(f"{arg}: no such file or folder")
        if path.is_dir():
            files = article_files(path)
            if not files:
                raise TomtatError(f"{arg}: no .txt or .html articles in this folder")
            docs.extend(read_file(p) for p in files)
        else:
            docs.append(read_file(path))
    return docs


def parse_abmusu(line: str, label: str) -> ClusterInput:
    """One AbMuSu JSON object: {"id"?, "single_documents": [{title, anchor_text, raw_text}], "summary"?}."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return ClusterInput(error=f"malformed JSON ({e.msg} at column {e.colno})", label=label)
    except RecursionError:
        return ClusterInput(error="malformed JSON (nested too deeply)", label=label)
    if not isinstance(obj, dict):
        return ClusterInput(error="expected a JSON object", label=label)
    cid = obj.get("id")
    cid = None if cid is None else str(cid)
    docs_raw = obj.get("single_documents", obj.get("documents"))
    if not isinstance(docs_raw, list) or not docs_raw:
        return ClusterInput(id=cid, error="no 'single_documents' list", label=label)
    docs: list[Document] = []
    for k, d in enumerate(docs_raw):
        if isinstance(d, str):
            d = {"raw_text": d}
        if not isinstance(d, dict) or not all(isinstance(d.get(f, ""), str) for f in ("title", "anchor_text", "raw_text", "text")):
            return ClusterInput(id=cid, error=f"document {k + 1} is not an object of strings", label=label)
        docs.append(
            Document(
                text=d.get("raw_text", d.get("text", "")),
                title=d.get("title", ""),
                lead=d.get("anchor_text", d.get("lead", "")),
                name=str(d.get("id") or f"{cid or label}#{k + 1}"),
            )
        )
    refs = obj.get("summary", obj.get("summaries", []))
    refs = [refs] if isinstance(refs, str) else [r for r in refs if isinstance(r, str)] if isinstance(refs, list) else []
    return ClusterInput(documents=docs, id=cid, references=refs, label=label)


def read_jsonl(path: Path) -> Iterator[ClusterInput]:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise TomtatError(f"{path}: cannot read ({e.strerror or e})") from None
    text = decode(data, str(path))
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip():
            yield parse_abmusu(line, f"line {n}")


def read_cluster_folders(folder: Path) -> Iterator[ClusterInput]:
    for sub in cluster_folders(folder):
        try:
            docs = [read_file(p) for p in _cluster_articles(sub)]
            refs = [read_file(p).text for p in _cluster_summaries(sub)]
            yield ClusterInput(documents=docs, id=sub.name, references=refs, label=sub.name)
        except TomtatError as e:
            yield ClusterInput(id=sub.name, error=str(e), label=sub.name)


def is_batch(paths: list[str], fmt: str | None) -> bool:
    """Batch input: JSON Lines, or one folder whose subfolders hold the articles."""
    if fmt in ("abmusu", "folders"):
        return True
    if fmt == "cluster" or len(paths) != 1:
        return False
    path = Path(paths[0])
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return True
    return path.is_dir() and not article_files(path) and bool(cluster_folders(path))


def read_batch(path_arg: str, fmt: str | None) -> Iterator[ClusterInput]:
    path = Path(path_arg)
    if not path.exists():
        raise TomtatError(f"{path_arg}: no such file or folder")
    if path.is_dir() and fmt != "abmusu":
        return read_cluster_folders(path)
    if path.is_dir():
        raise TomtatError(f"{path_arg}: --format abmusu needs a .jsonl file, not a folder")
    return read_jsonl(path)
