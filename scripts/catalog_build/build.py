"""The build: sources -> matched groups -> merged phones -> curated -> checked catalog."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.models import Phone, Series, SpecFile
from scripts.catalog_build import (
    aliases,
    crosscheck,
    curated,
    devicekit,
    endoflife,
    lineageos,
    match,
    merge,
    research,
    techapi,
)
from scripts.catalog_build.emit import in_schema_order
from scripts.catalog_build.records import BuildError, SourceRecord

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "data" / "sources"
CURATED = ROOT / "scripts" / "curated"

CREDITS = {
    "techapi": ("Data from TechAPI", "CC BY-SA 4.0"),
    "lineageos": ("Device data from the LineageOS Wiki, (c) The LineageOS Project", "CC BY-SA 3.0"),
    "endoflife": ("endoflife.date, (c) 2020 endoflife.date contributors", "MIT"),
    "devicekit": ("DeviceKit, (c) 2015 Dennis Weissmann", "MIT"),
}
SOLD_FOR_YEARS = 4
"""A phone with no support data is taken as discontinued this many years after launch: no
maker in the catalog sells a phone longer (documented in docs/data-format.md)."""


@dataclass
class Report:
    """What the build did, printed for the person running it."""

    records: Counter[str] = field(default_factory=Counter)
    phones: int = 0
    full: int = 0
    matched: Counter[str] = field(default_factory=Counter)
    conflicts_found: int = 0
    conflicts_resolved: int = 0
    refused: list[str] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    @property
    def unresolved(self) -> int:
        return self.conflicts_found - self.conflicts_resolved

    def lines(self) -> list[str]:
        per_source = ", ".join(f"{name} {count}" for name, count in sorted(self.records.items()))
        combos = ", ".join(f"{k}: {v}" for k, v in sorted(self.matched.items()))
        return [
            f"records read: {per_source}",
            f"phones: {self.phones} ({self.full} with full spec sheets)",
            f"phones by sources: {combos}",
            f"left out, no date in any source (LineageOS gives a bare year): {len(self.undated)}",
            "matches refused (two records of one source) and records a source names twice"
            f" (the first kept): {len(self.refused)}",
            *(f"  {line}" for line in self.refused),
            f"curated entries naming no phone: {len(self.unmatched)}",
            *(f"  {line}" for line in self.unmatched),
            f"conflicts found: {self.conflicts_found}, resolved by curated files:"
            f" {self.conflicts_resolved}, unresolved: {self.unresolved}",
        ]


def snapshot_info(folder: Path) -> dict[str, str]:
    """URL, commit and date of a snapshot, from its SOURCE.txt."""
    text = (folder / "SOURCE.txt").read_text(encoding="utf-8")
    url = re.search(r"(?:Repository|Source): (\S+)", text)
    commit = re.search(r"\b([0-9a-f]{40})\b", text)
    date = re.search(r"\b(\d{4}-\d{2}-\d{2})\b", text)
    if not (url and commit and date):
        raise BuildError(f"{folder / 'SOURCE.txt'}: needs a repository, a commit and a date")
    return {
        "url": "https://" + url[1].removeprefix("https://"),
        "commit": commit[1],
        "date": date[1],
    }


def read_sources(folder: Path) -> tuple[list[SourceRecord], dict[str, dict], dict[str, dict]]:
    """Every source's records, TechAPI's chipsets, and each snapshot's notice."""
    _, techapi_records = techapi.read(folder / "techapi")
    records = [
        *techapi_records,
        *lineageos.read(folder / "lineageos"),
        *endoflife.read(folder / "endoflife"),
        *devicekit.read(folder / "devicekit"),
    ]
    socs = {soc["slug"]: soc for soc in techapi.read_socs(folder / "techapi")}
    snapshots = {}
    for name, (credit, licence) in CREDITS.items():
        snapshots[name] = {**snapshot_info(folder / name), "credit": credit, "licence": licence}
    return records, socs, snapshots


