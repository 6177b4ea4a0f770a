"""Phones as embeds: plain dicts in Discord's JSON shape, always within Discord's limits.

Nothing here talks to Discord. Every public builder returns fitted embeds (`fit_embeds`), and
text from the catalog or from a user is escaped (markdown and mentions) wherever Discord renders
markdown: titles, descriptions and field values. Footers and author names are shown as typed.
`embed_text()` renders an embed as plain text for the offline console.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from enum import StrEnum
from typing import Any, overload
from urllib.parse import urlsplit

from discord.utils import escape_markdown

from bot import prices
from bot.compare import (
    MAIN_CAMERA,
    RAM,
    STORAGE,
    WEIGHT,
    refresh_text,
    storage_text,
)
from bot.models import (
    Battery,
    Body,
    Camera,
    CameraRole,
    Dimensions,
    Display,
    MemoryVariant,
    NewsItem,
    Phone,
    Status,
)
from bot.replies import Embed

# Discord's limits, counted in code points (https://discord.com/developers/docs/resources/message).
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_MAX = 256
EMBED_TOTAL_MAX = 6000
"""Shared by all the embeds of one message, not per embed."""
EMBEDS_MAX = 10
CONTENT_MAX = 2000

ELLIPSIS = "…"
QUERY_SHOWN_MAX = 100
"""Longer user queries are cut before they are echoed."""
DATASET_CREDITS: tuple[tuple[str, str], ...] = (
    ("github.com/seungpyo1007/techapi/", "TechAPI (CC BY-SA 4.0)"),
    ("wiki.lineageos.org/", "LineageOS Wiki (CC BY-SA 3.0)"),
    ("endoflife.date/", "endoflife.date (MIT)"),
    ("github.com/devicekit/devicekit/", "DeviceKit (MIT)"),
)
"""Open datasets by URL prefix, and the credit their licences ask for in the footer."""
RAW_DATASETS = ("github.com/seungpyo1007/techapi/", "github.com/devicekit/devicekit/")
"""Dataset URLs that open as raw data files: the title links to another source when there is one."""
NO_SPECS = "Detailed specs are not in the catalog yet."
NEWS_TIME = dt.time(12, tzinfo=dt.UTC)
"""News items carry a date only; Discord shows a timestamp in the reader's zone."""


# --- topics --------------------------------------------------------------------------------


class Topic(StrEnum):
    """One part of a spec sheet that a question can be about."""

    BATTERY = "battery"
    CHARGING = "charging"
    CAMERA = "camera"
    DISPLAY = "display"
    CHIPSET = "chipset"
    MEMORY = "memory"
    PRICE = "price"
    WEIGHT = "weight"
    SIZE = "size"
    BODY = "body"
    OS = "os"
    RELEASE = "release"
    CONNECTIVITY = "connectivity"
    COLORS = "colors"  # asked about, never in the catalog: the answer says so

    @property
    def label(self) -> str:
        """The topic as a word in a sentence ("OS" rather than "os")."""
        return "OS" if self is Topic.OS else self.value


