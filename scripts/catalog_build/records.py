"""What every source importer returns: one record per phone it describes, in schema shape."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass
class SourceRecord:
    """One phone as one source describes it.

    `fields` holds schema-shaped values (`display`, `battery`, `released`, `support`...) that
    the merge combines; the identity fields (names, model numbers, codenames, identifiers) are
    what the matcher groups records by.
    """

    source: str
    ref: str
    brand: str
    model: str
    fields: dict[str, Any] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    model_numbers: tuple[str, ...] = ()
    codenames: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    other_names: tuple[str, ...] = ()
    discontinued: bool = False
    slug: str | None = None

    @property
    def name(self) -> str:
        return f"{self.brand} {self.model}"


def number(value: float | int) -> float | int:
    """Integral floats become ints (193.0 -> 193) so the YAML reads naturally."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def number_or_none(value: float | int | None) -> float | int | None:
    """`number(value)`, or None when the source gives no value or 0."""
    return number(value) if value else None


def drop_empty(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None and v != [] and v != {}}


def unique(items: list) -> list:
    """`items` without repeats, first ones kept in order. A list, not a set, remembers what was
    seen: news items are mappings, which cannot be hashed (and the lists are short)."""
    seen: list = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def portrait(resolution: str) -> str:
    """'2720x1260' -> '1260x2720': width first, the shorter side being the width."""
    width, height = sorted(int(side) for side in re.split(r"\s*[x×]\s*", resolution.strip()))
    return f"{width}x{height}"


class BuildError(Exception):
    """The inputs cannot be turned into a valid catalog; the message says where and why."""
