"""Finding the phone someone means in what they typed.

Pure code, no discord import: the commands, the autocomplete and the console all call the same
`PhoneIndex`, which `bot.catalog.load_catalog` builds together with the catalog it indexes.

How a query is matched
----------------------
A name is split into word tokens: case, accents and punctuation do not count, letters and digits
are separated ("S24+" is `s 24 plus`, "Z Flip5" is `z flip 5`, "Phone (2a)" is `phone 2 a`). Every
catalog word gets a kind:

* **strict**: numbers, Roman numerals, one- and two-letter words, the variant words (Pro, Ultra,
  Plus, Max, mini, Lite, FE, Fold, Flip, Note, Neo...) and every word whose absence is what tells
  two phones of the catalog apart ("Galaxy S6" and "Galaxy S6 Edge" make *edge* strict).
  The strict words of the query and of the phone must be the same set: "iphone 15" is never the
  iPhone 15 Pro or the iPhone 13.
* **soft**: 5G, 4G and years written apart ("Razr (2019)"). They should agree; a phone that
  differs in one loses points, so "pixel 4a" is the Pixel 4a rather than the Pixel 4a (5G), yet
  "redmi note 13 pro" finds a phone sold only as "... 5G". A year the query gives must be the
  phone's.
* **name**: brand and family words (Xiaomi, Galaxy, Pixel, Mate...). Each one in the query must
  be in the phone's name, but the query may leave them out ("mate 60 pro", "s24 ultra"), and
  they tolerate typos ("xiomi", "galxy", "iphnoe").

An exact name or alias (also with the spaces squeezed out: "iphone15promax") wins first. Otherwise
the phones with exactly the query's strict words come from one dictionary look-up, those missing a
name word of the query drop out, and the rest are scored. A single answer needs a clear lead over
the runner-up; when the query names no brand or family ("14 pro") every phone that fits is as
likely as the others, so it is a choice to offer, never a guess. Anything else is "not found",
with the nearest phones as suggestions, so a phone that does not exist never comes back as an
answer.

`mentions` runs the same scoring over windows of consecutive catalog words in a message (longest
first, never across a comma or through the middle of a word), keeping only single answers.
`suggest` completes the last word from the sorted vocabulary and narrows down with set
intersections. `build` precomputes everything, so a query costs dictionary look-ups and a few set
operations: well under a millisecond with 10,000 phones.

Bounds
------
Every message may be hostile, so the work any text can cause is bounded by design, not by a
timeout (`python -m benchmarks.adversarial` feeds the worst shapes; each stays within 5 ms at
10,000 phones):

* `find` and `suggest` read the first MAX_QUERY_CHARS characters; `mentions` reads the first
  MAX_MESSAGE_WORDS words of a message, and splitting a word into letters and digits stops there.
* A word longer than the longest catalog word plus the typos allowed is a typo of none (the
  deletion sets it would need grew with the cube of its length); one longer than
  MAX_SEGMENT_WORDS catalog words is no squeezed name either. Neither is memoised.
* `mentions` tries runs of at most MAX_WINDOW_WORDS words, scores each distinct run once
  (a phone name repeated 300 times costs one), and at most MAX_WINDOWS runs per message.
* A query reading several ways is scored in at most MAX_COMBINATIONS readings; at most
  MAX_CANDIDATES candidates and MAX_SUGGESTIONS suggestions are kept, from NEAREST_POOL phones;
  repeated search words count once. The memo tables hold at most MEMO_SIZE words each.
"""

from __future__ import annotations

import bisect
import gc
import heapq
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import OSA

if TYPE_CHECKING:
    from bot.models import Phone


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_K = TypeVar("_K")
_V = TypeVar("_V")

# -- tuning ----------------------------------------------------------------------------------------

FULL_SCORE = 100.0
TYPO_COST = 7.0  # per edit in a misspelt word
SOFT_COST = 6.0  # per 5G/4G/year that the query and the phone do not share
WORD_COST = 4.0  # per family word of the phone that the query left out
BRAND_COST = 2.0  # the query names a family but not the brand
CLEAR_LEAD = 4.0  # a single answer needs this lead over the runner-up
SUGGESTION_CEILING = 60.0  # "did you mean" scores stay well below any answer
MAX_CANDIDATES = 25  # candidates kept in a Match (a Discord select menu holds 25)
MAX_SUGGESTIONS = 5  # suggestions kept when nothing matches
MAX_QUERY_CHARS = 200  # `find` reads at most this much
MAX_COMBINATIONS = 16  # readings of a query with several possible corrections
FUZZY_FALLBACK_LIMIT = 3000  # below this many phones, a fuzzy scan finds suggestions
NEAREST_POOL = 250  # phones looked at for "did you mean" suggestions
MEMO_SIZE = 100_000  # words remembered per memo table before it starts afresh
MAX_MESSAGE_WORDS = 64  # words of a message read (a 4,000-character one may hold 2,000);
#                          a phone named after them is not looked for
MAX_WINDOW_WORDS = 10  # longest run of words `mentions` tries as one name
MAX_WINDOWS = 300  # distinct runs of words `mentions` scores per message
MAX_SEGMENT_WORDS = 4  # catalog words one squeezed word may be split into ("galaxys24ultra")

