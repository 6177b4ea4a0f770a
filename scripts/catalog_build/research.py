"""The research files (scripts/curated/research.yaml and research-*.yaml, one per batch of
research, read in order of name as one): facts read on cited pages, in the research format
described here, turned into curated overrides, phones and series that `curated.apply` merges
like any curated file.

- `corrections`: `phone` (a name), `set` (dotted paths -> values; null deletes), `source`,
  `note`. A price deleted this way is deleted from the converted prices too: research found no
  launch price in that currency, so the source's conversion goes as well.
- `phones`: complete records named by `brand` and `model`; one that is already in the catalog
  becomes an override.
- `news`: per `phone`, or per `series` (a family name: every phone whose name key starts with it,
  "Galaxy S25" holding the S25+, S25 Ultra and S25 Edge).

Names are matched by `names.name_key`, also with or without a trailing 5G. An entry naming no
phone of the catalog is reported, not guessed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot import yamlfile
from scripts.catalog_build.curated import research_files
from scripts.catalog_build.names import name_key, slug, split_name
from scripts.catalog_build.records import BuildError, portrait

SECTIONS = ("corrections", "phones", "news")


def read(folder: Path) -> dict[str, Any] | None:
    """Every research file's sections, joined; None when there is no research file."""
    paths = research_files(folder)
    if not paths:
        return None
    joined: dict[str, list[Any]] = {section: [] for section in SECTIONS}
    for path in paths:
        content = yamlfile.load(path.read_bytes()) or {}
        unknown = set(content) - set(SECTIONS)
        if unknown:
            raise BuildError(f"{path}: unknown top-level keys {sorted(unknown)}")
        for section in SECTIONS:
            joined[section].extend(content.get(section) or [])
    return joined


def nested(dotted: dict[str, Any]) -> dict[str, Any]:
    """{"battery.wired_w": 21} -> {"battery": {"wired_w": 21}}."""
    result: dict[str, Any] = {}
    for path, value in dotted.items():
        *parents, leaf = path.split(".")
        target = result
        for key in parents:
            target = target.setdefault(key, {})
        target[leaf] = value
    return result


def portrait_display(values: dict[str, Any]) -> dict[str, Any]:
    """A resolution as the catalog writes it, the shorter side first (foldables' near-square
    inner screens are often given landscape)."""
    resolution = (values.get("display") or {}).get("resolution")
    if isinstance(resolution, str):
        values = {**values, "display": {**values["display"], "resolution": portrait(resolution)}}
    return values


def deep_update(target: dict[str, Any], values: dict[str, Any]) -> None:
    """Set `values` in `target`, mappings key by key at every depth (None kept: it deletes)."""
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            deep_update(target[key], value)
        else:
            target[key] = value


class Names:
    """Phone ids by name key, with the 5G suffix optional when that names one phone."""

    def __init__(self, phones: dict[str, dict[str, Any]], aliases: dict[str, list[str]]) -> None:
        self.ids: dict[str, str] = {}
        for pid, phone in phones.items():
            self.add(pid, phone["brand"], phone["model"])
        for pid, names in aliases.items():
            for alias in names:
                self.add(pid, phones[pid]["brand"], alias)

    def add(self, pid: str, brand: str, model: str) -> None:
        self.ids.setdefault(name_key(*split_name(brand, model)), pid)

    def find(self, name: str) -> str | None:
        brand, model = split_name(name.split()[0], " ".join(name.split()[1:]))
        key = name_key(brand, model)
        for candidate in (key, f"{key}5g", key.removesuffix("5g")):
            if candidate in self.ids:
                return self.ids[candidate]
        return None

    def family(self, name: str) -> list[str]:
        """Phones of a family: keys starting with the family's key, not followed by a digit."""
        brand, model = split_name(name.split()[0], " ".join(name.split()[1:]))
        key = name_key(brand, model)
        return sorted(
            pid
            for phone_key, pid in self.ids.items()
            if phone_key.startswith(key) and not phone_key[len(key) :][:1].isdigit()
        )


def to_curated(
    content: dict[str, Any],
    phones: dict[str, dict[str, Any]],
    aliases: dict[str, list[str]],
    problems: list[str],
) -> dict[str, Any]:
    """The research file as curated content (overrides, phones, series) for these phones, which
    curated `aliases` (by phone id) may also name."""
    names = Names(phones, aliases)
    overrides: dict[str, dict[str, Any]] = {}
    added: list[dict[str, Any]] = []

    def override(pid: str, values: dict[str, Any], sources: list[str]) -> None:
        entry = overrides.setdefault(pid, {"sources": []})
        deep_update(entry, values)
        entry["sources"] = [*entry["sources"], *sources]

    for record in content.get("phones") or []:
        brand, model = split_name(record["brand"], record["model"])
        values = portrait_display({k: v for k, v in record.items() if k not in ("brand", "model")})
        pid = names.find(f"{brand} {model}")
        if pid is None:
            added.append({"id": slug(brand, model), "brand": brand, "model": model, **values})
            names.add(slug(brand, model), brand, model)
        else:
            override(pid, {k: v for k, v in values.items() if k != "sources"}, values["sources"])
    for correction in content.get("corrections") or []:
        pid = names.find(correction["phone"])
        if pid is None:
            problems.append(f"research: no phone named {correction['phone']!r} (correction)")
            continue
        values = portrait_display(nested(correction["set"]))
        for currency, amount in (values.get("price") or {}).items():
            if amount is None:
                values.setdefault("price_converted", {})[currency] = None
        override(pid, values, [correction["source"]])
    series = _series(content, names, overrides, problems)
    return {"overrides": overrides, "phones": added, "series": series}


def _series(
    content: dict[str, Any],
    names: Names,
    overrides: dict[str, dict[str, Any]],
    problems: list[str],
) -> list[dict[str, Any]]:
    """News items: a phone's go on the phone, a family's on a series its phones join."""
    series: dict[str, dict[str, Any]] = {}
    for item in content.get("news") or []:
        news = {k: item[k] for k in ("date", "headline", "summary", "source", "url")}
        if "phone" in item:
            pid = names.find(item["phone"])
            if pid is None:
                problems.append(f"research: no phone named {item['phone']!r} (news)")
                continue
            entry = overrides.setdefault(pid, {"sources": []})
            entry["news"] = [*entry.get("news", []), news]
            continue
        family = item["series"]
        members = [
            pid for part in family.split(" and ") for pid in names.family(_branded(family, part))
        ]
        if not members:
            problems.append(f"research: no phone in the series {family!r} (news)")
            continue
        sid = slug(family, "series")
        series.setdefault(sid, {"id": sid, "name": f"{family} series", "news": []})
        series[sid]["news"].append(news)
        for pid in members:
            overrides.setdefault(pid, {"sources": []}).setdefault("series", sid)
    return list(series.values())


def _branded(family: str, part: str) -> str:
    """'Z Flip6' in 'Samsung Galaxy Z Fold6 and Z Flip6' is a Samsung: the brand is repeated."""
    brand = family.split()[0]
    return part if part.startswith(brand) else f"{brand} {part}"
