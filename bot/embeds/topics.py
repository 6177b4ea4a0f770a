"""Topics: the parts of a spec sheet a question can be about, and the words that name them."""

from __future__ import annotations

from enum import StrEnum


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
