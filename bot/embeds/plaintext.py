"""Embeds as plain text, for the offline console."""

from __future__ import annotations

import re
from typing import Any

from bot.embeds.text import join
from bot.replies import Embed

_MARKUP = re.compile(r"\\([^\w\s]|_)|\*\*")


def embed_text(embed: Embed) -> str:
    """An embed as plain text for the console: header lines, "Name: value" fields, footer."""
    head = [
        (embed.get("author") or {}).get("name"),
        plain_text(embed.get("title", "")),
        embed.get("url"),
        plain_text(embed.get("description", "")),
    ]
    fields = [_field_text(field) for field in embed.get("fields") or ()]
    footer = join((embed.get("footer") or {}).get("text"), embed.get("timestamp", "")[:10])
    blocks = ["\n".join(line for line in head if line), "\n".join(fields), footer]
    return "\n\n".join(block for block in blocks if block)


def _field_text(field: dict[str, Any]) -> str:
    name, lines = plain_text(field["name"]), plain_text(field["value"]).splitlines()
    if len(lines) == 1:
        return f"{name}: {lines[0]}"
    return "\n".join([f"{name}:", *(f"  {line}" for line in lines)])


def plain_text(text: str) -> str:
    """Markdown as it reads: escapes undone, bold markers dropped."""
    return _MARKUP.sub(lambda match: match[1] or "", text)