VARIANT_WORDS = _words(
    "pro ultra plus max mini lite fe fold flip note neo se xl xs xr prime turbo go play power"
    " ultimate slim active"
)
SOFT_WORDS = frozenset({"5g", "4g", "3g", "lte"})
# Short words that are family names rather than variants (Xiaomi "Mi 11").
SHORT_NAME_WORDS = frozenset({"mi"})
# Words people use for a brand the catalog spells differently.
BRAND_SYNONYMS = {"mi": ("xiaomi",), "moto": ("motorola",)}
# Words `find` ignores when the catalog does not use them.
FILLER_WORDS = _words(
    "the a an my spec specs specification specifications sheet price review phone smartphone"
    " new latest model info details about for of please pls plz what whats how is are tell me"
    " show give on with camera battery weight size display screen cost much"
)
UNIT_WORDS = frozenset({"gb", "tb", "mb", "mah", "mp", "hz", "mm", "inch", "inches"})
# Family words that are everyday English too: in a chat message they need a brand or a glued
# model number next to them ("nothing phone 2", "phone (2)"), not just any number.
CHAT_NAMES = _words("phone one air find magic edition mobile smart")
# Common English words that are a letter away from catalog words; not typos in a chat message.
CHAT_WORDS = _words(
    "phones notes plays folds flips edges maxed prose proud prove mated match mates naked nope"
    " plush mine minis light lites powers noted"
)

_ROMAN = re.compile(r"^(?:i{2,3}|iv|vi{1,3}|ix|xi{1,3})$")
_CHUNK = re.compile(r"[^\W_]+|\+")
_PIECE = re.compile(r"\d+|[^\W\d_]+")
_BREAK = re.compile(r"[,.;:!?/|\n]")
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b", re.IGNORECASE)
_APOSTROPHE = re.compile(r"['’`´]")
_NON_WORD = re.compile(r"[\W_]+")
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_YEAR = re.compile(r"^(?:19[89]\d|20[0-4]\d)$")
_SQUEEZED_NETWORK = re.compile(r"^\d+[345]g$")  # "325g": 325 G, or 32 5G
YEAR_MARK = "year:"  # a year written on its own, a soft word unlike the number in "K2000"

STRICT, NAME, SOFT = 0, 1, 2
FIND, MENTION = 0, 1


def normalize(text: str) -> str:
    """Return the canonical form of a name: the key for exact and alias look-ups.

    Case, accents, punctuation and spacing do not count, and "+" reads as "plus":
    `normalize("Galaxy S24+")` is `"galaxy s24 plus"`, `normalize("Phone (2)")` is `"phone 2"`.
    """
    text = _fold(text).replace("+", " plus ")
    text = _APOSTROPHE.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def exact_key(text: str) -> str:
    """The key for exact look-ups: the normal form without spaces ("iphone15promax").

    Two names with one key are one name to `PhoneIndex.find`, so the catalog refuses two phones
    whose names or aliases share a key.
    """
    # normalize() with every space gone: apostrophes, punctuation and spaces all simply vanish.
    return _NON_WORD.sub("", _fold(text).replace("+", "plus"))


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class Outcome(StrEnum):
    FOUND = "found"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Candidate:
    """A phone the query may mean, and how well it fits (100: its exact name)."""

    phone: Phone
    score: float  # 0..100


@dataclass(frozen=True)
class Match:
    """What a query found: one phone, a choice of phones, or nothing (with suggestions)."""

    query: str
    outcome: Outcome
    candidates: tuple[Candidate, ...]  # best first

    @property
    def phone(self) -> Phone | None:
        """The answer when the outcome is FOUND."""
        if self.outcome is Outcome.FOUND:
            return self.candidates[0].phone
        return None


@dataclass(frozen=True)
class Mention:
    """A phone named in a message, and where: `text == message[start:end]`."""

    phone: Phone
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class _Entry:
    """One way to name a phone (its name or an alias), in tokens."""

    phone: int  # index into PhoneIndex.phones
    strict: frozenset[str]
    names: frozenset[str]  # family words, brand excluded
    brand: frozenset[str]  # brand words not repeated in the model
    soft: frozenset[str]
    words: frozenset[str]  # names | brand
    size: int  # token count, brand excluded
    numbers: tuple[int, ...]  # the numbers among the strict words


# A model or alias as the index reads it: its phone (an index into PhoneIndex.phones), its words
# in order, the words of its brand that it does not repeat, and its exact key without the brand.
_Name = tuple[int, list[str], frozenset[str], str]

# How a query token may read in catalog words: (words, edits) pairs. A squeezed word reads as
# several words ("promax" as pro + max), a misspelt one as its corrections.
_Reading = tuple[tuple[str, ...], int]
_Readings = tuple[_Reading, ...]


@dataclass(slots=True)
class _Windows:
    """The runs of words one message has had scored: each distinct run once, at most
    MAX_WINDOWS of them ("xiaomi 14 pro" repeated 300 times is scored once)."""

    budget: int = MAX_WINDOWS
    seen: dict[tuple[tuple[str, bool], ...], int | None] = field(default_factory=dict)


@dataclass(slots=True)
class _Token:
    """A word of the query, its span in the text, and how it may read in catalog words."""

    text: str
    start: int
    end: int
    glued: bool  # written against a neighbour: "s24", "8a", "Pro-I", "(2)"
    readings: _Readings | None = None  # None: no catalog word; (): a filler word to skip
    after_break: bool = False  # a comma, full stop... comes before it: no name spans that


