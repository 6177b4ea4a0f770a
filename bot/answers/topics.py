"""Topic words anywhere in a query, with their synonyms: "pixel 8 charging speed", "battery of
the iphone 15", "s24 ultra full specs".

A word that belongs to the phone's name is never a topic ("Pixel 4a 5G"), and a topic word is
never read as part of a name: it is taken out before the phone is looked for.
"""

from __future__ import annotations

import re

from bot.catalog import Catalog
from bot.embeds import Topic, topic_for
from bot.matching import MAX_MESSAGE_WORDS
from bot.models import Phone

MAX_PHRASE_WORDS = 3  # "software updates", "fast charging speed"
FULL_SHEET = frozenset(
    {"full specs", "full spec", "all specs", "spec sheet", "full", "everything", "specs", "spec"}
)
"""Words asking for the whole sheet: taken out of the name, no topic."""
_WORD = re.compile(r"[^\W_]+")


def split_topic(catalog: Catalog, text: str) -> tuple[str, Topic | None]:
    """The query without its topic words, and the first topic they name (None: the whole sheet).

    Reads at most MAX_MESSAGE_WORDS words, each phrase at most MAX_PHRASE_WORDS long.
    """
    words = text.split()[:MAX_MESSAGE_WORDS]
    kept: list[str] = []
    taken: list[str] = []
    topics: list[Topic] = []
    i = 0
    while i < len(words):
        size, topic = _phrase_at(words, i)
        if size:
            taken.extend(words[i : i + size])
            if topic is not None:
                topics.append(topic)
            i += size
        else:
            kept.append(words[i])
            i += 1
    if not taken:
        return " ".join(words), None
    named = catalog.index.identify(" ".join(words))
    if named is not None and _in_name(named, " ".join(taken)):
        return " ".join(words), None  # "pixel 4a 5g" is a phone, not a question about 5G
    return " ".join(kept), topics[0] if topics else None


def _phrase_at(words: list[str], i: int) -> tuple[int, Topic | None]:
    """The longest topic or whole-sheet phrase starting at words[i]: (its length, its topic)."""
    for size in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
        phrase = " ".join(words[i : i + size]).casefold().strip("?!.,:;'\"()")
        topic = topic_for(phrase)
        if topic is not None:
            return size, topic
        if phrase in FULL_SHEET:
            return size, None
    return 0, None


def _in_name(phone: Phone, text: str) -> bool:
    """Whether every word of `text` is a word of the phone's name or aliases."""
    named = {w for name in (phone.name, *phone.aliases) for w in _WORD.findall(name.casefold())}
    return set(_WORD.findall(text.casefold())) <= named
