"""How answers are shown where they are asked: what a server chose with `/settings`, or what
the console and `ask` were told on the command line. The router hands it to every answer that
depends on it, so Discord, the console and `ask` answer alike."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preferences:
    """`image`: comparisons come with their image card. `currency`: the ISO code of the price
    shown first wherever a phone was announced in it (`bot.prices`); None: the catalog's order."""

    image: bool = True
    currency: str | None = None


DEFAULT = Preferences()
