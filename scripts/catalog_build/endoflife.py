"""endoflife.date (MIT): release dates and the end of OS upgrades and security updates.

One product file per maker (`products/*.md`, YAML front matter). `releaseDate` mixes announce
and sale dates, so it is an approximate release date, never an announcement. `eoas` is the end
of OS upgrades, `eol` the end of security updates: a date, or true/false (ended/not ended, no
date given). A date its comment calls an estimate or an approximation is left out.

Samsung entries link to the firmware page of one model (`doc.samsungmobile.com/sm-a325f/...`,
in either case): that SM- code is a model number of the phone, unless the file links it from
two different phones, when it cannot say which phone it names and is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from scripts.catalog_build.names import REGION, split_name
from scripts.catalog_build.records import SourceRecord, drop_empty

NAME = "endoflife"
SITE = "https://endoflife.date/{permalink}"

PRODUCTS = {
    "iphone": ("Apple", "iPhone "),
    "pixel": ("Google", ""),
    "samsung-mobile": ("Samsung", ""),
    "motorola-mobility": ("Motorola", ""),
    "nokia": ("Nokia", ""),
    "oneplus": ("OnePlus", ""),
    "sony-xperia": ("Sony", ""),
    "fairphone": ("Fairphone", ""),
}
"""Product file -> (brand, prefix its labels leave out: endoflife.date writes "17" for the
iPhone 17)."""

NOT_PHONES = re.compile(r"\b(?:Pad|Tab|Watch)\b", re.IGNORECASE)
GUESSED = re.compile(r"approximat|estimat", re.IGNORECASE)
REGIONAL_REF = " (regional)"
SAMSUNG_MODEL = re.compile(r"\bSM-[A-Z]\d{3,4}[A-Z0-9]*\b", re.IGNORECASE)


def read(folder: Path) -> list[SourceRecord]:
    """Every phone of every product file; a regional entry ("Galaxy A12 (India)") comes after
    the plain one, so that the build keeps the plain one when both name the same phone."""
    records = []
    for product, (brand, prefix) in PRODUCTS.items():
        path = folder / "products" / f"{product}.md"
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---")[1])
        comments = release_comments(text)
        page = SITE.format(permalink=str(front.get("permalink", product)).strip("/"))
        template = str(front.get("releaseLabel") or "__RELEASE_CYCLE__")
        for release in front.get("releases") or []:
            record = convert(release, brand, prefix, template, page, comments)
            if record is not None:
                records.append(record)
    records = without_shared_model_numbers(records)
    return sorted(records, key=lambda record: record.ref.endswith(REGIONAL_REF))


def without_shared_model_numbers(records: list[SourceRecord]) -> list[SourceRecord]:
    """The records without the model numbers that two of them (two phones, or two entries of
    one phone under different names) carry: such a number does not say which phone it is."""
    counts = Counter(number for record in records for number in record.model_numbers)
    return [
        replace(record, model_numbers=tuple(n for n in record.model_numbers if counts[n] == 1))
        for record in records
    ]


def release_comments(text: str) -> dict[tuple[str, str], str]:
    """The `# ...` comment after each value, by (releaseCycle, key): YAML loading drops them."""
    comments: dict[tuple[str, str], str] = {}
    cycle = ""
    for line in text.splitlines():
        match = re.match(r"\s*-?\s*(\w+):\s*(\"[^\"]*\"|[^#]*?)\s*(?:#\s*(.*))?$", line)
        if match is None:
            continue
        key, value, comment = match[1], match[2].strip('"'), match[3]
        if key == "releaseCycle":
            cycle = value
        elif comment:
            comments[(cycle, key)] = comment
    return comments


def convert(
    release: dict[str, Any],
    brand: str,
    prefix: str,
    template: str,
    page: str,
    comments: dict[tuple[str, str], str],
) -> SourceRecord | None:
    cycle = str(release["releaseCycle"])
    label = str(release.get("releaseLabel") or template.replace("__RELEASE_CYCLE__", cycle))
    if NOT_PHONES.search(label) or not isinstance(release.get("releaseDate"), dt.date):
        return None
    regional = REGION.search(label) is not None
    brand, model = split_name(brand, REGION.sub("", prefix + label))

    def dated(key: str) -> dt.date | None:
        value = release.get(key)
        guessed = GUESSED.search(comments.get((cycle, key), ""))
        return value if isinstance(value, dt.date) and not guessed else None

    upgrades, security = dated("eoas"), dated("eol")
    support = None
    if upgrades or security:
        support = drop_empty(
            {"os_upgrades_until": upgrades, "security_until": security, "source": page}
        )
    link = str(release.get("link") or "")
    discontinued = release.get("discontinued")
    return SourceRecord(
        source=NAME,
        ref=f"{page}#{cycle}" + (REGIONAL_REF if regional else ""),
        brand=brand,
        model=model,
        fields=drop_empty(
            {
                "released": release["releaseDate"],
                "released_approx": True,
                "support": support,
                "_support_ended": release.get("eol") is True or None,
            }
        ),
        sources=(page,),
        model_numbers=tuple(dict.fromkeys(m.upper() for m in SAMSUNG_MODEL.findall(link))),
        discontinued=discontinued is True or isinstance(discontinued, dt.date),
    )
