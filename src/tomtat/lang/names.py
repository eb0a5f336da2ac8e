"""Names in news text: the people, places and organisations a story mentions, with no model.

A name is a run of capitalised syllables ("Antonio Guterres", "Hải Châu", "TP.HCM"); a capital that only starts
a sentence is no evidence. The words before say what kind of name it is (a title: a person; "tại", "thủ đô": a
place), as does its first word ("Bộ", "Công ty": an organisation), and the lexicon's places, countries and family
names. Spellings of one name across outlets are merged (:func:`merge_names`): the same letters whatever the case,
dots and spaces (TP.HCM, Tp.HCM, TPHCM), a spelling without marks where one marked spelling matches (Viet Nam; but
Hòa and Hoa, Trung and Trưng stay apart: a tone makes another Vietnamese name), an acronym of a longer name
(UBND/Ủy ban nhân dân), the lexicon's pairs (Moskva/Moscow), transliterations that keep their consonants
(Sergey/Sergei) and a person's full name with its last words (Antonio Guterres/Guterres), where only one person
ends so.

Linear in the text (one pass over whitespace-separated tokens, a lookahead of at most a few tokens) and near-linear
in the mentions (candidates come from buckets, each looked at a bounded number of times).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from tomtat.lang.lexicon import (
    ABBREVIATIONS,
    COUNTRIES,
    MORE_NAME_VARIANTS,
    MORE_ORGANIZATION_HEADS,
    MORE_PERSON_TITLES,
    NAME_FOLLOWERS,
    NAME_VARIANTS,
    ORGANIZATION_HEADS,
    ORGANIZATION_WHOLE,
    PERSON_TITLES,
    PLACE_CUES,
    PLACE_LEVEL_NAMES,
    PLACE_LEVELS,
    PLACES,
    SURNAMES,
    stopwords,
)

_TOKEN = re.compile(r"\S+")
_OPENING = "\"'“‘([«"
_EDGE = "\"'“”‘’()[]«»,;:!?…"
_INNER = set("()[]{}\"“”«»/\\|<>=+*&%$#@~^`")  # a word with these inside is no name ("News)Tổng")
_SENTENCE_END = (".", "!", "?", ":", "…")
MAX_WORDS = 6  # a longer capitalised run is a heading, not a name
SIMILAR = 60  # rapidfuzz ratio, on letters without marks, from which two names of one skeleton are one
MAX_LOOK = 32  # candidates looked at per name in one bucket; beyond that a bucket is too crowded to say

_TITLES = frozenset(PERSON_TITLES) | frozenset(MORE_PERSON_TITLES)
_HEADS = frozenset(ORGANIZATION_HEADS) | frozenset(MORE_ORGANIZATION_HEADS)
_WHOLE = frozenset(ORGANIZATION_WHOLE)
_COUNTRIES = frozenset(COUNTRIES)
_PLACES = frozenset(PLACES) | _COUNTRIES
_LEVELS = frozenset(PLACE_LEVELS)
_LEVEL_NAMES = frozenset(PLACE_LEVEL_NAMES)
_CUES = frozenset(PLACE_CUES)
_SURNAMES = frozenset(SURNAMES)
_FOLLOWERS = frozenset(NAME_FOLLOWERS)
_PERSONAL = frozenset("ông bà anh chị cô em cụ bé cháu thầy ngài vợ chồng mẹ bố cha con".split())
# The first words of each table's entries: most tokens start none, and are turned away before any joining.
_FIRST_WORDS = {id(t): frozenset(e.split()[0] for e in t if e) for t in (_TITLES, _HEADS, _PLACES, _LEVELS, _LEVEL_NAMES)}


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


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    word: str  # without edge punctuation
    low: str  # casefolded
    cap: bool  # could be part of a name
    breaks: bool  # punctuation (or a line end) after it: a name does not go on past it
    first: bool  # starts a sentence


def _capitalised(word: str) -> bool:
    return bool(word) and word[0].isalpha() and word[0].isupper() and not any(c.isdigit() or c in _INNER
                                                                              for c in word)


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    new_sentence = True
    for m in _TOKEN.finditer(text):
        raw = m.group()
        stripped = raw.strip(_EDGE)
        word = stripped.rstrip(".")
        lead = len(raw) - len(raw.lstrip(_EDGE))
        start = m.start() + lead
        low = word.casefold()
        abbreviation = raw.endswith(".") and stripped == raw and low in ABBREVIATIONS  # "TP. Hồ Chí Minh"
        line_end = text[m.end() : m.end() + 1] in ("\n", "\r")
        breaks = line_end or (raw[-1] in _EDGE or raw.endswith(".")) and not abbreviation
        if out and raw[0] in _OPENING:
            out[-1].breaks = True
        out.append(_Tok(start, start + len(word), word, low, _capitalised(word), breaks, new_sentence))
        new_sentence = line_end or raw.rstrip("\"'”’)]»").endswith(_SENTENCE_END) and not abbreviation
    return out


def _match(toks: list[_Tok], k: int, table: frozenset[str], longest: int = 4, shortest: int = 1) -> int:
    """How many tokens from k spell an entry of ``table`` (longest first, none broken inside); 0: none."""
    first = _FIRST_WORDS.get(id(table))
    if first is not None and (k >= len(toks) or toks[k].low not in first):
        return 0
    for n in range(min(longest, len(toks) - k), shortest - 1, -1):
        if any(toks[j].breaks for j in range(k, k + n - 1)):
            continue
        if " ".join(toks[j].low for j in range(k, k + n)) in table:
            return n
    return 0


def _follows_name(toks: list[_Tok], j: int) -> bool:
    """Token j could end a name: punctuation after it, no token after, or a capitalised or function word next."""
    if toks[j].breaks or j + 1 >= len(toks):
        return True
    nxt = toks[j + 1]
    return nxt.cap or nxt.low in _FOLLOWERS or nxt.low in stopwords() or not nxt.word.isalpha()


def find_names(text: str) -> list[Mention]:
    """The names ``text`` mentions, in text order."""
    toks = _tokens(text)
    seen_inside = {t.low for t in toks if t.cap and not t.first}
    stop = stopwords()
    out: list[Mention] = []

    def emit(a: int, b: int, kind: str) -> None:  # tokens a..b-1
        out.append(Mention(toks[a].start, toks[b - 1].end, text[toks[a].start : toks[b - 1].end], kind))

    titled = False  # a person's title came just before
    titled_office = False  # an office ("Ngoại trưởng"), not a form of address ("bà"): a country after it is a place
    k = 0
    n = len(toks)
    while k < n:
        t = toks[k]
        if not t.cap:
            titled = False
            k += 1
            continue
        place = _match(toks, k, _PLACES, shortest=2)  # "Bà Rịa", "Hà Nội": not a title, not a head
        if not place:
            level = _match(toks, k, _LEVELS, longest=2)
            if level and _cap_next(toks, k + level - 1):  # "Thành phố Hồ Chí Minh" whole, "Tỉnh Quảng Nam": Quảng Nam
                whole = _match(toks, k, _LEVEL_NAMES, longest=6, shortest=level + 1)
                if whole:
                    emit(k, k + whole, "place")
                    k, titled = k + whole, False
                else:
                    k += level
                continue
            title = _match(toks, k, _TITLES, longest=3)
            if title and not (title == 1 and t.low in _COUNTRIES and not _cap_next(toks, k)):  # "Anh" the country
                last = k + title - 1
                titled = not toks[last].breaks and _cap_next(toks, last)
                titled_office = " ".join(toks[j].low for j in range(k, last + 1)) not in _PERSONAL
                k = last + 1
                continue
            if t.low in stop:  # "Theo", "Trong" opening a sentence
                k += 1
                titled = False
                continue
            org = _organization(toks, k)
            if org:
                end, whole = org
                if titled and not whole:  # "Bộ trưởng Bộ Y tế Nguyễn Thanh Long"
                    split = _person_at_end(toks, k, end)
                    if split:
                        emit(k, split, "organization")
                        emit(split, end, "person")
                        titled = False
                        k = end
                        continue
                emit(k, end, "organization")
                titled = titled and not toks[end - 1].breaks and _cap_next(toks, end - 1)
                k = end
                continue
        end = _run_end(toks, k)
        if end - k > MAX_WORDS:
            titled = False
            k = end
            continue
        start, kind = k, None
        country = _match(toks, k, _PLACES, longest=min(3, end - k - 1))
        if country and (titled or end - k - country >= 2):
            emit(k, k + country, "place")  # "Ngoại trưởng Nga Sergey Lavrov": a place, then a person
            start = k + country
            title = _match(toks, start, _TITLES, longest=min(3, end - start - 1))
            if title:  # "Việt Nam Ông Phạm Quang Diệu"
                start, titled, titled_office = start + title, True, False
        if end - start >= 3:
            split = _person_at_end(toks, start, end, titled)
            if split:  # "ĐHQGHN Lê Quân", "Vietnam Airlines Đặng Ngọc Hòa": someone's post, then the person
                cut = split
                while cut > start and _match(toks, cut - 1, _TITLES, longest=1):
                    cut -= 1  # "THPT TS Trịnh Thu Tuyết": TS is a title
                if cut > start:
                    prefix = " ".join(toks[j].low for j in range(start, cut))
                    emit(start, cut, "organization" if _heads(prefix) else "other")
                start, kind = split, "person"
        joined = " ".join(toks[j].low for j in range(start, end))
        k_next = end
        single = end - start == 1
        if single and toks[start].first and joined not in seen_inside and joined not in _PLACES:
            k, titled = k_next, False  # a sentence's first word is no evidence
            continue
        if single and (len(joined) < 2 or joined in stop):
            k, titled = k_next, False
            continue
        before = _kind_before(toks, start)
        if single and not titled and before is None and joined not in _PLACES and not toks[start].word.isascii() \
                and not _follows_name(toks, start):
            k, titled = k_next, False  # "Chính phủ", "Hiến chương": a Vietnamese word capitalised by style
            continue
        if kind is None:
            if titled and not (joined in _PLACES and titled_office):  # "Ngoại trưởng Nga", but "bà Nga"
                kind = "person"
            elif start > 0 and toks[start - 1].low in _PERSONAL and not toks[start - 1].breaks:
                kind = "person"  # "bà Nga"
            elif joined in _PLACES:
                kind = "place"
            elif before is not None:
                kind = before
            elif _heads(joined):
                kind = "organization"
            elif toks[start].low in _SURNAMES and 2 <= end - start <= 4:
                kind = "person"
            else:
                kind = "other"
        emit(start, end, kind)
        titled = False
        k = k_next
    return out


def _run_end(toks: list[_Tok], k: int) -> int:
    """The end of the run of capitalised tokens from k (at most MAX_WORDS + 1 of them)."""
    end = k + 1
    while end < len(toks) and not toks[end - 1].breaks and toks[end].cap and end - k <= MAX_WORDS:
        if _match(toks, end, _TITLES, longest=3, shortest=2) or _match(toks, end, _HEADS, shortest=2):
            break  # "... Ngoại trưởng", "... Liên hợp quốc": another phrase starts
        end += 1
    return end


def _cap_next(toks: list[_Tok], j: int) -> bool:
    return j + 1 < len(toks) and not toks[j].breaks and toks[j + 1].cap


def _heads(joined: str) -> bool:
    words = joined.split()
    return any(" ".join(words[:n]) in _HEADS for n in range(1, min(4, len(words)) + 1))


def _organization(toks: list[_Tok], k: int) -> tuple[int, bool] | None:
    """(end, whole) of an organisation's name starting at k with a head ("Bộ Quốc phòng Nga"), else None."""
    h = _match(toks, k, _HEADS)
    if not h:
        return None
    head = " ".join(toks[j].low for j in range(k, k + h))
    if head in _WHOLE:
        return k + h, True
    n = len(toks)
    end = k + h
    caps_after = 0  # capitalised words after the head
    streak = 0  # capitalised syllables in a row: after "Hồ Chí Minh" a lowercase one is another word
    while end < n and not toks[end - 1].breaks and end - k - h <= MAX_WORDS:
        t = toks[end]
        if t.cap:
            if caps_after and _match(toks, end, _TITLES, longest=3, shortest=2):
                break
            caps_after += 1
            streak += 1
            end += 1
            continue
        level = _match(toks, end, _LEVELS, longest=2)
        if level and end + level < n and not toks[end + level - 1].breaks and toks[end + level].cap:
            end += level  # "UBND tỉnh Quảng Nam"
            streak = 0
            continue
        prev = toks[end - 1].word
        second = streak == 1 and not _acronym(prev) and "." not in prev  # after "Quốc", not after "TPHCM"
        if second and t.word.isalpha() and t.low not in stopwords() and t.low not in _FOLLOWERS and (
                caps_after == 1 or t.breaks or end + 1 >= n or toks[end + 1].cap):
            end += 1  # "Bộ Quốc phòng", "Tổ chức Y tế Thế giới": a word's lowercase second syllable
            streak = 0
            continue
        break
    if end == k + h and h == 1 and not _acronym(toks[k].word):
        return None  # "Bộ", "Sở" alone are no name; "UBND", "Quốc hội" alone are
    return end, False


