"""A phone's spec sheet, one topic of it, and the compact card of a `[[phone]]`, with the
parts every phone embed shares (title and link, sources and credits in the footer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from bot.compare import MAIN_CAMERA, RAM, STORAGE, WEIGHT
from bot.embeds.sections import spec_fields, summary_line, topic_section
from bot.embeds.text import escape, join
from bot.embeds.topics import Topic
from bot.models import Phone
from bot.replies import Embed

DATASET_CREDITS: tuple[tuple[str, str], ...] = (
    ("github.com/seungpyo1007/techapi/", "TechAPI (CC BY-SA 4.0)"),
    ("wiki.lineageos.org/", "LineageOS Wiki (CC BY-SA 3.0)"),
    ("endoflife.date/", "endoflife.date (MIT)"),
    ("github.com/devicekit/devicekit/", "DeviceKit (MIT)"),
)
"""Open datasets by URL prefix, and the credit their licences ask for in the footer."""
RAW_DATASETS = ("github.com/seungpyo1007/techapi/", "github.com/devicekit/devicekit/")
"""Dataset URLs that open as raw data files: the title links to another source when there is one."""
NO_SPECS = "Detailed specs are not in the catalog yet."


# --- the parts every phone embed shares ----------------------------------------------------


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}{parts.path}/".casefold().removeprefix("www.")


def _dataset(url: str) -> str | None:
    """The credit of the open dataset `url` belongs to, if it is one."""
    where = _where(url)
    return next((credit for prefix, credit in DATASET_CREDITS if where.startswith(prefix)), None)


def source_url(phone: Phone) -> str:
    """The first source that is not a raw dataset file (TechAPI's JSON, DeviceKit's Swift)."""
    readable = (url for url in phone.sources if not _where(url).startswith(RAW_DATASETS))
    return next(readable, phone.sources[0])


def _footer(phone: Phone, updated: dt.datetime) -> dict[str, str]:
    return {"text": sources_text([phone], f"data as of {updated:%Y-%m-%d}")}


def sources_text(phones: Sequence[Phone], dated: str) -> str:
    """Where the data comes from and how fresh it is: "Sources: mi.com, en.wikipedia.org ·
    data as of 2026-11-26 · Data: TechAPI (CC BY-SA 4.0)"."""
    urls = [url for phone in phones for url in phone.sources]
    others = [url for url in urls if _dataset(url) is None]
    domains = list(dict.fromkeys(_domain(url) for url in others))
    sources = f"Source{'s' if len(domains) > 1 else ''}: {', '.join(domains)}" if domains else None
    credits = list(dict.fromkeys(filter(None, map(_dataset, urls))))
    credit = f"Data: {', '.join(credits)}" if credits else None
    return join(sources, dated, credit)


def _domain(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def _header(phone: Phone, about: str = "") -> Embed:
    """Title (with what the embed is about), link to the source and the phone's picture."""
    title = join(escape(phone.name), about, sep=" — ")
    embed: Embed = {"title": title, "url": source_url(phone)}
    if phone.image_url:
        embed["thumbnail"] = {"url": phone.image_url}
    return embed


def _field(name: str, lines: Sequence[str], *, inline: bool = True) -> dict[str, Any]:
    return {"name": name, "value": escape("\n".join(lines)), "inline": inline}


# --- builders ------------------------------------------------------------------------------


def spec_embed(phone: Phone, updated: dt.datetime, currency: str | None = None) -> Embed:
    """The full spec sheet: a one-line summary and a field per known part; prices in
    `currency` first (a server's preference)."""
    fields = [
        _field(name, lines, inline=inline)
        for name, section, inline in spec_fields(currency)
        if (lines := section(phone))
    ]
    return {
        **_header(phone),
        "description": escape(summary_line(phone, currency) if phone.has_specs else NO_SPECS),
        "fields": fields,
        "footer": _footer(phone, updated),
    }


def topic_embed(
    phone: Phone, topic: Topic, updated: dt.datetime, currency: str | None = None
) -> Embed:
    """One part of the spec sheet, or a plain "no data" when the catalog lacks it."""
    lines = topic_section(topic, currency)(phone)
    missing = f"The catalog has no {topic.label} data for {escape(phone.name)}."
    if not phone.has_specs:
        missing = f"{missing} {NO_SPECS}"
    description = escape("\n".join(lines)) if lines else missing
    return {
        **_header(phone, topic.label),
        "description": description,
        "footer": _footer(phone, updated),
    }


_CARD_FIGURES = (MAIN_CAMERA, RAM, STORAGE, WEIGHT)


def card_embed(phone: Phone, currency: str | None = None) -> Embed:
    """A compact card for a phone named inline in a message ([[Xiaomi 14 Pro]])."""
    readings = ((figure.label, figure.read(phone)) for figure in _CARD_FIGURES)
    fields = [_field(label, [reading.text]) for label, reading in readings if reading]
    summary = summary_line(phone, currency) if phone.has_specs else NO_SPECS
    return {**_header(phone), "description": escape(summary), "fields": fields}
