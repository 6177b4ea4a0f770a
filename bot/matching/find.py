"""Finding the one phone a query names, scoring the candidates, and suggestions."""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process, utils

from bot.matching.reading import (
    Reading,
)
from bot.matching.tokens import (
    BRAND_COST,
    CLEAR_LEAD,
    FIND,
    FULL_SCORE,
    FUZZY_CUTOFF,
    MAX_CANDIDATES,
    MAX_COMBINATIONS,
    MAX_MIXED,
    MAX_QUERY_CHARS,
    MAX_SUGGESTIONS,
    MIN_CODE_PREFIX,
    NAME,
    NEAREST_POOL,
    NETWORK_WORDS,
    SOFT,
    SOFT_COST,
    STRICT,
    SUGGESTION_CEILING,
    TYPO_COST,
    WORD_COST,
    YEAR_MARK,
    _Reading,
    _Readings,
    _Token,
    _unique,
    _with_repeats,
    exact_key,
)

if TYPE_CHECKING:
    from bot.matching.index import _Entry
    from bot.models import Phone


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


class Finding(Reading):
    """`find` and `identify`."""

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

    def is_family_word(self, word: str) -> bool:
        """Whether a (lower-case) word is a brand or family word of the catalog ("pixel")."""
        return self._kind.get(word) == NAME

    def _find(self, query: str, suggestions: bool) -> tuple[Outcome, list[tuple[float, int]]]:
        text = query[:MAX_QUERY_CHARS]
        key = exact_key(text)
        if not key:
            return Outcome.NOT_FOUND, []
        hit = self._exact.get(key)
        if isinstance(hit, int):  # a name or alias of one phone: exact wins over fuzzy
            return Outcome.FOUND, [(FULL_SCORE, hit)]
        coded = self._codes.get(key)
        if coded:  # a model number or codename: one phone, or a choice of those sharing it
            found = Outcome.FOUND if len(coded) == 1 else Outcome.AMBIGUOUS
            return found, [(FULL_SCORE, i) for i in coded[:MAX_CANDIDATES]]

        tokens = [t for t in self._query_tokens(text, FIND) if t.readings != ()]
        if not tokens:
            return Outcome.NOT_FOUND, []
        if all(t.readings for t in tokens):
            names_only = all(  # every reading of every word a brand or family word (never
                self._kind.get(w) == NAME and w not in self._mixed  # strict in some name)
                for t in tokens
                for ws, _ in t.readings
                for w in ws  # type: ignore[union-attr]
            )
            family = self._family(tokens) if names_only else []
            if len(family) > 1:  # "iphone", "galaxy note": a family, not one phone of it
                return Outcome.AMBIGUOUS, family
            scored = self._score([t.readings for t in tokens])  # type: ignore[misc]
            if scored:
                return self._decide(scored)
            family = family or self._family(tokens)
            if family:
                return Outcome.AMBIGUOUS, family
            renamed = self._renamed(tokens)
            if renamed:
                return Outcome.FOUND, renamed
        if not suggestions:
            return Outcome.NOT_FOUND, []
        return Outcome.NOT_FOUND, self._sibling_code(key) or self._nearest(text, tokens)

    def _sibling_code(self, key: str) -> list[tuple[float, int]]:
        """The phone a model number the catalog lacks is plausibly a variant of: "SM-S928B"
        beside the catalog's "SM-S928U1" (the same code but for its last one or two letters or
        digits), only when every code so begun is that one phone's ("iPhone15,9" begins the
        codes of several iPhones: none is suggested)."""
        if not (any(c.isdigit() for c in key) and any(c.isalpha() for c in key)):
            return []
        codes = self._code_list
        for prefix in (key[:-1], key[:-2]):
            if len(prefix) < MIN_CODE_PREFIX or not any(c.isdigit() for c in prefix):
                break
            phones: set[int] = set()
            for code in codes[bisect.bisect_left(codes, prefix) :][:MAX_CANDIDATES]:
                if not code.startswith(prefix):
                    break
                phones.update(self._codes[code])
            if len(phones) == 1:
                return [(SUGGESTION_CEILING, phones.pop())]
            if phones:
                break
        return []

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
            read_strict, read_names, soft = self._by_kind(w for words, _ in reading for w in words)
            edits = sum(cost for _, cost in reading)
            for strict, names in self._either_way(read_strict, read_names):
                self._score_reading(strict, names, soft, edits, best)
        return [(score, i) for i, score in best.items()]

    def _either_way(
        self, strict: list[str], names: set[str]
    ) -> Iterator[tuple[list[str], set[str]]]:
        """The query's strict and family words, and the same with each mixed word (strict in
        some names only: "find" of "Find N3") read as strict; at most MAX_MIXED such words."""
        yield strict, names
        mixed = sorted(names & self._mixed)[:MAX_MIXED]
        for size in range(1, len(mixed) + 1):
            for moved in itertools.combinations(mixed, size):
                yield [*strict, *moved], names.difference(moved)

    def _score_reading(
        self,
        strict: list[str],
        names: set[str],
        soft: set[str],
        edits: int,
        best: dict[int, float],
    ) -> None:
        """Score the phones one reading of the query fits into `best` (phone: best score)."""
        bucket = self._by_strict.get(_with_repeats(strict))
        if not bucket:
            return
        ids: Iterable[int] = bucket
        if names and len(bucket) > 16:
            smallest = min(names, key=lambda w: len(self._postings[w]))
            ids = self._postings[smallest].intersection(bucket)
        base = FULL_SCORE - TYPO_COST * edits
        years = {w for w in soft if w.startswith(YEAR_MARK)}
        networks = soft & NETWORK_WORDS
        for e in ids:
            entry = self._entries[e]
            if not names <= entry.words or not years <= entry.soft:
                continue  # a family or year the query names and the phone lacks
            if not strict and not entry.names <= names:
                continue  # "iphone" alone is the family, not the iPhone Air
            if networks and not networks <= (
                entry.soft & NETWORK_WORDS or self._networks[entry.phone]
            ):
                continue  # "galaxy s10 5g" is never the S10: a variant is another phone
            score = base
            if names:
                score -= WORD_COST * len(entry.names - names)
                if entry.brand and not entry.brand & names:
                    score -= BRAND_COST
            if soft or entry.soft:
                score -= SOFT_COST * len(soft ^ entry.soft)
            if score > best.get(entry.phone, -1.0):
                best[entry.phone] = score

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

    def _renamed(self, tokens: list[_Token]) -> list[tuple[float, int]]:
        """A phone sold beside a numbered generation under a name without the number, as people
        still call it: "iphone 17 air" is the iPhone Air, launched with the iPhone 17. Never a
        numberless phone of another year ("pixel 11 fold" is not the Pixel Fold)."""
        numbers = [t for t in tokens if t.text.isdecimal()]
        rest = [t.readings for t in tokens if not t.text.isdecimal()]
        if len(numbers) != 1 or not rest or not all(rest):
            return []
        if any(self._kind.get(w) != NAME for r in rest for ws, _ in r for w in ws):  # type: ignore[union-attr]
            return []  # only brand and family words besides the number: "iphone 17 air"
        scored = self._score(rest)  # type: ignore[arg-type]
        if not scored:
            return []
        outcome, ranked = self._decide(scored)
        phone = ranked[0][1]
        if outcome is not Outcome.FOUND or self._numbered[phone]:
            return []
        day, brand = self._launched[phone], self.phones[phone].brand
        siblings = itertools.islice(self._postings.get(numbers[0].text, ()), NEAREST_POOL)
        for e in siblings:
            other = self._entries[e].phone
            if self.phones[other].brand == brand and abs(self._launched[other] - day) <= 62:
                return [(FULL_SCORE - TYPO_COST, phone)]
        return []

    def _fuzzy_scan(self, query: str) -> list[tuple[float, int]]:
        """The names of a small catalog nearest a query that found nothing else: a
        `fuzz.token_set_ratio` of FUZZY_CUTOFF or more, best first, at most MAX_SUGGESTIONS.

        That ratio of two texts without a word in common is the plain ratio of their words,
        sorted and each once. So the names within reach of such a query (a random word) are
        found first by `fuzz.ratio` against those forms, computed at build, which is 8x faster
        than the full scan (1 ms at 1,316 names); only they are then scored as before, in
        their order, so the results are the same."""
        processed = utils.default_process(query)
        words = set(processed.split())
        chosen = range(len(self._fuzzy_names))
        if not words & self._fuzzy_words:
            near = process.extract(
                " ".join(sorted(words)),
                self._fuzzy_sets,
                scorer=fuzz.ratio,
                processor=None,
                limit=None,
                score_cutoff=FUZZY_CUTOFF - 0.1,  # (the two differ in the last bit at most)
            )
            chosen = sorted(i for _, _, i in near)
        found = process.extract(
            processed,
            [self._fuzzy_names[i] for i in chosen],
            scorer=fuzz.token_set_ratio,
            processor=None,
            limit=MAX_SUGGESTIONS,
            score_cutoff=FUZZY_CUTOFF,
        )
        return [(score, chosen[at]) for _, score, at in found]

    def _nearest(self, query: str, tokens: list[_Token]) -> list[tuple[float, int]]:
        """Suggestions for a query that matches nothing: the phones that differ the least."""
        strict, names, _ = self._by_kind(w for t in tokens if t.readings for w in t.readings[0][0])
        query_strict = frozenset(strict)
        numbers = sorted({int(t.text) for t in tokens if t.text.isdecimal()})  # each once
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
        apart: dict[frozenset[str], tuple[int, float]] = {}  # per strict set (many share one)
        for e in pool:
            entry = self._entries[e]
            known = apart.get(entry.strict)
            if known is None:
                known = apart[entry.strict] = _strict_gap(query_words, numbers, entry)
            words_apart, gap = known
            score = SUGGESTION_CEILING - words_apart
            score -= 6 * len(names - entry.words) + 2 * len(entry.names - names)
            score -= gap
            if score > scores.get(entry.phone, -100.0):
                scores[entry.phone] = score
        if not scores and names:
            known = [t for t in tokens if t.readings and set(t.readings[0][0]) <= names]
            for _, i in self._family(known)[:MAX_SUGGESTIONS]:
                scores[i] = SUGGESTION_CEILING / 2
        if not scores and self._fuzzy_names and len(tokens) <= self._longest + 1:
            # (more words than any name has, plus one, are not a misspelt name: no fuzzy scan)
            for score, i in self._fuzzy_scan(query):
                scores[i] = score * SUGGESTION_CEILING / 200
        best = heapq.nsmallest(
            MAX_SUGGESTIONS, scores.items(), key=lambda s: (-s[1], -self._launched[s[0]])
        )
        return [(max(score, 1.0), i) for i, score in best]


def _strict_gap(words: frozenset[str], numbers: list[int], entry: _Entry) -> tuple[int, float]:
    """How far a name's strict words are from the query's: words that differ (as a penalty),
    and numbers (`_number_gap`)."""
    other_words = entry.strict.difference(str(n) for n in entry.numbers)
    return 6 * len(words ^ other_words), _number_gap(numbers, entry.numbers)


def _number_gap(numbers: list[int], theirs: tuple[int, ...]) -> float:
    """How far apart the model numbers are, as a penalty: S30 is nearer the S26 than the S10."""
    if not numbers:
        return 0.0
    if not theirs:
        return 14.0  # further than any numbered model
    gap = min(abs(a - b) for a in numbers for b in theirs)
    near = 0.0 if gap == 0 else 6 + min(gap, 10) * 0.6
    return near + 2 * abs(len(numbers) - len(theirs))
