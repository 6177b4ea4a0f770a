"""A comparison as the bot sends it: a compact text embed, and an image card to attach.

`Comparison` is everything a reader sees (names, scored rows, verdict, sources, data date) as
plain, hashable data: the text embed and the image (`bot.compare_image`) are both drawn from it,
and the image cache is keyed by it. `compare_reply()` builds the `Reply` the cogs send and the
console prints.

The text layout reads on a phone's narrow screen: the verdict, the short names in column order,
then one line per row with the values side by side, the better one bold with ✅, "≈" at the end
of a row whose best values are about even.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot import compare_image
from bot.compare import Row, compare_rows, compare_topic, short_names, verdict
from bot.embeds import escape, sources_text
from bot.models import Phone
from bot.preferences import DEFAULT, Preferences
from bot.replies import Embed, Picture, Reply

VALUE_MAX = 40
"""A value longer than this is cut in the text layout: three phones stay one short line."""
LABEL_MAX = 20
SEPARATOR = " | "
WIN = "✅"
EVEN = "≈"
LEGEND = f"{WIN} better · {EVEN} about even"


@dataclass(frozen=True)
class Comparison:
    """What a comparison shows; equal comparisons look the same, as text and as an image."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    short: tuple[str, ...]
    rows: tuple[Row, ...]
    verdict: str
    sources: str
    updated: dt.date
    topic: str | None = None

    @property
    def title(self) -> str:
        title = " vs ".join(self.names)
        return f"{title} — {self.topic}" if self.topic else title

    @property
    def footer(self) -> str:
        return f"{LEGEND} · {self.sources}"


def comparison(
    phones: Sequence[Phone],
    updated: dt.datetime,
    topic: str | None = None,
    *,
    currency: str | None = None,
) -> Comparison:
    """Two or three phones lined up: every row, or only a topic's (a `bot.embeds.Topic`);
    launch prices in `currency` where the phones were announced in it."""
    if not 2 <= len(phones) <= 3:
        raise ValueError(f"compare two or three phones, not {len(phones)}")
    if topic:
        rows = compare_topic(phones, topic, currency=currency)
    else:
        rows = compare_rows(phones, currency=currency)
    short = short_names(phones)
    return Comparison(
        ids=tuple(phone.id for phone in phones),
        names=tuple(phone.name for phone in phones),
        short=tuple(short),
        rows=tuple(rows),
        verdict=verdict(phones, rows, short, one_topic=bool(topic)),
        sources=sources_text(phones, f"data as of {updated:%Y-%m-%d}"),
        updated=updated.date(),
        topic=getattr(topic, "label", topic),
    )


def compare_reply(
    phones: Sequence[Phone],
    updated: dt.datetime,
    topic: str | None = None,
    *,
    prefs: Preferences = DEFAULT,
) -> Reply:
    """The reply to a comparison: the text embed, with the image card when `prefs.image`."""
    compared = comparison(phones, updated, topic, currency=prefs.currency)
    if not compared.rows:
        names = " and the ".join(escape(name) for name in compared.names)
        return Reply(content=f"No {topic} figures to compare for the {names}.")
    picture = picture_for(compared) if prefs.image else None
    return Reply(embeds=(compare_embed(compared),), picture=picture)


def compare_embed(compared: Comparison) -> Embed:
    """The text layout: verdict, names in column order, one line per row."""
    header = SEPARATOR.join(f"**{escape(name)}**" for name in compared.short)
    lines = [escape(compared.verdict), "", header, *(_line(row) for row in compared.rows)]
    return {
        "title": escape(compared.title),
        "description": "\n".join(lines),
        "footer": {"text": compared.footer},
    }


def _line(row: Row) -> str:
    """ "Battery: 4880 mAh | **5050 mAh** ✅", or "Weight: 187 g | 190 g ≈" (even, though the
    values differ)."""
    cells = [
        f"**{_value(value)}** {WIN}" if index == row.winner else _value(value)
        for index, value in enumerate(row.values)
    ]
    even = f" {EVEN}" if row.close else ""
    return f"{escape(_cut(row.label, LABEL_MAX))}: {SEPARATOR.join(cells)}{even}"


def _value(text: str) -> str:
    return escape(_cut(" ".join(text.split()), VALUE_MAX))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_UNSAFE = re.compile(r"[^a-z0-9-]+")


def picture_for(compared: Comparison) -> Picture:
    """The image card, drawn when sent (`compare_image.render_png`, cached)."""
    name = "-vs-".join(compared.ids) + (f"-{compared.topic}" if compared.topic else "")
    filename = f"{_UNSAFE.sub('-', name.lower())[:80]}.png"
    embed = {
        "title": escape(compared.title),
        "description": escape(compared.verdict),
        "image": {"url": f"attachment://{filename}"},
        "footer": {"text": compared.footer},
    }
    return Picture(
        filename=filename,
        render=lambda: compare_image.render_png(compared),
        embeds=(embed,),
    )
