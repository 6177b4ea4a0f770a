"""Building the index: every catalog word's kind, the entries and the look-up tables."""

from __future__ import annotations

import datetime as dt
import gc
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Self

from rapidfuzz import utils

from bot.matching.tokens import (
    _ROMAN,
    FUZZY_FALLBACK_LIMIT,
    NAME,
    NETWORK_WORDS,
    SHORT_NAME_WORDS,
    SOFT,
    SOFT_WORDS,
    STRICT,
    TYPO_PREFIX,
    VARIANT_WORDS,
    YEAR_MARK,
    _catalog_tokens,
    _deletions,
    _Memo,
    _memo,
    _Readings,
    _with_repeats,
    exact_key,
)

if TYPE_CHECKING:
    from bot.models import Phone


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


class IndexData:
    """Everything needed to find phones quickly, computed once per catalog by `build`.

    Immutable once built, apart from two bounded memo tables (how a typed word reads, how a
    squeezed word splits) that only ever add answers computed from the immutable part.
    """

    def __init__(self, phones: Sequence[Phone]) -> None:
        # Use PhoneIndex.build(); the constructor only sets the empty structures up.
        self.phones: tuple[Phone, ...] = tuple(phones)
        self._entries: list[_Entry] = []  # every name and alias, tokenised
        self._exact: dict[str, int | tuple[int, ...]] = {}  # squashed name or alias: phone(s)
        self._codes: dict[str, tuple[int, ...]] = {}  # model number, codename: phones
        self._code_list: list[str] = []  # those keys in order, for variants' prefixes
        self._networks: list[frozenset[str]] = []  # phone: the networks its data says it has
        self._numbered: list[bool] = []  # phone: whether its name holds a number
        self._kind: dict[str, int] = {}  # every catalog word: STRICT, NAME or SOFT
        self._mixed: frozenset[str] = frozenset()  # family words strict in some names only
        self._brand_words: frozenset[str] = frozenset()
        self._by_strict: dict[frozenset[str], list[int]] = {}  # strict words: entries
        self._strict_repeats: dict[str, int] = {}  # strict word: most times in one name
        self._most_strict: int = 0  # most strict words in one name
        self._postings: dict[str, set[int]] = {}  # word: entries containing it
        self._near: dict[frozenset[str], list[frozenset[str]]] = {}  # strict set less one word
        self._deletes: dict[str, list[str]] = {}  # word less a letter or two: catalog words
        self._typo_prefixes: frozenset[str] = frozenset()  # how those keys begin
        self._sorted_words: list[str] = []  # for prefixes
        self._newest: list[int] = []  # phones, newest first
        self._browse: list[int] = []  # entries, shortest then newest first
        self._rank: list[int] = []  # entry: its position in _browse
        self._launched: list[int] = []  # phone: launch day ordinal
        self._fuzzy_names: list[str] = []  # small catalogs: names for fuzzy suggestions
        self._fuzzy_words: frozenset[str] = frozenset()  # the words of those names
        self._fuzzy_sets: list[str] = []  # those names' words, sorted and each once
        self._longest: int = 1  # most words in a name, for free-text windows
        self._longest_word: int = 1  # letters in the longest catalog word
        self._resolved: _Memo[tuple[str, int], _Readings | None] = _memo()
        self._segments: _Memo[str, tuple[str, ...] | None] = _memo()

    # -- building ----------------------------------------------------------------------------------

    @classmethod
    def build(cls, phones: Sequence[Phone]) -> Self:
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
        kind, distinct, self._mixed = _word_kinds(names, self._brand_words)
        self._kind = kind
        # Models and aliases with a family word ("Galaxy S24", "Mate 60 Pro") are exact keys
        # without the brand too; "14 Pro" is not, as it could be the iPhone's as well, nor is a
        # lone family word ("Pixel"): "pixel" alone asks for the family.
        for i, tokens, _, key in names:
            if any(kind[t] == NAME for t in tokens) and len(tokens) > 1:
                exact[key].add(i)
        self._exact = {
            key: next(iter(ids)) if len(ids) == 1 else tuple(sorted(ids))
            for key, ids in exact.items()
        }
        self._codes = _code_keys(self.phones, self._exact)
        self._code_list = sorted(self._codes)
        named: defaultdict[int, set[str]] = defaultdict(set)  # networks the names give
        for i, tokens, _, _ in names:
            named[i].update(NETWORK_WORDS.intersection(tokens))
        self._networks = [
            frozenset(named[i]) if named[i] else _networks(phone)
            for i, phone in enumerate(self.phones)
        ]
        numbered = {i for i, tokens, _, _ in names if any(t.isdecimal() for t in tokens)}
        self._numbered = [i in numbered for i in range(len(self.phones))]
        intern = _interner()
        self._add_entries(names, distinct, intern)
        self._near = _near_sets(self._by_strict, intern)
        self._deletes = _typo_table(kind)
        self._typo_prefixes = frozenset(
            key[:TYPO_PREFIX] for key in self._deletes if len(key) >= TYPO_PREFIX
        )
        self._sorted_words = sorted(kind)
        self._longest_word = max(map(len, kind), default=1)
        self._order()
        if len(self.phones) <= FUZZY_FALLBACK_LIMIT:
            self._fuzzy_names = [utils.default_process(p.name) for p in self.phones]
            self._fuzzy_words = frozenset(w for name in self._fuzzy_names for w in name.split())
            self._fuzzy_sets = [" ".join(sorted(set(name.split()))) for name in self._fuzzy_names]

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
        self,
        names: list[_Name],
        distinct: list[frozenset[str]],
        intern: Callable[[Iterable[str]], frozenset[str]],
    ) -> None:
        """One `_Entry` per name, and the look-ups from strict words and from any word to them.
        `distinct`: per name, the family words that are strict in that name alone."""
        kind = self._kind
        numbers: dict[frozenset[str], tuple[int, ...]] = {}
        by_strict: defaultdict[frozenset[str], list[int]] = defaultdict(list)
        postings: defaultdict[str, set[int]] = defaultdict(set)
        entries = self._entries
        for (i, tokens, brand, _), own in zip(names, distinct, strict=True):
            strict = intern(_with_repeats(t for t in tokens if kind[t] == STRICT or t in own))
            family = intern(t for t in tokens if kind[t] == NAME and t not in own)
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
        for key in self._by_strict:
            self._most_strict = max(self._most_strict, len(key))
            for marked in key:
                word, _, repeat = marked.partition("#")
                count = int(repeat or 1)
                if count > self._strict_repeats.get(word, 0):
                    self._strict_repeats[word] = count

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


