"""Text shown in embeds: escaped where Discord renders markdown, users' queries echoed
inert, parts joined into a line."""

from __future__ import annotations

import re
from collections.abc import Sequence

from discord.utils import escape_markdown

from bot.embeds.limits import cut

QUERY_SHOWN_MAX = 100
"""Longer user queries are cut before they are echoed."""

_MENTION = re.compile(r"@(?=everyone|here|[!&]?\d)")


def escape(text: str) -> str:
    """Text shown inert where Discord renders markdown: markdown escaped, and @everyone, @here
    and <@id> broken with a zero-width space (discord.py's escape_mentions skips short ids)."""
    return _MENTION.sub("@\u200b", escape_markdown(text))


_URL = re.compile(r"https?://[^\s<>()]+", re.IGNORECASE)


def quoted(query: str) -> str:
    """A user's query echoed in italics: one line, cut short, escaped, and any link in it
    wrapped in <...> so that Discord shows no preview of it."""
    text = escape(cut(" ".join(query.split()), QUERY_SHOWN_MAX))
    return f"*{_URL.sub(lambda m: f'<{m.group()}>', text)}*"


def or_list(names: Sequence[str]) -> str:
    """Names as a choice: "A", "A or B", "A, B or C"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} or {names[-1]}"


def join(*parts: str | None, sep: str = " · ") -> str:
    return sep.join(part for part in parts if part)