def build(
    sources: Path = SOURCES, curated_folder: Path = CURATED
) -> tuple[dict[str, Any], dict[str, dict], Report]:
    """The catalog as plain data (validated), the snapshots' notices and the report."""
    records, socs, snapshots = read_sources(sources)
    files = curated.read(curated_folder)
    records = curated.without_listed_twice(records, files)
    updated = max(
        [dt.date.fromisoformat(s["date"]) for s in snapshots.values()]
        + [content["updated"] for _, content in files]
    )
    report = Report(records=Counter(r.source for r in records))
    matching = match.group(records)
    report.refused = matching.refused + matching.duplicates

    phones: dict[str, dict[str, Any]] = {}
    found: dict[str, list[dict[str, Any]]] = {}
    for group in matching.groups:
        phone = merge.merge_group(group)
        sources_of = phone.pop("_records")
        if phone["id"] in phones:
            raise BuildError(f"two phones get the id {phone['id']!r}: {phone['model']}")
        phones[phone["id"]] = phone
        found[phone["id"]] = crosscheck.conflicts(sources_of)
        report.matched[", ".join(sorted(sources_of))] += 1
        phone["_support_ended"] = any(r.fields.get("_support_ended") for r in group)
        phone["_discontinued"] = any(r.discontinued for r in group)

    researched = research.read(curated_folder)
    if researched is not None:
        named = {
            pid: list(override.get("aliases") or [])
            for _, content in files
            for pid, override in (content.get("overrides") or {}).items()
            if pid in phones
        }
        converted = research.to_curated(researched, phones, named, report.unmatched)
        files = [*files, ("scripts/curated/research*.yaml", converted)]
    curated_aliases, checked = curated.apply(phones, files, socs)
    for pid, conflicts in found.items():
        report.conflicts_found += len(conflicts)
        open_ones = [c for c in conflicts if c["field"] not in checked.get(pid, set())]
        report.conflicts_resolved += len(conflicts) - len(open_ones)
        if open_ones and pid in phones:
            phones[pid]["conflicts"] = open_ones

    undated = [pid for pid, p in phones.items() if not (p.get("announced") or p.get("released"))]
    report.undated = [phones.pop(pid)["model"] for pid in undated]
    series = [s for _, content in files for s in content.get("series") or []]
    series_ids = {s.get("id") for s in series}
    for phone in phones.values():
        if phone.get("series") and phone["series"] not in series_ids:
            raise BuildError(f"{phone['id']}: series {phone['series']!r} is not defined")
        phone.setdefault("status", derived_status(phone, updated))
        for key in [k for k in phone if k.startswith("_")]:
            del phone[key]

    ordered = sorted(
        phones.values(),
        key=lambda p: (
            p["brand"].casefold(),
            p.get("announced") or p.get("released"),
            p["model"].casefold(),
            p["id"],
        ),
    )
    aliases.assign_aliases(ordered, curated_aliases)
    catalog = {
        "updated": updated,
        "phones": [in_schema_order(p, Phone) for p in ordered],
        "series": [in_schema_order(s, Series) for s in series],
    }
    validate(catalog)
    report.phones = len(ordered)
    report.full = sum(1 for p in ordered if is_full(p))
    return catalog, snapshots, report


def is_full(phone: dict[str, Any]) -> bool:
    """A full spec sheet: screen, chipset, battery and size at least."""
    body = phone.get("body") or {}
    return all(phone.get(k) for k in ("display", "chipset", "battery")) and "height_mm" in body


def derived_status(phone: dict[str, Any], updated: dt.date) -> str:
    """announced before release; discontinued when the maker says so, when security support
    has ended, or (with no support data) SOLD_FOR_YEARS after launch; available otherwise."""
    released = phone.get("released")
    if released is None or released > updated:
        return "announced"
    security = (phone.get("support") or {}).get("security_until")
    if phone.get("_discontinued") or phone.get("_support_ended"):
        return "discontinued"
    if security is not None:
        return "discontinued" if security < updated else "available"
    years = (updated - (phone.get("announced") or released)).days / 365.25
    return "discontinued" if years > SOLD_FOR_YEARS else "available"


def validate(catalog: dict[str, Any]) -> None:
    """Raise `BuildError` naming each record (by position and id) the schema refuses."""
    try:
        SpecFile.model_validate(catalog)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            section, index, *rest = error["loc"] + (None, None)
            where = f"{section}[{index}]" if isinstance(index, int) else str(section)
            if isinstance(index, int):
                where += f" ({catalog[section][index].get('id')})"
            path = ".".join(str(part) for part in rest if part is not None)
            lines.append(f"  {where} {path}: {error['msg']} (got {error.get('input')!r})")
        raise BuildError("the catalog does not validate:\n" + "\n".join(lines)) from exc