def _person_at_end(toks: list[_Tok], a: int, b: int, titled: bool = True) -> int | None:
    """Where a Vietnamese person's name (a family name, 2 to 4 syllables) ends the run a..b-1; None: nowhere.

    After a title any words may come first ("Bộ Y tế Nguyễn Thanh Long"), save a family name alone (a name may
    carry two: "Huỳnh Phạm Thủy Tiên"); without one only an acronym, a place or foreign words ("HĐQT Vietnam
    Airlines Đặng Ngọc Hòa").
    """
    for i in range(max(a + 1, b - 4), b - 1):
        if toks[i].low not in _SURNAMES or toks[i - 1].low in _LEVELS or not all(toks[j].cap for j in range(i, b)):
            continue
        if " ".join(toks[j].low for j in range(i, b)) in _PLACES:
            continue
        prefix = toks[a:i]
        if len(prefix) == 1 and prefix[0].low in _SURNAMES:
            continue
        if titled or any(_acronym(t.word) for t in prefix) or " ".join(t.low for t in prefix) in _PLACES or (
                all(t.word.isascii() for t in prefix) and not all(toks[j].word.isascii() for j in range(i, b))):
            return i
    return None


def _kind_before(toks: list[_Tok], first: int) -> str | None:
    """"person" or "place" from the words just before token ``first`` ("ông", "tại", "thủ đô"), else None."""
    for n in (3, 2, 1):
        a = first - n
        if a < 0 or any(toks[j].breaks for j in range(a, first)):
            continue
        phrase = " ".join(toks[j].low for j in range(a, first))
        if phrase in _TITLES:
            return "person"
        if phrase in _CUES or phrase in _LEVELS:
            return "place"
    return None


