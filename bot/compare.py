"""Phones side by side: the figures worth setting against each other and which phone wins each.

A `Figure` reads one comparable figure of a phone as display text plus, where "better" is clear,
a score (higher wins; figures where lower is better are negated). `compare_rows()` lines the
figures up for two or three phones and marks the winners; `verdict()` sums the rows up in one line.

The small formatters at the end (`refresh_text`, `storage_text`, `price_text`) are shared with
`bot.embeds`, so a figure reads the same in a comparison and on a spec sheet.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from bot.models import CameraRole, Phone

MISSING = "—"
"""Shown in a row for a phone whose figure the catalog does not know."""


class Reading(NamedTuple):
    """One phone's figure: how it reads, and its score when better is clear (higher wins)."""

    text: str
    score: float | None = None


Reader = Callable[[Phone], Reading | None]


@dataclass(frozen=True)
class Figure:
    """One comparable figure: `read` returns None when the catalog lacks it for a phone."""

    label: str
    read: Reader
    all_or_nothing: bool = False
    """Show the row only when every phone has the figure (prices in one currency)."""


@dataclass(frozen=True)
class Row:
    """A figure for each phone (`MISSING` where unknown) and the indices of the best ones."""

    label: str
    values: tuple[str, ...]
    best: tuple[int, ...]


def compare_rows(phones: Sequence[Phone]) -> list[Row]:
    """Every figure known for at least one of the phones, with the winners marked."""
    rows = (_row(figure, phones) for figure in FIGURES)
    return [row for row in rows if row is not None]


def verdict(phones: Sequence[Phone], rows: Sequence[Row]) -> str:
    """One line: how many rows each phone wins outright, most first, and how many are tied."""
    wins = Counter(row.best[0] for row in rows if len(row.best) == 1)
    tied = sum(len(row.best) > 1 for row in rows)
    if not wins and not tied:
        return "No figure has a clear winner."
    order = sorted(range(len(phones)), key=lambda index: -wins[index])
    parts = [f"{phones[index].name} wins {wins[index]}" for index in order]
    parts[0] += " row" if wins[order[0]] == 1 else " rows"
    return ", ".join(parts) + (f" ({tied} tied)" if tied else "")


def _row(figure: Figure, phones: Sequence[Phone]) -> Row | None:
    readings = [figure.read(phone) for phone in phones]
    known = sum(reading is not None for reading in readings)
    if not known or (figure.all_or_nothing and known < len(readings)):
        return None
    values = tuple(reading.text if reading else MISSING for reading in readings)
    return Row(figure.label, values, _best(readings))


def _best(readings: Sequence[Reading | None]) -> tuple[int, ...]:
    """Indices of the top score; none when any phone lacks a score (no fair winner)."""
    scores = [r.score for r in readings if r is not None and r.score is not None]
    if len(scores) < len(readings):
        return ()
    top = max(scores)
    return tuple(index for index, score in enumerate(scores) if score == top)


# --- the figures ---------------------------------------------------------------------------


def _amount(get: Callable[[Phone], float | None], unit: str, *, lower_wins: bool = False) -> Reader:
    """A reader for a plain quantity; 0 reads "none" (the catalog's "no wireless charging")."""

    def read(phone: Phone) -> Reading | None:
        value = get(phone)
        if value is None:
            return None
        return Reading(f"{value:g} {unit}" if value else "none", -value if lower_wins else value)

    return read


def _unscored(read: Callable[[Phone], str | None]) -> Reader:
    """A reader for a figure shown side by side where "better" is not clear."""

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


def _chipset(phone: Phone) -> Reading | None:
    chipset = phone.chipset
    return None if chipset is None else Reading(chipset.name, chipset.geekbench_multi)


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
    """The longest optical zoom; a phone whose cameras are known but has no telephoto has 1×."""
    if not phone.cameras:
        return None
    telephotos = [camera for camera in phone.cameras if camera.role in _ZOOM_ROLES]
    zooms = [camera.zoom_x for camera in telephotos if camera.zoom_x is not None]
    if not telephotos:
        return Reading("no telephoto", 1)
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


def _launch(phone: Phone) -> Reading:
    return Reading(phone.launched.isoformat(), phone.launched.toordinal())


def _price_usd(phone: Phone) -> Reading | None:
    usd = phone.price.get("USD")
    return None if usd is None else Reading(price_text("USD", usd), -usd)


DISPLAY_SIZE = Figure(
    "Display", _unscored(lambda p: f'{p.display.size_in:g}"' if p.display else None)
)
RESOLUTION = Figure("Resolution", _resolution)
REFRESH = Figure("Refresh rate", _refresh)
BRIGHTNESS = Figure(
    "Peak brightness", _amount(lambda p: p.display.peak_nits if p.display else None, "nits")
)
CHIPSET = Figure("Chipset", _chipset)
RAM = Figure("RAM", _ram)
STORAGE = Figure("Storage", _storage)
MAIN_CAMERA = Figure("Main camera", _unscored(_main_camera))
ZOOM = Figure("Telephoto zoom", _zoom)
BATTERY = Figure("Battery", _amount(lambda p: p.battery.capacity_mah if p.battery else None, "mAh"))
WIRED = Figure("Wired charging", _amount(lambda p: p.battery.wired_w if p.battery else None, "W"))
WIRELESS = Figure(
    "Wireless charging", _amount(lambda p: p.battery.wireless_w if p.battery else None, "W")
)
WEIGHT = Figure(
    "Weight", _amount(lambda p: p.body.weight_g if p.body else None, "g", lower_wins=True)
)
THICKNESS = Figure(
    "Thickness",
    _amount(lambda p: p.body.thickness_mm if p.body else None, "mm", lower_wins=True),
)
IP_RATING = Figure("IP rating", _ip_rating)
LAUNCH = Figure("Launched", _launch)
PRICE_USD = Figure("Launch price", _price_usd, all_or_nothing=True)

FIGURES: tuple[Figure, ...] = (
    DISPLAY_SIZE,
    RESOLUTION,
    REFRESH,
    BRIGHTNESS,
    CHIPSET,
    RAM,
    STORAGE,
    MAIN_CAMERA,
    ZOOM,
    BATTERY,
    WIRED,
    WIRELESS,
    WEIGHT,
    THICKNESS,
    IP_RATING,
    LAUNCH,
    PRICE_USD,
)
"""The rows of a comparison, in display order."""


# --- how figures read, shared with bot.embeds ----------------------------------------------


def refresh_text(top: int, low: int | None = None) -> str:
    """The refresh rate: "1–120 Hz" for an adaptive panel, "120 Hz" otherwise."""
    return f"{low}–{top} Hz" if low and low != top else f"{top} Hz"


def storage_text(gb: int) -> str:
    """A storage size: "256 GB", or whole terabytes as "1 TB"."""
    return f"{gb // 1024} TB" if gb >= 1024 and gb % 1024 == 0 else f"{gb} GB"


def price_text(currency: str, amount: float) -> str:
    """A price: "CNY 4,999", "USD 899.99" (thousands separated, cents only when there are some)."""
    return f"{currency} {amount:,.0f}" if amount == int(amount) else f"{currency} {amount:,.2f}"