def _word_kinds(
    names: list[_Name], brand_words: frozenset[str]
) -> tuple[dict[str, int], list[frozenset[str]], frozenset[str]]:
    """Every catalog word's kind, and the family words that are strict in some names only.

    A family word is strict in a name when leaving it out names another phone: "Galaxy S6" and
    "Galaxy S6 Edge" make *edge* strict in "Galaxy S6 Edge". The rule holds per name, not for
    the word everywhere: the 2014 OPPO N3 makes *find* strict in "Find N3" ("find n3" must not
    be the N3), yet "x7u" is still the Find X7 Ultra. A word strict in every name holding it is
    a strict word; one strict in some names only is "mixed" (a family word elsewhere), and the
    query reads it both ways. Returns the kinds, each name's own strict words, and the mixed
    words.
    """
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
    distinct: list[frozenset[str]] = []
    promoted: set[str] = set()  # strict in some name
    kept: set[str] = set()  # a family word in some name
    for (i, tokens, _, _), whole in zip(names, wholes, strict=True):
        own: set[str] = set()
        for word in tokens:
            if kind[word] != NAME or word in brand_words:
                continue
            others = shapes.get(whole - {word})
            if others and others - {i}:
                own.add(word)
            else:
                kept.add(word)
        promoted.update(own)
        distinct.append(frozenset(own))
    for word in promoted - kept:
        kind[word] = STRICT
    return kind, distinct, frozenset(promoted & kept)


FIRST_5G_PHONES = dt.date(2019, 4, 1)


def _code_keys(
    phones: Sequence[Phone], names: dict[str, int | tuple[int, ...]]
) -> dict[str, tuple[int, ...]]:
    """Model numbers ("SM-S928B"), machine identifiers ("iPhone15,2") and codenames ("husky")
    as exact keys; a name or alias spelt the same keeps its meaning."""
    codes: defaultdict[str, set[int]] = defaultdict(set)
    for i, phone in enumerate(phones):
        for code in (*phone.model_numbers, *phone.identifiers, *phone.codenames):
            key = exact_key(code)
            if key and key not in names:
                codes[key].add(i)
    return {key: tuple(sorted(ids)) for key, ids in codes.items()}


def _networks(phone: Phone) -> frozenset[str]:
    """The networks a phone may have when none of its names names one: what its data says,
    else no 5G before the first 5G phones (April 2019), else any."""
    # `five_g` arrives with the data issue's schema; until then no phone's data says.
    five_g = getattr(phone.connectivity, "five_g", None)
    if five_g is None and phone.launched < FIRST_5G_PHONES:
        five_g = False
    if five_g is None:
        return NETWORK_WORDS
    return frozenset({"5g"}) if five_g else NETWORK_WORDS - {"5g"}


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


def _static_kind(word: str, is_brand: bool) -> int:
    if word in SOFT_WORDS or word.startswith(YEAR_MARK):
        return SOFT
    if is_brand or word in SHORT_NAME_WORDS:
        return NAME
    if word.isdecimal() or len(word) <= 2 or word in VARIANT_WORDS or _ROMAN.match(word):
        return STRICT
    return NAME
