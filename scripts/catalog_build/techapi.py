"""TechAPI (CC BY-SA 4.0): full spec sheets, the build's first source for specs."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from scripts.catalog_build.names import split_name
from scripts.catalog_build.records import (
    BuildError,
    SourceRecord,
    drop_empty,
    number,
    number_or_none,
    portrait,
    unique,
)

NAME = "techapi"

CAMERA_ROLES = {
    "main": "main",
    "ultrawide": "ultrawide",
    "telephoto": "telephoto",
    "periscope": "periscope",
    "macro": "macro",
    "depth": "depth",
    "monochrome": "monochrome",
    "mono": "monochrome",
    "tof": "tof",
    "3d-depth": "tof",
    "selfie": "selfie",
    # A depth camera beside the selfie camera is a front camera; "depth" would put it on the back.
    "front-depth": "selfie",
    "selfie-depth": "selfie",
    "cover-selfie": "cover-selfie",
    "inner-selfie": "inner-selfie",
}

# Vendor prefixes dropped from chipset names so that "Kirin 970" and "HiSilicon Kirin 9000" read
# alike; Apple and Google stay because "A17 Pro" and "Tensor" need them.
CHIPSET_PREFIXES = ("HiSilicon ", "MediaTek ", "Samsung ", "Qualcomm ")

USD_MARKETS = frozenset({"Apple", "Google", "Samsung", "Motorola", "OnePlus", "Nothing", "Sony"})
"""Brands whose phones TechAPI prices in US dollars because they launch with a US price. Its
`msrp_usd` for every other brand (Xiaomi, Huawei, vivo, OPPO...) is a conversion of a price
announced in another currency: it goes to `price_converted`, never to `price`."""


def read(folder: Path) -> tuple[dict[str, str], list[SourceRecord]]:
    """The snapshot's provenance (repo URL, commit, date) and its phones."""
    provenance = read_provenance(folder)
    phones = json.loads((folder / "techapi_smartphones.json").read_text(encoding="utf-8"))
    socs = {soc["slug"]: soc for soc in read_socs(folder)}
    return provenance, [convert_phone(record, socs, provenance) for record in phones]


def read_provenance(folder: Path) -> dict[str, str]:
    text = (folder / "SOURCE.txt").read_text(encoding="utf-8")
    match = re.search(r"Source: (\S+) \(snapshot HEAD ([0-9a-f]{40}), (\d{4}-\d{2}-\d{2})\)", text)
    if match is None:
        raise BuildError(f"{folder / 'SOURCE.txt'}: no 'Source: <repo> (snapshot HEAD ...)'")
    return {
        "repo": "https://" + match[1].removeprefix("https://").rstrip("/"),
        "commit": match[2],
        "date": match[3],
    }


def read_socs(folder: Path) -> list[dict[str, Any]]:
    return json.loads((folder / "techapi_socs.json").read_text(encoding="utf-8"))


def chipset_name(name: str) -> str:
    for prefix in CHIPSET_PREFIXES:
        name = name.removeprefix(prefix)
    return name


def one_decimal(value: float) -> str:
    """At least one decimal, as apertures and clocks are written: 2 -> '2.0', 1.42 -> '1.42'."""
    return f"{value:.1f}" if float(value).is_integer() else f"{value:g}"


def core_name(name: str) -> str:
    """TechAPI shortens later cores to 'A720' or 'X4': spell them 'Cortex-A720'."""
    return f"Cortex-{name}" if re.fullmatch(r"[AX]\d+", name) else name


def cpu_summary(config: dict[str, Any]) -> str | None:
    """'1x3.3 GHz Cortex-X4 + 5x3.2 GHz Cortex-A720 + ...' when the architecture lists one cluster
    per clock; otherwise the architecture text and the clocks as given."""
    architecture = (config.get("architecture") or "").strip()
    clocks = [one_decimal(c) for c in config.get("clocks_ghz") or []]
    clusters = [re.fullmatch(r"(\d+)x\s*(.+)", part.strip()) for part in architecture.split(" + ")]
    if architecture and clocks and len(clusters) == len(clocks) and all(clusters):
        return " + ".join(
            f"{m[1]}x{clock} GHz {core_name(m[2].strip())}"
            for m, clock in zip(clusters, clocks, strict=True)
        )
    if architecture and clocks:
        return f"{architecture}, {'/'.join(clocks)} GHz"
    return architecture or (f"{'/'.join(clocks)} GHz" if clocks else None)


def convert_chipset(soc: dict[str, Any]) -> dict[str, Any]:
    return drop_empty(
        {
            "name": chipset_name(soc["name"]),
            "cpu": cpu_summary(soc.get("cpu_config") or {}),
            "gpu": soc.get("gpu_name"),
            "process_nm": number_or_none(soc.get("process_nm")),
            "geekbench_single": soc.get("geekbench_single"),
            "geekbench_multi": soc.get("geekbench_multi"),
        }
    )


