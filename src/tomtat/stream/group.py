"""Group stage: each article of a stream joins the story it is most like, or opens a new one, in arrival order.

An article is a profile: TF-IDF weights of its content syllables and syllable pairs (title counted twice, then
lead and the start of the body, where news says what happened), its strongest terms kept. A story is the sum of
its articles' profiles. Blocking keeps the cost near-linear: an article is compared only with the stories that
share one of its strongest terms (an inverted index), and, when both carry dates, that were seen within a window
of days. Document frequencies are counted over everything the grouper has seen, and may be counted over a whole
batch first (:meth:`Grouper.count`), so that early articles are weighed as well as late ones.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from tomtat.lang.tokens import syllables
from tomtat.represent import content_terms

TERMS = 60  # strongest terms kept in an article's profile
KEYS = 12  # of those, the ones looked up in the index of stories
STORY_TERMS = 300  # strongest terms kept in a story's profile
BODY = 3_000  # syllables of the body read after the title and lead
JOIN = 0.15  # similarity to a story's profile from which an article joins it (best BCubed F1 on the 621-article stream)
WINDOW = 10  # days: a dated article joins only stories seen this close to its date
POSTINGS = 2_000  # stories looked at per index term at most (the newest): a common term cannot make it quadratic
PRIOR = 1_000  # unseen articles assumed beside the counted ones: in a short stream, shared terms still weigh
SHORTLIST = 30  # candidate stories whose whole profile is compared


def article_terms(title: str, lead: str, body: str) -> Counter[str]:
    """The counted terms of an article: its title twice, its lead and the start of its body."""
    counts: Counter[str] = Counter()
    head = syllables(title)
    counts.update(content_terms(head))
    counts.update(content_terms(head))
    rest = syllables(lead) + syllables(body[: BODY * 8])[:BODY]
    counts.update(content_terms(rest))
    return counts


@dataclass
class Story:
    """A story as the grouper sees it: its profile and when it was seen."""

    id: int
    weights: dict[str, float] = field(default_factory=dict)
    size: int = 0
    first: date | None = None
    last: date | None = None

    norm: float = 0.0

    def similarity(self, profile: dict[str, float]) -> float:
        """Cosine of an article's unit profile with the story's."""
        w = self.weights
        return sum(v * w.get(t, 0.0) for t, v in profile.items()) / (self.norm or 1.0)

    def add(self, profile: dict[str, float], when: date | None) -> None:
        for t, w in profile.items():
            self.weights[t] = self.weights.get(t, 0.0) + w
        if len(self.weights) > 2 * STORY_TERMS:
            kept = sorted(self.weights.items(), key=lambda kv: (-kv[1], kv[0]))[:STORY_TERMS]
            self.weights = dict(kept)
        self.norm = math.sqrt(sum(x * x for x in self.weights.values()))
        self.size += 1
        if when is not None:
            self.first = when if self.first is None else min(self.first, when)
            self.last = when if self.last is None else max(self.last, when)

    def near(self, when: date | None, window: int) -> bool:
        if when is None or self.first is None or self.last is None:
            return True
        return (self.first - when).days <= window and (when - self.last).days <= window


@dataclass
class Grouper:
    """Online story grouping with an inverted index; ``join`` and ``window`` as in the module constants."""

    join: float = JOIN
    window: int = WINDOW
    documents: int = 0
    frequency: Counter[str] = field(default_factory=Counter)
    stories: dict[int, Story] = field(default_factory=dict)
    index: dict[str, list[int]] = field(default_factory=dict)
    next_id: int = 1
    idf: dict[str, float] = field(default_factory=dict)  # cached until the next count

    def count(self, terms: Iterable[Counter[str]]) -> None:
        """Count document frequencies over articles before grouping them (a batch known in advance)."""
        for t in terms:
            self.documents += 1
            self.frequency.update(t.keys())
        self.idf.clear()

    def profile(self, terms: Counter[str]) -> dict[str, float]:
        """Unit-length TF-IDF weights of the article's strongest terms."""
        idf, weights = self.idf, {}
        for t, c in terms.items():
            w = idf.get(t)
            if w is None:
                w = idf[t] = math.log((self.documents + PRIOR + 1) / (self.frequency.get(t, 0) + 1))
            weights[t] = (1 + math.log(c)) * w
        kept = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TERMS]
        norm = math.sqrt(sum(w * w for _, w in kept)) or 1.0
        return {t: w / norm for t, w in kept if w > 0}

    def candidates(self, profile: dict[str, float], when: date | None) -> list[int]:
        """Stories sharing the article's strongest terms, the SHORTLIST with most weight shared first."""
        shared: dict[int, float] = {}
        for t in list(profile)[:KEYS]:
            w = profile[t]
            for s in self.index.get(t, ())[-POSTINGS:]:
                shared[s] = shared.get(s, 0.0) + w
        ranked = sorted(shared, key=lambda s: (-shared[s], s))
        return [s for s in ranked if self.stories[s].near(when, self.window)][:SHORTLIST]

    def best(self, profile: dict[str, float], when: date | None) -> tuple[int | None, float]:
        best, score = None, 0.0
        for s in self.candidates(profile, when):
            sim = self.stories[s].similarity(profile)
            if sim > score:
                best, score = s, sim
        return best, score

    def add(self, terms: Counter[str], when: date | None = None, counted: bool = False) -> int:
        """The story the article joins (or opens); ``counted``: its terms are already in the frequencies."""
        if not counted:
            self.count([terms])
        return self.place(self.profile(terms), when)

    def place(self, profile: dict[str, float], when: date | None) -> int:
        """The story an article of this profile joins (or opens)."""
        story, score = self.best(profile, when)
        if story is None or score < self.join:
            story = self.open()
        self.attach(story, profile, when)
        return story

    def open(self) -> int:
        story = self.next_id
        self.next_id += 1
        self.stories[story] = Story(story)
        return story

    def reopen(self, story: int) -> None:
        """Make a stored story known again (its profile is rebuilt by attaching its articles)."""
        self.stories.setdefault(story, Story(story))
        self.next_id = max(self.next_id, story + 1)

    def attach(self, story: int, profile: dict[str, float], when: date | None) -> None:
        known = self.stories[story]
        before = set(known.weights)
        known.add(profile, when)
        for t in list(profile)[:KEYS]:
            if t not in before or known.size == 1:
                postings = self.index.setdefault(t, [])
                if not postings or postings[-1] != story:
                    postings.append(story)
