"""`python -m bot audit`: what a curator should look at in a catalog.

Three kinds of finding, each naming the phone and the field:
- **conflict** (error): two sources disagree and no curated file settled it (the build records
  these on the phone as `conflicts`);
- **implausible** (error): a value that cannot be right: a weight that does not fit the size, an
  open foldable as thick as a folded one, wireless charging faster than wired, a date after the
  catalog's own, a pixel density that does not match the resolution and the screen size;
- **missing** (warning): a phone with a spec sheet that lacks a critical field.

A section whose provenance includes "curated" was checked by hand against a cited page: its
values are not second-guessed as implausible. The catalog is clean when there is no error.

Beside the findings, `identity_coverage` measures how many phones users can find by a model
number, codename or iPhone identifier (the data issue asks for 80% of Android phones released
since 2019, and every iPhone).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bot.models import Phone

DENSITY_G_PER_CM3 = (0.9, 3.2)
"""Phones weigh 1.3-2.3 g per cm³ of their box; outside this range a figure is wrong."""
OPEN_FOLDABLE_WIDTH_MM = 100.0
"""Only an open book-style foldable is this wide; open, it is at most this thick:"""
OPEN_FOLDABLE_THICKNESS_MM = 9.0
PPI_TOLERANCE = 0.06
CRITICAL = ("display", "chipset", "battery", "body")
IDENTITY_SINCE = dt.date(2019, 1, 1)
"""Android phones released from this date on are counted for model-number coverage."""


@dataclass(frozen=True)
class Finding:
    kind: str
    phone_id: str
    field: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.kind != "missing"

    def __str__(self) -> str:
        return f"{self.kind}: {self.phone_id}: {self.field}: {self.message}"


def audit(phones: tuple[Phone, ...], updated: dt.date) -> list[Finding]:
    """Every finding, phone by phone in catalog order."""
    findings: list[Finding] = []
    for phone in phones:
        for conflict in phone.conflicts:
            said = ", ".join(f"{source} {value}" for source, value in conflict.values.items())
            findings.append(Finding("conflict", phone.id, conflict.field, said))
        for check in IMPLAUSIBLE:
            findings += check(phone, updated)
        findings += _missing(phone)
    return findings


def _checked(phone: Phone, section: str) -> bool:
    return "curated" in phone.provenance.get(section, "")


def _implausible(phone: Phone, field: str, message: str) -> Finding:
    return Finding("implausible", phone.id, field, message)


def weight_for_size(phone: Phone, updated: dt.date) -> Iterator[Finding]:
    body = phone.body
    if body is None or _checked(phone, "body"):
        return
    sizes = (body.height_mm, body.width_mm, body.thickness_mm)
    if body.weight_g is None or None in sizes:
        return
    volume = math.prod(sizes) / 1000  # type: ignore[arg-type]
    density = body.weight_g / volume
    low, high = DENSITY_G_PER_CM3
    if not low <= density <= high:
        yield _implausible(
            phone, "body.weight_g", f"{body.weight_g:g} g in {volume:.0f} cm³ ({density:.2f} g/cm³)"
        )


def foldable_thickness(phone: Phone, updated: dt.date) -> Iterator[Finding]:
    body = phone.body
    if body is None or _checked(phone, "body") or body.width_mm is None:
        return
    thickness = body.thickness_mm
    if (
        body.width_mm > OPEN_FOLDABLE_WIDTH_MM
        and thickness
        and thickness > OPEN_FOLDABLE_THICKNESS_MM
    ):
        yield _implausible(
            phone,
            "body.thickness_mm",
            f"open width {body.width_mm:g} mm with a folded thickness {thickness:g} mm",
        )


def charging(phone: Phone, updated: dt.date) -> Iterator[Finding]:
    battery = phone.battery
    if battery is None or _checked(phone, "battery"):
        return
    wired, wireless = battery.wired_w, battery.wireless_w
    if wired and wireless and wireless > wired:
        yield _implausible(
            phone, "battery.wireless_w", f"{wireless:g} W wireless > {wired:g} W wired"
        )


def future_dates(phone: Phone, updated: dt.date) -> Iterator[Finding]:
    if _checked(phone, "dates"):
        return
    if phone.announced and phone.announced > updated:
        yield _implausible(
            phone, "announced", f"{phone.announced} is after the catalog's {updated}"
        )
    if phone.released and phone.released > updated and phone.status == "available":
        yield _implausible(phone, "released", f"available, but released {phone.released}")


def pixel_density(phone: Phone, updated: dt.date) -> Iterator[Finding]:
    display = phone.display
    if display is None or display.resolution is None or display.ppi is None:
        return
    if _checked(phone, "display"):
        return
    computed = math.hypot(*display.resolution) / display.size_in
    if abs(computed - display.ppi) > PPI_TOLERANCE * computed:
        yield _implausible(
            phone,
            "display.ppi",
            f'{display.ppi} ppi, but {display.resolution} on {display.size_in:g}"'
            f" is {computed:.0f}",
        )


IMPLAUSIBLE: tuple[Callable[[Phone, dt.date], Iterator[Finding]], ...] = (
    weight_for_size,
    foldable_thickness,
    charging,
    future_dates,
    pixel_density,
)


def _missing(phone: Phone) -> list[Finding]:
    if not phone.has_specs:
        return []
    return [
        Finding("missing", phone.id, section, "not in any source")
        for section in CRITICAL
        if getattr(phone, section) is None
    ]


@dataclass(frozen=True)
class Coverage:
    what: str
    covered: int
    total: int

    def __str__(self) -> str:
        share = 100 * self.covered / self.total if self.total else 100.0
        return f"{self.what}: {self.covered}/{self.total} ({share:.1f}%)"


def identity_coverage(phones: tuple[Phone, ...]) -> tuple[Coverage, Coverage]:
    """Android phones released since 2019 with a model number or a codename, and iPhones with
    a machine identifier ("iPhone15,2") or a model number ("A1203")."""
    android = [
        phone
        for phone in phones
        if phone.brand != "Apple"
        and (phone.released or phone.announced or dt.date.min) >= IDENTITY_SINCE
    ]
    iphones = [phone for phone in phones if phone.brand == "Apple" and "iPhone" in phone.model]
    return (
        Coverage(
            "Android phones since 2019 with model numbers or codenames",
            sum(1 for phone in android if phone.model_numbers or phone.codenames),
            len(android),
        ),
        Coverage(
            "iPhones with identifiers or model numbers",
            sum(1 for phone in iphones if phone.identifiers or phone.model_numbers),
            len(iphones),
        ),
    )