_TOPIC_WORDS: dict[Topic, tuple[str, ...]] = {
    Topic.BATTERY: ("battery", "batteries", "mah", "capacity", "battery life", "endurance"),
    Topic.CHARGING: (
        "charging", "charge", "charges", "charger", "fast charging", "wireless",
        "wireless charging", "reverse charging", "watt", "watts", "wattage", "charging speed",
        "charge speed", "charging time",
    ),
    Topic.CAMERA: (
        "camera", "cameras", "cam", "cams", "zoom", "lens", "lenses", "selfie", "selfies",
        "telephoto", "periscope", "ultrawide", "megapixel", "megapixels", "mp", "photo", "photos",
    ),
    Topic.DISPLAY: (
        "display", "screen", "screens", "refresh", "refresh rate", "hz", "brightness", "nits",
        "resolution", "ppi", "panel", "oled", "amoled", "lcd", "glass", "gorilla glass",
        "protection", "screen size",
    ),
    Topic.CHIPSET: (
        "chip", "chipset", "processor", "cpu", "soc", "gpu", "performance", "benchmark",
        "geekbench",
    ),
    Topic.MEMORY: ("ram", "storage", "memory", "variants", "gb"),
    Topic.PRICE: ("price", "prices", "cost", "costs", "msrp", "expensive", "cheap", "how much"),
    Topic.WEIGHT: ("weight", "heavy", "weigh", "weighs", "grams"),
    Topic.SIZE: (
        "size", "dimensions", "big", "small", "thick", "thickness", "thin", "height", "width",
        "tall", "wide",
    ),
    Topic.BODY: (
        "body", "build", "materials", "material", "ip", "ip rating", "ip68", "waterproof",
        "design",
        "water", "water resistance", "dust", "durability",
    ),
    Topic.OS: (
        "os", "android", "ios", "software", "firmware", "ui", "updates", "update",
        "software updates", "os updates", "support", "update support",
    ),
    Topic.RELEASE: (
        "release", "released", "release date", "launch", "launched", "announced", "announce",
        "when", "date", "availability", "available",
    ),
    Topic.CONNECTIVITY: (
        "wifi", "wi-fi", "bluetooth", "nfc", "usb", "usb-c", "port",
        "connectivity", "network", "satellite", "sim", "esim",
    ),
    Topic.COLORS: ("colors", "colours", "color", "colour", "colorways", "finishes"),
}  # fmt: skip

_TOPIC_OF: dict[str, Topic] = {
    word: topic for topic, words in _TOPIC_WORDS.items() for word in words
}


def topic_for(word: str) -> Topic | None:
    """The topic a word or phrase is about ("mAh" -> battery, "fast charging" -> charging)."""
    key = " ".join(word.casefold().split()).strip("?!.,:;'\"()")
    return _TOPIC_OF.get(key)


# --- escaping ------------------------------------------------------------------------------

_MENTION = re.compile(r"@(?=everyone|here|[!&]?\d)")


def escape(text: str) -> str:
    """Text shown inert where Discord renders markdown: markdown escaped, and @everyone, @here
    and <@id> broken with a zero-width space (discord.py's escape_mentions skips short ids)."""
    return _MENTION.sub("@\u200b", escape_markdown(text))


_URL = re.compile(r"https?://[^\s<>()]+", re.IGNORECASE)


def quoted(query: str) -> str:
    """A user's query echoed in italics: one line, cut short, escaped, and any link in it
    wrapped in <...> so that Discord shows no preview of it."""
    text = escape(_cut(" ".join(query.split()), QUERY_SHOWN_MAX))
    return f"*{_URL.sub(lambda m: f'<{m.group()}>', text)}*"


