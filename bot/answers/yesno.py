"""Yes/no questions about one phone: "is the iphone 13 waterproof", "does the galaxy s24 have 5g".

Each answer is **Yes**, **No** or "the catalog doesn't say", then the evidence from the data
("rated IP68", "15 W wireless charging", "Android upgrades until 2030-10"). Unknown is never
guessed: a missing value is "the catalog doesn't say", and only a value the data holds (or a
fact that follows from it, such as a launch before the first 5G phones) is a no.

Some fields (`five_g`, `headphone_jack`, `esim`, `memory_card`, `support`) arrive with the data
issue's schema; until a catalog has them, their questions answer "the catalog doesn't say".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.embeds import escape
from bot.models import Phone

FIRST_5G_PHONES = dt.date(2019, 4, 1)
YES, NO, UNKNOWN = "Yes", "No", "unknown"

Verdict = tuple[str, str]
"""(YES, NO or UNKNOWN; the evidence, a phrase after the phone's name)."""


@dataclass(frozen=True)
class Feature:
    """Something a phone has or lacks, the words people ask about it with, and how to tell."""

    name: str  # "water resistance": "the catalog doesn't say whether ... has water resistance"
    words: tuple[str, ...]
    check: Callable[[Phone], Verdict]


def _field(record: Any, name: str) -> Any:
    """A field that may not exist yet in this schema (see the module's docstring)."""
    return getattr(record, name, None) if record is not None else None


def _water(phone: Phone) -> Verdict:
    rating = phone.body.ip_rating if phone.body else None
    if rating is None:
        return UNKNOWN, "no IP rating is listed"
    # The second digit is water: IP68 and IP67 resist immersion, IPX4 splashes, IP5X nothing.
    water = max((r[3] for r in rating.split("/") if r[3].isdigit()), default="0")
    if water == "0":
        return NO, f"is rated {rating}: dust only, no water protection"
    return YES, f"is rated {rating}" + (" (splashes only)" if water < "7" else "")


def _five_g(phone: Phone) -> Verdict:
    if "5g" in phone.name.casefold().replace(" ", ""):
        return YES, "is a 5G model"
    has = _field(phone.connectivity, "five_g")
    if has is not None:
        return (YES, "supports 5G") if has else (NO, "has no 5G")
    if phone.launched < FIRST_5G_PHONES:
        return NO, f"launched in {phone.launched:%B %Y}, before the first 5G phones (April 2019)"
    return UNKNOWN, "no 5G support is listed"


def _wireless(phone: Phone) -> Verdict:
    watts = phone.battery.wireless_w if phone.battery else None
    if watts is None:
        return UNKNOWN, "no wireless charging figure is listed"
    if watts == 0:
        return NO, "has no wireless charging"
    return YES, f"charges wirelessly at up to {watts:g} W"


def _usb_c(phone: Phone) -> Verdict:
    port = phone.connectivity.usb if phone.connectivity else None
    if not port:
        return UNKNOWN, "no port is listed"
    if re.search(r"usb[- ]?c|type[- ]?c", port, re.IGNORECASE):
        return YES, f"has {port}"
    return NO, f"has {port}"


def _flag(
    get: Callable[[Phone], Any], yes: str, no: str, unknown: str
) -> Callable[[Phone], Verdict]:
    def check(phone: Phone) -> Verdict:
        value = get(phone)
        if value is None:
            return UNKNOWN, unknown
        return (YES, yes) if value else (NO, no)

    return check


def _satellite(phone: Phone) -> Verdict:
    text = phone.connectivity.satellite if phone.connectivity else None
    if not text:
        return UNKNOWN, "no satellite feature is listed"
    return YES, f"has {text.casefold()}"


def _updates(phone: Phone) -> Verdict:
    support = _field(phone, "support")
    upgrades = _field(support, "os_upgrades_until")
    security = _field(support, "security_until")
    if upgrades is None and security is None:
        return UNKNOWN, "no update support dates are listed"
    os = "iOS" if phone.brand == "Apple" else "Android"
    parts = [f"{os} upgrades until {upgrades:%Y-%m}"] if upgrades else []
    parts += [f"security updates until {security:%Y-%m}"] if security else []
    return YES, "gets " + " and ".join(parts)


FEATURES: tuple[Feature, ...] = (
    Feature(
        "water resistance",
        ("waterproof", "water resistant", "water-resistant", "water resistance", "ip rating",
         "ip68", "ip67", "water proof"),
        _water,
    ),
    Feature("5G", ("5g",), _five_g),
    Feature("wireless charging", ("wireless charging", "wireless", "qi", "magsafe"), _wireless),
    Feature("USB-C", ("usb-c", "usb c", "type-c", "type c", "usbc"), _usb_c),
    Feature(
        "a headphone jack",
        ("headphone jack", "headphone", "audio jack", "3.5mm", "3.5 mm", "aux"),
        _flag(
            lambda p: _field(p.connectivity, "headphone_jack"),
            "has a 3.5 mm headphone jack", "has no headphone jack", "no headphone jack is listed",
        ),
    ),
    Feature(
        "expandable storage",
        ("expandable storage", "sd card", "microsd", "micro sd", "memory card", "card slot",
         "expandable"),
        _flag(
            lambda p: _field(p, "memory_card"),
            "takes a memory card", "has no memory card slot", "no memory card slot is listed",
        ),
    ),
    Feature(
        "eSIM",
        ("esim", "e-sim"),
        _flag(
            lambda p: _field(p.connectivity, "esim"),
            "supports eSIM", "has no eSIM", "no eSIM support is listed",
        ),
    ),
    Feature("a satellite feature", ("satellite sos", "satellite", "emergency sos"), _satellite),
    Feature(
        "update support",
        ("software updates", "updates", "update support", "supported", "support", "updated"),
        _updates,
    ),
    Feature(
        "NFC",
        ("nfc",),
        _flag(lambda p: p.connectivity.nfc if p.connectivity else None,
              "has NFC", "has no NFC", "no NFC is listed"),
    ),
)  # fmt: skip

_ASKING = re.compile(
    r"^\s*(?:(?:hey|hi|hello|so|ok|okay|yo|quick question|question)\b[\s,:!?-]*)?"
    r"(?:is|does|do|has|have|can|will|are|did)\b",
    re.IGNORECASE,
)
"""A yes/no question, perhaps after a greeting ("hey, is the iphone 13 waterproof")."""
_PHRASE = {word: feature for feature in FEATURES for word in feature.words}
_FEATURE_WORDS = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(w) for w in sorted(_PHRASE, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
_ASIDE = re.compile(
    r"\b(?:is|does|do|has|have|can|will|are|did|it|the|a|an|have|has|got|get|support|supports"
    r"|come|comes|with|still|any|rated|charging|still|storage)\b",
    re.IGNORECASE,
)


def read_question(text: str) -> tuple[Feature, str] | None:
    """The feature a yes/no question asks about and the text left to name the phone, or None
    when `text` is not such a question."""
    if not _ASKING.match(text):
        return None
    found = _FEATURE_WORDS.search(text)
    if found is None:
        return None
    rest = text[: found.start()] + " " + text[found.end() :]
    return _PHRASE[found.group().casefold()], " ".join(_ASIDE.sub(" ", rest).split())


def answer(feature: Feature, phone: Phone) -> str:
    """ "**Yes**: the Apple iPhone 13 is rated IP68." or "The catalog doesn't say whether the
    Galaxy M34 has water resistance: no IP rating is listed." """
    verdict, evidence = feature.check(phone)
    name = escape(phone.name)
    if verdict == UNKNOWN:
        return f"The catalog doesn't say whether the {name} has {feature.name}: {evidence} for it."
    return f"**{verdict}**: the {name} {evidence}."
