"""`spec`, `compare`, `news`, `phones` and `search`: the commands that look phones up."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import process, utils

from bot import embeds
from bot.answers.resolving import (
    _COMPARE_SPLIT,
    MAX_BRAND_CHARS,
    MAX_BRANDS_SHOWN,
    MAX_COMPARE_CHARS,
    MAX_COMPARED,
    _unresolved,
    _with_phone,
    resolve,
    without_mentions,
)
from bot.catalog import Catalog
from bot.comparison import compare_reply
from bot.embeds import Topic, escape, quoted, topic_for
from bot.matching import (
    Outcome,
)
from bot.models import Phone
from bot.replies import Reply

# --- spec --------------------------------------------------------------------------------


def split_topic(text: str) -> tuple[str, Topic | None]:
    """ "xiaomi 14 pro battery" -> ("xiaomi 14 pro", BATTERY): topic words count only at the end."""
    words = text.split()
    for size in (2, 1):
        if len(words) > size:
            topic = topic_for(" ".join(words[-size:]))
            if topic is not None:
                return " ".join(words[:-size]), topic
    return text.strip(), None


def spec(catalog: Catalog, text: str, topic: Topic | None = None) -> Reply:
    """`spec <phone> [topic]`: the spec sheet, or just one topic of it."""
    if topic is None:
        query, topic = split_topic(text)
        if topic is None or not _names_the_phone(catalog, text, query):
            text = query
        else:
            topic = None
    return _with_phone(catalog, text, lambda phone: spec_of(catalog, phone, topic))


_NAME_WORD = re.compile(r"[^\W_]+")


def _names_the_phone(catalog: Catalog, text: str, query: str) -> bool:
    """Whether the words `split_topic` read as a topic belong to a phone's name: "pixel 4a 5g"
    is the Pixel 4a (5G), not the Pixel 4a's connectivity."""
    phone = catalog.index.identify(without_mentions(text))
    if phone is None:
        return False
    named = {word for name in (phone.name, *phone.aliases) for word in _words(name)}
    return set(_words(text)) - set(_words(query)) <= named


def _words(text: str) -> list[str]:
    return _NAME_WORD.findall(text.casefold())


def spec_of(catalog: Catalog, phone: Phone, topic: Topic | None = None) -> Reply:
    if topic is None:
        return Reply(embeds=(embeds.spec_embed(phone, catalog.updated),), report=phone.id)
    return Reply(embeds=(embeds.topic_embed(phone, topic, catalog.updated),), report=phone.id)


# --- compare -----------------------------------------------------------------------------


def split_phones(text: str) -> list[str]:
    """ "a vs b", "a, b", "a and b" -> the phone queries; parts that are empty, or nothing but
    mentions ("@everyone vs @here"), are dropped."""
    text = " ".join(text.split())[:MAX_COMPARE_CHARS]
    parts = (part.strip() for part in _COMPARE_SPLIT.split(text))
    return [part for part in parts if part and without_mentions(part)]


TEXT_FLAG = re.compile(r"(?<!\S)(?:--|—|–)text(?!\S)", re.I)
"""`compare a vs b --text`: no image, the text embed only ("—text": phones turn "--" into a
dash as you type)."""


def compare(catalog: Catalog, text: str, *, image: bool = True) -> Reply:
    """`compare a vs b [vs c] [topic] [--text]`: phones side by side, better values marked;
    a topic at the end ("battery") keeps only its rows. `image` False (or `--text`) sends no
    image card (the hook for a per-server setting)."""
    if TEXT_FLAG.search(text):
        text, image = TEXT_FLAG.sub(" ", text), False
    text, topic = _compare_topic(catalog, text)
    queries = split_phones(text)
    if len(queries) < 2:
        found = catalog.index.mentions(text, limit=MAX_COMPARED + 1)
        queries = [m.phone.id for m in found] if len(found) >= 2 else queries
    return compare_queries(catalog, queries, topic, image=image)


