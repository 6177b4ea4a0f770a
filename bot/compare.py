"""Phones side by side: which figures are set against each other, and the rules that say who wins.

Every row of a comparison is a `Figure`: how to read it from a phone, the topic it belongs to,
and its `Rule`: whether higher or lower is better, and the margin below which two values are
"about even". The rules, in one place (also in docs/comparisons.md):

| row               | better | about even when the gap is | notes                              |
|-------------------|--------|----------------------------|------------------------------------|
| Display           | –      | context                    | size is taste, not a win           |
| Resolution        | higher | under 5% of the ppi        | pixel density decides              |
| Refresh rate      | higher | under 1 Hz                 |                                    |
| Peak brightness   | higher | under 5%                   |                                    |
| Chip              | –      | context                    | the chip's name                    |
| Geekbench         | higher | under 5% (combined score)  | combined = √(single × multi)       |
| RAM, Storage      | higher | 0 (equal)                  | the largest variant                |
| Main camera       | –      | context                    | megapixels are not quality         |
| Telephoto zoom    | higher | under 10%                  | no telephoto is never a win        |
| Battery           | higher | under 3%                   |                                    |
| Wired charging    | higher | under 15%                  | 27 W and 30 W charge alike         |
| Wireless charging | higher | under 15%                  | none is never a win                |
| Weight            | lower  | under 5 g                  |                                    |
| Size (open/folded)| –      | context                    | a foldable's sizes on rows of own  |
| Thickness         | lower  | under 0.3 mm               | a foldable counts it folded        |
| IP rating         | higher | 0 (equal)                  | water protection first, then dust  |
| OS                | –      | context                    |                                    |
| Launched          | –      | context                    | newer is not better                |
| Launch price      | –      | context                    | announced prices, never converted  |

And for every scored row:
- **Absence is never a win**: a phone without the feature (no telephoto, no wireless charging)
  shows it and loses to any phone that has it; when none has it, nobody wins.
- **Unknown is not a loss**: when any phone's value is unknown the row shows "unknown" and has no
  winner (`Mark.UNKNOWN`); a chip without benchmark scores cannot be ranked either.
- **Ties**: every phone within the margin of the best is "about even" (`Mark.TIE`); a win needs
  a gap of at least the margin.
- **Context rows** (`Mark.CONTEXT`) are shown and never scored.

`compare_rows()` lines the rows up for two or three phones, `compare_topic()` only a topic's rows
(topics are `bot.embeds.Topic` values), `verdict()` says who wins what in one line, and
`short_names()` gives the shortest names that still tell the phones apart.

The formatters at the end (`refresh_text`, `storage_text`) are shared with `bot.embeds`, so a
figure reads the same in a comparison and on a spec sheet; prices read as `bot.prices` writes
them. The launch price row shows each phone's announced price in the reader's currency when the
phone was announced in it (`compare_rows(..., currency=)`); it is context, so prices in two
currencies are shown side by side, never set against each other.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import Enum, StrEnum
from typing import NamedTuple

from bot import prices
from bot.models import Body, CameraRole, Dimensions, Phone

MISSING = "unknown"
"""Shown in a row for a phone whose figure the catalog does not know."""


class Reading(NamedTuple):
    """One phone's figure: how it reads, and its score where one is needed (see `Rule`).

    `absent` marks a phone that lacks the feature altogether ("no telephoto"): never a win.
    """

    text: str
    score: float | None = None
    absent: bool = False


Reader = Callable[[Phone], Reading | None]


class Better(Enum):
    HIGHER = 1
    LOWER = -1


@dataclass(frozen=True)
class Rule:
    """How a row is scored: `better` None is a context row, shown and never scored. A win needs
    a gap of at least `margin` (a fraction of the best value when `relative`), and more than 0."""

    better: Better | None = None
    margin: float = 0.0
    relative: bool = False

    def within(self, best: float, value: float) -> bool:
        """Whether `value` is about even with `best`."""
        gap = abs(best - value)
        limit = self.margin * abs(best) if self.relative else self.margin
        return gap == 0 or gap < limit


CONTEXT = Rule()


@dataclass(frozen=True)
class Figure:
    """One row: `read` returns None when the catalog lacks the figure for a phone.

    `word` names the row in the verdict ("Pixel 8 Pro: battery, brightness"); `topics` are the
    `bot.embeds.Topic` values whose comparison shows the row.
    """

    label: str
    read: Reader
    rule: Rule = CONTEXT
    topics: frozenset[str] = frozenset()
    word: str = ""


class Mark(StrEnum):
    WIN = "win"
    """One phone is better by at least the margin: `best` holds it."""
    TIE = "tie"
    """The best phones are within the margin of each other: `best` holds them."""
    UNKNOWN = "unknown"
    """A phone's value (or its score) is unknown: no winner."""
    NONE = "none"
    """No phone has the feature (every one reads "none"): no winner."""
    CONTEXT = "context"
    """Shown for context, never scored."""