class PhoneIndex:
    """Everything needed to find phones quickly, computed once per catalog by `build`.

    Immutable once built, apart from two bounded memo tables (how a typed word reads, how a
    squeezed word splits) that only ever add answers computed from the immutable part.
    """

    def __init__(self, phones: Sequence[Phone]) -> None:
        # Use PhoneIndex.build(); the constructor only sets the empty structures up.
        self.phones: tuple[Phone, ...] = tuple(phones)
        self._entries: list[_Entry] = []  # every name and alias, tokenised
        self._exact: dict[str, int | tuple[int, ...]] = {}  # squashed name or alias: phone(s)
        self._kind: dict[str, int] = {}  # every catalog word: STRICT, NAME or SOFT
        self._brand_words: frozenset[str] = frozenset()
        self._by_strict: dict[frozenset[str], list[int]] = {}  # strict words: entries
        self._postings: dict[str, set[int]] = {}  # word: entries containing it
        self._near: dict[frozenset[str], list[frozenset[str]]] = {}  # strict set less one word
        self._deletes: dict[str, list[str]] = {}  # word less a letter or two: catalog words
        self._sorted_words: list[str] = []  # for prefixes
        self._newest: list[int] = []  # phones, newest first
        self._browse: list[int] = []  # entries, shortest then newest first
        self._rank: list[int] = []  # entry: its position in _browse
        self._launched: list[int] = []  # phone: launch day ordinal
        self._fuzzy_names: list[str] = []  # small catalogs: names for fuzzy suggestions
        self._longest: int = 1  # most words in a name, for free-text windows
        self._longest_word: int = 1  # letters in the longest catalog word
        self._resolved: dict[tuple[str, int], _Readings | None] = {}
        self._segments: dict[str, tuple[str, ...] | None] = {}

    # -- building ----------------------------------------------------------------------------------

    @classmethod
    def build(cls, phones: Sequence[Phone]) -> PhoneIndex:
        """Index `phones`. Pure and deterministic; the catalog loader calls it on every load."""
        index = cls(phones)
        collecting = gc.isenabled()
        gc.disable()  # the index is acyclic; collections while it grows would only cost time
        try:
            index._build()
        finally:
            if collecting:
                gc.enable()
        return index

    def _build(self) -> None:
        names, exact, self._brand_words = self._read_names()
        kind = self._kind = _word_kinds(names, self._brand_words)
        # Models and aliases with a family word ("Galaxy S24", "Mate 60 Pro") are exact keys
        # without the brand too; "14 Pro" is not, as it could be the iPhone's as well.
        for i, tokens, _, key in names:
            if any(kind[t] == NAME for t in tokens):
                exact[key].add(i)
        self._exact = {
            key: next(iter(ids)) if len(ids) == 1 else tuple(sorted(ids))
            for key, ids in exact.items()
        }
        intern = _interner()
        self._add_entries(names, intern)
        self._near = _near_sets(self._by_strict, intern)
        self._deletes = _typo_table(kind)
        self._sorted_words = sorted(kind)
        self._longest_word = max(map(len, kind), default=1)
        self._order()
        if len(self.phones) <= FUZZY_FALLBACK_LIMIT:
            self._fuzzy_names = [utils.default_process(p.name) for p in self.phones]

    def _read_names(self) -> tuple[list[_Name], defaultdict[str, set[int]], frozenset[str]]:
        """Every model and alias in words, the exact keys with the brand, and the brands' words.

        A brand's words and key are computed once, not once per name.
        """
        names: list[_Name] = []
        exact: defaultdict[str, set[int]] = defaultdict(set)
        brands: dict[str, tuple[frozenset[str], str]] = {}
        for i, phone in enumerate(self.phones):
            known = brands.get(phone.brand)
            if known is None:
                known = (frozenset(_catalog_tokens(phone.brand)), exact_key(phone.brand))
                brands[phone.brand] = known
            brand, brand_key = known
            for text in (phone.model, *phone.aliases):
                tokens = _catalog_tokens(text)
                key = exact_key(text)
                names.append((i, tokens, brand.difference(tokens), key))
                exact[brand_key + key].add(i)
        brand_words = frozenset().union(*(words for words, _ in brands.values()))
        return names, exact, brand_words

    def _add_entries(
        self, names: list[_Name], intern: Callable[[Iterable[str]], frozenset[str]]
    ) -> None:
        """One `_Entry` per name, and the look-ups from strict words and from any word to them."""
        kind = self._kind
        numbers: dict[frozenset[str], tuple[int, ...]] = {}
        by_strict: defaultdict[frozenset[str], list[int]] = defaultdict(list)
        postings: defaultdict[str, set[int]] = defaultdict(set)
        entries = self._entries
        for i, tokens, brand, _ in names:
            strict = intern(_with_repeats(t for t in tokens if kind[t] == STRICT))
            family = intern(t for t in tokens if kind[t] == NAME)
            if strict not in numbers:
                numbers[strict] = tuple(int(t) for t in strict if t.isdecimal())
            e = len(entries)
            entries.append(
                _Entry(
                    phone=i,
                    strict=strict,
                    names=family,
                    brand=intern(brand),
                    soft=intern(t for t in tokens if kind[t] == SOFT),
                    words=intern(family | brand),
                    size=len(set(tokens)),
                    numbers=numbers[strict],
                )
            )
            by_strict[strict].append(e)
            for word in itertools.chain(tokens, brand):
                postings[word].add(e)
            self._longest = max(self._longest, len(tokens) + len(brand))
        self._by_strict = dict(by_strict)
        self._postings = dict(postings)

    def _order(self) -> None:
        """Launch days, and the orders that browsing and autocomplete list phones in."""
        self._launched = launched = [p.launched.toordinal() for p in self.phones]
        self._newest = [
            i for _, _, i in sorted((-launched[i], p.name, i) for i, p in enumerate(self.phones))
        ]
        # Autocomplete order: the fewest words beyond what was typed, then the newest.
        self._browse = [
            e
            for _, _, e in sorted(
                (entry.size + len(entry.brand), -launched[entry.phone], e)
                for e, entry in enumerate(self._entries)
            )
        ]
        self._rank = [0] * len(self._entries)
        for position, e in enumerate(self._browse):
            self._rank[e] = position

    # -- finding one phone -------------------------------------------------------------------------

    def find(self, query: str) -> Match:
        """Find the phone `query` names: FOUND, AMBIGUOUS (a choice) or NOT_FOUND (suggestions)."""
        outcome, ranked = self._find(query, suggestions=True)
        candidates = tuple(Candidate(self.phones[i], score) for score, i in ranked)
        return Match(query, outcome, candidates)

    def identify(self, query: str) -> Phone | None:
        """The one phone `query` names with certainty, else None; `find` without the work of
        choices and suggestions that only a reply to the user needs."""
        outcome, ranked = self._find(query, suggestions=False)
        return self.phones[ranked[0][1]] if outcome is Outcome.FOUND else None

    def _find(self, query: str, suggestions: bool) -> tuple[Outcome, list[tuple[float, int]]]:
        text = query[:MAX_QUERY_CHARS]
        key = exact_key(text)
        if not key:
            return Outcome.NOT_FOUND, []
        hit = self._exact.get(key)
        if isinstance(hit, int):  # a name or alias of one phone: exact wins over fuzzy
            return Outcome.FOUND, [(FULL_SCORE, hit)]

        tokens = [t for t in self._query_tokens(text, FIND) if t.readings != ()]
        if not tokens:
            return Outcome.NOT_FOUND, []
        if all(t.readings for t in tokens):
            scored = self._score([t.readings for t in tokens])  # type: ignore[misc]
            if scored:
                return self._decide(scored)
            family = self._family(tokens)
            if family:
                return Outcome.AMBIGUOUS, family
        return Outcome.NOT_FOUND, self._nearest(text, tokens) if suggestions else []

    def _score(self, tokens: Sequence[_Readings]) -> list[tuple[float, int]]:
        """Score every phone that has exactly the query's strict words.

        Returns (score, phone index) pairs, best per phone. Leaving a family word out costs points
        only when the query names some brand or family: "14 pro" fits the iPhone and the Xiaomi
        alike, while "samsung s24" prefers a phone whose family it does not have to guess.
        """
        best: dict[int, float] = {}
        if all(len(t) == 1 for t in tokens):
            readings: Iterable[tuple[_Reading, ...]] = (tuple(t[0] for t in tokens),)
        else:
            readings = itertools.islice(itertools.product(*tokens), MAX_COMBINATIONS)
        for reading in readings:
            strict, names, soft = self._by_kind(w for words, _ in reading for w in words)
            edits = sum(cost for _, cost in reading)
            bucket = self._by_strict.get(_with_repeats(strict))
            if not bucket:
                continue
            ids: Iterable[int] = bucket
            if names and len(bucket) > 16:
                smallest = min(names, key=lambda w: len(self._postings[w]))
                ids = self._postings[smallest].intersection(bucket)
            base = FULL_SCORE - TYPO_COST * edits
            years = {w for w in soft if w.startswith(YEAR_MARK)}
            for e in ids:
                entry = self._entries[e]
                if not names <= entry.words or not years <= entry.soft:
                    continue  # a family or year the query names and the phone lacks
                score = base
                if names:
                    score -= WORD_COST * len(entry.names - names)
                    if entry.brand and not entry.brand & names:
                        score -= BRAND_COST
                if soft or entry.soft:
                    score -= SOFT_COST * len(soft ^ entry.soft)
                if score > best.get(entry.phone, -1.0):
                    best[entry.phone] = score
        return [(score, i) for i, score in best.items()]

    def _by_kind(self, words: Iterable[str]) -> tuple[list[str], set[str], set[str]]:
        """The strict words (repeats kept: "A11a"), the family words and the soft words among
        `words`; a word the catalog lacks (a year, 5G) counts as soft."""
        strict: list[str] = []
        names: set[str] = set()
        soft: set[str] = set()
        kind = self._kind
        for word in words:
            word_kind = kind.get(word, SOFT)
            if word_kind == STRICT:
                strict.append(word)
            elif word_kind == NAME:
                names.add(word)
            else:
                soft.add(word)
        return strict, names, soft

    def _decide(self, scored: list[tuple[float, int]]) -> tuple[Outcome, list[tuple[float, int]]]:
        """One answer when it leads the runner-up clearly, else a choice; best first."""
        launched = self._launched

        def order(pair: tuple[float, int]) -> tuple[float, int, int]:
            return (-pair[0], -launched[pair[1]], pair[1])

        ranked = heapq.nsmallest(MAX_CANDIDATES, scored, key=order)
        ranked = [(max(score, 0.0), i) for score, i in ranked]
        if len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= CLEAR_LEAD:
            return Outcome.FOUND, ranked
        return Outcome.AMBIGUOUS, ranked

    def _family(self, tokens: list[_Token]) -> list[tuple[float, int]]:
        """Phones of a family the query names without any model ("pixel", "samsung galaxy")."""
        words = [w for t in tokens if t.readings for w in t.readings[0][0]]
        if not words or any(not t.readings for t in tokens):
            return []
        if any(self._kind.get(w) != NAME for w in words):
            return []
        sets = sorted((self._postings[w] for w in words), key=len)
        common = sets[0].intersection(*sets[1:])
        phones = _unique(self._entries[e].phone for e in common)
        newest = sorted(phones, key=lambda i: -self._launched[i])[:MAX_CANDIDATES]
        return [(SUGGESTION_CEILING, i) for i in newest]

    def _nearest(self, query: str, tokens: list[_Token]) -> list[tuple[float, int]]:
        """Suggestions for a query that matches nothing: the phones that differ the least."""
        strict, names, _ = self._by_kind(w for t in tokens if t.readings for w in t.readings[0][0])
        query_strict = frozenset(strict)
        numbers = [int(t.text) for t in tokens if t.text.isdecimal()]
        scores: dict[int, float] = {}
        pool: Iterable[int] = ()
        unknown = any(t.readings is None and not t.text.isdecimal() for t in tokens)
        if names:  # the family the query names, however large, in bounded time
            rarest = min(names, key=lambda w: len(self._postings[w]))
            pool = itertools.islice(self._postings[rarest], NEAREST_POOL)
        elif strict and not unknown:  # one strict word away: "s30 ultra" -> S24 Ultra, S25 Ultra
            # (with a brand or family the catalog lacks, "nokia 3310", nothing is near)
            signatures = list(self._near.get(query_strict, ()))
            for word in query_strict:
                smaller = query_strict - {word}
                signatures.append(smaller)
                signatures.extend(self._near.get(smaller, ()))
            pool = itertools.islice(
                itertools.chain.from_iterable(self._by_strict.get(s, ()) for s in signatures),
                NEAREST_POOL,
            )
        query_words = frozenset(w for w in query_strict if not w.isdecimal())
        for e in pool:
            entry = self._entries[e]
            other_words = entry.strict.difference(str(n) for n in entry.numbers)
            score = SUGGESTION_CEILING - 6 * len(query_words ^ other_words)
            score -= 6 * len(names - entry.words) + 2 * len(entry.names - names)
            score -= _number_gap(numbers, entry.numbers)
            if score > scores.get(entry.phone, -100.0):
                scores[entry.phone] = score
        if not scores and names:
            known = [t for t in tokens if t.readings and set(t.readings[0][0]) <= names]
            for _, i in self._family(known)[:MAX_SUGGESTIONS]:
                scores[i] = SUGGESTION_CEILING / 2
        if not scores and self._fuzzy_names:
            found = process.extract(
                utils.default_process(query),
                self._fuzzy_names,
                scorer=fuzz.token_set_ratio,
                processor=None,
                limit=MAX_SUGGESTIONS,
                score_cutoff=50,
            )
            for _, score, i in found:
                scores[i] = score * SUGGESTION_CEILING / 200
        best = heapq.nsmallest(
            MAX_SUGGESTIONS, scores.items(), key=lambda s: (-s[1], -self._launched[s[0]])
        )
        return [(max(score, 1.0), i) for i, score in best]

    # -- free text ---------------------------------------------------------------------------------

    def mentions(self, text: str, limit: int = 5) -> list[Mention]:
        """Every phone a message names with certainty, in order of appearance, each once.

        Windows of consecutive catalog words are tried longest first at each position, so
        "xiaomi 14 pro" is the 14 Pro and not the 14; a window counts only when `find` would
        answer it with one phone and it holds a family word or a glued model ("s24").
        """
        tokens = self._query_tokens(text, MENTION)
        found: list[Mention] = []
        seen: set[int] = set()
        windows = _Windows()
        i = 0
        while i < len(tokens) and len(found) < limit and windows.budget > 0:
            hit = self._phone_at(tokens, i, windows)
            if hit is None:
                i += 1
                continue
            index, end = hit
            if index not in seen:
                seen.add(index)
                begin, finish = tokens[i].start, tokens[end - 1].end
                if text.count("(", begin, finish) > text.count(")", begin, finish):
                    finish += text.startswith(")", finish)  # "Phone (2)", not "Phone (2"
                found.append(Mention(self.phones[index], begin, finish, text[begin:finish]))
            i = end
        return found

    def _phone_at(self, tokens: list[_Token], i: int, windows: _Windows) -> tuple[int, int] | None:
        """The phone that the longest window of words from tokens[i] names with certainty, and
        where that window ends; None when no window starting there names one."""
        if not tokens[i].readings or _inside_word(tokens, i):
            return None
        stop = i
        longest = min(self._longest, MAX_WINDOW_WORDS)
        while stop < len(tokens) and stop - i < longest and tokens[stop].readings:
            stop += 1
            if stop < len(tokens) and tokens[stop].after_break:
                break
        for end in range(stop, i, -1):
            if _inside_word(tokens, end):
                continue  # "s23" of "s23u" is not the S23
            window = tokens[i:end]
            key = tuple((t.text, t.glued) for t in window)
            if key not in windows.seen:
                if windows.budget <= 0:
                    return None
                windows.budget -= 1
                windows.seen[key] = self._window_phone(window)
            phone = windows.seen[key]
            if phone is not None:
                return phone, end
        return None

    def _window_phone(self, window: list[_Token]) -> int | None:
        """The phone a run of words names with certainty, if any."""
        if not self._identifies(window):
            return None
        scored = self._score([t.readings for t in window])  # type: ignore[misc]
        if scored:
            outcome, ranked = self._decide(scored)
            if outcome is Outcome.FOUND:
                return ranked[0][1]
        return None

    def _identifies(self, window: list[_Token]) -> bool:
        """Whether a run of chat words can name a phone: more than a lone word or number, with a
        model written glued ("s24", "8a", "(2)"), three words or more with a number, or a family
        word that is not everyday English ("phone 2" alone is not enough)."""
        words = [w for t in window for w in t.readings[0][0]]  # type: ignore[index]
        if len(words) < 2:
            return False
        names = [n for n, w in enumerate(words) if self._kind.get(w) == NAME]
        if names and any(w.isdecimal() for w in words[: names[0]]):
            return False  # "2 pixel" of "I bought 2 pixel 8s": names put the family first
        if any(t.glued for t in window):
            return True
        if len(words) >= 3 and any(w.isdecimal() for w in words):  # "z fold 5", "15 pro max"
            return not all(w.isdecimal() for w in words)
        return any(self._kind.get(w) == NAME and w not in CHAT_NAMES for w in words)

    # -- autocomplete ------------------------------------------------------------------------------

    def suggest(self, text: str, limit: int = 25) -> list[Phone]:
        """Autocomplete: up to `limit` phones for partial input, best first.

        The last word may be unfinished ("xiaomi 1", "gal s2"); empty input lists the newest phones.
        The phones `find` would offer come first, then those that have every word typed in full,
        then the rest; within each, the fewest words beyond those typed, then the newest.
        """
        if limit <= 0:
            return []
        text = text[:MAX_QUERY_CHARS]
        words: list[str] = []
        for token in self._query_tokens(text, FIND, resolve=False):
            word = token.text
            if not word or (word in FILLER_WORDS and word not in self._kind):
                continue
            words.extend(self._unsqueeze(word) or (word,))
        if not words:
            return [self.phones[i] for i in self._newest[:limit]]
        # A repeated word narrows nothing down ("pro pro pro..."); the last one stays last.
        words = list(reversed(dict.fromkeys(reversed(words))))
        open_end = not text[-1:].isspace()
        last = len(words) - 1
        accepted = [self._completions(w, open_end and n == last) for n, w in enumerate(words)]
        if not all(accepted):
            return []
        # Start from the most telling word, then narrow down with each other one: by set
        # intersections (C speed) or, when a short prefix stands for many words ("p": pro,
        # plus...), by checking the few entries left (some 15 times dearer per entry).
        sizes = [sum(len(self._postings[w]) for w in choice) for choice in accepted]
        order = sorted(range(len(words)), key=sizes.__getitem__)
        candidates = set().union(*(self._postings[w] for w in accepted[order[0]]))
        for n in order[1:]:
            postings = [self._postings[w] for w in accepted[n]]
            if sum(min(len(p), len(candidates)) for p in postings) <= 15 * len(candidates):
                candidates = set().union(*(candidates.intersection(p) for p in postings))
            else:
                candidates = {e for e in candidates if self._has_any(e, accepted[n])}
        typed_in_full = [w for w in words if w in self._postings]

        _, ranked = self._find(" ".join(words), suggestions=False)  # "pro pro" reads as "pro"
        first = [i for _, i in ranked]
        complete: set[int] = set()  # entries with every word typed in full
        if len(typed_in_full) == len(words):
            complete = candidates.intersection(*(self._postings[w] for w in typed_in_full))
        wanted = 4 * limit  # entries, several of which may be one phone's aliases
        ordered = itertools.chain(
            self._first_ranked(complete, wanted),
            self._first_ranked(candidates, wanted),
            self._first_ranked(candidates, len(candidates)),  # when aliases crowd the first
        )
        result = _unique(itertools.chain(first, (self._entries[e].phone for e in ordered)), limit)
        return [self.phones[i] for i in result]

    def _first_ranked(self, entries: set[int], count: int) -> Iterable[int]:
        """The first `count` of `entries` in autocomplete order."""
        if len(entries) > 1000:  # many: walk the order until enough of them turned up
            return itertools.islice((e for e in self._browse if e in entries), count)
        return heapq.nsmallest(count, entries, key=self._rank.__getitem__)

    def _completions(self, word: str, last: bool) -> frozenset[str]:
        """The catalog words `word` may be: itself, a word it begins (when being typed, or when
        it has two letters or more: "gal s2"), else its typo corrections."""
        found: set[str] = set()
        if word in self._postings:
            found.add(word)
        if last or (word.isalpha() and len(word) >= 2):
            found.update(self._words_starting(word))
        if not found and word.isalpha():
            for reading, _ in self._resolve(word, FIND) or ():
                if len(reading) == 1 and reading[0] in self._postings:
                    found.add(reading[0])
        return frozenset(found)

    def _has_any(self, e: int, words: frozenset[str]) -> bool:
        entry = self._entries[e]
        return not (
            words.isdisjoint(entry.strict)
            and words.isdisjoint(entry.words)
            and words.isdisjoint(entry.soft)
        )

    # -- tokens ------------------------------------------------------------------------------------

    def _query_tokens(self, text: str, mode: int, resolve: bool = True) -> list[_Token]:
        """Split what someone typed into tokens with their spans and catalog readings."""
        text = _POSSESSIVE.sub("  ", text)
        tokens = [_Token(*piece) for piece in itertools.islice(_split(text), MAX_MESSAGE_WORDS)]
        tokens = self._join_split_words(tokens)
        _drop_units(tokens, mode)
        for before, token in itertools.pairwise(tokens):
            token.after_break = _BREAK.search(text, before.end, token.start) is not None
        if resolve:
            spaced = len(tokens) > 1 and any(c.isspace() for c in text.strip())
            for token in tokens:
                if token.readings is None and token.text:
                    readings = self._token_readings(token, mode)
                    if readings and spaced and not token.glued:
                        readings = _doubt_split_letters(readings)
                    token.readings = readings
        return tokens

    def _words_starting(self, prefix: str) -> Iterator[str]:
        """The catalog words that begin with `prefix` (itself included), in order."""
        words = self._sorted_words
        for at in range(bisect.bisect_left(words, prefix), len(words)):
            if not words[at].startswith(prefix):
                return
            yield words[at]

    def _unsqueeze(self, word: str) -> tuple[str, ...] | None:
        """The catalog words a squeezed word is made of ("promax": pro, max); None for a catalog
        word, for the start of one (still being typed: "pr" is not p + r) and for no split."""
        if word in self._kind or not word.isalpha():
            return None
        if next(self._words_starting(word), None) is not None:
            return None
        return self._segment(word)

    def _token_readings(self, token: _Token, mode: int) -> _Readings | None:
        word = token.text
        if mode == MENTION and not token.glued and word in ("a", "i"):
            return None  # English, not the "a" of a Pixel 8a
        if mode == FIND and word in FILLER_WORDS and word not in self._kind:
            return ()
        return self._resolve(word, mode)

    def _resolve(self, word: str, mode: int) -> _Readings | None:
        """The catalog words `word` may stand for, with their edit counts; None if none."""
        if len(word) > MAX_SEGMENT_WORDS * self._longest_word:
            return self._compute_readings(word, mode)  # cheap to refuse, costly to remember
        key = (word, mode)
        cached = self._resolved.get(key, False)
        if cached is not False:
            return cached  # type: ignore[return-value]
        return _remember(self._resolved, key, self._compute_readings(word, mode))

    def _compute_readings(self, word: str, mode: int) -> _Readings | None:
        readings: list[_Reading] = []
        if word in self._kind:
            readings.append(((word,), 0))
        elif word in SOFT_WORDS or word.startswith(YEAR_MARK):
            return (((word,), 0),)
        elif _SQUEEZED_NETWORK.match(word):
            number = word[:-1]
            readings += [((number, "g"), 0), ((number[:-1], number[-1] + "g"), 0)]
        elif word.isalpha():
            parts = self._unsqueeze(word)
            if parts:
                readings.append((parts, 0))
            readings.extend(((w,), d) for w, d in self._corrections(word, mode))
        for synonym in BRAND_SYNONYMS.get(word, ()):
            if synonym in self._kind:
                readings.append(((synonym,), 0))
        return tuple(readings) or None

    def _corrections(self, word: str, mode: int) -> list[tuple[str, int]]:
        """Catalog words within a typo of `word` (OSA distance, so a swap is one edit)."""
        size = len(word)
        if mode == MENTION:
            if size < 5 or word in CHAT_WORDS:
                return []
            allowed = 2 if size >= 9 else 1
        else:
            if size < 3:
                return []
            allowed = 2 if size >= 8 else 1
        if size > self._longest_word + allowed:
            return []  # longer than any catalog word plus the typos allowed: a typo of none
        found: set[str] = set()
        for variant in itertools.chain((word,), _deletions(word, allowed)):
            found.update(self._deletes.get(variant, ()))
        best: list[tuple[str, int]] = []
        for candidate in found:
            if mode == MENTION and candidate + "s" == word:
                continue  # a plural, not a typo
            distance = OSA.distance(word, candidate, score_cutoff=allowed)
            if distance > allowed:
                continue
            if best and distance > best[0][1]:
                continue
            if best and distance < best[0][1]:
                best.clear()
            best.append((candidate, distance))
        best.sort()
        if size == 3 and len(best) > 1:  # "prp" is "pro"; "mxx" could be "max" or "mix": a swap
            best = [(w, d) for w, d in best if sorted(w) == sorted(word)]
        return best

    def _segment(self, word: str) -> tuple[str, ...] | None:
        """Split a squeezed word ("promax", "galaxys", "zflip") into catalog words.

        The split with the fewest words wins; at most four words, at most one of them a single
        letter, so "pixle" is not read as p + i + xl + e.
        """
        if word in self._segments:
            return self._segments[word]
        size = len(word)
        if size > MAX_SEGMENT_WORDS * self._longest_word:
            return None  # more letters than four catalog words hold: not worth remembering
        best: list[tuple[str, ...] | None] = [None] * (size + 1)
        best[0] = ()
        for end in range(1, size + 1):
            for begin in range(max(0, end - self._longest_word), end):
                before = best[begin]
                piece = word[begin:end]
                if (
                    before is None
                    or len(before) >= MAX_SEGMENT_WORDS
                    or self._kind.get(piece, SOFT) == SOFT
                ):
                    continue
                if len(piece) == 1 and any(len(p) == 1 for p in before):
                    continue
                current = best[end]
                if current is None or len(before) + 1 < len(current):
                    best[end] = (*before, piece)
        parts = best[size]
        return _remember(self._segments, word, parts if parts and len(parts) >= 2 else None)

    def _join_split_words(self, tokens: list[_Token]) -> list[_Token]:
        """Join words typed apart that the catalog writes as one ("one plus" is OnePlus)."""
        vocabulary = self._kind
        joined: list[_Token] = []
        for token in tokens:
            if (  # "1+ 12" is the OnePlus 12
                len(joined) == 1
                and joined[0].text == "1"
                and token.text == "plus"
                and token.start == joined[0].end
                and "oneplus" in vocabulary
            ):
                joined[0] = _Token("oneplus", joined[0].start, token.end, False)
                continue
            if joined:
                previous = joined[-1]
                both = previous.text + token.text
                if (
                    not previous.glued
                    and not token.glued
                    and previous.text.isalpha()
                    and token.text.isalpha()
                    and both in vocabulary
                    and len(both) >= 4
                    and (
                        previous.text not in vocabulary
                        or token.text not in vocabulary
                        or both in self._brand_words
                    )
                ):
                    joined[-1] = _Token(both, previous.start, token.end, previous.glued)
                    continue
            joined.append(token)
        return joined


