"""Store: the stories of a stream kept between runs in one SQLite file (the standard library's sqlite3).

Every article is written with its story in its own transaction, so a run killed half-way keeps every article it
had finished; the next run reads the file back and goes on. The grouper's state is not stored but rebuilt from
the articles (their counted terms and stories), so nothing can disagree with them. Schema versioned in ``meta``.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tomtat.errors import TomtatError
from tomtat.records import Document

SCHEMA = 2  # 2: copy sketches hash shingles with CRC-32
_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    story INTEGER NOT NULL,
    copy_of TEXT,
    record TEXT NOT NULL,
    terms TEXT NOT NULL,
    sketch BLOB
);
CREATE INDEX IF NOT EXISTS articles_story ON articles (story);
"""


@dataclass(frozen=True)
class Stored:
    """An article as the store keeps it."""

    id: str
    story: int
    copy_of: str | None
    document: Document
    terms: Counter[str]
    sketch: bytes | None


class StoryStore:
    """One SQLite file of articles and their stories; ``with StoryStore(path) as store: ...``."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            version = self._version()
        except sqlite3.DatabaseError as e:
            raise TomtatError(f"{self.path}: not a tomtat story store ({e})") from None
        if version is None:
            self._db.executescript(f"BEGIN IMMEDIATE; {_TABLES} INSERT INTO meta VALUES ('schema', '{SCHEMA}'); COMMIT;")
        elif version != SCHEMA:
            self._db.close()
            raise TomtatError(f"{self.path}: story store schema {version}, this tomtat reads schema {SCHEMA}")

    def _version(self) -> int | None:
        has_meta = self._db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        if not has_meta:
            if self._db.execute("SELECT 1 FROM sqlite_master").fetchone():
                raise sqlite3.DatabaseError("it holds other tables")
            return None
        row = self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        return int(row[0]) if row else None

    def _transaction(self):  # noqa: ANN202
        return _Transaction(self._db)

    def __enter__(self) -> StoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def __contains__(self, article_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def add(self, article: Stored) -> None:
        """Keep one article and its story, committed at once."""
        d = article.document
        record = {"title": d.title, "lead": d.lead, "text": d.text, "published": d.published, "source": d.source, "url": d.url}
        with self._transaction():
            self._db.execute(
                "INSERT INTO articles (id, story, copy_of, record, terms, sketch) VALUES (?, ?, ?, ?, ?, ?)",
                (article.id, article.story, article.copy_of, json.dumps(record, ensure_ascii=False),
                 json.dumps(article.terms, ensure_ascii=False), article.sketch),
            )

    def articles(self) -> Iterator[Stored]:
        """Every stored article, in the order it arrived."""
        for id_, story, copy_of, record, terms, sketch in self._db.execute(
            "SELECT id, story, copy_of, record, terms, sketch FROM articles ORDER BY seq"
        ):
            r = json.loads(record)
            doc = Document(text=r["text"], title=r["title"], lead=r["lead"], name=id_, published=r["published"],
                           source=r["source"], url=r["url"])
            yield Stored(id_, story, copy_of, doc, Counter(json.loads(terms)), sketch)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *rest: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