def _or_list(names: Sequence[str]) -> str:
    """Names as a choice: "A", "A or B", "A, B or C"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} or {names[-1]}"


# --- spec sections: each gives the lines of one part of a spec sheet, unescaped -------------

Section = Callable[[Phone], list[str]]


def _join(*parts: str | None, sep: str = " · ") -> str:
    return sep.join(part for part in parts if part)


def _lines(*lines: str | None) -> list[str]:
    return [line for line in lines if line]


def _unit(value: float | None, unit: str) -> str | None:
    return None if value is None else f"{value:g} {unit}"


def _screen(display: Display) -> str:
    """Size, refresh and type: '6.73" 120 Hz LTPO AMOLED'."""
    refresh = refresh_text(display.refresh_hz) if display.refresh_hz else None
    return _join(f'{display.size_in:g}"', refresh, display.type, sep=" ")


def _display(phone: Phone) -> list[str]:
    display = phone.display
    if display is None:
        return []
    top, low = display.refresh_hz, display.refresh_min_hz
    refresh = refresh_text(top, low) if top else None
    return _lines(
        _join(f'{display.size_in:g}"', display.type, sep=" "),
        _join(str(display.resolution or ""), _unit(display.ppi, "ppi")),
        _join(refresh, _unit(display.peak_nits, "nits peak")),
        display.protection,
    )


def _chipset(phone: Phone) -> list[str]:
    chipset = phone.chipset
    if chipset is None:
        return []
    scores = _join(
        _unit(chipset.geekbench_single, "single"), _unit(chipset.geekbench_multi, "multi")
    )
    return _lines(
        _join(chipset.name, _unit(chipset.process_nm, "nm")),
        chipset.cpu,
        chipset.gpu,
        f"Geekbench {scores}" if scores else None,
    )


def _variant(variant: MemoryVariant) -> str:
    """RAM/storage: "12/256 GB", or "16 GB/1 TB" when the units differ."""
    storage = storage_text(variant.storage_gb)
    ram = f"{variant.ram_gb:g}" if storage.endswith(" GB") else f"{variant.ram_gb:g} GB"
    return f"{ram}/{storage}"


def _memory(phone: Phone) -> list[str]:
    return _lines(_join(*(_variant(variant) for variant in phone.memory)))


_ROLE_NAMES = {CameraRole.TOF: "ToF"}


def _camera(camera: Camera) -> str:
    """One camera: "Main: 50 MP · f/1.42-f/4.0 · OIS", "Periscope: 50 MP · f/2.5 · 5× zoom"."""
    role = _ROLE_NAMES.get(camera.role, camera.role.value.replace("-", " ").capitalize())
    details = _join(
        f"{camera.mp:g} MP",
        str(camera.aperture) if camera.aperture else None,
        "OIS" if camera.ois else None,
        f"{camera.zoom_x:g}× zoom" if camera.zoom_x else None,
    )
    return f"{role}: {details}"


def _cameras(phone: Phone) -> list[str]:
    return [_camera(camera) for camera in phone.cameras]


def _watts(value: float | None, kind: str) -> str | None:
    """Charging power: "120 W wired"; 0 means the phone has none ("no wireless")."""
    if value is None:
        return None
    return f"{value:g} W {kind}" if value else f"no {kind}"


def _charging_parts(battery: Battery) -> tuple[str | None, ...]:
    return (
        _watts(battery.wired_w, "wired"),
        _watts(battery.wireless_w, "wireless"),
        _watts(battery.reverse_w, "reverse"),
    )


def _battery(phone: Phone) -> list[str]:
    battery = phone.battery
    if battery is None:
        return []
    return [_join(f"{battery.capacity_mah} mAh", *_charging_parts(battery))]


def _charging(phone: Phone) -> list[str]:
    return _lines(_join(*_charging_parts(phone.battery))) if phone.battery else []


def _dimensions(body: Body | Dimensions) -> str | None:
    """Height×width×thickness: "161.4×75.3×8.5 mm", or the thickness alone when that is known."""
    height, width, thickness = body.height_mm, body.width_mm, body.thickness_mm
    if height is None or width is None or thickness is None:
        return _unit(thickness, "mm thick")
    return f"{height:g}×{width:g}×{thickness:g} mm"


def _body(phone: Phone) -> list[str]:
    body = phone.body
    if body is None:
        return []
    return _lines(_join(_sized(body), _unit(body.weight_g, "g")), _join(body.build, body.ip_rating))


def _sized(body: Body) -> str | None:
    """The dimensions, open and folded for a foldable: "Open 155.2×132.6×5.3 mm · folded ..."."""
    if body.folded is None:
        return _dimensions(body)
    unfolded = _dimensions(body)
    folded = _dimensions(body.folded)
    return _join(f"Open {unfolded}" if unfolded else None, f"folded {folded}" if folded else None)


def _size(phone: Phone) -> list[str]:
    dimensions = _sized(phone.body) if phone.body else None
    screen = f'{phone.display.size_in:g}" display' if phone.display else None
    return _lines(_join(dimensions, screen))


def _weight(phone: Phone) -> list[str]:
    return _lines(_unit(phone.body.weight_g, "g")) if phone.body else []


def _os(phone: Phone) -> list[str]:
    return _lines(phone.os)


def _connectivity(phone: Phone) -> list[str]:
    link = phone.connectivity
    if link is None:
        return []
    nfc = None if link.nfc is None else ("NFC" if link.nfc else "no NFC")
    bluetooth = f"Bluetooth {link.bluetooth}" if link.bluetooth else None
    return _lines(
        _join(
            link.network,
            _has(link.five_g, "5G"),
            link.wifi,
            bluetooth,
            nfc,
            link.usb,
            _has(link.headphone_jack, "headphone jack"),
            _has(link.esim, "eSIM"),
            _has(phone.memory_card, "memory card slot"),
            link.satellite,
        )
    )


def _has(flag: bool | None, feature: str) -> str | None:
    """A yes/no feature as text: "5G", "no 5G", or nothing when unknown."""
    if flag is None:
        return None
    return feature if flag else f"no {feature}"


def _release(phone: Phone) -> list[str]:
    announced = f"Announced {phone.announced}" if phone.announced else None
    released = None
    if phone.released:
        when = f"{phone.released:%Y-%m}" if phone.released_approx else str(phone.released)
        released = f"Released (approx.) {when}" if phone.released_approx else f"Released {when}"
    status = None if phone.status is Status.AVAILABLE else f"Status: {phone.status}"
    return _lines(_join(announced, released), status)


def _price(phone: Phone, currency: str | None = None) -> list[str]:
    """Announced launch prices, then conversions on a line of their own, each with the one in
    `currency` first (`bot.prices`)."""
    announced = prices.listed(phone.price, currency)
    converted = prices.listed(phone.price_converted, currency)
    return _lines(
        f"Launch price: {announced}" if announced else None,
        f"≈ converted: {converted}" if converted else None,
    )


def _price_topic(phone: Phone, currency: str | None) -> list[str]:
    """The `price` topic: the prices, and a word when none was announced in `currency`."""
    lines = _price(phone, currency)
    if lines and currency and currency not in phone.price:
        lines.append(f"The catalog has no launch price in {currency}.")
    return lines


def _support(phone: Phone) -> list[str]:
    """Update support: "Android upgrades until 2030-10 · security until 2031-10"."""
    support = phone.support
    if support is None:
        return []
    system = "iOS" if phone.brand == "Apple" else "Android"
    upgrades, security = support.os_upgrades_until, support.security_until
    return _lines(
        _join(
            f"{system} upgrades until {upgrades:%Y-%m}" if upgrades else None,
            f"security until {security:%Y-%m}" if security else None,
        )
    )


def _launch(phone: Phone, currency: str | None = None) -> list[str]:
    return _release(phone) + _price(phone, currency) + _support(phone)


def _known_as(phone: Phone) -> list[str]:
    """Model numbers, codenames and machine identifiers: other names the phone goes by."""
    return _lines(_join(*phone.model_numbers, *phone.codenames, *phone.identifiers, sep=", "))


def _spec_fields(currency: str | None) -> tuple[tuple[str, Section, bool], ...]:
    """The fields of a spec sheet: name, section, inline; prices with `currency`'s first."""
    return (
        ("Display", _display, True),
        ("Chipset", _chipset, True),
        ("Memory", _memory, True),
        ("Cameras", _cameras, False),
        ("Battery & charging", _battery, True),
        ("Body", _body, True),
        ("OS", _os, True),
        ("Connectivity", _connectivity, True),
        ("Launch", lambda phone: _launch(phone, currency), True),
        ("Also known as", _known_as, False),
    )