def _word_kinds(names: list[_Name], brand_words: frozenset[str]) -> dict[str, int]:
    """Every catalog word's kind. A family word becomes strict when leaving it out names
    another phone ("Galaxy S6" and "Galaxy S6 Edge" make *edge* strict)."""
    kind: dict[str, int] = {}
    wholes: list[frozenset[str]] = []  # each name's words with its brand's
    shapes: defaultdict[frozenset[str], set[int]] = defaultdict(set)  # those words: phones
    for i, tokens, brand, _ in names:
        for word in itertools.chain(tokens, brand):
            if word not in kind:
                kind[word] = _static_kind(word, word in brand_words)
        whole = brand.union(tokens)
        wholes.append(whole)
        shapes[whole].add(i)
    for (i, tokens, _, _), whole in zip(names, wholes, strict=True):
        for word in tokens:
            if kind[word] == NAME and word not in brand_words:
                others = shapes.get(whole - {word})
                if others and others - {i}:
                    kind[word] = STRICT
    return kind


def _interner() -> Callable[[Iterable[str]], frozenset[str]]:
    """A function giving one shared frozenset per distinct set of words: thousands of entries
    have the same few strict, family and brand sets."""
    interned: dict[frozenset[str], frozenset[str]] = {}

    def intern(words: Iterable[str]) -> frozenset[str]:
        value = frozenset(words)
        return interned.setdefault(value, value)

    return intern


