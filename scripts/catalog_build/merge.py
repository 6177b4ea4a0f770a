"""Fold each group of matched records into one phone, by a precedence order per section.

Precedence (first wins, later sources only fill what is missing):
- name: TechAPI, DeviceKit, endoflife.date, LineageOS (TechAPI ids and names stay stable);
- spec sections (display, chipset, memory, cameras, battery, body, os, connectivity, memory
  card, picture): TechAPI, then LineageOS; mappings merge key by key, lists (memory, cameras)
  come whole from one source;
- release date: TechAPI (a release day), then endoflife.date and LineageOS (approximate);
- update support: endoflife.date; prices: TechAPI; model numbers: LineageOS and endoflife.date;
  codenames: LineageOS; iPhone identifiers: DeviceKit.

`provenance` records, per section, the sources its values came from ("techapi, lineageos");
the curated files add "curated" where they change a section.
"""

from __future__ import annotations

from typing import Any

from scripts.catalog_build.names import slug
from scripts.catalog_build.records import SourceRecord, drop_empty, unique

NAME_ORDER = ("techapi", "devicekit", "endoflife", "lineageos")
SPEC_ORDER = ("techapi", "lineageos")
DATE_ORDER = ("techapi", "endoflife", "lineageos")
MAPPINGS = ("display", "chipset", "battery", "body", "connectivity")
WHOLE = ("memory", "cameras", "os", "memory_card", "image_url")
SECTIONS = {
    **{name: SPEC_ORDER for name in MAPPINGS + WHOLE},
    "support": ("endoflife",),
    "price": ("techapi",),
    "price_converted": ("techapi",),
}
TOGETHER = {"body": ("thickness_mm", "folded")}
"""Keys a later source adds only if no earlier one gave any of them: a foldable's folded size
beside another source's thickness would pair two states (TechAPI gives some foldables' closed
thickness as their thickness)."""
PROVENANCE_OF = {"memory_card": "connectivity", "image_url": "picture"}
"""Sections recorded under another name: the card slot sits with connectivity."""


def by_source(group: list[SourceRecord]) -> dict[str, SourceRecord]:
    return {record.source: record for record in group}


def first_of(records: dict[str, SourceRecord], order: tuple[str, ...]) -> SourceRecord:
    return next(records[name] for name in order if name in records)


def merge_group(group: list[SourceRecord]) -> dict[str, Any]:
    """One phone (schema-shaped dict, with `provenance`) from the records of one group."""
    records = by_source(group)
    named = first_of(records, NAME_ORDER)
    techapi = records.get("techapi")
    phone: dict[str, Any] = {
        "id": techapi.slug if techapi and techapi.slug else slug(named.brand, named.model),
        "brand": named.brand,
        "model": named.model,
    }
    provenance: dict[str, list[str]] = {}
    for section, order in SECTIONS.items():
        value, used = merge_section(section, [records[n] for n in order if n in records])
        if value not in (None, {}, []):
            phone[section] = value
            label = PROVENANCE_OF.get(section, section)
            provenance[label] = unique([*provenance.get(label, []), *used])
    dated = next(
        (records[n] for n in DATE_ORDER if n in records and "released" in records[n].fields), None
    )
    if dated is not None:
        phone["released"] = dated.fields["released"]
        if dated.fields.get("released_approx"):
            phone["released_approx"] = True
        provenance["dates"] = [dated.source]
    phone["model_numbers"] = unique(
        [m for name in ("lineageos", "endoflife") for m in _get(records, name, "model_numbers")]
    )
    phone["codenames"] = list(_get(records, "lineageos", "codenames"))
    phone["identifiers"] = list(_get(records, "devicekit", "identifiers"))
    givers = {r.source for r in group if r.model_numbers or r.codenames or r.identifiers}
    if givers:
        provenance["identity"] = [n for n in ("lineageos", "endoflife", "devicekit") if n in givers]
    phone["sources"] = unique([url for record in group for url in record.sources])
    phone["provenance"] = {key: ", ".join(value) for key, value in sorted(provenance.items())}
    phone["_records"] = records
    return drop_empty(phone)


def _get(records: dict[str, SourceRecord], source: str, attribute: str) -> tuple[str, ...]:
    record = records.get(source)
    return getattr(record, attribute) if record else ()


def merge_section(section: str, records: list[SourceRecord]) -> tuple[Any, list[str]]:
    """The section's value and the sources it came from: a mapping merged key by key in
    precedence order, anything else whole from the first source that has it."""
    having = [r for r in records if r.fields.get(section) not in (None, {}, [])]
    if not having:
        return None, []
    if section not in MAPPINGS:
        return having[0].fields[section], [having[0].source]
    merged: dict[str, Any] = {}
    used: list[str] = []
    together = TOGETHER.get(section, ())
    for record in having:
        added = {k: v for k, v in record.fields[section].items() if k not in merged}
        if any(key in merged for key in together):
            added = {k: v for k, v in added.items() if k not in together}
        if added:
            merged.update(added)
            used.append(record.source)
    return merged, used
