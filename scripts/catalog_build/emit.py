"""Write the catalog as YAML that reads well in a diff: flow style for short flat mappings,
block style otherwise, long prose folded, keys in schema order."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import yaml

from bot.catalog import CatalogError, load_catalog
from bot.models import (
    Battery,
    Body,
    Camera,
    Chipset,
    Connectivity,
    Dimensions,
    Display,
    MemoryVariant,
    NewsItem,
    Support,
)
from scripts.catalog_build.records import BuildError

LINE_WIDTH = 100

NESTED = {
    "display": Display,
    "chipset": Chipset,
    "memory": MemoryVariant,
    "cameras": Camera,
    "battery": Battery,
    "body": Body,
    "connectivity": Connectivity,
    "news": NewsItem,
    "support": Support,
    "folded": Dimensions,
}


def in_schema_order(record: dict[str, Any], model: type) -> dict[str, Any]:
    """The record's keys in the order the schema declares them (unknown keys last, so that the
    validation names them)."""
    fields = list(model.model_fields)

    def rank(item: tuple[str, Any]) -> int:
        return fields.index(item[0]) if item[0] in fields else len(fields)

    ordered = dict(sorted(record.items(), key=rank))
    for key, value in ordered.items():
        sub = NESTED.get(key)
        if sub and isinstance(value, dict):
            ordered[key] = in_schema_order(value, sub)
        elif sub and isinstance(value, list):
            ordered[key] = [in_schema_order(v, sub) if isinstance(v, dict) else v for v in value]
    return ordered


def scalar(value: Any) -> str:
    """One scalar as YAML text for block context (a mapping value or a `- ` item)."""
    text = yaml.safe_dump(value, width=10**9, allow_unicode=True)
    return text.removesuffix("\n").removesuffix("\n...")


def flow(value: Any) -> str:
    return yaml.safe_dump(
        value, default_flow_style=True, width=10**9, allow_unicode=True, sort_keys=False
    ).strip()


def is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def foldable(text: str) -> bool:
    """Prose that a folded block scalar (>-) reproduces exactly once wrapped at spaces."""
    return isinstance(text, str) and " " in text and text == " ".join(text.split())


def emit_value(key: str, value: Any, pad: str, out: list[str]) -> None:
    """`key: value` at indentation pad: flow style when short and flat, else block style."""
    if is_scalar(value):
        line = f"{pad}{key}: {scalar(value)}"
        if len(line) > LINE_WIDTH and foldable(value):
            out.append(f"{pad}{key}: >-")
            inner = pad + "  "
            out.extend(
                textwrap.wrap(
                    value,
                    LINE_WIDTH,
                    initial_indent=inner,
                    subsequent_indent=inner,
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )
        else:
            out.append(line)
        return
    flat = all(is_scalar(v) for v in (value.values() if isinstance(value, dict) else value))
    if flat and len(line := f"{pad}{key}: {flow(value)}") <= LINE_WIDTH:
        out.append(line)
        return
    out.append(f"{pad}{key}:")
    if isinstance(value, dict):
        emit_mapping(value, pad + "  ", out)
    else:
        emit_sequence(value, pad, out)


def emit_mapping(mapping: dict[str, Any], pad: str, out: list[str], first: str = "") -> None:
    """A block mapping; `first` replaces the indentation of the first line (for '- ')."""
    for index, (key, value) in enumerate(mapping.items()):
        start = len(out)
        emit_value(key, value, pad, out)
        if index == 0 and first:
            out[start] = first + out[start][len(pad) :]


def emit_sequence(items: list[Any], pad: str, out: list[str]) -> None:
    for item in items:
        if is_scalar(item):
            out.append(f"{pad}- {scalar(item)}")
        elif isinstance(item, dict):
            line = f"{pad}- {flow(item)}"
            if all(is_scalar(v) for v in item.values()) and len(line) <= LINE_WIDTH:
                out.append(line)
            else:
                emit_mapping(item, pad + "  ", out, first=f"{pad}- ")
        else:
            raise BuildError(f"nested lists are not supported: {item!r}")


def check_loads(text: str) -> None:
    """The bot's own loader accepts `text`: the schema holds one record at a time, but names,
    aliases and series must also agree across phones (see bot.catalog's cross-checks)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "specs.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_catalog(path)
        except CatalogError as exc:
            problems = str(exc).replace(f"{folder}{os.sep}", "")
            raise BuildError(f"the bot would refuse the catalog written: {problems}") from exc


def header(snapshots: dict[str, dict[str, str]]) -> str:
    """The licence notices and how to change the data, as YAML comments."""
    lines = [
        "PhoneSpec bundled catalog: the phones, series and news the bot answers from.",
        "Format: docs/data-format.md (the schema is bot/models.py).",
        "",
        "Built by `python -m scripts.catalog_build` from the open-data snapshots in data/sources/",
        "and the hand-curated files in scripts/curated/. To change a phone, edit a curated file",
        "(with the page the fact comes from) and rerun the build, then `python -m bot audit` and",
        "`!reload`. Hot fixes edited straight into this file work too, but the tests' rerun check",
        "will ask you to move them into scripts/curated/.",
        "",
        "This file adapts data from:",
    ]
    for snapshot in snapshots.values():
        lines.append(f"- {snapshot['credit']}: {snapshot['url']}")
        lines.append(
            f"  snapshot {snapshot['commit']} ({snapshot['date']}), {snapshot['licence']}."
        )
    lines += [
        "LineageOS Wiki content (CC BY-SA 3.0) is adapted here under CC BY-SA 4.0, as 3.0 allows.",
        "Changes: brands and names normalised, fields mapped to the PhoneSpec schema, records of",
        "the same phone merged, aliases added, values cross-checked, and corrections, phones,",
        "series and news added from scripts/curated/. `provenance` says, per section, which",
        "sources its values came from. The MIT notices of endoflife.date and DeviceKit are kept",
        "in data/sources/. This data file is licensed under CC BY-SA 4.0",
        "(https://creativecommons.org/licenses/by-sa/4.0/), apart from PhoneSpec's code (MIT).",
        "",
        "Reading the data: a missing key means unknown. battery.wireless_w: 0 means the phone has",
        "no wireless charging. display.resolution is width x height in portrait. price holds",
        "launch prices announced in that currency; price_converted holds conversions. released",
        "with released_approx: true is an ambiguous date (announce or sale, or only a month).",
    ]
    return "\n".join(f"# {line}".rstrip() for line in lines) + "\n"


def render(catalog: dict[str, Any], snapshots: dict[str, dict[str, str]]) -> str:
    """The text of data/specs.yaml, once it reads back as `catalog` and the bot accepts it."""
    out = [header(snapshots).rstrip("\n"), "", f"updated: {scalar(catalog['updated'])}", ""]
    for section in ("phones", "series"):
        out.append(f"{section}:")
        for index, record in enumerate(catalog[section]):
            if index:
                out.append("")
            emit_mapping(record, "  ", out, first="- ")
        out.append("")
    text = "\n".join(out).rstrip("\n") + "\n"
    if yaml.safe_load(text) != catalog:
        raise BuildError("the YAML written does not load back as the catalog (emitter bug)")
    check_loads(text)
    return text
