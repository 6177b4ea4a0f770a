"""A catalog of phones whose texts are as long as the schema allows: answers about them are too
big for Discord as built, and must be cut on their way out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from bot.models import NAME_MAX

TEXT_MAX = 500
"""The longest text the schema takes (`bot.models.Text`)."""
NEWS_SUMMARY_MAX = 4000
"""The longest news summary it takes (`bot.models.LongText`)."""


def long_text(seed: str, size: int = TEXT_MAX) -> str:
    """`size` characters of words, markdown and mentions (which must stay inert)."""
    return (f"{seed} @everyone **bold** words " * size)[:size].strip()


def oversized_phone(number: int, *, news: int = 0) -> dict[str, Any]:
    """Phone `number`, called "oversized <number>" too, with `news` items of the longest
    summaries: every shown text long, dozens of model numbers and sources."""
    brand = f"Oversized{number}"
    return {
        "id": f"oversized-{number}",
        "brand": brand,
        "model": ("Model " + "Z" * NAME_MAX)[: NAME_MAX - len(brand) - 1],
        "aliases": [f"oversized {number}"],
        "model_numbers": [long_text(f"model{n}", 300) for n in range(12)],
        "announced": dt.date(2024, 1, 1) + dt.timedelta(days=number),
        "price": {"USD": 999, "EUR": 1099},
        "display": {"size_in": 6.7, "type": long_text("panel"), "protection": long_text("glass")},
        "chipset": {"name": long_text("chip"), "cpu": long_text("cpu"), "gpu": long_text("gpu")},
        "battery": {"capacity_mah": 5000 + number, "wired_w": 65},
        "body": {"build": long_text("build"), "weight_g": 200 + number},
        "os": long_text("os"),
        "connectivity": {"network": long_text("network"), "wifi": long_text("wifi")},
        "sources": [f"https://source-{n}-{'a' * 60}.example/page" for n in range(40)],
        "news": [
            {
                "date": dt.date(2024, 2, 1) + dt.timedelta(days=n),
                "headline": long_text(f"headline{n}"),
                "summary": long_text(f"summary{n}", NEWS_SUMMARY_MAX),
                "source": long_text(f"source{n}"),
                "url": f"https://news.example.com/{number}/{n}",
            }
            for n in range(news)
        ],
    }


def write_oversized_catalog(path: Path, phones: int) -> Path:
    """`phones` oversized phones in a spec file at `path`, the first with twelve news items."""
    listed = [oversized_phone(n, news=12 if n == 0 else 0) for n in range(phones)]
    text = yaml.safe_dump({"updated": dt.date(2026, 11, 30), "phones": listed}, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path