_TOPIC_SECTIONS: dict[Topic, Section] = {
    Topic.BATTERY: _battery,
    Topic.CHARGING: _charging,
    Topic.CAMERA: _cameras,
    Topic.DISPLAY: _display,
    Topic.CHIPSET: _chipset,
    Topic.MEMORY: _memory,
    Topic.WEIGHT: _weight,
    Topic.SIZE: _size,
    Topic.BODY: _body,
    Topic.OS: _os,
    Topic.RELEASE: lambda phone: _release(phone) + _support(phone),
    Topic.CONNECTIVITY: _connectivity,
    Topic.COLORS: lambda phone: [],
}


def _topic_section(topic: Topic, currency: str | None) -> Section:
    if topic is Topic.PRICE:
        return lambda phone: _price_topic(phone, currency)
    return _TOPIC_SECTIONS[topic]


def _summary(phone: Phone, currency: str | None = None) -> str:
    """One line: '6.73" 120 Hz LTPO AMOLED · Snapdragon 8 Gen 3 · 4880 mAh · 120 W · from …',
    the price in `currency` when the phone was announced in it (`bot.prices.headline`)."""
    battery = phone.battery
    return _join(
        _screen(phone.display) if phone.display else None,
        phone.chipset.name if phone.chipset else None,
        f"{battery.capacity_mah} mAh" if battery else None,
        _unit(battery.wired_w, "W") if battery and battery.wired_w else None,
        _from_price(phone, currency),
    )