def _near_sets(
    by_strict: dict[frozenset[str], list[int]],
    intern: Callable[[Iterable[str]], frozenset[str]],
) -> dict[frozenset[str], list[frozenset[str]]]:
    """For "did you mean": each strict set less one word, and the strict sets it came from."""
    near: defaultdict[frozenset[str], list[frozenset[str]]] = defaultdict(list)
    for strict in by_strict:
        for word in strict:
            near[intern(strict - {word})].append(strict)
    return dict(near)


def _typo_table(kind: dict[str, int]) -> dict[str, list[str]]:
    """Catalog words by themselves less one letter (two from eight letters on): a typo of a word
    shares one of these with it (symmetric delete)."""
    deletes: defaultdict[str, list[str]] = defaultdict(list)
    for word, word_kind in kind.items():
        if word_kind != SOFT and word.isalpha() and len(word) >= 3:
            deletes[word].append(word)
            for variant in _deletions(word, 2 if len(word) >= 8 else 1):
                deletes[variant].append(word)
    return dict(deletes)


def _remember(memo: dict[_K, _V], key: _K, value: _V) -> _V:
    """Store `value` in a memo table, emptying the table first when it is full: typed words
    never seen before (typos, chat) would otherwise grow it without end."""
    if len(memo) >= MEMO_SIZE:
        memo.clear()
    memo[key] = value
    return value


