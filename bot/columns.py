"""Running a filter or ranking (`bot.filters.Request`) over the catalog's figures.

`Columns` holds every phone's figures, read once per catalog (off the event loop, with the
catalog), and per figure the phones in order of it; so a request over 10,000 phones costs a few
slices found by bisection, set operations and, for a ranking, a walk of a presorted order.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from array import array
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.filters import SPECS, Criterion, Request
from bot.models import Phone

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Order:
    """Phones in order of one figure; the newest first among equal values either way.

    Arrays, not lists: a catalog keeps five per figure, and at 10,000 phones lists of Python
    numbers were 22 MB of it (4 MB as arrays, which also pickle as plain bytes).
    """

    values: array[float]  # ascending
    ascending: array[int]  # phone positions, in the order of `values`
    descending: array[int]  # phone positions, highest value first
    up: array[int]  # phone: its place in `ascending`, -1 when its value is unknown
    down: array[int]  # phone: its place in `descending`, -1 when unknown

    @classmethod
    def of(cls, values: Sequence[float | None]) -> Order:
        known = [i for i, v in enumerate(values) if v is not None]
        known.sort(key=values.__getitem__)  # stable: the newest (lowest index) first
        negated = [-v if v is not None else 0.0 for v in values]
        descending = sorted(known, key=negated.__getitem__)
        return cls(
            array("d", [values[i] for i in known]),  # type: ignore[misc]
            array("i", known),
            array("i", descending),
            _places(known, len(values)),
            _places(descending, len(values)),
        )


def _places(order: list[int], size: int) -> array[int]:
    places = array("i", [-1]) * size
    for at, i in enumerate(order):
        places[i] = at
    return places


class Columns:
    """Every figure of every phone, newest phone first, read once per catalog; and, built when
    first asked, per figure the phones in order of it, so that a range is a slice found by
    bisection and a ranking a sort by precomputed positions (C speed, not a Python test per
    phone)."""

    def __init__(self, newest: Sequence[Phone]) -> None:
        self.phones = tuple(newest)
        self.values = {key: [spec.read(p) for p in self.phones] for key, spec in SPECS.items()}
        self.brand: defaultdict[str, set[int]] = defaultdict(set)
        self.brand_names = {p.brand.casefold(): p.brand for p in self.phones}
        """The brands `parse` reads, casefolded, with the catalog's spelling."""
        self.words: defaultdict[str, set[int]] = defaultdict(set)
        for i, phone in enumerate(self.phones):
            self.brand[phone.brand.casefold()].add(i)
            for word in _WORD.findall(phone.name.casefold()):
                self.words[word].add(i)
        self.chipset = [p.chipset.name.casefold() if p.chipset else "" for p in self.phones]
        self.water = [_water(p) for p in self.phones]
        self.five_g = {i for i, p in enumerate(self.phones) if _has_5g(p)}
        self._sorted: dict[tuple[str, str], Order] = {}
        for key in SPECS:  # built with the catalog, off the event loop; prices on first use
            self.sorted_by(key)

    def sorted_by(self, key: str, currency: str = "") -> Order:
        """The phones in order of a figure (a price: in one currency), built once."""
        if (key, currency) not in self._sorted:
            values = self.price(currency) if key == "price" else self.values[key]
            self._sorted[key, currency] = Order.of(values)
        return self._sorted[key, currency]

    def price(self, currency: str) -> list[float | None]:
        return [p.price.get(currency) for p in self.phones]


def _water(phone: Phone) -> int:
    rating = phone.body.ip_rating if phone.body else None
    digits = [r[3] for r in (rating or "").split("/") if len(r) > 3 and r[3].isdigit()]
    return int(max(digits)) if digits else -1


FIRST_5G_PHONES = dt.date(2019, 4, 1)


def _has_5g(phone: Phone) -> bool:
    """5G by the data (`five_g`, arriving with the data issue's schema) or by the name."""
    five_g = getattr(phone.connectivity, "five_g", None)
    if five_g is not None:
        return bool(five_g)
    return "5g" in phone.name.casefold().replace(" ", "")


def run(columns: Columns, request: Request) -> list[Phone]:
    """The phones meeting every criterion, ranked (else newest first)."""
    keep = _matching(columns, request.criteria)
    ranking = request.ranking
    if ranking is None:
        chosen = sorted(keep) if keep is not None else range(len(columns.phones))
        return [columns.phones[i] for i in chosen]
    order = columns.sorted_by(ranking.key, ranking.currency)
    walk = order.descending if ranking.descending else order.ascending
    if keep is None:
        ranked = walk
    elif len(keep) * 8 < len(walk):  # few: sort them by their places
        places = order.down if ranking.descending else order.up
        ranked = sorted((i for i in keep if places[i] >= 0), key=places.__getitem__)
    else:  # many: walk the order, keeping those chosen
        ranked = [i for i in walk if i in keep]
    phones = columns.phones
    return [phones[i] for i in ranked]


def _matching(columns: Columns, criteria: Sequence[Criterion]) -> set[int] | None:
    """The phones meeting every criterion, as a set of positions; None: every phone."""
    keep: set[int] | None = None
    for criterion in criteria:
        found = _meeting(columns, criterion)
        keep = found if keep is None else keep & found
    return keep


def _meeting(columns: Columns, c: Criterion) -> set[int]:
    if c.key == "brand":
        return columns.brand.get(c.text.casefold(), set())
    if c.key == "name":
        return columns.words.get(c.text, set())
    if c.key == "chipset":
        chip = c.text.casefold()
        return {i for i, name in enumerate(columns.chipset) if chip in name}
    if c.key == "ip":
        water = int(c.low or 0)
        return {i for i, w in enumerate(columns.water) if w >= water}
    if c.key == "5g":
        return columns.five_g
    order = columns.sorted_by(c.key, c.text if c.key == "price" else "")
    low = 0 if c.low is None else bisect.bisect_left(order.values, c.low)
    high = len(order.values) if c.high is None else bisect.bisect_right(order.values, c.high)
    return set(order.ascending[low:high])
