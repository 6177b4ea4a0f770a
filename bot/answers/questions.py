"""Plain-language questions to the bot and `[[inline]]` look-ups."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence

from bot import embeds
from bot.answers import focused, yesno
from bot.answers.find import BEST, find, is_request
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
    missing_brand,
    resolve,
    without_mentions,
)
from bot.catalog import Catalog
from bot.embeds import Topic, escape, topic_for
from bot.matching import (
    MAX_MESSAGE_WORDS,
    Mention,
    Outcome,
)
from bot.models import Phone
from bot.preferences import DEFAULT, Preferences
from bot.replies import Reply

# --- plain-language questions and [[inline]] look-ups --------------------------------------


def question(
    catalog: Catalog, text: str, *, explain: bool = True, prefs: Preferences = DEFAULT
) -> Reply | None:
    """A message addressed to the bot: a yes/no question, a topic about a phone, a question
    about two phones, a comparison, a filter or ranking ("lightest phone with 120 Hz"), or a
    spec sheet. Discord mentions (users, roles, channels) are never part of a phone's name.

    When the message names no phone: how to ask, or None with `explain=False` (a reply to one
    of the bot's messages, such as "thanks!", pings the bot without asking anything).
    """
    text = without_mentions(text)
    asked = yesno.read_question(text)
    if asked is not None:
        reply = _yes_or_no(catalog, *asked)
        if reply is not None:
            return reply
    mentions = catalog.index.mentions(text, limit=MAX_COMPARED + 1)
    outside = _outside(text, mentions).lower()
    words = [m.group() for m in itertools.islice(_WORD.finditer(outside), MAX_MESSAGE_WORDS)]
    topic = _question_topic(words)
    if len(mentions) >= 2:
        phones = [m.phone for m in mentions[:MAX_COMPARED]]
        return _about_phones(catalog, text, phones, topic, prefs)
    if len(mentions) == 1:
        return spec_of(catalog, mentions[0].phone, topic, prefs=prefs)
    if is_request(catalog, text, prefs.currency):
        return find(catalog, text, prefs=prefs)
    rest = [w for w in words if topic_for(w) is None and w not in _FILLER]
    if not rest or len(rest) > MAX_GUESSED_WORDS:
        return Reply(content=_QUESTION_HELP) if explain else None
    remainder = " ".join(rest)
    if remainder in _BEST_WORDS:
        return Reply(content=BEST)
    match = resolve(catalog, remainder)
    unknown = match.outcome is Outcome.NOT_FOUND and not match.candidates
    if unknown and not missing_brand(catalog, remainder.split()):
        return Reply(content=_QUESTION_HELP) if explain else None
    return _answer(catalog, match, lambda phone: spec_of(catalog, phone, topic, prefs=prefs))


_WORD = re.compile(r"[a-z0-9+]+")
MAX_GUESSED_WORDS = 12
"""Past this many words (topics and filler words aside), a message that names no phone is not
a phone's name typed wrong: it gets the help, not a "did you mean" found by reading all of it
as one name (half the work of a long message)."""
_BEST_WORDS = frozenset({"best", "best one", "the best", "good", "top"})


def _yes_or_no(catalog: Catalog, feature: yesno.Feature, rest: str) -> Reply | None:
    """ "does the pixel 8 have wireless charging": yes, no or unknown for each phone named."""
    phones = [m.phone for m in catalog.index.mentions(rest, limit=MAX_COMPARED)]
    if not phones:
        match = resolve(catalog, rest) if rest else None
        if match is None:
            return None
        if match.outcome is not Outcome.FOUND or match.phone is None:
            return _answer(catalog, match, lambda phone: _verdicts(feature, [phone]))
        phones = [match.phone]
    return _verdicts(feature, phones)


def _verdicts(feature: yesno.Feature, phones: Sequence[Phone]) -> Reply:
    return Reply(content="\n".join(yesno.answer(feature, phone) for phone in phones))


def _about_phones(
    catalog: Catalog, text: str, phones: Sequence[Phone], topic: Topic | None, prefs: Preferences
) -> Reply:
    """Two or three phones in one question: a focused sentence when it asks about one quantity
    ("which is lighter"), with that topic's rows; else the comparison."""
    asked = focused.comparative(text)
    if asked is not None and len(phones) == 2:
        quantity, direction = asked
        text_only = dataclasses.replace(prefs, image=False)
        rows = compare_queries(catalog, [p.id for p in phones], quantity.topic, prefs=text_only)
        sentence = focused.sentence(quantity, phones[0], phones[1], direction)
        return dataclasses.replace(rows, content=sentence)
    return compare_queries(catalog, [p.id for p in phones], topic, prefs=prefs)


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


def inline(catalog: Catalog, text: str, *, prefs: Preferences = DEFAULT) -> Reply | None:
    """`[[phone]]` anywhere in a message: a compact card for each (at most three)."""
    queries = list(dict.fromkeys(_INLINE.findall(_CODE.sub(" ", text))))[:MAX_INLINE]
    if not queries:
        return None
    cards, notes = [], []
    for query in queries:
        match = resolve(catalog, query)
        if match.outcome is Outcome.FOUND and match.phone is not None:
            cards.append(embeds.card_embed(match.phone, prefs.currency))
        elif match.outcome is Outcome.AMBIGUOUS:
            names = ", ".join(escape(c.phone.name) for c in match.candidates[:5])
            notes.append(f"[[{escape(query)}]] could be: {names}.")
        elif brand := missing_brand(catalog, query.casefold().split()):
            notes.append(f"[[{escape(query)}]]: no {escape(brand)} phones in the catalog.")
        else:
            notes.append(f"[[{escape(query)}]]: no such phone in the catalog.")
    return Reply(content="\n".join(notes), embeds=tuple(cards))
