"""Words: how a name or a message splits into the tokens the index reads, and the word lists
and limits that go with them."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar


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
MAX_MIXED = 2  # words of a query read both as family words and as strict ones
MIN_CODE_PREFIX = 5  # characters a model number the catalog lacks shares with a variant's
FUZZY_FALLBACK_LIMIT = 3000  # below this many phones, a fuzzy scan finds suggestions
FUZZY_CUTOFF = 50  # the least `fuzz.token_set_ratio` of a suggestion the fuzzy scan finds
NEAREST_POOL = 250  # phones looked at for "did you mean" suggestions
MEMO_SIZE = 100_000  # words remembered per memo table at most
MEMO_PARTS = 64  # a memo table's parts, each forgetting its oldest word when full
MAX_MESSAGE_WORDS = 64  # words of a message read (a 4,000-character one may hold 2,000);
#                          a phone named after them is not looked for
MAX_WINDOW_WORDS = 10  # longest run of words `mentions` tries as one name
MAX_WINDOWS_LOOKED = MAX_MESSAGE_WORDS  # runs of words `mentions` looks at per message
MAX_WINDOWS = 32  # runs of words `mentions` scores per message (runs read alike: once)
MAX_SEGMENT_WORDS = 4  # catalog words one squeezed word may be split into ("galaxys24ultra")
TYPO_PREFIX = 4  # letters of the start of a typo-table key, to rule a random word out at once

VARIANT_WORDS = _words(
    "pro ultra plus max mini lite fe fold flip note neo se xl xs xr prime turbo go play power"
    " ultimate slim active"
)
SOFT_WORDS = frozenset({"5g", "4g", "3g", "lte"})
NETWORK_WORDS = SOFT_WORDS  # a variant of a name: "Galaxy S10 5G" is not the Galaxy S10
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


# How a query token may read in catalog words: (words, edits) pairs. A squeezed word reads as
# several words ("promax" as pro + max), a misspelt one as its corrections.
_Reading = tuple[tuple[str, ...], int]
_Readings = tuple[_Reading, ...]


@dataclass(slots=True)
class _Token:
    """A word of the query, its span in the text, and how it may read in catalog words."""

    text: str
    start: int
    end: int
    glued: bool  # written against a neighbour: "s24", "8a", "Pro-I", "(2)"
    readings: _Readings | None = None  # None: no catalog word; (): a filler word to skip
    after_break: bool = False  # a comma, full stop... comes before it: no name spans that
    english: bool = False  # "a" or "i" typed apart in chat: no name ends with it


# A memo table in MEMO_PARTS parts, each one holding its share of MEMO_SIZE, chosen by the key's
# hash. Parts keep each dict small, so forgetting a part's oldest word stays cheap (a dict walks
# past the slots of keys removed from its front until it is resized). A plain dict of parts:
# `bot.catalogpickle` sends and frees each part in slices.
_Memo = dict[int, dict[_K, _V]]


def _memo() -> _Memo[_K, _V]:
    return {part: {} for part in range(MEMO_PARTS)}


def _recall(memo: _Memo[_K, _V], key: _K) -> _V | bool:
    """What `memo` holds for `key`, or False."""
    return memo[hash(key) % MEMO_PARTS].get(key, False)


def _remember(memo: _Memo[_K, _V], key: _K, value: _V) -> _V:
    """Store `value` in a memo table; a full part first forgets its oldest word (a dict keeps
    the order of insertion): typed words never seen before (typos, chat) would otherwise grow
    it without end. Emptying the whole table at once took 11 ms inside whichever message came
    next; emptying a full part, 0.2 ms, but parts of random words fill together, so one
    message of 64 fresh words emptied dozens (20 ms). Forgetting one word costs microseconds."""
    part = memo[hash(key) % MEMO_PARTS]
    if len(part) >= MEMO_SIZE // MEMO_PARTS:
        del part[next(iter(part))]
    part[key] = value
    return value


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
