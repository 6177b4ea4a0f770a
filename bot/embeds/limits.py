"""Discord's limits, and fitting embeds and message content within them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from bot.replies import Embed

# Discord's limits, counted in code points (https://discord.com/developers/docs/resources/message).
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_MAX = 256
EMBED_TOTAL_MAX = 6000
"""Shared by all the embeds of one message, not per embed."""
EMBEDS_MAX = 10
CONTENT_MAX = 2000

ELLIPSIS = "…"


def fit_embed(embed: Embed) -> Embed:
    """A copy of the embed within Discord's limits for an embed sent alone."""
    return fit_embeds([embed])[0]


def fit_embeds(embeds: Sequence[Embed]) -> list[Embed]:
    """Copies of up to ten embeds for one message, each text within its limit and all texts
    within the 6000 characters the message may hold. The longest texts are cut first, at a line
    or word break with "…"; texts shorter than what each could keep are left whole."""
    fitted = [_copy(embed) for embed in embeds[:EMBEDS_MAX]]
    for embed in fitted:
        if "fields" in embed:
            embed["fields"] = embed["fields"][:FIELDS_MAX]
    slots = [(part, key, limit) for embed in fitted for part, key, limit in _texts(embed)]
    sizes = [min(len(part[key]), limit) for part, key, limit in slots]
    for (part, key, _), share in zip(slots, _shares(sizes, EMBED_TOTAL_MAX), strict=True):
        part[key] = cut(part[key], share)
    return [_without_blanks(embed) for embed in fitted]


def _copy(embed: Embed) -> Embed:
    """A copy whose texts can be cut without touching the original: an embed is texts, parts
    that are flat dicts (footer, author, image) and a list of flat field dicts. (A deep copy
    is several times slower, on every answer.)"""
    return {
        key: dict(value)
        if isinstance(value, dict)
        else [dict(item) for item in value]
        if isinstance(value, list)
        else value
        for key, value in embed.items()
    }


def fit_content(text: str) -> str:
    """Message content within Discord's 2000 characters."""
    return cut(text, CONTENT_MAX)


def _texts(embed: Embed) -> Iterator[tuple[dict[str, Any], str, int]]:
    """(dict, key, limit) of every text that counts towards an embed's size."""
    parts = [
        (embed, "title", TITLE_MAX),
        (embed, "description", DESCRIPTION_MAX),
        (embed.get("footer") or {}, "text", FOOTER_MAX),
        (embed.get("author") or {}, "name", AUTHOR_MAX),
    ]
    for field in embed.get("fields") or ():
        parts += [(field, "name", FIELD_NAME_MAX), (field, "value", FIELD_VALUE_MAX)]
    return ((part, key, limit) for part, key, limit in parts if part.get(key))


def _shares(sizes: Sequence[int], total: int) -> list[int]:
    """How long each text may stay so that all fit in `total`: texts are cut to a common
    length, the longest first; shorter ones keep their length and leave their room to others."""
    shares = list(sizes)
    room, left = total, len(sizes)
    for index in sorted(range(len(sizes)), key=sizes.__getitem__):
        shares[index] = min(sizes[index], room // left)
        room -= shares[index]
        left -= 1
    return shares


def cut(text: str, limit: int) -> str:
    """The text in at most `limit` characters, ending in "…" at a line or word break when one
    falls in the second half, mid-word otherwise."""
    if len(text) <= limit:
        return text
    if limit < 1:
        return ""
    head = text[: limit - 1]
    for separator in ("\n", " "):
        at = head.rfind(separator)
        if at >= limit // 2:
            head = head[:at]
            break
    return head.rstrip(" \n·,;:—") + ELLIPSIS


def _without_blanks(embed: Embed) -> Embed:
    """Discord refuses blank field names and values; other blank texts are simply left out."""
    tidy = {key: value for key, value in embed.items() if not _blank(value)}
    if "fields" in tidy:
        tidy["fields"] = [
            field
            for field in tidy["fields"]
            if not (_blank(field.get("name")) or _blank(field.get("value")))
        ]
    for key, text in (("footer", "text"), ("author", "name")):
        if key in tidy and _blank(tidy[key].get(text)):
            del tidy[key]
    return tidy


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
