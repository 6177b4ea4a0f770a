"""Finding the phone a query names, or saying why not: shared by every answer."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot import embeds
from bot.catalog import Catalog
from bot.embeds import escape
from bot.matching import (
    FULL_SCORE,
    MAX_MESSAGE_WORDS,
    MAX_QUERY_CHARS,
    Candidate,
    Match,
    Outcome,
)
from bot.models import Phone
from bot.replies import Choice, Reply

MAX_COMPARED = 3
MAX_INLINE = 3
MAX_CHOICES = 25  # a Discord select menu holds at most 25 options
MAX_BRAND_CHARS = 40  # `phones <brand>`: longer text is not looked for fuzzily
MAX_BRANDS_SHOWN = 30  # brands listed when the one asked for is unknown

# Applied to text whose whitespace is already single spaces: `\s*` around the separators made a
# long run of spaces quadratic to split.
# A comma between digits separates nothing: "iPhone15,2" is one phone's identifier.
_COMPARE_SPLIT = re.compile(
    r"(?:(?<!\d),|,(?!\d)|;|\bvs\.?(?=\s|$)|\bversus\b|\band\b|&|\bor\b)", re.I
)
MAX_COMPARE_CHARS = 3 * MAX_QUERY_CHARS + 50  # three queries and their separators
_INLINE = re.compile(r"\[\[([^\[\]\n]{1,100})\]\]")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
"""Code blocks and spans: `df[[cols]]` in code is not a look-up."""


# --- finding the phone, or saying why not -------------------------------------------------


_DISCORD_MARKUP = re.compile(r"<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b")


def without_mentions(text: str) -> str:
    return _DISCORD_MARKUP.sub(" ", text).strip()


def resolve(catalog: Catalog, query: str) -> Match:
    """The index's verdict, with an exact phone id (from autocomplete) always found.

    Mentions typed into a query ("xiaomi 14 pro <@123>") are not part of the phone's name.
    """
    query = without_mentions(query)
    phone = catalog.by_id.get(query)
    if phone is not None:
        return Match(query, Outcome.FOUND, (Candidate(phone, FULL_SCORE),))
    return catalog.index.find(query)


def _unresolved(catalog: Catalog, match: Match, then: Callable[[Phone], Reply]) -> Reply:
    """The reply when `match` is not one confident phone: choices, or a not-found note."""
    phones = [c.phone for c in match.candidates]
    if match.outcome is Outcome.AMBIGUOUS:
        return Reply(
            content=embeds.ambiguous_text(match.query, phones),
            choices=_choices(phones),
            choose=lambda phone_id: then(catalog.by_id[phone_id]),
        )
    brand = missing_brand(catalog, _NAME_WORD.findall(match.query.casefold()))
    if brand:
        return Reply(content=f"No {escape(brand)} phones in the catalog.")
    likely = plausible(match.query, phones)[:MAX_SUGGESTED]
    if not likely:
        return Reply(content=embeds.not_found_text(match.query, []))
    return Reply(
        content=embeds.not_found_text(match.query, []) + " Did you mean one of these?",
        choices=_choices(likely),
        choose=lambda phone_id: then(catalog.by_id[phone_id]),
    )


MAX_SUGGESTED = 5
OTHER_BRANDS = {
    word: word.title() if len(word) > 3 else word.upper()
    for word in """infinix tecno itel nokia hmd zte nubia meizu lenovo alcatel tcl blackview
    doogee ulefone oukitel fairphone umidigi lava micromax vertu sharp kyocera wiko cubot blu
    cat panasonic blackberry gionee coolpad leeco essential razer """.split()
}
"""Phone makers people ask about: when one is missing from the catalog, it is named as such."""
_NAME_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"\d+(?![\dg])")  # not the 5 of "5G"


def missing_brand(catalog: Catalog, words: Sequence[str]) -> str | None:
    """The phone maker among `words` that the catalog has no phone of ("Infinix"), if any.

    A maker the catalog has is one of its brand words: a look-up, not a scan of its brands."""
    for word in words[:MAX_MESSAGE_WORDS]:
        if word in OTHER_BRANDS and not catalog.index.is_family_word(word):
            return OTHER_BRANDS[word]
    return None


def plausible(query: str, phones: Sequence[Phone]) -> list[Phone]:
    """The suggestions that may be the phone meant: each number the query gives is in the
    phone's name ("galaxy s10 5g": the Galaxy S10, never the S9 or the iPhone 15) or in one of
    its model numbers ("SM-S928B": the phone sold as SM-S928U1)."""
    numbers = set(_NUMBER.findall(query.casefold()))
    return [p for p in phones if numbers <= _numbers_of(p)]


def _numbers_of(phone: Phone) -> set[str]:
    return set(_NUMBER.findall(" ".join((phone.name, *phone.model_numbers)).casefold()))


def _choices(phones: Sequence[Phone]) -> tuple[Choice, ...]:
    return tuple(
        Choice(label=p.name[:100], value=p.id, description=_choice_line(p))
        for p in phones[:MAX_CHOICES]
    )


def _choice_line(phone: Phone) -> str:
    parts = [str(phone.launched.year)]
    if phone.chipset:
        parts.append(phone.chipset.name)
    return " · ".join(parts)[:100]


WHICH_PHONE = "Which phone? Try `spec xiaomi 14 pro` or `spec pixel 8 battery`."


def _with_phone(catalog: Catalog, query: str, then: Callable[[Phone], Reply]) -> Reply:
    if not without_mentions(query):
        return Reply(content=WHICH_PHONE)
    return _answer(catalog, resolve(catalog, query), then)


def _answer(catalog: Catalog, match: Match, then: Callable[[Phone], Reply]) -> Reply:
    """`then(phone)` when `match` found one phone; otherwise choices or a not-found note."""
    if match.outcome is Outcome.FOUND and match.phone is not None:
        return then(match.phone)
    return _unresolved(catalog, match, then)
