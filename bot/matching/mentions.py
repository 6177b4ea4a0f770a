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
    MAX_WINDOW_WORDS,
    MAX_WINDOWS,
    MENTION,
    NAME,
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


@dataclass(slots=True)
class _Windows:
    """The runs of words one message has had scored: each distinct run once, at most
    MAX_WINDOWS of them ("xiaomi 14 pro" repeated 300 times is scored once)."""

    text: str
    budget: int = MAX_WINDOWS
    seen: dict[tuple[tuple[str, bool], ...], int | None] = field(default_factory=dict)


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
        windows = _Windows(text)
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
                across = self._exact_across(tokens, i, stop, windows)
                if across is not None:
                    return across
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

    def _exact_across(
        self, tokens: list[_Token], i: int, stop: int, windows: _Windows
    ) -> tuple[int, int] | None:
        """A phone whose very name or code holds the break at tokens[stop] ("Redmi 3S / 3X",
        "iPhone15,2"), and where it ends: only an exact name, alias, model number or codename
        of one phone spans a comma, slash or full stop."""
        last = min(len(tokens), i + self._longest, i + MAX_WINDOW_WORDS)
        for end in range(last, stop, -1):
            if windows.budget <= 0:
                return None
            windows.budget -= 1
            key = exact_key(windows.text[tokens[i].start : tokens[end - 1].end])
            hit = self._exact.get(key, self._codes.get(key))
            if isinstance(hit, tuple) and len(hit) == 1:
                hit = hit[0]
            if isinstance(hit, int):
                return hit, end
        return None

    def _window_phone(self, window: list[_Token]) -> int | None:
        """The phone a run of words names with certainty, if any."""
        if window[-1].english or not self._identifies(window):
            return None
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