@dataclass(frozen=True)
class Row:
    """A figure for each phone (`MISSING` where unknown), its mark and the phones it marks."""

    label: str
    values: tuple[str, ...]
    best: tuple[int, ...] = ()
    mark: Mark = Mark.CONTEXT
    word: str = ""

    @property
    def close(self) -> bool:
        """About even, though the best values differ ("4880 mAh" and "4950 mAh")."""
        return self.mark is Mark.TIE and len({self.values[index] for index in self.best}) > 1

    @property
    def winner(self) -> int | None:
        """The phone that wins the row outright, if one does."""
        return self.best[0] if self.mark is Mark.WIN else None


def compare_rows(phones: Sequence[Phone], *, currency: str | None = None) -> list[Row]:
    """Every row known for at least one of the phones, in display order, scored; prices in
    `currency` where the phones were announced in it."""
    return _rows(_figures(currency), phones)


def compare_topic(phones: Sequence[Phone], topic: str, *, currency: str | None = None) -> list[Row]:
    """Only the rows of one topic ("battery", "display"...: a `bot.embeds.Topic`)."""
    return _rows([figure for figure in _figures(currency) if topic in figure.topics], phones)


def _figures(currency: str | None) -> list[Figure]:
    """`FIGURES`, the price row reading the price in `currency` first."""
    priced = replace(PRICE, read=lambda phone: _price(phone, currency))
    return [priced if figure is PRICE else figure for figure in FIGURES]


def _rows(figures: Sequence[Figure], phones: Sequence[Phone]) -> list[Row]:
    rows = (_row(figure, phones) for figure in figures)
    return [row for row in rows if row is not None]


def _row(figure: Figure, phones: Sequence[Phone]) -> Row | None:
    readings = [figure.read(phone) for phone in phones]
    if all(reading is None for reading in readings):
        return None
    values = tuple(reading.text if reading else MISSING for reading in readings)
    mark, best = _score(figure.rule, readings)
    return Row(figure.label, values, best, mark, figure.word or figure.label.lower())


def _score(rule: Rule, readings: Sequence[Reading | None]) -> tuple[Mark, tuple[int, ...]]:
    if rule.better is None:
        return Mark.CONTEXT, ()
    if any(r is None or (r.score is None and not r.absent) for r in readings):
        return Mark.UNKNOWN, ()
    sign = rule.better.value
    present = {
        i: sign * r.score
        for i, r in enumerate(readings)
        if r is not None and r.score is not None and not r.absent
    }
    if not present:
        return Mark.NONE, ()
    top = max(present.values())
    best = tuple(i for i, score in present.items() if rule.within(top, score))
    return (Mark.WIN if len(best) == 1 else Mark.TIE), best


