"""The hand-edited files in scripts/curated/: corrections and additions that win over every
source, each with the page it comes from.

Each file may hold `updated` (the date its facts were last checked), `overrides` (per phone id:
the values to change; see `merge_override`), `phones` (complete phones no source has),
`series` and `listed_twice` (records a source gives twice for one phone; see
`without_listed_twice`). In an override, `resolved` maps a conflicting field (as the build
reports it, e.g. `battery.capacity_mah`) to why the value kept is right, naming the source that
settles it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from bot import yamlfile
from scripts.catalog_build.records import BuildError, SourceRecord, drop_empty, unique
from scripts.catalog_build.techapi import convert_chipset

RESEARCH_FILES = ("research.yaml", "research-*.yaml")
ADDITIVE = ("aliases", "sources", "news", "model_numbers", "codenames", "identifiers")
"""In an override these lists are added to what the sources give; other values replace."""
NOT_FACTS = {"aliases", "sources", "news", "resolved", "series"}
PROVENANCE_OF = {
    "announced": "dates",
    "released": "dates",
    "released_approx": "dates",
    "status": "dates",
    "model_numbers": "identity",
    "codenames": "identity",
    "identifiers": "identity",
    "memory_card": "connectivity",
    "image_url": "picture",
    "soc": "chipset",
}


def research_files(folder: Path) -> list[Path]:
    """The research files (another format: see research.py), in order of name."""
    return sorted({path for pattern in RESEARCH_FILES for path in folder.glob(pattern)})


def read(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every curated file but the research files (sorted by name) with its content."""
    files = []
    research = set(research_files(folder))
    for path in sorted(folder.glob("*.yaml")):
        if path in research:
            continue
        content = yamlfile.load(path.read_bytes()) or {}
        unknown = set(content) - {"updated", "overrides", "phones", "series", "listed_twice"}
        if unknown:
            raise BuildError(f"{path}: unknown top-level keys {sorted(unknown)}")
        if not isinstance(content.get("updated"), dt.date):
            raise BuildError(f"{path}: `updated` must be the date the facts were last checked")
        files.append((f"scripts/curated/{path.name}", content))
    return files


def without_listed_twice(
    records: list[SourceRecord], files: list[tuple[str, dict[str, Any]]]
) -> list[SourceRecord]:
    """The records, less those a curated file says a source lists twice for one phone.

    The matcher never puts two records of one source in one phone (4G and 5G editions, years,
    sizes), so a source that names one phone twice made two phones. Each `listed_twice` entry
    names the source, the record to `drop`, the record it is the `same_as` (both by the name
    the source gives them) and `why`, with the page that shows it.
    """
    where = {(record.source, record.name): index for index, record in enumerate(records)}
    dropped = set()
    for name, content in files:
        for entry in content.get("listed_twice") or []:
            missing = [key for key in ("source", "drop", "same_as", "why") if not entry.get(key)]
            if missing:
                raise BuildError(f"{name}: listed_twice entry {entry!r} lacks {missing}")
            for named in (entry["drop"], entry["same_as"]):
                if (entry["source"], named) not in where:
                    raise BuildError(f"{name}: listed_twice: {entry['source']} has no {named!r}")
            dropped.add(where[entry["source"], entry["drop"]])
    return [record for index, record in enumerate(records) if index not in dropped]


def merge_override(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Apply one override: mappings merge key by key, null deletes a key, lists named in
    ADDITIVE are appended, other values (cameras, memory, ...) replace the source's value."""
    merged = dict(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif key in ADDITIVE and isinstance(value, list):
            merged[key] = unique([*merged.get(key, []), *value])
        elif isinstance(value, dict):
            base_value = merged.get(key)
            merged[key] = merge_override(base_value if isinstance(base_value, dict) else {}, value)
        else:
            merged[key] = value
    return drop_empty(merged)


def expand_soc(phone: dict[str, Any], socs: dict[str, dict], where: str) -> dict[str, Any]:
    """A curated `soc: <TechAPI chipset slug>` becomes the chipset mapping TechAPI has for it."""
    phone = dict(phone)
    slug = phone.pop("soc", None)
    if slug is not None:
        if slug not in socs:
            raise BuildError(f"{where}: soc {slug!r} is not in techapi_socs.json")
        phone["chipset"] = {**convert_chipset(socs[slug]), **phone.get("chipset", {})}
    return phone


def changed_fields(override: dict[str, Any], prefix: str = "") -> set[str]:
    """The dotted paths an override sets or deletes: `battery.capacity_mah`, `released`..."""
    paths = set()
    for key, value in override.items():
        path = f"{prefix}{key}"
        paths.add(path)
        if isinstance(value, dict):
            paths |= changed_fields(value, f"{path}.")
    return paths


def mark_provenance(phone: dict[str, Any], override: dict[str, Any]) -> None:
    """Add "curated" to the provenance of every section the override changes."""
    provenance = dict(phone.get("provenance") or {})
    for key in override:
        if key in NOT_FACTS:
            continue
        label = PROVENANCE_OF.get(key, key)
        used = [s for s in provenance.get(label, "").split(", ") if s]
        provenance[label] = ", ".join(unique([*used, "curated"]))
    phone["provenance"] = dict(sorted(provenance.items()))


def apply(
    phones: dict[str, dict[str, Any]],
    files: list[tuple[str, dict[str, Any]]],
    socs: dict[str, dict],
) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Add every file's phones and apply its overrides (which may name them), in place.
    Returns each phone's curated aliases (granted with the generated ones) and the fields
    curators checked or changed."""
    aliases: dict[str, list[str]] = {}
    checked: dict[str, set[str]] = {}
    for name, content in files:
        for index, added in enumerate(content.get("phones") or []):
            where = f"{name}: phones[{index}]"
            added = expand_soc(added, socs, where)
            pid = added.get("id")
            if not isinstance(pid, str):
                raise BuildError(f"{where}: every phone needs an id")
            if pid in phones:
                raise BuildError(f"{where}: id {pid!r} exists; use overrides")
            _needs_sources(added, where)
            aliases[pid] = added.pop("aliases", [])
            added["provenance"] = {"all": "curated"}
            phones[pid] = drop_empty(added)
        for pid, override in (content.get("overrides") or {}).items():
            where = f"{name}: overrides.{pid}"
            if pid not in phones:
                raise BuildError(f"{where}: no such phone in the sources")
            _needs_sources(override, where)
            override = expand_soc(override, socs, where)
            aliases.setdefault(pid, []).extend(override.pop("aliases", []))
            resolved = override.pop("resolved", {}) or {}
            checked.setdefault(pid, set()).update(changed_fields(override), resolved)
            mark_provenance(phones[pid], override)
            phones[pid] = merge_override(phones[pid], override)
    return aliases, checked


def _needs_sources(entry: dict[str, Any], where: str) -> None:
    """Curated facts come with the page they are from; deleting a wrong value needs none."""
    facts = {
        key
        for key, value in entry.items()
        if key not in NOT_FACTS | {"id", "brand", "model"} and _sets_a_value(value)
    }
    if facts and not entry.get("sources"):
        raise BuildError(f"{where}: changes {sorted(facts)} but lists no sources")


def _sets_a_value(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_sets_a_value(v) for v in value.values())
    return value is not None
