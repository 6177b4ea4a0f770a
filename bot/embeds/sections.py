"""Spec sections: each gives the lines of one part of a spec sheet, unescaped.

`spec_fields()` lists the fields of the full sheet, `topic_section()` the lines one topic
answers with, and `summary_line()` the one line a sheet or card opens with.
"""

from __future__ import annotations

from collections.abc import Callable

from bot import prices
from bot.compare import refresh_text, storage_text
from bot.embeds.text import join
from bot.embeds.topics import Topic
from bot.models import (
    Battery,
    Body,
    Camera,
    CameraRole,
    Dimensions,
    Display,
    MemoryVariant,
    Phone,
    Status,
)

Section = Callable[[Phone], list[str]]


def _lines(*lines: str | None) -> list[str]:
    return [line for line in lines if line]


def _unit(value: float | None, unit: str) -> str | None:
    return None if value is None else f"{value:g} {unit}"


def _screen(display: Display) -> str:
    """Size, refresh and type: '6.73" 120 Hz LTPO AMOLED'."""
    refresh = refresh_text(display.refresh_hz) if display.refresh_hz else None
    return join(f'{display.size_in:g}"', refresh, display.type, sep=" ")


def _display(phone: Phone) -> list[str]:
    display = phone.display
    if display is None:
        return []
    top, low = display.refresh_hz, display.refresh_min_hz
    refresh = refresh_text(top, low) if top else None
    return _lines(
        join(f'{display.size_in:g}"', display.type, sep=" "),
        join(str(display.resolution or ""), _unit(display.ppi, "ppi")),
        join(refresh, _unit(display.peak_nits, "nits peak")),
        display.protection,
    )


def _chipset(phone: Phone) -> list[str]:
    chipset = phone.chipset
    if chipset is None:
        return []
    scores = join(
        _unit(chipset.geekbench_single, "single"), _unit(chipset.geekbench_multi, "multi")
    )
    return _lines(
        join(chipset.name, _unit(chipset.process_nm, "nm")),
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
    return _lines(join(*(_variant(variant) for variant in phone.memory)))


_ROLE_NAMES = {CameraRole.TOF: "ToF"}


def _camera(camera: Camera) -> str:
    """One camera: "Main: 50 MP · f/1.42-f/4.0 · OIS", "Periscope: 50 MP · f/2.5 · 5× zoom"."""
    role = _ROLE_NAMES.get(camera.role, camera.role.value.replace("-", " ").capitalize())
    details = join(
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
    return [join(f"{battery.capacity_mah} mAh", *_charging_parts(battery))]


def _charging(phone: Phone) -> list[str]:
    return _lines(join(*_charging_parts(phone.battery))) if phone.battery else []


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
    return _lines(join(_sized(body), _unit(body.weight_g, "g")), join(body.build, body.ip_rating))


def _sized(body: Body) -> str | None:
    """The dimensions, open and folded for a foldable: "Open 155.2×132.6×5.3 mm · folded ..."."""
    if body.folded is None:
        return _dimensions(body)
    unfolded = _dimensions(body)
    folded = _dimensions(body.folded)
    return join(f"Open {unfolded}" if unfolded else None, f"folded {folded}" if folded else None)


def _size(phone: Phone) -> list[str]:
    dimensions = _sized(phone.body) if phone.body else None
    screen = f'{phone.display.size_in:g}" display' if phone.display else None
    return _lines(join(dimensions, screen))


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
        join(
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
    return _lines(join(announced, released), status)


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
        join(
            f"{system} upgrades until {upgrades:%Y-%m}" if upgrades else None,
            f"security until {security:%Y-%m}" if security else None,
        )
    )


def launch_lines(phone: Phone, currency: str | None = None) -> list[str]:
    return _release(phone) + _price(phone, currency) + _support(phone)


def _known_as(phone: Phone) -> list[str]:
    """Model numbers, codenames and machine identifiers: other names the phone goes by."""
    return _lines(join(*phone.model_numbers, *phone.codenames, *phone.identifiers, sep=", "))


def spec_fields(currency: str | None) -> tuple[tuple[str, Section, bool], ...]:
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
        ("Launch", lambda phone: launch_lines(phone, currency), True),
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


def topic_section(topic: Topic, currency: str | None) -> Section:
    if topic is Topic.PRICE:
        return lambda phone: _price_topic(phone, currency)
    return _TOPIC_SECTIONS[topic]


def summary_line(phone: Phone, currency: str | None = None) -> str:
    """One line: '6.73" 120 Hz LTPO AMOLED · Snapdragon 8 Gen 3 · 4880 mAh · 120 W · from …',
    the price in `currency` when the phone was announced in it (`bot.prices.headline`)."""
    battery = phone.battery
    return join(
        _screen(phone.display) if phone.display else None,
        phone.chipset.name if phone.chipset else None,
        f"{battery.capacity_mah} mAh" if battery else None,
        _unit(battery.wired_w, "W") if battery and battery.wired_w else None,
        _from_price(phone, currency),
    )


def _from_price(phone: Phone, currency: str | None) -> str | None:
    price = prices.headline(phone, currency)
    return f"from {price}" if price else None