def verdict(
    phones: Sequence[Phone],
    rows: Sequence[Row],
    names: Sequence[str] = (),
    *,
    one_topic: bool = False,
) -> str:
    """One line naming the rows each phone wins, most wins first; "about even" when the leader
    is one win ahead or less over the whole table. Over one topic's few rows (`one_topic`) any
    lead is a win: the phone that wins the only row wins the comparison. Phones that win
    nothing are not listed; ties and unknown rows are no one's win."""
    names = list(names) or [phone.name for phone in phones]
    won: dict[int, list[str]] = {}
    for row in rows:
        if row.winner is not None:
            won.setdefault(row.winner, []).append(row.word)
    if not won:
        return "About even: no row has a clear winner."
    order = sorted(won, key=lambda index: (-len(won[index]), index))
    wins = " · ".join(f"{names[index]}: {', '.join(won[index])}" for index in order)
    counts = [len(won.get(index, ())) for index in range(len(phones))]
    counts.sort(reverse=True)
    if counts[0] - counts[1] < (1 if one_topic else 2):
        lead = "About even"
    elif sum(counts) == 1:
        lead = f"{names[order[0]]} wins"
    else:
        lead = f"{names[order[0]]} wins more rows"
    return f"{lead} — {wins}"


# --- short names ---------------------------------------------------------------------------

SHORT_NAME_MAX = 24


def short_names(phones: Sequence[Phone]) -> list[str]:
    """The shortest names that still tell the phones apart: words every name starts with are
    dropped ("Apple iPhone 14 Pro" and "Apple iPhone 15 Pro" read "14 Pro" and "15 Pro"), then
    each brand when the rest still reads as a name ("Google Pixel 8 Pro" reads "Pixel 8 Pro";
    "OnePlus 12" keeps its brand). A name is kept only if it is one word with a letter, or more.
    """
    words = [phone.name.split() for phone in phones]
    while all(len(w) > 1 and _reads_as_name(w[1:]) for w in words) and _same_first(words):
        words = [w[1:] for w in words]
    names = [
        _without_brand(w, phone.brand) if len({p.brand for p in phones}) > 1 else w
        for w, phone in zip(words, phones, strict=True)
    ]
    short = [_cut(" ".join(name), SHORT_NAME_MAX) for name in names]
    if len({name.casefold() for name in short}) < len(short):
        return [_cut(phone.name, SHORT_NAME_MAX) for phone in phones]
    return short


def _same_first(words: Sequence[Sequence[str]]) -> bool:
    return len({w[0].casefold() for w in words}) == 1


def _reads_as_name(words: Sequence[str]) -> bool:
    return len(words) > 1 or any(char.isalpha() for char in words[0])


def _without_brand(words: list[str], brand: str) -> list[str]:
    brand_words = brand.split()
    rest = words[len(brand_words) :]
    starts = [w.casefold() for w in words[: len(brand_words)]] == brand.casefold().split()
    return rest if starts and rest and _reads_as_name(rest) else words


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- the readers ---------------------------------------------------------------------------


def _amount(get: Callable[[Phone], float | None], unit: str) -> Reader:
    """A plain quantity; 0 reads "none" and is absent (the catalog's "no wireless charging")."""

    def read(phone: Phone) -> Reading | None:
        value = get(phone)
        if value is None:
            return None
        if not value:
            return Reading("none", None, absent=True)
        return Reading(f"{value:g} {unit}", value)

    return read


def _text(read: Callable[[Phone], str | None]) -> Reader:
    """A figure shown for context."""

    def reading(phone: Phone) -> Reading | None:
        text = read(phone)
        return None if text is None else Reading(text)

    return reading


def _resolution(phone: Phone) -> Reading | None:
    display = phone.display
    if display is None or (display.resolution is None and display.ppi is None):
        return None
    ppi = f"{display.ppi} ppi" if display.ppi else None
    text = " · ".join(str(part) for part in (display.resolution, ppi) if part)
    return Reading(text, display.ppi)


def _refresh(phone: Phone) -> Reading | None:
    display = phone.display
    if display is None or display.refresh_hz is None:
        return None
    return Reading(refresh_text(display.refresh_hz, display.refresh_min_hz), display.refresh_hz)


def _geekbench(phone: Phone) -> Reading | None:
    """Single and multi-core together: the geometric mean, so neither alone decides."""
    chipset = phone.chipset
    if chipset is None:
        return None
    single, multi = chipset.geekbench_single, chipset.geekbench_multi
    if single is None and multi is None:
        return None
    text = f"{_score_text(single)} / {_score_text(multi)}"
    return Reading(text, math.sqrt(single * multi) if single and multi else None)