# ---- one entity, many spellings -------------------------------------------------------------------------


def plain(name: str) -> str:
    """Letters only, without marks, casefolded: TP.HCM, Tp HCM and TPHCM read the same."""
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).casefold()


def skeleton(name: str) -> str:
    """Consonants as a transliteration keeps them: Moscow and Moskva give "mskv", Sergey and Sergei "srg"."""
    s = plain(name).replace("ph", "f")
    s = s.translate(str.maketrans({"c": "k", "q": "k", "w": "v", "y": "i"}))
    return s[:1] + "".join(c for c in s[1:] if c not in "aeiou")


def exact(name: str) -> str:
    """Letters with their marks, casefolded, without dots, spaces and hyphens: TP.HCM, Tp.HCM and TPHCM read the
    same, Hòa and Hoa do not (a Vietnamese tone makes another name)."""
    return "".join(c for c in unicodedata.normalize("NFC", name) if c.isalnum()).casefold()


_GROUPS = NAME_VARIANTS + MORE_NAME_VARIANTS
_KNOWN = {exact(v): group[0] for group in _GROUPS for v in group}
_KNOWN_PLAIN = {plain(v): group[0] for group in _GROUPS for v in group}
UNMARKED_MIN = 6  # letters from which a spelling without marks ("Viet Nam", "Donmez") is the marked one's


