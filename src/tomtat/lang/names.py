"""Names in news text: the people, places and organisations a story mentions, with no model.

A name is a run of capitalised syllables ("Antonio Guterres", "Hải Châu", "TP.HCM"); a capital that only starts
a sentence is no evidence. The word before says what kind of name it is (a title: a person; "tại", "thủ đô": a
place), as does its first word ("Bộ", "Công ty": an organisation). Spellings of one name across outlets are merged
(:func:`merge_names`): the same letters without marks and dots, an acronym of a longer name, the lexicon's pairs
(Moskva/Moscow), and transliterations that keep their consonants (Sergey/Sergei, Kiev/Kyiv).
Linear in the text: one pass over whitespace-separated tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from tomtat.lang.lexicon import COUNTRIES, NAME_VARIANTS, ORGANIZATION_HEADS, PERSON_TITLES, PLACE_CUES, stopwords

_TOKEN = re.compile(r"\S+")
_EDGE = "\"'“”‘’()[]«»,;:!?…"
_SENTENCE_END = (".", "!", "?", ":", "…", "\n")
MAX_WORDS = 6  # a longer capitalised run is a heading, not a name
SIMILAR = 60  # rapidfuzz ratio, on letters without marks, from which two names of one skeleton are one


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    kind: str  # "person", "place", "organization" or "other"


@dataclass(frozen=True)
class Entity:
    name: str  # the most used spelling
    kind: str
    variants: tuple[str, ...]  # every spelling, most used first
    articles: int  # how many articles mention it


def _capitalised(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and letters[0].isupper() and not any(c.isdigit() for c in word)


def find_names(text: str) -> list[Mention]:
    """The names ``text`` mentions, in text order."""
    tokens = []  # (start, end, word without edge punctuation, breaks after, starts a sentence)
    new_sentence = True
    for m in _TOKEN.finditer(text):
        raw = m.group()
        word = raw.strip(_EDGE).rstrip(".")
        lead = len(raw) - len(raw.lstrip(_EDGE))
        start = m.start() + lead
        breaks = raw[-1:] in _EDGE or raw.endswith(".") or "\n" in text[m.end() : m.end() + 1]
        tokens.append((start, start + len(word), word, breaks, new_sentence))
        new_sentence = raw.endswith(_SENTENCE_END) or text[m.end() : m.end() + 1] == "\n"
    seen_inside = {w.casefold() for _, _, w, _, first in tokens if not first and _capitalised(w)}
    stop = stopwords()
    out: list[Mention] = []
    titled = False  # the words just before were a person's title
    k = 0
    while k < len(tokens):
        if not _capitalised(tokens[k][2]):
            k += 1
            titled = False
            continue
        phrase = _phrase(tokens, k)
        if phrase is not None and phrase[0] == "title":  # "Tổng thư ký", "Ngoại trưởng": not a name
            k += phrase[1]
            titled = not tokens[k - 1][3]
            continue
        run = [k]
        loose = phrase is not None  # an organisation: "Bộ Quốc phòng", "Liên hợp quốc"
        if loose:
            run = list(range(k, k + phrase[1]))
        while not tokens[run[-1]][3] and run[-1] + 1 < len(tokens) and len(run) <= MAX_WORDS:
            if loose and phrase[1] > 1:
                break  # "Liên hợp quốc" is whole; what follows is another name
            nxt = tokens[run[-1] + 1][2]
            if _capitalised(nxt) or loose and len(run) == 2 and nxt.isalpha() and nxt.islower():
                run.append(run[-1] + 1)  # "Bộ Quốc phòng": one lowercase syllable ends the head's word
            else:
                break
        k = run[-1] + 1
        words = [tokens[j][2].casefold() for j in run]
        if len(run) > 1 and words[0] in COUNTRIES and not loose:  # "Nga Sergey Lavrov": a place, then a person
            out.append(Mention(tokens[run[0]][0], tokens[run[0]][1], tokens[run[0]][2], "place"))
            run, words = run[1:], words[1:]
        # a title inside the run ("Tổng thống Putin", "Ông Guterres") says person and is not the name
        kind, cut = _titled(words)
        if cut is None and tokens[run[0]][4] and (words[0] in stop or len(run) == 1 and words[0] not in seen_inside):
            cut = 1  # a sentence's first word
        run = run[cut or 0 :]
        if not run or len(run) > MAX_WORDS:
            continue
        words = words[cut or 0 :]
        if len(run) == 1 and (words[0] in stop or len(words[0]) < 2):
            continue
        if len(run) == 1 and not loose and words[0] not in COUNTRIES and not words[0].isascii() \
                and run[0] + 1 < len(tokens) and not tokens[run[0]][3] and tokens[run[0] + 1][2].islower():
            continue  # "Chính phủ", "Hiến chương": a Vietnamese word capitalised by style, not a name
        if kind is None:
            kind = "person" if titled else "organization" if loose else _kind_before(tokens, run[0], words)
        if " ".join(words) in COUNTRIES:
            kind = "place"
        titled = False
        out.append(Mention(tokens[run[0]][0], tokens[run[-1]][1], text[tokens[run[0]][0] : tokens[run[-1]][1]], kind))
    return out


_TITLES = {t for t in PERSON_TITLES if " " in t} | {t for t in PERSON_TITLES if len(t) > 3}
_HEADS = {h for h in ORGANIZATION_HEADS if " " in h}


def _phrase(tokens: list, k: int) -> tuple[str, int] | None:
    """A title or an organisation's head written with lowercase inner syllables, starting at token k."""
    for n in (3, 2, 1):
        if k + n > len(tokens) or any(tokens[j][3] for j in range(k, k + n - 1)):
            continue
        words = " ".join(tokens[j][2].casefold() for j in range(k, k + n))
        if words in _TITLES:
            return "title", n
        if words in _HEADS or n == 1 and words in ORGANIZATION_HEADS and k + 1 < len(tokens) and not tokens[k][3] \
                and _capitalised(tokens[k + 1][2]):
            return "organization", n
    return None


