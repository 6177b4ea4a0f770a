"""Reading typed words against the index: squeezed words, typos, words typed apart."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

from rapidfuzz.distance import OSA

from bot.matching.index import (
    IndexData,
)
from bot.matching.shorthand import add_shorthand, word_readings
from bot.matching.tokens import (
    _BREAK,
    _POSSESSIVE,
    _SQUEEZED_NETWORK,
    BRAND_SYNONYMS,
    CHAT_WORDS,
    FILLER_WORDS,
    FIND,
    MAX_MESSAGE_WORDS,
    MAX_SEGMENT_WORDS,
    MENTION,
    NAME,
    SOFT,
    SOFT_WORDS,
    TYPO_PREFIX,
    YEAR_MARK,
    _deletions,
    _doubt_split_letters,
    _drop_units,
    _Reading,
    _Readings,
    _recall,
    _remember,
    _split,
    _Token,
)


class Reading(IndexData):
    """How a typed message reads in catalog words."""

    def _query_tokens(self, text: str, mode: int, resolve: bool = True) -> list[_Token]:
        """Split what someone typed into tokens with their spans and catalog readings."""
        text = _POSSESSIVE.sub("  ", text)
        tokens = [_Token(*piece) for piece in itertools.islice(_split(text), MAX_MESSAGE_WORDS)]
        tokens = self._join_split_words(tokens)
        _drop_units(tokens, mode)
        for before, token in itertools.pairwise(tokens):
            token.after_break = _breaks(text, before, token)
        if resolve:
            spaced = len(tokens) > 1 and _SPACE.search(text.strip()) is not None
            previous = ""
            for token in tokens:
                if token.readings is None and token.text:
                    readings = self._token_readings(token, mode, previous)
                    if readings and spaced and not token.glued:
                        readings = _doubt_split_letters(readings)
                    token.readings = readings
                previous = token.text
            add_shorthand(tokens, self._kind, roman=mode == FIND)
        return tokens

    def _words_starting(self, prefix: str) -> Iterator[str]:
        """The catalog words that begin with `prefix` (itself included), in order."""
        words = self._sorted_words
        for at in range(bisect.bisect_left(words, prefix), len(words)):
            if not words[at].startswith(prefix):
                return
            yield words[at]

    def _begins_a_word(self, prefix: str) -> bool:
        """Whether some catalog word begins with `prefix` (or is it)."""
        words = self._sorted_words
        at = bisect.bisect_left(words, prefix)
        return at < len(words) and words[at].startswith(prefix)

    def _unsqueeze(self, word: str) -> tuple[str, ...] | None:
        """The catalog words a squeezed word is made of ("promax": pro, max); None for a catalog
        word, for the start of one (still being typed: "pr" is not p + r) and for no split."""
        if word in self._kind or not word.isalpha():
            return None
        if next(self._words_starting(word), None) is not None:
            return None
        return self._segment(word)

    def _token_readings(self, token: _Token, mode: int, previous: str) -> _Readings | None:
        word = token.text
        if mode == MENTION and not token.glued and word in ("a", "i"):
            # English, not the "a" of a Pixel 8a; after a family word it may be a model letter
            # ("Galaxy A Quantum"), though never the last word of a name ("is the galaxy a ...")
            token.english = True
            if self._kind.get(previous) != NAME:
                return None
        if mode == FIND and word in FILLER_WORDS and word not in self._kind:
            return ()
        return self._resolve(word, mode)

    def _resolve(self, word: str, mode: int) -> _Readings | None:
        """The catalog words `word` may stand for, with their edit counts; None if none."""
        if len(word) > MAX_SEGMENT_WORDS * self._longest_word:
            return self._compute_readings(word, mode)  # cheap to refuse, costly to remember
        key = (word, mode)
        cached = _recall(self._resolved, key)
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
        readings.extend(word_readings(word, self._kind))
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
        if allowed > 1 and not self._typo_prefixes & _prefixes(word, allowed):
            return []  # no way of taking two letters out of it begins like a key of `_deletes`
        found: set[str] = set()
        variants = _deletions(word, allowed)
        variants.add(word)
        for variant in self._deletes.keys() & variants:  # (in C: most variants are no key)
            found.update(self._deletes[variant])
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
        cached = _recall(self._segments, word)
        if cached is not False:
            return cached  # type: ignore[return-value]
        size = len(word)
        if size > MAX_SEGMENT_WORDS * self._longest_word:
            return None  # more letters than four catalog words hold: not worth remembering
        reached: dict[int, tuple[str, ...]] = {0: ()}  # position: fewest words up to there
        furthest = 0
        for begin in range(size):
            if begin > furthest:
                break  # no split reaches this far: random letters stop here, not at the end
            before = reached.get(begin)
            if before is None or len(before) >= MAX_SEGMENT_WORDS:
                continue
            for end in range(begin + 1, min(size, begin + self._longest_word) + 1):
                piece = word[begin:end]
                if not self._begins_a_word(piece):
                    break  # no catalog word begins so: no longer piece from here is one
                if self._kind.get(piece, SOFT) == SOFT:
                    continue
                if len(piece) == 1 and any(len(p) == 1 for p in before):
                    continue
                current = reached.get(end)
                if current is None or len(before) + 1 < len(current):
                    reached[end] = (*before, piece)
                    furthest = max(furthest, end)
        parts = reached.get(size)
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


def _prefixes(word: str, allowed: int) -> set[str]:
    """How `word` with up to `allowed` letters taken out can begin (its first TYPO_PREFIX
    letters; `word` is longer than TYPO_PREFIX + `allowed`): only its first TYPO_PREFIX +
    `allowed` letters matter. Two letters out of six instead of out of the whole word, which a
    random word then needs no more."""
    head = word[: TYPO_PREFIX + allowed]
    variants = _deletions(head, allowed)
    variants.add(head)
    return {variant[:TYPO_PREFIX] for variant in variants}


def _breaks(text: str, before: _Token, token: _Token) -> bool:
    """Whether a comma, full stop... stands between two tokens; not the point of a model
    number ("Nokia 2.1", "Note Pro 12.2")."""
    between = text[before.start : token.end]
    if before.text.isdecimal() and token.text.isdecimal() and _DECIMAL.fullmatch(between):
        return False
    return _BREAK.search(text, before.end, token.start) is not None


_DECIMAL = re.compile(r"\d+\.\d+")
_SPACE = re.compile(r"\s")  # the same characters as str.isspace, found at C speed