def _from_price(phone: Phone, currency: str | None) -> str | None:
    price = prices.headline(phone, currency)
    return f"from {price}" if price else None


# --- the parts every phone embed shares ----------------------------------------------------


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}{parts.path}/".casefold().removeprefix("www.")


def _dataset(url: str) -> str | None:
    """The credit of the open dataset `url` belongs to, if it is one."""
    where = _where(url)
    return next((credit for prefix, credit in DATASET_CREDITS if where.startswith(prefix)), None)


def _source_url(phone: Phone) -> str:
    """The first source that is not a raw dataset file (TechAPI's JSON, DeviceKit's Swift)."""
    readable = (url for url in phone.sources if not _where(url).startswith(RAW_DATASETS))
    return next(readable, phone.sources[0])


def _footer(phone: Phone, updated: dt.datetime) -> dict[str, str]:
    return {"text": sources_text([phone], f"data as of {updated:%Y-%m-%d}")}


def sources_text(phones: Sequence[Phone], dated: str) -> str:
    """Where the data comes from and how fresh it is: "Sources: mi.com, en.wikipedia.org ·
    data as of 2026-11-26 · Data: TechAPI (CC BY-SA 4.0)"."""
    urls = [url for phone in phones for url in phone.sources]
    others = [url for url in urls if _dataset(url) is None]
    domains = list(dict.fromkeys(_domain(url) for url in others))
    sources = f"Source{'s' if len(domains) > 1 else ''}: {', '.join(domains)}" if domains else None
    credits = list(dict.fromkeys(filter(None, map(_dataset, urls))))
    credit = f"Data: {', '.join(credits)}" if credits else None
    return _join(sources, dated, credit)