def _titled(words: list[str]) -> tuple[str | None, int | None]:
    for n in (3, 2, 1):
        if len(words) > n and " ".join(words[:n]) in PERSON_TITLES:
            return "person", n
    return None, None


def _kind_before(tokens: list, first: int, words: list[str]) -> str:
    joined = " ".join(words)
    if any(joined == h or joined.startswith(h + " ") for h in ORGANIZATION_HEADS):
        return "organization"
    before = [tokens[j][2].casefold() for j in range(max(0, first - 3), first)]
    for n in (3, 2, 1):
        phrase = " ".join(before[-n:])
        if len(before) >= n and phrase in PERSON_TITLES:
            return "person"
        if len(before) >= n and phrase in PLACE_CUES:
            return "place"
    return "other"


# ---- one entity, many spellings -------------------------------------------------------------------------


def plain(name: str) -> str:
    """Letters only, without marks, casefolded: TP.HCM, Tp HCM and TPHCM read the same."""
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).casefold()


def skeleton(name: str) -> str:
    """Consonants as a transliteration keeps them: Moscow and Moskva give "mskv", Kiev and Kyiv "kv"."""
    s = plain(name).replace("ph", "f")
    s = s.translate(str.maketrans({"c": "k", "q": "k", "w": "v", "y": "i", "z": "s", "x": "s"}))
    return s[:1] + "".join(c for c in s[1:] if c not in "aeiou")


def _initials(name: str) -> str:
    return "".join(plain(w)[:1] for w in name.split() if plain(w))


_KNOWN = {plain(v): group[0] for group in NAME_VARIANTS for v in group}


def _key(name: str) -> str:
    """What merges without fuzziness: the lexicon's entity, else the plain letters."""
    p = plain(name)
    return "=" + _KNOWN[p] if p in _KNOWN else p


def merge_names(mentions: Iterable[tuple[str, str, int]]) -> list[Entity]:
    """Entities from (spelling, kind, article) mentions: most articles first, then most mentions."""
    spellings: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    articles: dict[str, set[int]] = {}
    for text, kind, article in mentions:
        spellings[text] += 1
        kinds.setdefault(text, Counter())[kind] += 1
        articles.setdefault(text, set()).add(article)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_key: dict[str, str] = {}
    by_skeleton: dict[str, list[str]] = {}
    by_last: dict[str, list[str]] = {}
    by_initials: dict[str, list[str]] = {}
    for name in sorted(spellings, key=lambda n: (-spellings[n], n)):
        key = _key(name)
        if key in by_key:
            union(by_key[key], name)
        by_key.setdefault(key, name)
        sk = skeleton(name)
        if len(plain(name)) >= 4 and len(sk) >= 3:
            for other in by_skeleton.get(sk, []):
                if fuzz.ratio(plain(name), plain(other)) >= SIMILAR:
                    union(other, name)
            by_skeleton.setdefault(sk, []).append(name)
        words = name.split()
        if _person(kinds[name]) and len(plain(words[-1])) >= 3:
            for other in by_last.get(plain(words[-1]), []):
                if _suffix(words, other.split()):
                    union(other, name)
            by_last.setdefault(plain(words[-1]), []).append(name)
        if len(words) >= 2:
            by_initials.setdefault(_initials(name), []).append(name)
    for name in spellings:  # an acronym (TPHCM, UBND) is one entity with the longer name it abbreviates
        if " " not in name and name.replace(".", "").isupper() and len(plain(name)) >= 2:
            for longer in by_initials.get(plain(name), []):
                union(longer, name)
    groups: dict[str, list[str]] = {}
    for name in spellings:
        groups.setdefault(find(name), []).append(name)
    out = []
    for names in groups.values():
        names.sort(key=lambda n: (-spellings[n], n))
        kind_counts: Counter[str] = Counter()
        for n in names:
            kind_counts.update(kinds[n])
        told = [(c, k) for k, c in kind_counts.items() if k != "other"]
        kind = max(told)[1] if told else "other"
        seen = set().union(*(articles[n] for n in names))
        out.append(Entity(names[0], kind, tuple(names), len(seen)))
    out.sort(key=lambda e: (-e.articles, -sum(spellings[v] for v in e.variants), e.name))
    return out


def _person(kinds: Counter[str]) -> bool:
    return kinds.get("person", 0) > 0


def _suffix(a: list[str], b: list[str]) -> bool:
    """One person name ends the other: "Guterres" and "Antonio Guterres"."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return [plain(w) for w in long[len(long) - len(short) :]] == [plain(w) for w in short]
