"""Plain-language questions to the bot and `[[inline]]` look-ups."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot import embeds
from bot.answers.lookup import (
    compare_queries,
    spec_of,
)
from bot.answers.resolving import (
    _CODE,
    _INLINE,
    MAX_COMPARED,
    MAX_INLINE,
    _answer,
    resolve,
)
from bot.catalog import Catalog
from bot.embeds import Topic, escape, topic_for
from bot.matching import (
    MAX_MESSAGE_WORDS,
    Mention,
    Outcome,
)
from bot.replies import Reply

# --- plain-language questions and [[inline]] look-ups --------------------------------------


def question(catalog: Catalog, text: str, *, explain: bool = True) -> Reply | None:
    """A message addressed to the bot: a topic about a phone, a comparison, or a spec sheet.

    When the message names no phone: how to ask, or None with `explain=False` (a reply to one
    of the bot's messages, such as "thanks!", pings the bot without asking anything).
    """
    mentions = catalog.index.mentions(text, limit=MAX_COMPARED + 1)
    words = re.findall(r"[a-z0-9+]+", _outside(text, mentions).lower())[:MAX_MESSAGE_WORDS]
    topic = _question_topic(words)
    if len(mentions) >= 2:
        return compare_queries(catalog, [m.phone.id for m in mentions[:MAX_COMPARED]])
    if len(mentions) == 1:
        return spec_of(catalog, mentions[0].phone, topic)
    remainder = " ".join(w for w in words if topic_for(w) is None and w not in _FILLER)
    if not remainder:
        return Reply(content=_QUESTION_HELP) if explain else None
    match = resolve(catalog, remainder)
    if match.outcome is Outcome.NOT_FOUND and not match.candidates:
        return Reply(content=_QUESTION_HELP) if explain else None
    return _answer(catalog, match, lambda phone: spec_of(catalog, phone, topic))


_QUESTION_HELP = (
    "Ask me about a phone, e.g. *how big is the battery on the xiaomi 14 pro?* "
    "or *xiaomi 14 pro vs pixel 8 pro*. `!help` lists every command."
)
_FILLER = frozenset(
    """a an the is are was were does do did how what whats what's which who when where why of on
    in for to with about its it's it has have get tell me show please much many big large the
    phone phones spec specs sheet does hey hi there i you can could would""".split()
)
# Words that name a topic only when nothing more specific does ("how *big* is the battery").
_WEAK_TOPICS = frozenset({"big", "when", "date", "how", "much"})


def _question_topic(words: Sequence[str]) -> Topic | None:
    """The first topic word, preferring any other to the weak ones."""
    found = [(word, topic) for word in words if (topic := topic_for(word)) is not None]
    strong = (topic for word, topic in found if word not in _WEAK_TOPICS)
    return next(strong, found[0][1] if found else None)


def _outside(text: str, mentions: Sequence[Mention]) -> str:
    """The text with the phone names cut out, so "pro" or "8" never reads as a topic word."""
    pieces, last = [], 0
    for mention in mentions:
        pieces.append(text[last : mention.start])
        last = mention.end
    pieces.append(text[last:])
    return " ".join(pieces)


def may_hold_inline(text: str) -> bool:
    """Whether `inline` could answer `text`: a cheap test made before the rate limit is spent."""
    return "[[" in text and "]]" in text


def inline(catalog: Catalog, text: str) -> Reply | None:
    """`[[phone]]` anywhere in a message: a compact card for each (at most three)."""
    queries = list(dict.fromkeys(_INLINE.findall(_CODE.sub(" ", text))))[:MAX_INLINE]
    if not queries:
        return None
    cards, notes = [], []
    for query in queries:
        match = resolve(catalog, query)
        if match.outcome is Outcome.FOUND and match.phone is not None:
            cards.append(embeds.card_embed(match.phone))
        elif match.outcome is Outcome.AMBIGUOUS:
            names = ", ".join(escape(c.phone.name) for c in match.candidates[:5])
            notes.append(f"[[{escape(query)}]] could be: {names}.")
        else:
            notes.append(f"[[{escape(query)}]]: no such phone in the catalog.")
    return Reply(content="\n".join(notes), embeds=tuple(cards))
