"""The spec-sheet schema: what a phone, a series and a news item are.

The models are frozen pydantic models: they validate the YAML that moderators write (unknown keys
are errors, numbers must be numbers, quantities stay in plausible ranges) and are the immutable
records the rest of the bot reads. Quantities that people compare are numbers with the unit in the
key (`capacity_mah`, `weight_g`), never strings such as "4880mAh".
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, NamedTuple

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    model_validator,
)

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Record(BaseModel):
    """Base for every model: immutable, no unknown keys, numbers are never strings."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        coerce_numbers_to_str=True,  # `model: 12` in YAML is the text "12", not an error
        str_strip_whitespace=True,
    )

    def model_post_init(self, context: Any, /) -> None:
        """Share one "fields set" among records that set the same keys.

        pydantic keeps a set of the keys given for every instance; in a catalog of frozen
        records those sets repeat endlessly and were 45 MB of a 10,000-phone catalog. pydantic
        copies the set before it ever changes one (`model_copy`), so sharing is safe.
        """
        given = self.__pydantic_fields_set__
        object.__setattr__(
            self, "__pydantic_fields_set__", _FIELDS_SETS.setdefault(frozenset(given), given)
        )


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


def bounded(kind: type, low: float, high: float) -> object:
    """A number type that must be a real number (not text) within [low, high]."""
    return Annotated[kind, Strict(), Field(ge=low, le=high)]


NAME_MAX = 100
"""Longest phone name (brand and model) or alias: a Discord select option's label holds 100."""

Text = Annotated[str, Field(min_length=1, max_length=500)]
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX)]
LongText = Annotated[str, Field(min_length=1, max_length=4000)]
Slug = Annotated[str, Field(pattern=SLUG, max_length=100)]
Url = Annotated[str, Field(pattern=r"^https?://[^\s/$.?#][^\s]*$", max_length=2000)]


class Resolution(NamedTuple):
    width: int
    height: int

    def __str__(self) -> str:
        return f"{self.width}×{self.height}"


class Aperture(NamedTuple):
    """An f-number, or the range of a variable aperture (f/1.42-f/4.0)."""

    widest: float
    narrowest: float | None = None

    def __str__(self) -> str:
        if self.narrowest is None:
            return _f_number(self.widest)
        return f"{_f_number(self.widest)}-{_f_number(self.narrowest)}"


def _f_number(value: float) -> str:
    """f/1.42, f/2.0: photographers' spelling keeps one decimal at least."""
    digits = f"{value:.2f}".rstrip("0")
    return f"f/{digits}0" if digits.endswith(".") else f"f/{digits}"


_RESOLUTION = re.compile(r"^\s*(\d{3,5})\s*[x×]\s*(\d{3,5})\s*$")
_APERTURE = re.compile(r"^\s*f/(\d+(?:\.\d+)?)\s*(?:-\s*f/(\d+(?:\.\d+)?))?\s*$")


def _parse_resolution(value: object) -> Resolution:
    match = _RESOLUTION.match(str(value)) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f'expected width x height such as "1440x3200", got {value!r}')
    return Resolution(int(match[1]), int(match[2]))


_F_NUMBERS = (0.5, 32.0)  # far beyond any phone lens (f/1.4 to f/4.9), as other bounds are


def _parse_aperture(value: object) -> Aperture:
    if isinstance(value, int | float) and not isinstance(value, bool):
        aperture = Aperture(float(value))
    else:
        match = _APERTURE.match(value) if isinstance(value, str) else None
        if match is None:
            raise ValueError(
                f'expected an f-number such as "f/1.8" or "f/1.42-f/4.0", got {value!r}'
            )
        aperture = Aperture(float(match[1]), float(match[2]) if match[2] else None)
    low, high = _F_NUMBERS
    for f_number in aperture:
        if f_number is not None and not low <= f_number <= high:  # NaN fails both
            raise ValueError(f"aperture {value!r} is out of range (f/{low:g} to f/{high:g})")
    if aperture.narrowest is not None and aperture.narrowest <= aperture.widest:
        raise ValueError(f"aperture range {value!r} must go from wide to narrow")
    return aperture


ResolutionField = Annotated[Resolution, BeforeValidator(_parse_resolution)]
ApertureField = Annotated[Aperture, BeforeValidator(_parse_aperture)]


class Status(StrEnum):
    RUMORED = "rumored"
    ANNOUNCED = "announced"
    AVAILABLE = "available"
    DISCONTINUED = "discontinued"
    CANCELLED = "cancelled"


class CameraRole(StrEnum):
    MAIN = "main"
    ULTRAWIDE = "ultrawide"
    TELEPHOTO = "telephoto"
    PERISCOPE = "periscope"
    MACRO = "macro"
    DEPTH = "depth"
    MONOCHROME = "monochrome"
    TOF = "tof"
    SELFIE = "selfie"
    COVER_SELFIE = "cover-selfie"
    INNER_SELFIE = "inner-selfie"
    OTHER = "other"

    @property
    def is_front(self) -> bool:
        return self in {CameraRole.SELFIE, CameraRole.COVER_SELFIE, CameraRole.INNER_SELFIE}


class NewsItem(Record):
    date: dt.date
    headline: Text
    summary: LongText
    source: Text
    url: Url


