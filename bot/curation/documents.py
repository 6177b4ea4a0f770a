"""A catalog as a plain YAML document (dicts and lists): parse, merge a partial file, set one
field, write it back. The models validate the result afterwards (`bot.curation.validation`)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from bot import yamlfile

Document = dict[str, Any]
RECORDS = ("phones", "series")
"""The lists of a spec file whose items have an `id` and are merged by it."""

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class DocumentError(ValueError):
    """The text is not a spec document (not UTF-8, not YAML, not a mapping...)."""


def parse(data: bytes) -> Document:
    """The document in `data`, read with the same safe reader as `check`."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = yamlfile.position_at(data, exc.start)
        byte = data[exc.start]
        raise DocumentError(f"line {at.line}: not UTF-8 text (byte 0x{byte:02x})") from None
    try:
        document = yamlfile.load(data)
    except yamlfile.YamlError as exc:
        where = f"line {exc.position.line}: " if exc.position else ""
        raise DocumentError(where + exc.message) from None
    if not isinstance(document, dict):
        raise DocumentError("expected a mapping with 'phones:' at the top")
    return document


def header(data: bytes) -> bytes:
    """The comment lines that open the file (licence, attribution): kept when it is rewritten."""
    lines = data.splitlines(keepends=True)
    kept = []
    for line in lines:
        if line.strip() and not line.lstrip().startswith(b"#"):
            break
        kept.append(line)
    return b"".join(kept)


def dump(document: Document, keep: bytes = b"") -> bytes:
    """YAML text of `document`, after the comment block `keep`."""
    text = yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    ).encode("utf-8")
    return keep + text


def records(document: Document, kind: str) -> list[dict[str, Any]]:
    """The items of `phones` or `series` that are mappings (validation refuses the rest)."""
    items = document.get(kind) or []
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


@dataclass(frozen=True)
class Merged:
    document: Document
    added: tuple[str, ...]
    replaced: tuple[str, ...]


def merge(current: Document, partial: Document, *, today: dt.date) -> Merged:
    """`current` with each phone and series of `partial` added, or replacing the one with its id.

    Replaced records keep their place; added ones go at the end. Only `phones`, `series` and
    `updated` may appear in a partial file (anything else is refused by validation later).
    """
    merged = copy.deepcopy(current)
    added: list[str] = []
    replaced: list[str] = []
    for kind in RECORDS:
        items = merged.setdefault(kind, [])
        at = {item.get("id"): i for i, item in enumerate(items) if isinstance(item, dict)}
        for record in records(partial, kind):
            key = record.get("id")
            if key in at:
                items[at[key]] = record
                replaced.append(str(key))
            else:
                at[key] = len(items)
                items.append(record)
                added.append(str(key))
    for key, value in partial.items():
        if key not in (*RECORDS, "updated"):
            merged[key] = value  # an unknown key: validation names it
    return Merged(stamped(merged, today), tuple(added), tuple(replaced))


def stamped(document: Document, today: dt.date) -> Document:
    """The document with `updated:` set to today (answers show it as "catalog updated")."""
    return {"updated": today, **{k: v for k, v in document.items() if k != "updated"}}


def phone(document: Document, phone_id: str) -> dict[str, Any] | None:
    return next((p for p in records(document, "phones") if p.get("id") == phone_id), None)


def walk(record: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every leaf of a record as (`battery.capacity_mah`, 4880), lists by index."""
    if isinstance(record, dict):
        for key, value in record.items():
            yield from walk(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(record, list):
        for i, value in enumerate(record):
            yield from walk(value, f"{prefix}[{i}]")
    else:
        yield prefix, record
