"""One sentence for a question about two phones: "The iPhone 15 (171 g) is 16 g lighter than the
Pixel 8 (187 g)."

A question names a quantity with a comparative ("lighter", "bigger battery") or a topic
("battery"); the sentence says which phone has more or less of it and by how much, from the
same figures and margins the comparison table uses (`bot.compare`): within the margin the two
are "about the same".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.compare import (
    BATTERY,
    BRIGHTNESS,
    REFRESH,
    THICKNESS,
    WEIGHT,
    WIRED,
    WIRELESS,
    Better,
    Figure,
    Reading,
)
from bot.embeds import Topic, escape
from bot.models import Phone


@dataclass(frozen=True)
class Quantity:
    """A figure and how a sentence says more and less of it."""

    figure: Figure
    more: str  # "is {diff} heavier than"
    less: str  # "is {diff} lighter than"
    topic: Topic


_WEIGHT = Quantity(WEIGHT, "is {} heavier than", "is {} lighter than", Topic.WEIGHT)
_BATTERY = Quantity(BATTERY, "has {} more battery than", "has {} less battery than", Topic.BATTERY)
_WIRED = Quantity(
    WIRED, "charges {} faster (wired) than", "charges {} slower (wired) than", Topic.CHARGING
)
_WIRELESS = Quantity(
    WIRELESS, "charges {} faster wirelessly than", "charges {} slower wirelessly than",
    Topic.CHARGING,
)  # fmt: skip
_THICKNESS = Quantity(THICKNESS, "is {} thicker than", "is {} thinner than", Topic.SIZE)
_BRIGHTNESS = Quantity(BRIGHTNESS, "is {} brighter than", "is {} dimmer than", Topic.DISPLAY)
_REFRESH = Quantity(REFRESH, "refreshes {} faster than", "refreshes {} slower than", Topic.DISPLAY)

# (words, quantity, wanted direction: +1 the question asks which has more, -1 less)
_COMPARATIVES: tuple[tuple[str, Quantity, int], ...] = (
    ("lighter", _WEIGHT, -1),
    ("heavier", _WEIGHT, 1),
    ("bigger battery", _BATTERY, 1),
    ("larger battery", _BATTERY, 1),
    ("more battery", _BATTERY, 1),
    ("lasts longer", _BATTERY, 1),
    ("charges faster wirelessly", _WIRELESS, 1),
    ("faster wireless charging", _WIRELESS, 1),
    ("faster charging", _WIRED, 1),
    ("charges faster", _WIRED, 1),
    ("thinner", _THICKNESS, -1),
    ("thicker", _THICKNESS, 1),
    ("brighter", _BRIGHTNESS, 1),
    ("smoother", _REFRESH, 1),
)
_BY_TOPIC = {
    Topic.WEIGHT: _WEIGHT,
    Topic.BATTERY: _BATTERY,
    Topic.CHARGING: _WIRED,
    Topic.SIZE: _THICKNESS,
    Topic.DISPLAY: _BRIGHTNESS,
}
_PHRASES = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w, _, _ in _COMPARATIVES) + r")\b", re.IGNORECASE
)


def comparative(text: str) -> tuple[Quantity, int] | None:
    """The quantity a comparative in `text` asks about ("which is lighter"), and its direction."""
    found = _PHRASES.search(text)
    if found is None:
        return None
    wanted = found.group().casefold()
    return next((q, d) for w, q, d in _COMPARATIVES if w == wanted)


def for_topic(topic: Topic | None) -> Quantity | None:
    """The quantity a two-phone question about a topic is answered with ("battery": capacity)."""
    return _BY_TOPIC.get(topic) if topic is not None else None


def sentence(quantity: Quantity, first: Phone, second: Phone, direction: int = 0) -> str:
    """ "The iPhone 15 (171 g) is 16 g lighter than the Pixel 8 (187 g)." The subject is the
    phone with more when `direction` is +1, less when -1, else the better one by the figure's
    rule; unknown values and differences within the margin are said plainly."""
    figure = quantity.figure
    label = figure.label.casefold()
    readings = [(phone, figure.read(phone)) for phone in (first, second)]
    known: list[tuple[float, str, Phone]] = []
    for phone, reading in readings:
        if reading is None or reading.score is None:
            return _unknown(label, readings)
        known.append((reading.score, reading.text, phone))
    (x, x_text, hi), (y, y_text, lo) = sorted(known, key=lambda k: -k[0])
    if figure.rule.within(x, y):
        (_, a, _), (_, b, _) = known
        return (
            f"The {short_name(first)} ({a}) and the {short_name(second)} ({b}) are about the"
            f" same on {label}."
        )
    gap = f"{x - y:g} {x_text.split()[-1]}"
    if direction == 0:
        direction = -1 if figure.rule.better is Better.LOWER else 1
    high, low = f"{short_name(hi)} ({x_text})", f"{short_name(lo)} ({y_text})"
    if direction > 0:
        return f"The {high} {quantity.more.format(gap)} the {low}."
    return f"The {low} {quantity.less.format(gap)} the {high}."


def _unknown(label: str, readings: list[tuple[Phone, Reading | None]]) -> str:
    """The sentence when a figure is missing: which phones the catalog lists none for, and
    the other's value ("The catalog lists no weight for the Samsung Galaxy E5 (the Samsung
    Galaxy A10: 168 g)."), or which phone lacks the feature ("... has no wireless charging").
    Full names: a phone the data knows little about reads best by its whole name."""
    unlisted = [phone for phone, reading in readings if reading is None]
    lacking = [phone for phone, reading in readings if reading is not None and reading.absent]
    named = unlisted or lacking
    others = [
        f"the {escape(phone.name)}: {reading.text}"
        for phone, reading in readings
        if reading is not None and phone not in named
    ]
    rest = f" ({'; '.join(others)})" if others else ""
    if unlisted:
        names = " or the ".join(escape(phone.name) for phone in unlisted)
        return f"The catalog lists no {label} for the {names}{rest}."
    names = " and the ".join(escape(phone.name) for phone in lacking)
    return f"The {names} {'has' if len(lacking) == 1 else 'have'} no {label}{rest}."


def short_name(phone: Phone) -> str:
    """The model when it reads as a name ("iPhone 15", "Pixel 8"), else brand and model
    ("Xiaomi 14"), escaped."""
    first = phone.model.split()[0]
    return escape(phone.model if first[:1].isalpha() and len(first) > 2 else phone.name)