def _score_text(score: int | None) -> str:
    return "?" if score is None else f"{score:,}"


def _ram(phone: Phone) -> Reading | None:
    if not phone.memory:
        return None
    ram = max(variant.ram_gb for variant in phone.memory)
    return Reading(f"{ram:g} GB", ram)


def _storage(phone: Phone) -> Reading | None:
    if not phone.memory:
        return None
    storage = max(variant.storage_gb for variant in phone.memory)
    return Reading(storage_text(storage), storage)


def _main_camera(phone: Phone) -> str | None:
    main = next((camera for camera in phone.cameras if camera.role is CameraRole.MAIN), None)
    return None if main is None else f"{main.mp:g} MP"


_ZOOM_ROLES = {CameraRole.TELEPHOTO, CameraRole.PERISCOPE}


def _zoom(phone: Phone) -> Reading | None:
    """The longest optical zoom; known cameras without a telephoto are absent, never a win."""
    if not phone.cameras:
        return None
    telephotos = [camera for camera in phone.cameras if camera.role in _ZOOM_ROLES]
    zooms = [camera.zoom_x for camera in telephotos if camera.zoom_x is not None]
    if not telephotos:
        return Reading("no telephoto", None, absent=True)
    if len(zooms) < len(telephotos):
        return None
    zoom = max(zooms)
    return Reading(f"{zoom:g}×", zoom)


_IP_CODE = re.compile(r"IP([0-9X])([0-9X])")


def _ip_rating(phone: Phone) -> Reading | None:
    """Water protection counts first, then dust; "IP68/IP69" scores as its best code."""
    rating = phone.body.ip_rating if phone.body else None
    if rating is None:
        return None
    score = max(
        int(water.replace("X", "0")) * 10 + int(dust.replace("X", "0"))
        for dust, water in _IP_CODE.findall(rating)
    )
    return Reading(rating, score)


def _folded(phone: Phone) -> Dimensions | None:
    return phone.body.folded if phone.body else None


def _size_text(body: Body | Dimensions | None) -> str | None:
    """Height×width×thickness: "161.4×75.3×8.5 mm"; None unless all three are known."""
    if body is None or None in (body.height_mm, body.width_mm, body.thickness_mm):
        return None
    return f"{body.height_mm:g}×{body.width_mm:g}×{body.thickness_mm:g} mm"


def _size(phone: Phone) -> str | None:
    return None if _folded(phone) else _size_text(phone.body)


def _size_open(phone: Phone) -> str | None:
    return _size_text(phone.body) if _folded(phone) else None


def _size_folded(phone: Phone) -> str | None:
    return _size_text(_folded(phone))


def _thickness(phone: Phone) -> Reading | None:
    """A foldable counts its folded thickness: the one that goes in a pocket."""
    folded = _folded(phone)
    if folded is not None:
        value = folded.thickness_mm
        return None if value is None else Reading(f"{value:g} mm folded", value)
    value = phone.body.thickness_mm if phone.body else None
    return None if value is None else Reading(f"{value:g} mm", value)


def _launch(phone: Phone) -> Reading:
    return Reading(phone.launched.isoformat())


def _price(phone: Phone, currency: str | None = None) -> Reading | None:
    """The announced price in `currency`, else in US dollars, else in the first currency
    announced: context only, and never a conversion (`Phone.price_converted` is not read)."""
    price = prices.headline(phone, currency)
    return None if price is None else Reading(price)


def _topics(*names: str) -> frozenset[str]:
    return frozenset(names)


_DISPLAY = _topics("display")
_BODY_SIZE = _topics("size", "body")
_CHARGING = _topics("battery", "charging")
_CHARGING_RULE = Rule(Better.HIGHER, 0.15, relative=True)

