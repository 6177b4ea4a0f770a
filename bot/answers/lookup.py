"""`spec`, `compare`, `news`, `phones` and `search`: the commands that look phones up."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Sequence

from rapidfuzz import process, utils

from bot import embeds
from bot.answers import focused
from bot.answers.find import find, is_request
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
from bot.answers.topics import split_topic
from bot.catalog import Catalog
from bot.comparison import compare_reply
from bot.embeds import Topic, escape, quoted
from bot.matching import (
    Outcome,
)
from bot.models import Phone
from bot.preferences import DEFAULT, Preferences
from bot.replies import Reply

# --- spec --------------------------------------------------------------------------------


def spec(
    catalog: Catalog, text: str, topic: Topic | None = None, *, prefs: Preferences = DEFAULT
) -> Reply:
    """`spec <phone> [topic]`: the spec sheet, or one topic of it; topic words may stand
    anywhere ("charging speed of the pixel 8"). Two phones ("a vs b") hand over to `compare`."""
    text = without_mentions(text)
    if len(split_phones(text, catalog)) >= 2:
        return compare(catalog, text if topic is None else f"{text} {topic.value}", prefs=prefs)
    if topic is None:
        text, topic = split_topic(catalog, text)
    return _with_phone(catalog, text, lambda phone: spec_of(catalog, phone, topic, prefs=prefs))


def spec_of(
    catalog: Catalog, phone: Phone, topic: Topic | None = None, *, prefs: Preferences = DEFAULT
) -> Reply:
    updated, currency = catalog.updated, prefs.currency
    if topic is None:
        embed = embeds.spec_embed(phone, updated, currency)
    else:
        embed = embeds.topic_embed(phone, topic, updated, currency)
    return Reply(embeds=(embed,), report=phone.id)


# --- compare -----------------------------------------------------------------------------

MAX_X_SPLITS = 3  # "a x b": the first three "x" tried as a separator
_X = re.compile(r"\sx\s", re.IGNORECASE)


def split_phones(text: str, catalog: Catalog | None = None) -> list[str]:
    """ "a vs b", "a, b", "a and b", "a & b", "a or b" -> the phone queries; parts that are
    empty, or nothing but mentions ("@everyone vs @here"), are dropped. With the catalog, "a x b"
    splits too, but only where both sides name a phone ("iphone x x pixel 8" keeps the X)."""
    text = " ".join(text.split())[:MAX_COMPARE_CHARS]
    parts = [p for p in (part.strip() for part in _COMPARE_SPLIT.split(text)) if p]
    parts = [part for part in parts if without_mentions(part)]
    if len(parts) < 2 and catalog is not None:
        return _split_on_x(catalog, text) or parts
    return parts


def _split_on_x(catalog: Catalog, text: str) -> list[str]:
    index = catalog.index
    for found in itertools.islice(_X.finditer(text), MAX_X_SPLITS):
        left, right = text[: found.start()], text[found.end() :]
        if index.identify(left) is not None and index.identify(split_topic(catalog, right)[0]):
            return [left, right]
    return []


TEXT_FLAG = re.compile(r"(?<!\S)(?:--|—|–)text(?!\S)", re.I)
"""`compare a vs b --text`: no image, the text embed only ("—text": phones turn "--" into a
dash as you type)."""


def compare(catalog: Catalog, text: str, *, prefs: Preferences = DEFAULT) -> Reply:
    """`compare a vs b [vs c] [topic] [--text]`: phones side by side, better values marked;
    a topic after the last phone ("battery") keeps only its rows. `prefs.image` False (or
    `--text`) sends no image card."""
    text = without_mentions(text)  # "<@&1> vs <@&2>": roles, users and channels are no phones
    if TEXT_FLAG.search(text):
        text, prefs = TEXT_FLAG.sub(" ", text), dataclasses.replace(prefs, image=False)
    queries = split_phones(text, catalog)
    topic = None
    if queries:
        queries[-1], topic = split_topic(catalog, queries[-1])
    if len(queries) < 2:
        found = catalog.index.mentions(text, limit=MAX_COMPARED + 1)
        queries = [m.phone.id for m in found] if len(found) >= 2 else queries
    return compare_queries(catalog, queries, topic, prefs=prefs)


def compare_queries(
    catalog: Catalog,
    queries: Sequence[str],
    topic: Topic | None = None,
    *,
    prefs: Preferences = DEFAULT,
) -> Reply:
    """Compare what each query finds; the first unclear one is asked about first. Two phones
    and a topic get the focused sentence too ("The iPhone 15 (171 g) is 16 g lighter...")."""
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
                return compare_queries(catalog, chosen, topic, prefs=prefs)

            return _unresolved(catalog, match, retry)
        phones.append(match.phone)
    # By id: a Phone is not hashable (its price is a dict), so dict.fromkeys(phones) raises.
    unique = list({phone.id: phone for phone in phones}.values())
    if len(unique) < 2:
        name = escape(unique[0].name)
        return Reply(content=f"Those are all the {name}: name two different phones.")
    reply = compare_reply(unique, catalog.updated, topic, prefs=prefs)
    quantity = focused.for_topic(topic)
    if quantity is None or len(unique) != 2 or not reply.embeds:
        return reply
    return dataclasses.replace(reply, content=focused.sentence(quantity, *unique))


# --- news --------------------------------------------------------------------------------


def news(catalog: Catalog, text: str = "", *, prefs: Preferences = DEFAULT) -> Reply:
    """`news [phone]`: the phone's and its series' launch news, or the latest across the catalog."""
    if not text.strip():
        latest = catalog.latest_news()
        if not latest:
            return Reply(content="The catalog has no news yet.")
        return Reply(embeds=tuple(embeds.latest_news_embeds(latest)))
    return _with_phone(catalog, text, lambda phone: news_of(catalog, phone, prefs=prefs))


ANNOUNCED_BEFORE_RELEASE = dt.timedelta(days=45)
"""How long before its release a phone known only by its release date may have been shown."""


def news_of(catalog: Catalog, phone: Phone, *, prefs: Preferences = DEFAULT) -> Reply:
    """The phone's launch card (from its data), then its news and the series news that is not
    older than the phone: a later phone of the series did not "sell a million in a week"."""
    items = [
        item
        for item in catalog.news_for(phone)
        if item in phone.news or item.date >= first_shown(phone)
    ]
    launch = embeds.launch_embed(phone, prefs.currency)
    return Reply(embeds=tuple(embeds.news_embeds(phone.name, items, launch=launch)))


def first_shown(phone: Phone) -> dt.date:
    """The earliest day news can be about the phone: its announcement, or with only a release
    date known, some weeks before it (the S25 Ultra's Unpacked came two weeks before its sale)."""
    return phone.announced or phone.launched - ANNOUNCED_BEFORE_RELEASE


# --- lists -------------------------------------------------------------------------------


def phones(catalog: Catalog, brand: str = "", *, prefs: Preferences = DEFAULT) -> Reply:
    """`phones [brand]`: every phone (of a brand), newest first, in pages."""
    if not brand.strip():
        title = f"All phones ({len(catalog.phones)})"
        return Reply(pages=embeds.list_pages(title, catalog.newest))
    brand = " ".join(brand.split())
    listed = catalog.phones_of(brand)
    if listed:
        return Reply(pages=embeds.list_pages(f"{listed[0].brand} phones", listed))
    if is_request(catalog, brand, prefs.currency):  # "phones with 120W charging": a filter
        return find(catalog, brand, prefs=prefs)
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