def _key(name: str) -> str:
    """What merges without fuzziness: the lexicon's entity (also written without marks), else :func:`exact`."""
    e = exact(name)
    if e in _KNOWN:
        return "=" + _KNOWN[e]
    if name.isascii() and plain(name) in _KNOWN_PLAIN:
        return "=" + _KNOWN_PLAIN[plain(name)]
    return e


def _vowel_groups(p: str) -> int:
    groups, inside = 0, False
    for c in p:
        vowel = c in "aeiouy"
        groups += vowel and not inside
        inside = vowel
    return groups


def _foreign(word: str) -> bool:
    """A foreign word in Latin letters (no marks, more than one syllable): a transliteration may spell its vowels
    another way. A Vietnamese syllable has one vowel group, and its vowels make the word (Trang is not Trung)."""
    return word.isascii() and _vowel_groups(plain(word)) >= 2


def _same_word(a: str, b: str) -> bool:
    """One word of a name: the same letters, or a foreign word's transliteration (Sergey/Sergei, Moscow/Moskva)."""
    if exact(a) == exact(b):
        return True
    pa, pb = plain(a), plain(b)
    return (_foreign(a) and _foreign(b) and len(pa) >= 4 and len(pb) >= 4 and skeleton(pa) == skeleton(pb)
            and len(skeleton(pa)) >= 3 and fuzz.ratio(pa, pb) >= SIMILAR)


def _signature(word: str) -> str:
    """A word's bucket: equal for two words that may be one (:func:`_same_word`)."""
    p = plain(word)
    return "~" + skeleton(p) if _foreign(word) and len(p) >= 4 and len(skeleton(p)) >= 3 else exact(word)


