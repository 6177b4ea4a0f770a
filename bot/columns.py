"""Running a filter or ranking (`bot.filters.Request`) over the catalog's figures.

`Columns` holds every phone's figures, read once per catalog (off the event loop, with the
catalog), and per figure the phones in order of it; so a request over 10,000 phones costs a few
slices found by bisection, set operations and, for a ranking, a walk of a presorted order.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import overload

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
    unknown: array[int]  # the phones whose value is unknown

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
            array("i", [i for i, v in enumerate(values) if v is None]),
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
        # by distinct chipset name and by water rating: a few hundred names to test, not
        # every phone
        self.chipset: defaultdict[str, set[int]] = defaultdict(set)
        self.water: defaultdict[int, set[int]] = defaultdict(set)
        for i, phone in enumerate(self.phones):
            if phone.chipset:
                self.chipset[phone.chipset.name.casefold()].add(i)
            self.water[_water(phone)].add(i)
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


def run(columns: Columns, request: Request) -> Found:
    """The phones meeting every criterion, ranked (else newest first).

    Only their number is counted here; they are put in order as far as they are read (a page
    at a time), so a request over 10,000 phones costs its set operations and a first page."""
    keep = _matching(columns, request.criteria)
    phones = columns.phones
    everyone = range(len(phones))
    ranking = request.ranking
    if ranking is None:
        if keep is None:
            return Found(phones, everyone, len(phones))
        if len(keep) * 8 < len(phones):  # few: sort them
            return Found(phones, sorted(keep), len(keep))
        return Found(phones, (i for i in everyone if i in keep), len(keep))
    order = columns.sorted_by(ranking.key, ranking.currency)
    walk = order.descending if ranking.descending else order.ascending
    if keep is None:
        return Found(phones, walk, len(walk))
    if len(keep) * 8 < len(walk):  # few: sort them by their places
        places = order.down if ranking.descending else order.up
        ranked = sorted((i for i in keep if places[i] >= 0), key=places.__getitem__)
        return Found(phones, ranked, len(ranked))
    # many: walk the order, keeping those chosen (each phone with a value, once)
    count = len(keep) - len(keep.intersection(order.unknown))
    return Found(phones, (i for i in walk if i in keep), count)


class Found(Sequence[Phone]):
    """The phones a request found, in order, put in order only as far as they are read
    (`bot.embeds.ListPages` reads a page at a time). Read on one thread at a time."""

    def __init__(self, phones: Sequence[Phone], order: Iterable[int], count: int) -> None:
        self._phones = phones
        self._order = iter(order)
        self._read: list[int] = []  # the positions read so far, in order
        self._count = count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Phone: ...
    @overload
    def __getitem__(self, index: slice) -> list[Phone]: ...
    def __getitem__(self, index: int | slice) -> Phone | list[Phone]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            self._read_to(self._count if step < 0 else stop)
            return [self._phones[i] for i in self._read[start:stop:step]]
        number = index + self._count if index < 0 else index
        if not 0 <= number < self._count:
            raise IndexError(f"phone {index} of {self._count}")
        self._read_to(number + 1)
        return self._phones[self._read[number]]

    def _read_to(self, size: int) -> None:
        if size > len(self._read):
            self._read.extend(itertools.islice(self._order, size - len(self._read)))


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
        return set().union(*(ids for name, ids in columns.chipset.items() if chip in name))
    if c.key == "ip":
        water = int(c.low or 0)
        return set().union(*(ids for w, ids in columns.water.items() if w >= water))
    if c.key == "5g":
        return columns.five_g
    order = columns.sorted_by(c.key, c.text if c.key == "price" else "")
    low = 0 if c.low is None else bisect.bisect_left(order.values, c.low)
    high = len(order.values) if c.high is None else bisect.bisect_right(order.values, c.high)
    return set(order.ascending[low:high])
