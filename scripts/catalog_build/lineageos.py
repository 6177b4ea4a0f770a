"""LineageOS Wiki device data (CC BY-SA 3.0): codenames, model numbers and specs.

One file per codename; a device sold under several names has one file per name
(`garnet_variant1.yml`...). Files that differ only by a region or carrier in brackets
("Redmi Note 13 Pro 5G (India)") are one phone: they fold into one record here. Different
names sharing a codename (Redmi Note 13 Pro 5G and POCO X6 5G) stay different phones that
share the codename. The wiki gives no weight, charging watts or prices, and its `release`
mixes announce and sale dates, so its dates are approximate.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from scripts.catalog_build.names import REGIONS, model_number_key, name_key, split_name
from scripts.catalog_build.records import (
    SourceRecord,
    drop_empty,
    number,
    portrait,
    unique,
)

NAME = "lineageos"
WIKI = "https://wiki.lineageos.org/devices/{codename}/"

REGION = re.compile(rf"\s*\((?:{REGIONS}|(?![\dG/ ]+\))(?=[^)]*\d)[A-Z0-9][A-Z0-9/, -]*)\)\s*$")
"""A bracketed region, carrier or model number after a name: the same phone sold elsewhere
(one file spells its region without brackets: "Redmi Note 10S Latin America")."""

PHONE_TYPES = ("phone", "phone (slider)", "foldable")
"""Device types that are phones (the wiki also lists tablets, TV boxes and dev kits). A
foldable's screens and sizes come per state (cover/inner, folded/unfolded): those lists are
not read as one screen; its open size is the body's and its folded size `body.folded`."""

CAMERA_ROLES = (
    ("telephoto", "telephoto"),
    ("periscope", "periscope"),
    ("ultrawide", "ultrawide"),
    ("ultra-wide", "ultrawide"),
    ("macro", "macro"),
    ("depth", "depth"),
    ("bokeh", "depth"),
    ("mono", "monochrome"),
    ("tof", "tof"),
    ("front", "selfie"),
    ("selfie", "selfie"),
    ("main", "main"),
    ("primary", "main"),
    ("wide", "main"),
)
"""Words in a camera's description and the role they mean, most specific first."""


