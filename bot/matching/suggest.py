"""Autocomplete: phones for partial input."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.matching.find import (
    Finding,
)
from bot.matching.tokens import (
    FILLER_WORDS,
    FIND,
    MAX_QUERY_CHARS,
    _unique,
)

if TYPE_CHECKING:
    from bot.models import Phone


class Suggesting(Finding):
    """`suggest`."""

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