def _compare_topic(catalog: Catalog, text: str) -> tuple[str, Topic | None]:
    """ "a vs b battery" -> ("a vs b", BATTERY), unless the words belong to the last phone's
    name ("pixel 8 vs pixel 4a 5g")."""
    rest, topic = split_topic(text)
    parts = split_phones(text)
    if topic is None or not parts:
        return text, None
    last, _ = split_topic(parts[-1])
    return (text, None) if _names_the_phone(catalog, parts[-1], last) else (rest, topic)


def compare_queries(
    catalog: Catalog, queries: Sequence[str], topic: Topic | None = None, *, image: bool = True
) -> Reply:
    """Compare what each query finds; the first unclear one is asked about first."""
    queries = [query for query in queries if without_mentions(query)]
    if len(queries) < 2:
        return Reply(
            content="Name two or three phones, e.g. `compare xiaomi 14 pro vs pixel 8 pro`."
        )
    if len(queries) > MAX_COMPARED:
        return Reply(content=f"I compare at most {MAX_COMPARED} phones at a time.")
    phones: list[Phone] = []
    for position, query in enumerate(queries):
        match = resolve(catalog, query)
        if match.outcome is not Outcome.FOUND or match.phone is None:

            def retry(phone: Phone, position: int = position) -> Reply:
                chosen = [*queries[:position], phone.id, *queries[position + 1 :]]
                return compare_queries(catalog, chosen, topic, image=image)

            return _unresolved(catalog, match, retry)
        phones.append(match.phone)
    # By id: a Phone is not hashable (its price is a dict), so dict.fromkeys(phones) raises.
    unique = list({phone.id: phone for phone in phones}.values())
    if len(unique) < 2:
        name = escape(unique[0].name)
        return Reply(content=f"Those are all the {name}: name two different phones.")
    return compare_reply(unique, catalog.updated, topic, image=image)


# --- news --------------------------------------------------------------------------------


def news(catalog: Catalog, text: str = "") -> Reply:
    """`news [phone]`: the phone's and its series' launch news, or the latest across the catalog."""
    if not text.strip():
        latest = catalog.latest_news()
        if not latest:
            return Reply(content="The catalog has no news yet.")
        return Reply(embeds=tuple(embeds.latest_news_embeds(latest)))
    return _with_phone(catalog, text, lambda phone: news_of(catalog, phone))


def news_of(catalog: Catalog, phone: Phone) -> Reply:
    items = catalog.news_for(phone)
    if not items:
        return Reply(content=f"No launch news for the {escape(phone.name)} in the catalog yet.")
    return Reply(embeds=tuple(embeds.news_embeds(phone.name, items)))


# --- lists -------------------------------------------------------------------------------


def phones(catalog: Catalog, brand: str = "") -> Reply:
    """`phones [brand]`: every phone (of a brand), newest first, in pages."""
    if not brand.strip():
        title = f"All phones ({len(catalog.phones)})"
        return Reply(pages=embeds.list_pages(title, catalog.newest))
    brand = " ".join(brand.split())
    listed = catalog.phones_of(brand)
    if listed:
        return Reply(pages=embeds.list_pages(f"{listed[0].brand} phones", listed))
    close = []
    if len(brand) <= MAX_BRAND_CHARS:  # longer is no brand's typo; fuzzy scoring it is costly
        close = process.extract(brand, catalog.brands, processor=utils.default_process, limit=3)
    hint = ", ".join(name for name, score, _ in close if score >= 60)
    if not hint:
        shown = catalog.brands[:MAX_BRANDS_SHOWN]
        hint = ", ".join(shown) + (", …" if len(catalog.brands) > len(shown) else "")
    return Reply(content=f"No brand called {quoted(brand)} in the catalog. Brands: {hint}.")


def search(catalog: Catalog, text: str) -> Reply:
    """`search <text>`: every phone the words could mean, best first, in pages."""
    if not text.strip():
        return Reply(content="Search for what? Try `search galaxy s2` or `search pixel`.")
    found = catalog.index.suggest(text, limit=100)
    if not found:
        return Reply(content=f"Nothing in the catalog matches {quoted(text)}.")
    title = f"Search: {' '.join(text.split())[:80]}"
    return Reply(pages=embeds.list_pages(title, found))
