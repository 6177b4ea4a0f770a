"""What a change does to the catalog, field by field, in lines a curator reviews before Confirm:

+ added Xiaomi 15 (xiaomi-15)
- removed Apple iPhone 5 (iphone-5)
~ Xiaomi 14 Pro battery.capacity_mah: 4800 -> 4880
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.curation.documents import RECORDS, Document, records, walk

UNSET = "(none)"


@dataclass(frozen=True)
class FieldChange:
    record: str
    """Whose field: a phone's name, or "series <name>"."""
    path: str
    old: Any
    new: Any

    def __str__(self) -> str:
        return f"~ {self.record} {self.path}: {_shown(self.old)} -> {_shown(self.new)}"


@dataclass(frozen=True)
class CatalogChanges:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[FieldChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        """One line: "1 added, 2 removed, 3 fields changed in 2 records"."""
        if self.empty:
            return "no changes"
        parts = []
        if self.added:
            parts.append(f"{len(self.added)} added")
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        if self.changed:
            touched = len({change.record for change in self.changed})
            fields = "field" if len(self.changed) == 1 else "fields"
            parts.append(f"{len(self.changed)} {fields} changed in {touched}")
        return ", ".join(parts)

    def lines(self) -> list[str]:
        return [
            *(f"+ added {name}" for name in self.added),
            *(f"- removed {name}" for name in self.removed),
            *(str(change) for change in self.changed),
        ]


def diff_documents(old: Document, new: Document) -> CatalogChanges:
    """Records added and removed (by id), and every field that differs in the others."""
    added: list[str] = []
    removed: list[str] = []
    changed: list[FieldChange] = []
    for kind in RECORDS:
        before = {r.get("id"): r for r in records(old, kind)}
        after = {r.get("id"): r for r in records(new, kind)}
        added += [_label(kind, r) for key, r in after.items() if key not in before]
        removed += [_label(kind, r) for key, r in before.items() if key not in after]
        for key, record in after.items():
            if key in before and before[key] != record:
                changed += _field_changes(_name(kind, record), before[key], record)
    return CatalogChanges(tuple(added), tuple(removed), tuple(changed))


def _field_changes(name: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[FieldChange]:
    before, after = dict(walk(old)), dict(walk(new))
    for path in [*after, *(p for p in before if p not in after)]:
        if before.get(path, UNSET) != after.get(path, UNSET):
            yield FieldChange(name, path, before.get(path), after.get(path))


def _name(kind: str, record: dict[str, Any]) -> str:
    if kind == "series":
        return f"series {record.get('name') or record.get('id')}"
    return f"{record.get('brand', '')} {record.get('model', '')}".strip() or str(record.get("id"))


def _label(kind: str, record: dict[str, Any]) -> str:
    return f"{_name(kind, record)} ({record.get('id')})"


def _shown(value: Any) -> str:
    if value is None:
        return UNSET
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."
