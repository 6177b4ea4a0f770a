"""What each command answers, given the catalog: the logic the cogs and the console share.

Every function here is pure: it takes a `Catalog` and the user's words and returns a `Reply`.
The cogs parse Discord's input and send the reply; the console prints it.
"""

from __future__ import annotations

from bot.answers.admin import (
    ALIASES,
    COMMANDS,
    MAX_SHOWN_PROBLEMS,
    NO_MESSAGE_CONTENT_HELP,
    help_reply,
    refused_reply,
    reloaded_reply,
    usage,
)
from bot.answers.find import find
from bot.answers.lookup import (
    TEXT_FLAG,
    compare,
    compare_queries,
    first_shown,
    news,
    news_of,
    phones,
    search,
    spec,
    spec_of,
    split_phones,
)
from bot.answers.questions import (
    inline,
    may_hold_inline,
    question,
)
from bot.answers.resolving import (
    MAX_BRAND_CHARS,
    MAX_BRANDS_SHOWN,
    MAX_CHOICES,
    MAX_COMPARE_CHARS,
    MAX_COMPARED,
    MAX_INLINE,
    WHICH_PHONE,
    resolve,
    without_mentions,
)
from bot.answers.topics import split_topic

__all__ = [
    "ALIASES",
    "COMMANDS",
    "MAX_BRANDS_SHOWN",
    "MAX_BRAND_CHARS",
    "MAX_CHOICES",
    "MAX_COMPARED",
    "MAX_COMPARE_CHARS",
    "MAX_INLINE",
    "MAX_SHOWN_PROBLEMS",
    "NO_MESSAGE_CONTENT_HELP",
    "TEXT_FLAG",
    "WHICH_PHONE",
    "compare",
    "compare_queries",
    "find",
    "first_shown",
    "help_reply",
    "inline",
    "may_hold_inline",
    "news",
    "news_of",
    "phones",
    "question",
    "refused_reply",
    "reloaded_reply",
    "resolve",
    "search",
    "spec",
    "spec_of",
    "split_phones",
    "split_topic",
    "usage",
    "without_mentions",
]
