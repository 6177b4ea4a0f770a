"""News cards: a phone's or a series' news, the launch card every phone has, and the
latest news across the catalog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.embeds.limits import EMBEDS_MAX
from bot.embeds.sections import launch_lines
from bot.embeds.spec import source_url
from bot.embeds.text import escape
from bot.models import NewsItem, Phone
from bot.replies import Embed

NEWS_TIME = dt.time(12, tzinfo=dt.UTC)
"""News items carry a date only; Discord shows a timestamp in the reader's zone."""


def news_embeds(
    subject: str, items: Sequence[NewsItem], *, launch: Embed | None = None
) -> list[Embed]:
    """News about one phone or series, newest first: one embed each, at most ten in all, ending
    with `launch` (a phone's launch card, its oldest news) when given."""
    newest = sorted(items, key=lambda item: item.date, reverse=True)
    cards = [_news_embed(subject, item) for item in newest]
    return cards[: EMBEDS_MAX - bool(launch)] + ([launch] if launch else [])


def launch_embed(phone: Phone, currency: str | None = None) -> Embed:
    """The launch card every phone has, built from its data: dates, launch prices, support."""
    return {
        "author": {"name": phone.name},
        "title": f"Launch of the {escape(phone.name)}",
        "url": source_url(phone),
        "description": escape("\n".join(launch_lines(phone, currency))),
        "timestamp": dt.datetime.combine(phone.launched, NEWS_TIME).isoformat(),
    }


def latest_news_embeds(pairs: Sequence[tuple[str, NewsItem]]) -> list[Embed]:
    """News across the catalog as (what it is about, item), newest first, at most ten."""
    newest = sorted(pairs, key=lambda pair: pair[1].date, reverse=True)[:EMBEDS_MAX]
    return [_news_embed(about, item) for about, item in newest]


def _news_embed(about: str, item: NewsItem) -> Embed:
    """What the item is about as the author line, the headline linking to the story, the source
    in the footer and the date as the timestamp (noon UTC: the same day in almost every zone)."""
    return {
        "author": {"name": about},
        "title": escape(item.headline),
        "url": item.url,
        "description": escape(item.summary),
        "footer": {"text": item.source},
        "timestamp": dt.datetime.combine(item.date, NEWS_TIME).isoformat(),
    }