def _domain(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def _header(phone: Phone, about: str = "") -> Embed:
    """Title (with what the embed is about), link to the source and the phone's picture."""
    title = _join(escape(phone.name), about, sep=" — ")
    embed: Embed = {"title": title, "url": _source_url(phone)}
    if phone.image_url:
        embed["thumbnail"] = {"url": phone.image_url}
    return embed


def _field(name: str, lines: Sequence[str], *, inline: bool = True) -> dict[str, Any]:
    return {"name": name, "value": escape("\n".join(lines)), "inline": inline}


# --- builders ------------------------------------------------------------------------------


def spec_embed(phone: Phone, updated: dt.datetime, currency: str | None = None) -> Embed:
    """The full spec sheet: a one-line summary and a field per known part; prices in
    `currency` first (a server's preference)."""
    fields = [
        _field(name, lines, inline=inline)
        for name, section, inline in _spec_fields(currency)
        if (lines := section(phone))
    ]
    embed = {
        **_header(phone),
        "description": escape(_summary(phone, currency) if phone.has_specs else NO_SPECS),
        "fields": fields,
        "footer": _footer(phone, updated),
    }
    return fit_embed(embed)


def topic_embed(
    phone: Phone, topic: Topic, updated: dt.datetime, currency: str | None = None
) -> Embed:
    """One part of the spec sheet, or a plain "no data" when the catalog lacks it."""
    lines = _topic_section(topic, currency)(phone)
    missing = f"The catalog has no {topic.label} data for {escape(phone.name)}."
    if not phone.has_specs:
        missing = f"{missing} {NO_SPECS}"
    description = escape("\n".join(lines)) if lines else missing
    embed = {
        **_header(phone, topic.label),
        "description": description,
        "footer": _footer(phone, updated),
    }
    return fit_embed(embed)


_CARD_FIGURES = (MAIN_CAMERA, RAM, STORAGE, WEIGHT)


def card_embed(phone: Phone, currency: str | None = None) -> Embed:
    """A compact card for a phone named inline in a message ([[Xiaomi 14 Pro]])."""
    readings = ((figure.label, figure.read(phone)) for figure in _CARD_FIGURES)
    fields = [_field(label, [reading.text]) for label, reading in readings if reading]
    summary = _summary(phone, currency) if phone.has_specs else NO_SPECS
    return fit_embed({**_header(phone), "description": escape(summary), "fields": fields})


def news_embeds(
    subject: str, items: Sequence[NewsItem], *, launch: Embed | None = None
) -> list[Embed]:
    """News about one phone or series, newest first: one embed each, at most ten in all, ending
    with `launch` (a phone's launch card, its oldest news) when given."""
    newest = sorted(items, key=lambda item: item.date, reverse=True)
    cards = [_news_embed(subject, item) for item in newest]
    return fit_embeds(cards[: EMBEDS_MAX - bool(launch)] + ([launch] if launch else []))


def launch_embed(phone: Phone, currency: str | None = None) -> Embed:
    """The launch card every phone has, built from its data: dates, launch prices, support."""
    return {
        "author": {"name": phone.name},
        "title": f"Launch of the {escape(phone.name)}",
        "url": _source_url(phone),
        "description": escape("\n".join(_launch(phone, currency))),
        "timestamp": dt.datetime.combine(phone.launched, NEWS_TIME).isoformat(),
    }


def latest_news_embeds(pairs: Sequence[tuple[str, NewsItem]]) -> list[Embed]:
    """News across the catalog as (what it is about, item), newest first, at most ten."""
    newest = sorted(pairs, key=lambda pair: pair[1].date, reverse=True)[:EMBEDS_MAX]
    return fit_embeds([_news_embed(about, item) for about, item in newest])


def _news_embed(about: str, item: NewsItem) -> Embed:
    """What the item is about as the author line, the headline linking to the story, the source
    in the footer and the date as the timestamp (noon UTC: the same day in almost every zone)."""
    return {
        "author": {"name": about},
        "title": escape(item.headline),
        "url": item.url,
        "description": escape(item.summary),
        "footer": {"text": item.source},
        "timestamp": dt.datetime.combine(item.date, NEWS_TIME).isoformat(),
    }


class ListPages(Sequence[Embed]):
    """Numbered lines of phones, `per_page` to an embed, with "Page 1/5 · 47 phones" below.

    Each page is built when it is first read: all 10,000 phones of a large catalog make 1,000
    pages (80 ms of work on the event loop), and a reader turns a few.
    """

    def __init__(
        self,
        title: str,
        phones: Sequence[Phone],
        per_page: int = 10,
        line: Callable[[Phone], str] | None = None,
    ) -> None:
        if per_page < 1:
            raise ValueError(f"per_page must be at least 1, not {per_page}")
        self._line = line or _list_line
        self._title = escape(title)
        self._phones = phones  # read, never changed: a `bot.columns.Found` reads lazily
        self._per_page = per_page
        self._count = len(self._phones)
        self._built: dict[int, Embed] = {}

    def __len__(self) -> int:
        return max(1, -(-self._count // self._per_page))

    @overload
    def __getitem__(self, index: int) -> Embed: ...
    @overload
    def __getitem__(self, index: slice) -> list[Embed]: ...
    def __getitem__(self, index: int | slice) -> Embed | list[Embed]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        number = index + len(self) if index < 0 else index
        if not 0 <= number < len(self):
            raise IndexError(f"page {index} of {len(self)}")
        if number not in self._built:
            self._built[number] = self._page(number)
        return self._built[number]

    def _page(self, number: int) -> Embed:
        first = number * self._per_page
        phones = self._phones[first : first + self._per_page]
        lines = [f"{first + n}. {escape(self._line(phone))}" for n, phone in enumerate(phones, 1)]
        count = f"{self._count} phone{'' if self._count == 1 else 's'}"
        embed = {
            "title": self._title,
            "description": "\n".join(lines) or "No phones to list.",
            "footer": {"text": f"Page {number + 1}/{len(self)} · {count}"},
        }
        return fit_embed(embed)


def list_pages(
    title: str,
    phones: Sequence[Phone],
    per_page: int = 10,
    line: Callable[[Phone], str] | None = None,
) -> ListPages:
    """Numbered lines of phones in pages of `per_page`, built as they are read (`ListPages`);
    `line` writes a phone's line (default: "Xiaomi 14 Pro — 2023 · Snapdragon 8 Gen 3 ·
    4880 mAh")."""
    return ListPages(title, phones, per_page, line)


def _list_line(phone: Phone) -> str:
    """A phone in a list: "Xiaomi 14 Pro — 2023 · Snapdragon 8 Gen 3 · 4880 mAh"."""
    details = _join(
        str(phone.launched.year),
        phone.chipset.name if phone.chipset else None,
        f"{phone.battery.capacity_mah} mAh" if phone.battery else None,
    )
    return f"{phone.name} — {details}"


def not_found_text(query: str, suggestions: Sequence[Phone]) -> str:
    """Says no phone matched: "No phone called *xyz* in the catalog. Did you mean: A or B?"."""
    return fit_content(
        f"No phone called {quoted(query)} in the catalog.{_did_you_mean(suggestions)}"
    )


def ambiguous_text(query: str, phones: Sequence[Phone]) -> str:
    """Asks which phone was meant: "*14 pro* could be several phones. Did you mean: A or B?"."""
    return fit_content(f"{quoted(query)} could be several phones.{_did_you_mean(phones)}")


def _did_you_mean(phones: Sequence[Phone]) -> str:
    names = [escape(phone.name) for phone in phones]
    return f" Did you mean: {_or_list(names)}?" if names else ""


# --- fitting to Discord's limits -----------------------------------------------------------


def fit_embed(embed: Embed) -> Embed:
    """A copy of the embed within Discord's limits for an embed sent alone."""
    return fit_embeds([embed])[0]


def fit_embeds(embeds: Sequence[Embed]) -> list[Embed]:
    """Copies of up to ten embeds for one message, each text within its limit and all texts
    within the 6000 characters the message may hold. The longest texts are cut first, at a line
    or word break with "…"; texts shorter than what each could keep are left whole."""
    fitted = [_copy(embed) for embed in embeds[:EMBEDS_MAX]]
    for embed in fitted:
        if "fields" in embed:
            embed["fields"] = embed["fields"][:FIELDS_MAX]
    slots = [(part, key, limit) for embed in fitted for part, key, limit in _texts(embed)]
    sizes = [min(len(part[key]), limit) for part, key, limit in slots]
    for (part, key, _), share in zip(slots, _shares(sizes, EMBED_TOTAL_MAX), strict=True):
        part[key] = _cut(part[key], share)
    return [_without_blanks(embed) for embed in fitted]


def _copy(embed: Embed) -> Embed:
    """A copy whose texts can be cut without touching the original: an embed is texts, parts
    that are flat dicts (footer, author, image) and a list of flat field dicts. (A deep copy
    is several times slower, on every answer.)"""
    return {
        key: dict(value)
        if isinstance(value, dict)
        else [dict(item) for item in value]
        if isinstance(value, list)
        else value
        for key, value in embed.items()
    }


def fit_content(text: str) -> str:
    """Message content within Discord's 2000 characters."""
    return _cut(text, CONTENT_MAX)


def _texts(embed: Embed) -> Iterator[tuple[dict[str, Any], str, int]]:
    """(dict, key, limit) of every text that counts towards an embed's size."""
    parts = [
        (embed, "title", TITLE_MAX),
        (embed, "description", DESCRIPTION_MAX),
        (embed.get("footer") or {}, "text", FOOTER_MAX),
        (embed.get("author") or {}, "name", AUTHOR_MAX),
    ]
    for field in embed.get("fields") or ():
        parts += [(field, "name", FIELD_NAME_MAX), (field, "value", FIELD_VALUE_MAX)]
    return ((part, key, limit) for part, key, limit in parts if part.get(key))


def _shares(sizes: Sequence[int], total: int) -> list[int]:
    """How long each text may stay so that all fit in `total`: texts are cut to a common
    length, the longest first; shorter ones keep their length and leave their room to others."""
    shares = list(sizes)
    room, left = total, len(sizes)
    for index in sorted(range(len(sizes)), key=sizes.__getitem__):
        shares[index] = min(sizes[index], room // left)
        room -= shares[index]
        left -= 1
    return shares


def _cut(text: str, limit: int) -> str:
    """The text in at most `limit` characters, ending in "…" at a line or word break when one
    falls in the second half, mid-word otherwise."""
    if len(text) <= limit:
        return text
    if limit < 1:
        return ""
    head = text[: limit - 1]
    for separator in ("\n", " "):
        at = head.rfind(separator)
        if at >= limit // 2:
            head = head[:at]
            break
    return head.rstrip(" \n·,;:—") + ELLIPSIS


def _without_blanks(embed: Embed) -> Embed:
    """Discord refuses blank field names and values; other blank texts are simply left out."""
    tidy = {key: value for key, value in embed.items() if not _blank(value)}
    if "fields" in tidy:
        tidy["fields"] = [
            field
            for field in tidy["fields"]
            if not (_blank(field.get("name")) or _blank(field.get("value")))
        ]
    for key, text in (("footer", "text"), ("author", "name")):
        if key in tidy and _blank(tidy[key].get(text)):
            del tidy[key]
    return tidy


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- the console ---------------------------------------------------------------------------

_MARKUP = re.compile(r"\\([^\w\s]|_)|\*\*")


def embed_text(embed: Embed) -> str:
    """An embed as plain text for the console: header lines, "Name: value" fields, footer."""
    head = [
        (embed.get("author") or {}).get("name"),
        plain_text(embed.get("title", "")),
        embed.get("url"),
        plain_text(embed.get("description", "")),
    ]
    fields = [_field_text(field) for field in embed.get("fields") or ()]
    footer = _join((embed.get("footer") or {}).get("text"), embed.get("timestamp", "")[:10])
    blocks = ["\n".join(line for line in head if line), "\n".join(fields), footer]
    return "\n\n".join(block for block in blocks if block)


def _field_text(field: dict[str, Any]) -> str:
    name, lines = plain_text(field["name"]), plain_text(field["value"]).splitlines()
    if len(lines) == 1:
        return f"{name}: {lines[0]}"
    return "\n".join([f"{name}:", *(f"  {line}" for line in lines)])


def plain_text(text: str) -> str:
    """Markdown as it reads: escapes undone, bold markers dropped."""
    return _MARKUP.sub(lambda match: match[1] or "", text)