class Display(Record):
    size_in: bounded(float, 1.0, 12.0)  # tri-folds unfold to 10.2"
    resolution: ResolutionField | None = None
    ppi: bounded(int, 100, 1000) | None = None
    type: Text | None = None
    refresh_hz: bounded(int, 30, 240) | None = None
    refresh_min_hz: bounded(int, 1, 240) | None = None
    peak_nits: bounded(int, 100, 10000) | None = None
    protection: Text | None = None

    @model_validator(mode="after")
    def _min_below_max(self) -> Display:
        low, high = self.refresh_min_hz, self.refresh_hz
        if low is not None and high is not None and low > high:
            raise ValueError(f"refresh_min_hz {low} is above refresh_hz {high}")
        return self


class Chipset(Record):
    name: Text
    cpu: Text | None = None
    gpu: Text | None = None
    process_nm: bounded(float, 1, 100) | None = None
    geekbench_single: bounded(int, 1, 100000) | None = None
    geekbench_multi: bounded(int, 1, 100000) | None = None


class MemoryVariant(Record):
    ram_gb: bounded(float, 0.25, 64)
    storage_gb: bounded(int, 1, 4096)


class Camera(Record):
    role: CameraRole
    mp: bounded(float, 0.1, 300)
    aperture: ApertureField | None = None
    ois: bool | None = None
    zoom_x: bounded(float, 0.1, 200) | None = None
    sensor: Text | None = None


class Battery(Record):
    capacity_mah: bounded(int, 300, 30000)
    wired_w: bounded(float, 0, 500) | None = None
    wireless_w: bounded(float, 0, 200) | None = None
    reverse_w: bounded(float, 0, 100) | None = None


IpRating = Annotated[str, Field(pattern=r"^IP[0-9X][0-9X]K?(?:/IP[0-9X][0-9X]K?)*$")]


class Dimensions(Record):
    """A foldable's size when folded; `Body` itself holds the open (unfolded) size."""

    height_mm: bounded(float, 50, 300) | None = None
    width_mm: bounded(float, 30, 250) | None = None
    thickness_mm: bounded(float, 3, 30) | None = None


class Body(Record):
    height_mm: bounded(float, 50, 300) | None = None
    width_mm: bounded(float, 30, 250) | None = None
    thickness_mm: bounded(float, 3, 30) | None = None
    weight_g: bounded(float, 50, 600) | None = None
    build: Text | None = None
    ip_rating: IpRating | None = None
    folded: Dimensions | None = None


class Connectivity(Record):
    network: Text | None = None
    wifi: Text | None = None
    bluetooth: Text | None = None
    nfc: bool | None = None
    usb: Text | None = None
    satellite: Text | None = None


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Price = bounded(float, 1, 10_000_000)


class Phone(Record):
    id: Slug
    brand: Name
    model: Name
    aliases: tuple[Name, ...] = ()
    model_numbers: tuple[Text, ...] = ()
    identifiers: tuple[Text, ...] = ()
    codenames: tuple[Text, ...] = ()
    series: Slug | None = None
    announced: dt.date | None = None
    released: dt.date | None = None
    status: Status = Status.AVAILABLE
    price: dict[Currency, Price] = Field(default_factory=dict)
    price_converted: dict[Currency, Price] = Field(default_factory=dict)
    display: Display | None = None
    chipset: Chipset | None = None
    memory: tuple[MemoryVariant, ...] = ()
    cameras: tuple[Camera, ...] = ()
    battery: Battery | None = None
    body: Body | None = None
    os: Text | None = None
    connectivity: Connectivity | None = None
    image_url: Url | None = None
    sources: tuple[Url, ...] = Field(min_length=1)
    news: tuple[NewsItem, ...] = ()

    @model_validator(mode="after")
    def _name_fits(self) -> Phone:
        if len(self.name) > NAME_MAX:
            raise ValueError(
                f"brand and model together are {len(self.name)} characters; at most {NAME_MAX}"
                " fit a Discord menu"
            )
        return self

    @model_validator(mode="after")
    def _dates_in_order(self) -> Phone:
        if self.announced is None and self.released is None:
            raise ValueError("a phone needs an announced or a released date")
        if self.announced and self.released and self.released < self.announced:
            raise ValueError(f"released {self.released} is before announced {self.announced}")
        return self

    @property
    def name(self) -> str:
        """The full name people read: brand and model ("Xiaomi 14 Pro")."""
        return f"{self.brand} {self.model}"

    @property
    def launched(self) -> dt.date:
        """The first public date: announced, or released when no announcement is known."""
        return self.announced or self.released  # type: ignore[return-value]


class Series(Record):
    id: Slug
    name: Text
    brand: Text | None = None
    news: tuple[NewsItem, ...] = ()


class SpecFile(Record):
    """One YAML file as written: its phones and series."""

    updated: dt.date | None = None
    phones: tuple[Phone, ...] = ()
    series: tuple[Series, ...] = ()


KNOWN_KEYS: tuple[str, ...] = tuple(
    sorted({name for model in Record.__subclasses__() for name in model.model_fields})
)
"""Every key the schema knows, for "did you mean" hints on unknown keys."""