def _acronym(word: str) -> bool:
    letters = word.replace(".", "").replace("-", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def _short_form(words: list[str]) -> str:
    """Acronyms kept, other words by their first letter: "UBND TP.HCM" and "Ủy ban nhân dân Thành phố Hồ Chí Minh"."""
    return "".join(plain(w) if _acronym(w) else plain(w)[:1] for w in words)


def merge_names(mentions: Iterable[tuple[str, str, int]]) -> list[Entity]:
    """Entities from (spelling, kind, article) mentions: most articles first, then most mentions."""
    spellings: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    articles: dict[str, set[int]] = {}
    for text, kind, article in mentions:
        text = " ".join(text.split())
        if not plain(text):
            continue
        spellings[text] += 1
        kinds.setdefault(text, Counter())[kind] += 1
        articles.setdefault(text, set()).add(article)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    names = sorted(spellings, key=lambda n: (-spellings[n], n))
    words = {name: name.split() for name in names}
    # 1. the same letters, or one entity of the lexicon
    by_key: dict[str, str] = {}
    for name in names:
        key = _key(name)
        if key in by_key:
            union(by_key[key], name)
        else:
            by_key[key] = name
    # 1b. written without marks ("Viet Nam", "Fatih Donmez"): one with the marked spelling, where there is one only
    by_plain: dict[str, list[str]] = {}
    for name in names:
        by_plain.setdefault(plain(name), []).append(name)
    for p, bucket in by_plain.items():
        unmarked = [n for n in bucket if n.isascii()]
        marked = {find(n) for n in bucket if not n.isascii()}
        if unmarked and len(marked) == 1 and len(p) >= UNMARKED_MIN:
            root = marked.pop()
            for n in unmarked:
                union(root, n)
    # 2. transliterations: the same number of words, each the same or one foreign word spelled two ways
    by_skeleton: dict[tuple[str, ...], list[str]] = {}
    for name in names:
        sig = tuple(_signature(w) for w in words[name])
        if not any(s.startswith("~") for s in sig):
            continue
        bucket = by_skeleton.setdefault(sig, [])
        for other in bucket[:MAX_LOOK]:
            if all(_same_word(a, b) for a, b in zip(words[name], words[other])):
                union(other, name)
                break
        if len(bucket) < MAX_LOOK:
            bucket.append(name)
    # 3. acronyms: "TPHCM", "TP HCM", "TP Hồ Chí Minh", "Thành phố Hồ Chí Minh"; no merge where two names of as many
    # words read the same short ("Nguyễn Văn An", "Ngô Văn Anh") or none has an acronym
    by_short: dict[str, list[str]] = {}
    for name in names:
        short = _short_form(words[name])
        if len(short) >= 3 and (len(words[name]) > 1 or _acronym(name)):
            by_short.setdefault(short, []).append(name)
    for bucket in by_short.values():
        if len(bucket) < 2 or not any(any(_acronym(w) for w in words[n]) for n in bucket):
            continue
        by_length: dict[int, str] = {}
        clash = False
        for name in bucket:
            seen = by_length.setdefault(len(words[name]), name)
            if find(seen) != find(name):
                clash = True
                break
        if not clash:
            for name in bucket[1:]:
                union(bucket[0], name)
    # 4. a person's full name and its last words ("Antonio Guterres", "Guterres"), when only one person ends so
    def person_like(name: str) -> bool:
        told = [(c, k) for k, c in kinds[name].items() if k != "other"]
        return not told or max(told)[1] == "person"

    by_suffix: dict[tuple[str, ...], list[str]] = {}
    for name in names:
        if person_like(name) and len(words[name]) > 1:
            sig = [_signature(w) for w in words[name]]
            for m in range(1, len(sig)):
                by_suffix.setdefault(tuple(sig[-m:]), []).append(name)
    for name in sorted(names, key=lambda n: -len(words[n])):
        if not person_like(name) or len(plain(words[name][-1])) < 3:
            continue
        candidates = by_suffix.get(tuple(_signature(w) for w in words[name]), [])
        roots = set()
        for other in candidates[:MAX_LOOK]:
            if not (kinds[name]["person"] or kinds[other]["person"]):
                continue
            tail = words[other][-len(words[name]) :]
            if all(_same_word(a, b) for a, b in zip(words[name], tail)):
                roots.add(find(other))
                if len(roots) > 1:
                    break
        if len(roots) == 1 and len(candidates) <= MAX_LOOK:
            union(roots.pop(), name)
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(find(name), []).append(name)
    out = []
    for group in groups.values():  # names are in order: most used first
        kind_counts: Counter[str] = Counter()
        for n in group:
            kind_counts.update(kinds[n])
        told = [(c, k) for k, c in kind_counts.items() if k != "other"]
        kind = max(told)[1] if told else "other"
        seen = set().union(*(articles[n] for n in group))
        out.append(Entity(group[0], kind, tuple(group), len(seen)))
    out.sort(key=lambda e: (-e.articles, -sum(spellings[v] for v in e.variants), e.name))
    return out