def read(folder: Path) -> list[SourceRecord]:
    """Every phone in the wiki's device files, region variants folded into one record."""
    records: dict[str, SourceRecord] = {}
    for path in sorted((folder / "devices").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("type") not in PHONE_TYPES:
            continue
        record = convert(path.stem, data)
        if record is None:
            continue
        key = name_key(record.brand, record.model)
        if key in records:
            records[key] = fold(records[key], record)
        else:
            records[key] = record
    return list(records.values())


def fold(first: SourceRecord, other: SourceRecord) -> SourceRecord:
    """One phone from two region variants: identifiers joined, the first variant's specs kept
    and filled from the other's."""
    fields = dict(first.fields)
    for key, value in other.fields.items():
        fields.setdefault(key, value)
    return SourceRecord(
        source=NAME,
        ref=f"{first.ref}, {other.ref}",
        brand=first.brand,
        model=first.model,
        fields=fields,
        sources=tuple(unique([*first.sources, *other.sources])),
        model_numbers=tuple(unique([*first.model_numbers, *other.model_numbers])),
        codenames=tuple(unique([*first.codenames, *other.codenames])),
    )


def convert(stem: str, data: dict[str, Any]) -> SourceRecord | None:
    """One device file as a record; None without a usable name (or with a brand made of
    digits, which the matcher would read as a model number: "pixel pro" found the Pixel 10
    Pro once the 10.or G was in the catalog)."""
    name = REGION.sub("", str(data.get("name") or "")).removesuffix(" Latin America").strip()
    vendor = str(data.get("vendor") or "").strip()
    if not name or not vendor or any(c.isdigit() for c in vendor):
        return None  # a brand such as "10.or" reads as a model number in every query
    brand, model = split_name(vendor, name)
    codename = str(data.get("codename") or stem.split("_variant")[0])
    released = release_date(data.get("release"))
    peripherals = [str(p).casefold() for p in _listed(data.get("peripherals"))]
    network = [str(n) for n in _listed(data.get("network"))]
    fields = drop_empty(
        {
            "released": released,
            "released_approx": True if released else None,
            "display": display(data.get("screen")),
            "chipset": {"name": chipset_name(str(data["soc"]))} if data.get("soc") else None,
            "memory": memory(data.get("ram"), data.get("storage")),
            "cameras": cameras(data.get("cameras")),
            "battery": battery(data.get("battery")),
            "body": body(data.get("dimensions")),
            "connectivity": drop_empty(
                {
                    "nfc": True if "nfc" in peripherals else None,
                    "five_g": any("5G" in n for n in network) if network else None,
                    "headphone_jack": True if "3.5mm jack" in peripherals else None,
                    "esim": True if "esim" in peripherals else None,
                }
            ),
            "memory_card": memory_card(data) if "sdcard" in data else None,
            "_ram_options": ram_options(data.get("ram")),
        }
    )
    models = [str(m) for m in _listed(data.get("models"))]
    return SourceRecord(
        source=NAME,
        ref=f"{stem}.yml",
        brand=brand,
        model=model,
        fields=fields,
        sources=(WIKI.format(codename=codename),),
        model_numbers=tuple(m for m in models if useful_model_number(m)),
        codenames=(codename,),
    )


def _listed(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value in (None, "None", "") else [value]


def _first(value: Any) -> Any:
    """The first of a list (per-variant values), or the value itself."""
    return value[0] if isinstance(value, list) and value else value


def useful_model_number(text: str) -> bool:
    """Long enough to name one phone and holding a digit: 'XT2347-2' yes, 'G' no."""
    return len(model_number_key(text)) >= 4 and any(c.isdigit() for c in text)


def release_date(value: Any) -> dt.date | None:
    """'2023-09' or '2023-09-12' as a date; a bare year says too little and is left out."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", str(_first(value) or "").strip())
    if match is None:
        return None
    return dt.date(int(match[1]), int(match[2]), int(match[3] or 1))


def display(screen: Any) -> dict[str, Any] | None:
    screen = _first(screen)
    if not isinstance(screen, dict) or not isinstance(screen.get("size"), int | float):
        return None
    resolution = str(screen.get("resolution") or "")
    refresh = screen.get("refresh_rate")
    return drop_empty(
        {
            "size_in": number(float(screen["size"])),
            "resolution": portrait(resolution)
            if re.fullmatch(r"\d{3,5}x\d{3,5}", resolution)
            else None,
            "type": str(screen["technology"]) if screen.get("technology") else None,
            "refresh_hz": refresh if isinstance(refresh, int) else None,
        }
    )


def chipset_name(soc: str) -> str:
    """'Qualcomm SM7435-AB Snapdragon 7s Gen 2' -> 'Snapdragon 7s Gen 2': vendor and part
    number dropped as TechAPI's names are; 'Mediatek Helio G99' -> 'Helio G99'."""
    name = re.sub(r"\s*\(.*\)$", "", soc.strip())
    if "Snapdragon" in name:
        return name[name.index("Snapdragon") :]
    name = re.sub(r"^(?:Qualcomm|Mediatek|MediaTek|Samsung|HiSilicon|Huawei)\s+", "", name)
    return re.sub(r"^[A-Z]{2,}[0-9][0-9A-Za-z-]*\s+(?=\S)", "", name).strip()


def ram_options(ram: Any) -> list[float] | None:
    """'6/8 GB LPDDR4X' -> [6, 8]; '512 MB' -> [0.5]."""
    match = re.match(r"\s*([\d./]+)\s*(GB|MB)", str(_first(ram) or ""))
    if match is None:
        return None
    scale = 1 / 1024 if match[2] == "MB" else 1
    try:
        return [number(round(float(part) * scale, 2)) for part in match[1].split("/") if part]
    except ValueError:
        return None


def storage_options(storage: Any) -> list[int]:
    match = re.match(r"\s*([\d/]+)\s*(GB|TB)", str(_first(storage) or ""))
    if match is None:
        return []
    scale = 1024 if match[2] == "TB" else 1
    return [int(part) * scale for part in match[1].split("/") if part]


def memory(ram: Any, storage: Any) -> list[dict[str, Any]] | None:
    """The variants sold, when the wiki's lists say which: one RAM size with each storage size.
    Several RAM sizes and several storage sizes do not say which go together: left out."""
    rams, storages = ram_options(ram) or [], storage_options(storage)
    if len(rams) == 1 and all(1 <= s <= 4096 for s in storages):
        return [{"ram_gb": rams[0], "storage_gb": s} for s in storages]
    return None


def cameras(listed: Any) -> list[dict[str, Any]] | None:
    """The cameras, when each one's role is named ('50 MP (main)'); otherwise left out, as the
    order alone does not tell a rear camera from a front one."""
    found = []
    for camera in _listed(listed):
        info = str(camera.get("info") if isinstance(camera, dict) else camera)
        match = re.match(r"\s*([\d.]+)\s*MP\b(.*)", info)
        role = next((r for word, r in CAMERA_ROLES if word in info.casefold()), None)
        if match is None or role is None or not 0.1 <= float(match[1]) <= 300:
            return None
        found.append({"role": role, "mp": number(float(match[1]))})
    return found or None


def battery(value: Any) -> dict[str, Any] | None:
    value = _first(value)
    if not isinstance(value, dict) or not isinstance(value.get("capacity"), int):
        return None
    return {"capacity_mah": value["capacity"]}


def body(value: Any) -> dict[str, Any] | None:
    """The size; a foldable's is given per state (`- Folded: {...}` and `- Unfolded: {...}`):
    the open size is the body's, the folded one `folded`."""
    states = _fold_states(value)
    if states is not None:
        open_size, folded = _sizes(states.get("Unfolded")), _sizes(states.get("Folded"))
        return drop_empty({**(open_size or {}), "folded": folded}) if open_size else None
    return _sizes(_first(value))


def _fold_states(value: Any) -> dict[str, Any] | None:
    """{'Folded': {...}, 'Unfolded': {...}} from the wiki's list of one-key mappings, or None."""
    if not isinstance(value, list) or not all(isinstance(v, dict) and len(v) == 1 for v in value):
        return None
    states = {key: size for item in value for key, size in item.items()}
    return states if set(states) == {"Folded", "Unfolded"} else None


def _sizes(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    sizes = {
        "height_mm": value.get("height"),
        "width_mm": value.get("width"),
        "thickness_mm": value.get("depth"),
    }
    return drop_empty({k: number(float(v)) for k, v in sizes.items() if _is_number(v)}) or None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def memory_card(data: dict[str, Any]) -> bool | None:
    """A card slot when the wiki gives its size, none when it says `sdcard: None`."""
    sdcard = data["sdcard"]
    if isinstance(sdcard, dict):
        return True
    return False if sdcard in (None, "None") else None
