"""DeviceKit (MIT): iPhone machine identifiers ("iPhone16,1" is the iPhone 15 Pro).

Only the `iPhones = [...]` list of Source/Device.swift.gyb is read: each `Device(...)` gives a
case name, a description linking Apple's spec page, an image, the identifiers and, further on,
the marketing name.
"""

from __future__ import annotations

import re
from pathlib import Path

from scripts.catalog_build.records import BuildError, SourceRecord

NAME = "devicekit"
DEVICE = re.compile(
    r'Device\(\s*"(?P<case>\w+)",\s*"(?P<description>(?:[^"\\]|\\.)*)",\s*"[^"]*",\s*'
    r'\[(?P<identifiers>[^\]]*)\],\s*[\d.]+,\s*\([^)]*\),\s*"[^"]+",\s*"(?P<name>[^"]+)"'
)
SPEC_PAGE = re.compile(r"\((https://support\.apple\.com/[^)\s]+)\)")


def read(folder: Path) -> list[SourceRecord]:
    text = (folder / "Device.swift.gyb").read_text(encoding="utf-8")
    commit = re.search(r"commit ([0-9a-f]{40})", (folder / "SOURCE.txt").read_text("utf-8"))
    if commit is None:
        raise BuildError(f"{folder / 'SOURCE.txt'}: no snapshot commit")
    block = text[text.index("iPhones = [") : text.index("]\n", text.index("iPhones = ["))]
    file_url = f"https://github.com/devicekit/DeviceKit/blob/{commit[1]}/Source/Device.swift.gyb"
    records = []
    for match in DEVICE.finditer(block):
        identifiers = tuple(re.findall(r'"([^"]+)"', match["identifiers"]))
        page = SPEC_PAGE.search(match["description"])
        name = match["name"]
        records.append(
            SourceRecord(
                source=NAME,
                ref=match["case"],
                brand="Apple",
                model=name,
                sources=(file_url, *([page[1]] if page else [])),
                identifiers=identifiers,
            )
        )
    return records