def chipset_released(soc: dict[str, Any]) -> dt.date | None:
    """When the chipset was announced, for the "phone before its chipset" check."""
    text = str(soc.get("release_date") or soc.get("announced") or "")
    match = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if match is None:
        return None
    return dt.date(int(match[1]), int(match[2]), int(match[3] or 1))


def convert_camera(camera: dict[str, Any]) -> dict[str, Any] | None:
    """One camera; None when TechAPI gives no megapixel figure (the schema needs one)."""
    if not camera.get("mp"):
        return None
    aperture = camera.get("aperture")
    return drop_empty(
        {
            "role": CAMERA_ROLES.get(camera["type"], "other"),
            "mp": number(camera["mp"]),
            "aperture": f"f/{one_decimal(aperture)}" if aperture else None,
            "ois": camera.get("ois"),
            "zoom_x": number_or_none(camera.get("optical_zoom")),
            "sensor": camera.get("sensor"),
        }
    )


def convert_phone(
    record: dict[str, Any], socs: dict[str, dict], provenance: dict[str, str]
) -> SourceRecord:
    """A TechAPI phone record as a source record with schema-shaped fields."""
    brand, model = split_name(record["brand"], record["name"])
    soc = socs.get(record.get("soc") or "")
    if record.get("soc") and soc is None:
        raise BuildError(f"{record['slug']}: chipset {record['soc']!r} is not in techapi_socs.json")
    cameras = [convert_camera(c) for c in record.get("cameras") or []]
    file_url = f"{provenance['repo']}/blob/{provenance['commit']}/{record['_source_path']}"
    os_name = " ".join(str(part) for part in (record.get("os"), record.get("os_version")) if part)
    price = number_or_none(record.get("msrp_usd"))
    announced_in_usd = brand in USD_MARKETS
    fields = drop_empty(
        {
            "released": dt.date.fromisoformat(record["release_date"]),
            "price": {"USD": price} if price and announced_in_usd else None,
            "price_converted": {"USD": price} if price and not announced_in_usd else None,
            "display": convert_display(record.get("display") or {}),
            "chipset": convert_chipset(soc) if soc else None,
            "memory": [
                {"ram_gb": number(record["ram_gb"]), "storage_gb": storage}
                for storage in record.get("storage_options_gb") or []
            ]
            if record.get("ram_gb")
            else None,
            "cameras": [c for c in cameras if c is not None],
            "battery": convert_battery(record),
            "body": convert_body(record),
            "os": os_name or None,
            "connectivity": convert_connectivity(record.get("connectivity") or {}),
            "image_url": record.get("image_url"),
        }
    )
    if soc and (chip_date := chipset_released(soc)):
        fields["_chipset_released"] = chip_date
    return SourceRecord(
        source=NAME,
        ref=record["_source_path"],
        brand=brand,
        model=model,
        fields=fields,
        sources=tuple(unique([file_url, *(record.get("source_urls") or [])])),
        slug=record["slug"],
    )


def convert_display(display: dict[str, Any]) -> dict[str, Any]:
    resolution = display.get("resolution")
    return drop_empty(
        {
            "size_in": number_or_none(display.get("size_inch")),
            "resolution": portrait(resolution) if resolution else None,
            "ppi": display.get("ppi"),
            "type": display.get("type"),
            "refresh_hz": display.get("refresh_hz"),
            "peak_nits": display.get("brightness_nits"),
        }
    )


def convert_battery(record: dict[str, Any]) -> dict[str, Any] | None:
    """The battery; None without a capacity (the schema needs one)."""
    if not record.get("battery_mah"):
        return None
    wireless = record.get("charging_wireless_w")
    return drop_empty(
        {
            "capacity_mah": record["battery_mah"],
            "wired_w": number_or_none(record.get("charging_wired_w")),
            # 0 is kept: it means "no wireless charging", unlike a missing key.
            "wireless_w": number(wireless) if wireless is not None else None,
        }
    )


def convert_body(record: dict[str, Any]) -> dict[str, Any]:
    dimensions = record.get("dimensions") or {}
    return drop_empty(
        {
            "height_mm": number_or_none(dimensions.get("height_mm")),
            "width_mm": number_or_none(dimensions.get("width_mm")),
            "thickness_mm": number_or_none(dimensions.get("depth_mm")),
            "weight_g": number_or_none(record.get("weight_g")),
            "ip_rating": record.get("ip_rating"),
        }
    )


def convert_connectivity(links: dict[str, Any]) -> dict[str, Any]:
    return drop_empty(
        {
            "wifi": links.get("wifi"),
            "bluetooth": str(links["bluetooth"]) if links.get("bluetooth") else None,
            "nfc": links.get("nfc"),
            "usb": links.get("usb"),
        }
    )