def _number_gap(numbers: list[int], theirs: tuple[int, ...]) -> float:
    """How far apart the model numbers are, as a penalty: S30 is nearer the S26 than the S10."""
    if not numbers:
        return 0.0
    if not theirs:
        return 14.0  # further than any numbered model
    gap = min(abs(a - b) for a in numbers for b in theirs)
    near = 0.0 if gap == 0 else 6 + min(gap, 10) * 0.6
    return near + 2 * abs(len(numbers) - len(theirs))


def _unique(items: Iterable[int], limit: int | None = None) -> list[int]:
    seen: set[int] = set()
    result: list[int] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            result.append(item)
            if limit is not None and len(result) >= limit:
                break
    return result


def _static_kind(word: str, is_brand: bool) -> int:
    if word in SOFT_WORDS or word.startswith(YEAR_MARK):
        return SOFT
    if is_brand or word in SHORT_NAME_WORDS:
        return NAME
    if word.isdecimal() or len(word) <= 2 or word in VARIANT_WORDS or _ROMAN.match(word):
        return STRICT
    return NAME


def _split(text: str) -> Iterator[tuple[str, int, int, bool]]:
    """Words of `text` as (word, start, end, glued): letters and digits apart, "+" as "plus",
    "1st" as 1, "5G" as one word, a year on its own ("Razr (2019)") marked as a year."""
    for chunk_match in _CHUNK.finditer(text):
        chunk = chunk_match.group()
        start = chunk_match.start()
        if chunk == "+":
            yield "plus", start, start + 1, True
            continue
        if chunk.isalpha() or chunk.isdecimal():
            word = _fold(chunk)
            if _YEAR.match(word):
                word = YEAR_MARK + word
            glued = start > 0 and text[start - 1] in "-("
            yield word, start, chunk_match.end(), glued
            continue
        pieces = [  # no more than a message's words: "a1b2c3..." may hold thousands
            (_fold(p.group()), start + p.start(), start + p.end())
            for p in itertools.islice(_PIECE.finditer(chunk), MAX_MESSAGE_WORDS)
        ]
        for word, begin, end in _join_network_words(_drop_ordinals(pieces)):
            yield word, begin, end, True


