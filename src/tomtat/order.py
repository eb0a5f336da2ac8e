"""Order stage: the newest key development first, then the facts that explain it in time order."""

from __future__ import annotations


import numpy as np

from datetime import date

from tomtat.lang.dates import find_dates, published_day, resolve_dates, sort_key, year_of
from tomtat.lang.roles import leans_back
from tomtat.represent import Vectors
from tomtat.records import Cluster



# A sentence this close to the titles (share of the closest one's similarity) may open if it is newer.
OPENER_MARGIN = 0.8


def event_dates(cluster: Cluster) -> dict[int, tuple[int, int, int]]:
    """Each dated sentence's day, and for an undated one the day last named before it in its article
    ("Cùng ngày, ..." follows the sentence that named the day); sentences before any date in an article
    take its first date. Keys order within the story (year, month, day)."""
    mentions = [find_dates(s.text) for s in cluster.sentences]  # each sentence read once
    year = year_of((m for found in mentions for m in found), (a.published for a in cluster.articles))
    published = [published_day(a.published) for a in cluster.articles]
    named: dict[int, tuple[int, int, int]] = {}
    for i, s in enumerate(cluster.sentences):
        day = _day(s.text, published[s.article], year) if mentions[i] or published[s.article] else None
        if day is not None:
            named[i] = day
        elif mentions[i]:
            named[i] = sort_key(mentions[i][0], year)  # no year known: month and day still order the story
    by_article: dict[int, list[int]] = {}
    for i, s in enumerate(cluster.sentences):
        by_article.setdefault(s.article, []).append(i)
    out: dict[int, tuple[int, int, int]] = {}
    for rows in by_article.values():
        first = next((named[i] for i in rows if i in named), None)
        last = first
        for i in rows:
            last = named.get(i, last)
            if last is not None:
                out[i] = last
    return out


def _day(text: str, published: date | None, year: int | None) -> tuple[int, int, int] | None:
    """The first day a sentence names, relative ones ("hôm qua") resolved against its article's publication."""
    for d in resolve_dates(text, published, year):
        if d.precision == "day":
            return (d.day.year, d.day.month, d.day.day)
    return None


def order(cluster: Cluster, chosen: list[int], vectors: Vectors | None = None) -> list[int]:
    """An editor's order: the newest key development opens (among sentences that can stand first and are
    close to the titles, the latest dated), then the facts that explain it in time order; sentences
    with no date keep lead-first, article and source order after the dated ones of their day."""
    positions = {a: k for k, a in enumerate(sorted({cluster.sentences[i].article for i in chosen}))}

    def key(i: int) -> tuple[int, int, int]:
        s = cluster.sentences[i]
        return (0 if s.in_lead else 1, positions[s.article], s.index)

    ordered = sorted(chosen, key=key)
    if len(ordered) < 2:
        return ordered
    when = event_dates(cluster)
    latest = max((when[i] for i in ordered if i in when), default=(0, 0, 0))
    ordered.sort(key=lambda i: when.get(i, latest))  # stable: undated ones after the newest day's
    if vectors is None or vectors.titles.shape[0] == 0:
        return ordered
    can_open = [i for i in ordered if not leans_back(cluster.sentences[i].text)]
    if not can_open:
        return ordered
    to_titles = vectors.to_titles(can_open)
    central = [k for k in range(len(can_open)) if to_titles[k] >= OPENER_MARGIN * to_titles.max()]
    best = max(central, key=lambda k: (when.get(can_open[k], (0, 0, 0)), to_titles[k]))
    opener = can_open[best]
    return [opener] + [i for i in ordered if i != opener]
