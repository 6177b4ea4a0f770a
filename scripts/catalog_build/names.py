"""Brands and name keys: how records from different sources are recognised as the same phone.

A name key is exact, not fuzzy: the brand family, then the model with case, spaces and
punctuation removed, "+" read as "plus" and the brand's own words ("Galaxy", "Mi", "moto")
dropped, so "Samsung Galaxy S24+" and "Galaxy S24 Plus" share the key `samsung:s24plus`. Words
that tell editions apart (5G, 4G, a year, Pro, mini, a size) stay in the key, so those editions
never share one.
"""

from __future__ import annotations

import re

# Display names of brands as sources spell them (lower-case keys).
BRANDS = {
    "apple": "Apple",
    "asus": "Asus",
    "essential": "Essential",
    "fairphone": "Fairphone",
    "google": "Google",
    "honor": "Honor",
    "htc": "HTC",
    "huawei": "Huawei",
    "iqoo": "iQOO",
    "lenovo": "Lenovo",
    "lg": "LG",
    "motorola": "Motorola",
    "nokia": "Nokia",
    "nothing": "Nothing",
    "nubia": "nubia",
    "oneplus": "OnePlus",
    "oppo": "OPPO",
    "poco": "POCO",
    "realme": "realme",
    "redmi": "Redmi",
    "samsung": "Samsung",
    "sony": "Sony",
    "vivo": "vivo",
    "xiaomi": "Xiaomi",
    "zte": "ZTE",
}
SUB_BRANDS = {"POCO": "Xiaomi", "Redmi": "Xiaomi", "iQOO": "vivo"}
"""Sub-brands that sources file under their parent: recognised by the name."""

_FAMILY_WORDS = {
    "Apple": ("apple",),
    "Google": ("google",),
    "Motorola": ("motorola", "moto"),
    "Samsung": ("samsung", "galaxy"),
    "Xiaomi": ("xiaomi", "mi"),
    "OnePlus": ("oneplus",),
    "Sony": ("sony", "xperia"),
    "Nokia": ("nokia",),
    "Fairphone": ("fairphone",),
}
"""Words a brand's names may or may not start with ("Galaxy S24" = "S24"): left out of keys."""

NAME_EQUIVALENTS = {
    "apple:iphone17air": "apple:iphoneair",
    "apple:iphonese": "apple:iphonese1stgeneration",
    "fairphone:thefairphonegen6": "fairphone:6",
}
"""Keys that one source spells differently for the same phone: endoflife.date labels the
iPhone Air "17 Air", DeviceKit calls the first iPhone SE plain "iPhone SE", the LineageOS Wiki
calls the Fairphone 6 "The Fairphone (Gen. 6)"."""


REGIONS = (
    r"T-Mobile|Verizon|Sprint|AT&T|International|Global|India|China(?: Telecom)?|USA?|Korea"
    r"|Japan|Canad(?:a|ian)(?: - ENG BL)?|(?:US |GSM |EU )?Unlocked(?: - [\w ]+)?|Other"
)
REGION = re.compile(rf"\s*\((?:{REGIONS})\)\s*$")
"""A bracketed region or carrier after a name: the same phone sold elsewhere ("(India)")."""


NETWORKS = ("4g", "5g")
"""Network words compare wherever they stand: "11 Lite 5G NE" is "11 Lite NE 5G"."""


def family(brand: str) -> str:
    """The maker a brand belongs to: POCO and Redmi are Xiaomi, iQOO is vivo."""
    return SUB_BRANDS.get(brand, brand)


def split_name(brand_hint: str, name: str) -> tuple[str, str]:
    """(display brand, model) with the brand never repeated in the model; a sub-brand named
    at the start of the model (Redmi, POCO, iQOO) becomes the brand."""
    name = " ".join(name.split())
    for sub_brand in SUB_BRANDS:
        if name.casefold().startswith(sub_brand.casefold() + " "):
            return sub_brand, name[len(sub_brand) + 1 :].strip()
    brand = BRANDS.get(brand_hint.casefold(), brand_hint)
    for prefix in (f"{brand} ", f"{brand_hint} "):
        if name.casefold().startswith(prefix.casefold()):
            name = name[len(prefix) :].strip()
    return brand, name


def _squash(text: str) -> str:
    text = text.casefold().replace("+", " plus ")
    return re.sub(r"[^0-9a-z]+", "", text)


def name_key(brand: str, model: str) -> str:
    """The exact key two sources' names for one phone share (see the module docstring)."""
    maker = family(brand)
    words = re.sub(r"[^0-9a-z+]+", " ", f"{brand} {model}".casefold()).split()
    optional = {*_FAMILY_WORDS.get(maker, ()), maker.casefold()}
    while len(words) > 1 and words[0] in optional:
        words.pop(0)
    words = [w for w in words if w not in NETWORKS] + [w for w in words if w in NETWORKS]
    key = f"{maker.casefold()}:{_squash(' '.join(words))}"
    return NAME_EQUIVALENTS.get(key, key)


def model_number_key(text: str) -> str:
    """Model numbers compare without case, spaces or dashes: 'SM-S928B' = 'sm s928b'."""
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


def slug(brand: str, model: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", f"{brand} {model}".casefold().replace("+", " plus")).strip(
        "-"
    )