def _catalog_tokens(text: str) -> list[str]:
    """The words of a catalog name, in order; "A325G" (never written so) is A 325 G."""
    tokens: list[str] = []
    for word, _, _, _ in _split(text):
        if _SQUEEZED_NETWORK.match(word):
            tokens.extend((word[:-1], "g"))
        else:
            tokens.append(word)
    return tokens


def _inside_word(tokens: list[_Token], n: int) -> bool:
    """Whether tokens[n] continues the word before it ("u" in "s23u"); "+" may stand apart."""
    if n <= 0 or n >= len(tokens):
        return False
    token = tokens[n]
    return token.start == tokens[n - 1].end and token.text != "plus"


def _doubt_split_letters(readings: _Readings) -> _Readings:
    """In a query typed with spaces, "tuzezoss" is a typo of "tuzezos" before it is "tuzezos s":
    a split that leaves a lone letter costs two edits there (not in "galaxys24" or "iphonex")."""
    return tuple(
        (words, cost + 2) if len(words) > 1 and any(len(w) == 1 for w in words) else (words, cost)
        for words, cost in readings
    )


def _with_repeats(words: Iterable[str]) -> frozenset[str]:
    """A set that still tells "A11a" (a, 11, a) from "A11" (a, 11): repeats get numbered."""
    seen: dict[str, int] = {}
    marked: list[str] = []
    for word in words:
        count = seen.get(word, 0) + 1
        seen[word] = count
        marked.append(word if count == 1 else f"{word}#{count}")
    return frozenset(marked)


