"""Timeline stage: a story's dated events, one line a day, in date order.

Each article's sentences are read for the days they name ("hôm 22/4", "hôm qua", "thứ Ba tới"), resolved against
the article's publication day. For each day the sentence kept is the one that names it first in the earliest
article, so that the timeline quotes the report closest to the event.
"""

from __future__ import annotations

from dataclasses import dataclass

from tomtat.lang.dates import published_day, resolve_dates, year_of, find_dates
from tomtat.records import Article
from tomtat.split import split

MAX_EVENTS = 20  # a timeline longer than this is a list of every date mentioned, not a story's turns


@dataclass(frozen=True)
class Event:
    date: str  # YYYY-MM-DD
    text: str
    document: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        return {"date": self.date, "text": self.text, "document": self.document, "start": self.start, "end": self.end}


def timeline(articles: list[Article], duplicate_of: dict[int, int] | None = None) -> list[Event]:
    """The dated events of a story's articles (copies left out), in date order."""
    copies = duplicate_of or {}
    split_articles = [split(a, k) if k not in copies else [] for k, a in enumerate(articles)]
    year = year_of((m for sents in split_articles for s in sents for m in find_dates(s.text)),
                   (a.published for a in articles))
    order = sorted(range(len(articles)), key=lambda k: (articles[k].published or "9999", k))
    first: dict[str, Event] = {}
    for k in order:
        published = published_day(articles[k].published)
        for s in split_articles[k]:
            for d in resolve_dates(s.text, published, year):
                if d.precision != "day":
                    continue
                day = d.day.isoformat()
                if day not in first:
                    first[day] = Event(day, s.text, articles[k].name, s.start, s.end)
    events = [first[d] for d in sorted(first)]
    if len(events) > MAX_EVENTS:  # the latest days: where the story is now
        events = events[-MAX_EVENTS:]
    return events
