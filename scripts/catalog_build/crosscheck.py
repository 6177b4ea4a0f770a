"""Compare what two sources say about the same field of the same phone.

Each rule reads one field from two records and says whether they agree within a tolerance
that allows for rounding and for typical-vs-rated figures, not for different phones:

| field | agree when |
|---|---|
| battery.capacity_mah | within 4 % (typical and rated capacities differ by about 2-3 %) |
| display.size_in | within 0.06" (6.67 vs 6.7) |
| display.resolution | the same pixels (portrait) |
| body.height_mm, body.width_mm | within 1 mm |
| body.thickness_mm | within 0.5 mm |
| chipset.name | the same once vendor words, spaces and case are dropped (or one holds the other) |
| memory.ram_gb | TechAPI's RAM is one of the sizes LineageOS lists |
| released | within 45 days (TechAPI vs endoflife.date) or 62 days (LineageOS gives months) |
| released vs chipset | not more than 45 days before TechAPI's date for the chipset |

A disagreement is a `Conflict`: the field and each source's value. The curated files settle it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scripts.catalog_build.records import SourceRecord


@dataclass(frozen=True)
class Rule:
    field: str
    read: Callable[[dict[str, Any]], Any]
    agree: Callable[[Any, Any], bool]


def _path(*keys: str) -> Callable[[dict[str, Any]], Any]:
    def read(fields: dict[str, Any]) -> Any:
        value: Any = fields
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    return read


def within(tolerance: float) -> Callable[[float, float], bool]:
    return lambda a, b: abs(a - b) <= tolerance + 1e-9


def relative(share: float) -> Callable[[float, float], bool]:
    return lambda a, b: abs(a - b) <= share * max(a, b)


def chip_key(name: str) -> str:
    name = re.sub(r"\b(?:qualcomm|mediatek|samsung|hisilicon|google|apple)\b", "", name.casefold())
    return re.sub(r"[^0-9a-z+]+", "", name)


def same_chip(a: str, b: str) -> bool:
    ka, kb = chip_key(a), chip_key(b)
    return ka == kb or (min(len(ka), len(kb)) >= 6 and (ka in kb or kb in ka))


def _ram(fields: dict[str, Any]) -> Any:
    if "_ram_options" in fields:
        return tuple(fields["_ram_options"])
    sizes = {variant["ram_gb"] for variant in fields.get("memory") or []}
    return tuple(sorted(sizes)) or None


def _ram_agrees(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Every RAM size one source lists is among the other's."""
    return set(a) <= set(b) or set(b) <= set(a)


RULES = (
    Rule("battery.capacity_mah", _path("battery", "capacity_mah"), relative(0.04)),
    Rule("display.size_in", _path("display", "size_in"), within(0.06)),
    Rule("display.resolution", _path("display", "resolution"), lambda a, b: a == b),
    Rule("body.height_mm", _path("body", "height_mm"), within(1.0)),
    Rule("body.width_mm", _path("body", "width_mm"), within(1.0)),
    Rule("body.thickness_mm", _path("body", "thickness_mm"), within(0.5)),
    Rule("chipset.name", _path("chipset", "name"), same_chip),
    Rule("memory.ram_gb", _ram, _ram_agrees),
)
DATE_TOLERANCE = {"endoflife": 45, "lineageos": 62}
CHIPSET_DATE_TOLERANCE = 45
"""TechAPI dates a chipset by its month or first phone: a phone a few weeks ahead is not odd."""


def shown(value: Any) -> str:
    if isinstance(value, tuple):
        return "/".join(f"{v:g}" if isinstance(v, float) else str(v) for v in value)
    return str(value)


def conflicts(records: dict[str, SourceRecord]) -> list[dict[str, Any]]:
    """Every field on which two of the phone's sources disagree, as {field, values}."""
    found = []
    names = sorted(records)
    for rule in RULES:
        values = {n: rule.read(records[n].fields) for n in names}
        values = {n: v for n, v in values.items() if v is not None}
        pairs = [(a, b) for i, a in enumerate(values) for b in list(values)[i + 1 :]]
        if any(not rule.agree(values[a], values[b]) for a, b in pairs):
            found.append({"field": rule.field, "values": {n: shown(v) for n, v in values.items()}})
    found += _date_conflicts(records)
    return found


def _date_conflicts(records: dict[str, SourceRecord]) -> list[dict[str, Any]]:
    found = []
    techapi = records.get("techapi")
    released = techapi.fields.get("released") if techapi else None
    if released is None:
        return found
    for name, days in DATE_TOLERANCE.items():
        other = records[name].fields.get("released") if name in records else None
        if other is not None and abs((released - other).days) > days:
            found.append(
                {"field": "released", "values": {"techapi": str(released), name: str(other)}}
            )
    chip_date: dt.date | None = techapi.fields.get("_chipset_released")
    if chip_date is not None and (chip_date - released).days > CHIPSET_DATE_TOLERANCE:
        found.append(
            {
                "field": "released",
                "values": {"techapi": str(released), "techapi chipset": str(chip_date)},
            }
        )
    return found