def _drop_ordinals(pieces: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """ "1st" is 1: the suffix of an ordinal is not a word of its own."""
    kept: list[tuple[str, int, int]] = []
    for word, start, end in pieces:
        if word in _ORDINAL_SUFFIXES and kept and kept[-1][0].isdecimal():
            number, begin, _ = kept[-1]
            kept[-1] = (number, begin, end)
            continue
        kept.append((word, start, end))
    return kept


def _join_network_words(pieces: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """ "5G" glued to a name is the network, not model 5 variant G ("Z Flip 5G", "flip5g")."""
    joined: list[tuple[str, int, int]] = []
    for word, start, end in pieces:
        if word == "g" and joined and joined[-1][0][-1:] in ("3", "4", "5"):
            number, begin, _ = joined[-1]
            joined[-1] = (number + "g", begin, end)
            continue
        joined.append((word, start, end))
    return joined


def _drop_units(tokens: list[_Token], mode: int) -> None:
    """Storage and other quantities ("256GB", "5000 mAh") are not part of a phone's name."""
    for n in range(1, len(tokens)):
        if tokens[n].text in UNIT_WORDS and tokens[n - 1].text.isdecimal():
            for token in (tokens[n - 1], tokens[n]):
                token.text = ""  # no reading: skipped by `find`, ends a window in a message
                token.readings = () if mode == FIND else None


def _deletions(word: str, depth: int) -> set[str]:
    found: set[str] = set()
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))} - found
        found |= frontier
    return found