DISPLAY_SIZE = Figure(
    "Display",
    _text(lambda p: f'{p.display.size_in:g}"' if p.display else None),
    CONTEXT,
    _topics("display", "size"),
)
SIZE = Figure("Size", _text(_size), CONTEXT, _BODY_SIZE)
SIZE_OPEN = Figure("Size open", _text(_size_open), CONTEXT, _BODY_SIZE)
SIZE_FOLDED = Figure("Size folded", _text(_size_folded), CONTEXT, _BODY_SIZE)
RESOLUTION = Figure(
    "Resolution", _resolution, Rule(Better.HIGHER, 0.05, relative=True), _DISPLAY, "sharpness"
)
REFRESH = Figure("Refresh rate", _refresh, Rule(Better.HIGHER, 1), _DISPLAY)
BRIGHTNESS = Figure(
    "Peak brightness",
    _amount(lambda p: p.display.peak_nits if p.display else None, "nits"),
    Rule(Better.HIGHER, 0.05, relative=True),
    _DISPLAY,
    "brightness",
)
CHIPSET = Figure(
    "Chip", _text(lambda p: p.chipset.name if p.chipset else None), CONTEXT, _topics("chipset")
)
GEEKBENCH = Figure(
    "Geekbench",
    _geekbench,
    Rule(Better.HIGHER, 0.05, relative=True),
    _topics("chipset"),
    "performance",
)
RAM = Figure("RAM", _ram, Rule(Better.HIGHER), _topics("memory"), "RAM")
STORAGE = Figure("Storage", _storage, Rule(Better.HIGHER), _topics("memory"))
MAIN_CAMERA = Figure("Main camera", _text(_main_camera), CONTEXT, _topics("camera"))
ZOOM = Figure(
    "Telephoto zoom", _zoom, Rule(Better.HIGHER, 0.1, relative=True), _topics("camera"), "zoom"
)
BATTERY = Figure(
    "Battery",
    _amount(lambda p: p.battery.capacity_mah if p.battery else None, "mAh"),
    Rule(Better.HIGHER, 0.03, relative=True),
    _topics("battery"),
)
WIRED = Figure(
    "Wired charging",
    _amount(lambda p: p.battery.wired_w if p.battery else None, "W"),
    _CHARGING_RULE,
    _CHARGING,
    "charging",
)
WIRELESS = Figure(
    "Wireless charging",
    _amount(lambda p: p.battery.wireless_w if p.battery else None, "W"),
    _CHARGING_RULE,
    _CHARGING,
    "wireless",
)
WEIGHT = Figure(
    "Weight",
    _amount(lambda p: p.body.weight_g if p.body else None, "g"),
    Rule(Better.LOWER, 5),
    _topics("weight", "body"),
    "weight",
)
THICKNESS = Figure("Thickness", _thickness, Rule(Better.LOWER, 0.3), _BODY_SIZE, "thinness")
IP_RATING = Figure(
    "IP rating", _ip_rating, Rule(Better.HIGHER), _topics("body"), "water resistance"
)
OS = Figure("OS", _text(lambda p: p.os), CONTEXT, _topics("os"))
LAUNCH = Figure("Launched", _launch, CONTEXT, _topics("release"))
PRICE = Figure("Launch price", _price, CONTEXT, _topics("price", "release"))

FIGURES: tuple[Figure, ...] = (
    DISPLAY_SIZE,
    RESOLUTION,
    REFRESH,
    BRIGHTNESS,
    CHIPSET,
    GEEKBENCH,
    RAM,
    STORAGE,
    MAIN_CAMERA,
    ZOOM,
    BATTERY,
    WIRED,
    WIRELESS,
    WEIGHT,
    SIZE,
    SIZE_OPEN,
    SIZE_FOLDED,
    THICKNESS,
    IP_RATING,
    OS,
    LAUNCH,
    PRICE,
)
"""The rows of a comparison, in display order."""


# --- how figures read, shared with bot.embeds ----------------------------------------------


def refresh_text(top: int, low: int | None = None) -> str:
    """The refresh rate: "1–120 Hz" for an adaptive panel, "120 Hz" otherwise."""
    return f"{low}–{top} Hz" if low and low != top else f"{top} Hz"


def storage_text(gb: int) -> str:
    """A storage size: "256 GB", or whole terabytes as "1 TB"."""
    return f"{gb // 1024} TB" if gb >= 1024 and gb % 1024 == 0 else f"{gb} GB"
