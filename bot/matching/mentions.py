"""Phones named in free text: windows of consecutive catalog words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.matching.find import (
    Finding,
    Outcome,
)
from bot.matching.tokens import (
    CHAT_NAMES,
    MAX_COMBINATIONS,
    MAX_WINDOW_WORDS,
    MAX_WINDOWS,
    MAX_WINDOWS_LOOKED,
    MENTION,
    NAME,
    STRICT,
    _Readings,
    _Token,
    exact_key,
)

if TYPE_CHECKING:
    from bot.models import Phone


@dataclass(frozen=True)
class Mention:
    """A phone named in a message, and where: `text == message[start:end]`."""

    phone: Phone
    start: int
    end: int
    text: str


# How one word of a message counts in the key of a window: its readings, and its text when it
# is a number (`_renamed` reads the number itself).
_Piece = tuple[_Readings | None, str]
_WindowKey = tuple[frozenset[_Piece], tuple[_Piece, ...]]
_NO_PIECE = (False, (None, ""), 1)  # a word that is no catalog word: in no window


@dataclass(slots=True)
class _Windows:
    """One message's runs of words and what they have cost.

    Two budgets: MAX_WINDOWS_LOOKED runs looked at (a few look-ups each) and MAX_WINDOWS runs
    scored. Runs that read alike are scored once: the key of a run holds its words' readings in
    any order, and a word that only adds a family, network or year word ("5g", "pixel") once,
    however often it recurs ("xiaomi 14 pro" repeated 300 times, "5g 2024 s24 4g ..."), as the
    score depends on nothing else.
    """

    text: str
    pieces: list[tuple[bool, _Piece, int]]  # per word: whether it repeats freely, key, readings
    strict: list[tuple[str, ...]]  # per word: the strict words every reading of it holds
    looked: int = MAX_WINDOWS_LOOKED
    scored: int = MAX_WINDOWS
    seen: dict[_WindowKey, int | None] = field(default_factory=dict)

    def key(self, i: int, end: int) -> _WindowKey:
        """The key of tokens[i:end]: alike for runs that `_score` and `_renamed` read alike.

        In order when the run reads in more ways than MAX_COMBINATIONS (then `_score` tries the
        first readings only, and which ones depends on the order)."""
        free: set[_Piece] = set()
        rest: list[_Piece] = []
        ways = 1
        for repeats_freely, piece, count in self.pieces[i:end]:
            if repeats_freely:
                free.add(piece)
            else:
                rest.append(piece)
                ways *= count
        return frozenset(free), tuple(rest if ways > MAX_COMBINATIONS else sorted(rest))


class Mentions(Finding):
    """`mentions`."""

    def mentions(self, text: str, limit: int = 5) -> list[Mention]:
        """Every phone a message names with certainty, in order of appearance, each once.

        Windows of consecutive catalog words are tried longest first at each position, so
        "xiaomi 14 pro" is the 14 Pro and not the 14; a window counts only when `find` would
        answer it with one phone and it holds a family word or a glued model ("s24").
        """
        tokens = self._query_tokens(text, MENTION)
        found: list[Mention] = []
        seen: set[int] = set()
        windows = self._windows(text, tokens)
        i = 0
        while i < len(tokens) and len(found) < limit and windows.looked > 0 < windows.scored:
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

    def _windows(self, text: str, tokens: list[_Token]) -> _Windows:
        """What the windows of a message are made of, worked out once per word (most words of
        a chat message are no catalog word: nothing to work out)."""
        kind = self._kind
        pieces: list[tuple[bool, _Piece, int]] = [_NO_PIECE] * len(tokens)
        strict: list[tuple[str, ...]] = [()] * len(tokens)
        for n, token in enumerate(tokens):
            readings = token.readings
            if not readings:
                continue
            number = token.text if token.text.isdecimal() else ""
            if len(readings) > 1:
                pieces[n] = (False, (readings, number), len(readings))
                continue
            words, edits = readings[0]
            own = tuple([w for w in words if kind.get(w) == STRICT])
            pieces[n] = (not edits and not own and not number, (readings, number), 1)
            strict[n] = own
        return _Windows(text, pieces, strict)

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
                across = self._exact_across(tokens, i, stop, windows)
                if across is not None:
                    return across
                break
        for end in range(self._strict_end(i, stop, windows), i, -1):
            if _inside_word(tokens, end):
                continue  # "s23" of "s23u" is not the S23
            if windows.looked <= 0:
                return None
            windows.looked -= 1
            window = tokens[i:end]
            if window[-1].english or not self._identifies(window):
                continue
            key = windows.key(i, end)
            if key not in windows.seen:
                if windows.scored <= 0:
                    return None
                windows.scored -= 1
                windows.seen[key] = self._window_phone(window)
            phone = windows.seen[key]
            if phone is not None:
                return phone, end
        return None

    def _strict_end(self, i: int, stop: int, windows: _Windows) -> int:
        """Where the windows from tokens[i] (up to tokens[stop]) may end at the latest: before
        the word that gives them more strict words, or one strict word more often, than any name
        of the catalog holds ("s24 5g s24": no name has "s" twice). No reading of such a window
        finds a phone, so it is not looked at."""
        counts: dict[str, int] = {}
        total = 0
        most = max(self._most_strict, 1)  # `_renamed` needs its number: one strict word
        for n in range(i, stop):
            for word in windows.strict[n]:
                count = counts.get(word, 0) + 1
                counts[word] = count
                total += 1
                if total > most or count > self._strict_repeats.get(word, 0):
                    return n
        return stop

    def _exact_across(
        self, tokens: list[_Token], i: int, stop: int, windows: _Windows
    ) -> tuple[int, int] | None:
        """A phone whose very name or code holds the break at tokens[stop] ("Redmi 3S / 3X",
        "iPhone15,2"), and where it ends: only an exact name, alias, model number or codename
        of one phone spans a comma, slash or full stop."""
        last = min(len(tokens), i + self._longest, i + MAX_WINDOW_WORDS)
        for end in range(last, stop, -1):
            if windows.looked <= 0:
                return None
            windows.looked -= 1
            key = exact_key(windows.text[tokens[i].start : tokens[end - 1].end])
            hit = self._exact.get(key, self._codes.get(key))
            if isinstance(hit, tuple) and len(hit) == 1:
                hit = hit[0]
            if isinstance(hit, int):
                return hit, end
        return None

    def _window_phone(self, window: list[_Token]) -> int | None:
        """The phone a run of words that may name one (`_identifies`) names with certainty."""
        scored = self._score([t.readings for t in window])  # type: ignore[misc]
        if scored:
            outcome, ranked = self._decide(scored)
            if outcome is Outcome.FOUND:
                return ranked[0][1]
            return None
        renamed = self._renamed(window)  # "iphone 17 air": the iPhone Air
        return renamed[0][1] if renamed else None

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


def _inside_word(tokens: list[_Token], n: int) -> bool:
    """Whether tokens[n] continues the word before it ("u" in "s23u"); "+" may stand apart."""
    if n <= 0 or n >= len(tokens):
        return False
    token = tokens[n]
    return token.start == tokens[n - 1].end and token.text != "plus"
