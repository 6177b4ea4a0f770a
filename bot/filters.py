"""Filters and rankings over the catalog: "phones with 120W charging", "lightest phone with 120
Hz", "samsung phones with a 200mp camera", "biggest battery under $500".

Pure code. `parse` reads a request into a `Request` (criteria and a ranking) or says which words
it could not read; `bot.columns.run` applies it over columns of figures computed once per
catalog.

Prices are announced prices in one currency: a price filter or ranking only ever compares
prices in the currency asked for, never converted ones (`Phone.price_converted`) and never
across currencies; phones without a price in that currency drop out of a price filter. A price
without a currency ("price under 800", "cheapest") is in the reader's preferred currency (a
server's `/settings currency`), or for a ranking in US dollars when there is none.

Bounds: at most MAX_REQUEST_CHARS characters are read, and each pattern is a single linear
scan of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.models import CameraRole, Phone
from bot.prices import CURRENCY_WORDS, USUAL

MAX_REQUEST_CHARS = 200
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Spec:
    """A figure people filter and rank by."""

    key: str
    label: str  # "battery"
    unit: str  # "mAh"
    read: Callable[[Phone], float | None]
    higher_word: str  # "biggest battery" ranks by higher
    lower_word: str
    at_least: bool = True  # a bare figure ("120W charging") means at least; False: at most


def _battery(p: Phone) -> float | None:
    return p.battery.capacity_mah if p.battery else None


def _main_mp(p: Phone) -> float | None:
    mains = [c.mp for c in p.cameras if c.role is CameraRole.MAIN]
    return max(mains) if mains else None


def _largest(get: Callable[[Phone], Sequence[float]]) -> Callable[[Phone], float | None]:
    def read(p: Phone) -> float | None:
        values = get(p)
        return max(values) if values else None

    return read


SPECS: dict[str, Spec] = {
    s.key: s
    for s in (
        Spec("battery", "battery", "mAh", _battery, "biggest", "smallest"),
        Spec("wired", "wired charging", "W",
             lambda p: p.battery.wired_w if p.battery else None, "fastest", "slowest"),
        Spec("wireless", "wireless charging", "W",
             lambda p: p.battery.wireless_w if p.battery else None, "fastest", "slowest"),
        Spec("weight", "weight", "g", lambda p: p.body.weight_g if p.body else None,
             "heaviest", "lightest", at_least=False),
        Spec("thickness", "thickness", "mm", lambda p: p.body.thickness_mm if p.body else None,
             "thickest", "thinnest", at_least=False),
        Spec("screen", "screen size", "in", lambda p: p.display.size_in if p.display else None,
             "biggest", "smallest"),
        Spec("refresh", "refresh rate", "Hz",
             lambda p: p.display.refresh_hz if p.display else None, "highest", "lowest"),
        Spec("brightness", "brightness", "nits",
             lambda p: p.display.peak_nits if p.display else None, "brightest", "dimmest"),
        Spec("ram", "RAM", "GB", _largest(lambda p: [m.ram_gb for m in p.memory]),
             "most", "least"),
        Spec("storage", "storage", "GB", _largest(lambda p: [m.storage_gb for m in p.memory]),
             "most", "least"),
        Spec("camera", "main camera", "MP", _main_mp, "highest", "lowest"),
        Spec("year", "release year", "", lambda p: p.launched.year, "newest", "oldest"),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Criterion:
    """A bound on a figure (`low` <= value <= `high`), a price in `currency`, or a flag."""

    key: str  # a SPECS key, "price", "ip", "5g", "brand", "chipset"
    low: float | None = None
    high: float | None = None
    text: str = ""  # brand or chipset words; the currency of a price

    def describe(self) -> str:
        """How the request was understood: "battery ≥ 5000 mAh", "price ≤ USD 500"."""
        if self.key == "brand":
            return f"brand {self.text}"
        if self.key == "name":
            return f"name with “{self.text}”"
        if self.key == "chipset":
            return f"chipset {self.text}"
        if self.key == "ip":
            return f"water resistance IPx{int(self.low or 0)} or better"
        if self.key == "5g":
            return "5G"
        if self.key == "price":
            return f"price {_bounds(self.low, self.high, self.text + ' ', '')} (announced)"
        spec = SPECS[self.key]
        return f"{spec.label} {_bounds(self.low, self.high, '', spec.unit)}"


def _bounds(low: float | None, high: float | None, before: str, unit: str) -> str:
    unit = f" {unit}" if unit else ""
    if low is not None and high is not None:
        return f"{before}{low:g}{unit}" if low == high else f"{before}{low:g}–{high:g}{unit}"
    if low is not None:
        return f"≥ {before}{low:g}{unit}"
    return f"≤ {before}{high:g}{unit}"


@dataclass(frozen=True)
class Ranking:
    key: str  # a SPECS key or "price"
    descending: bool
    currency: str = ""

    def describe(self) -> str:
        if self.key == "price":
            return f"{'most expensive' if self.descending else 'cheapest'} first ({self.currency})"
        spec = SPECS[self.key]
        word = spec.higher_word if self.descending else spec.lower_word
        return f"{word} {spec.label} first" if self.key != "year" else f"{word} first"


@dataclass(frozen=True)
class Request:
    criteria: tuple[Criterion, ...] = ()
    ranking: Ranking | None = None
    unknown: tuple[str, ...] = ()  # words that are no criterion
    best: bool = False  # "best phone": not a spec

    def describe(self) -> str:
        parts = [c.describe() for c in self.criteria]
        if self.ranking is not None:
            parts.append(self.ranking.describe())
        return "; ".join(parts) or "every phone"


# --- reading a request ----------------------------------------------------------------------

_LESS = r"under|below|less than|cheaper than|lighter than|thinner than|at most|max|up to|<=|<|≤"
_MORE = r"over|above|more than|at least|min|from|since|after|>=|>|≥"
# Not inside a longer number, and at most 7 digits: a run of 200 digits is no figure, and is
# refused at each position at once rather than rescanned to its end (quadratic).
_NUMBER = r"(?<![\d.,])\d{1,7}(?:[.,]\d{1,3})?(?![\d])"
_UNITS = {"mah": "battery", "w": "watts", "watt": "watts", "watts": "watts", "g": "weight",
          "grams": "weight", "gram": "weight", "mm": "thickness", "inch": "screen",
          "inches": "screen", "in": "screen", '"': "screen", "hz": "refresh", "nits": "brightness",
          "gb": "gb", "tb": "tb", "mp": "camera", "megapixel": "camera"}  # fmt: skip
_SPEC_WORDS = {"battery": "battery", "capacity": "battery", "weight": "weight", "weighs": "weight",
               "refresh": "refresh", "refresh rate": "refresh", "ram": "ram", "memory": "ram",
               "storage": "storage", "screen": "screen", "display": "screen",
               "brightness": "brightness", "thickness": "thickness", "camera": "camera",
               "charging": "wired", "wired": "wired", "wireless": "wireless", "year": "year",
               "released": "year", "launched": "year"}  # fmt: skip
_RANK_WORDS: dict[str, tuple[str, bool]] = {
    "biggest battery": ("battery", True), "largest battery": ("battery", True),
    "longest battery": ("battery", True), "most battery": ("battery", True),
    "smallest battery": ("battery", False), "lightest": ("weight", False),
    "heaviest": ("weight", True), "thinnest": ("thickness", False),
    "thickest": ("thickness", True), "newest": ("year", True), "latest": ("year", True),
    "oldest": ("year", False), "fastest charging": ("wired", True),
    "fastest wireless charging": ("wireless", True), "brightest": ("brightness", True),
    "biggest screen": ("screen", True), "largest screen": ("screen", True),
    "smallest screen": ("screen", False), "most ram": ("ram", True),
    "most storage": ("storage", True), "highest refresh": ("refresh", True),
    "cheapest": ("price", False), "most expensive": ("price", True),
}  # fmt: skip
_RANK = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in sorted(_RANK_WORDS, key=len, reverse=True)) + r")\b"
)
_CHIP_FAMILIES = "snapdragon|dimensity|exynos|tensor|helio|kirin|bionic|unisoc|xring"
_FILLER = frozenset(
    """phone phones smartphone smartphones with a an the which what whats show me list find
    has have having that and or of in is are by sorted sort all any for to get give i want
    need please pls on its it rated released launched charging battery camera screen display
    rating support supports supporting plus more than less""".split()
)
_BEST = frozenset({"best", "good", "top", "greatest", "recommended", "recommend", "worth"})


@dataclass
class _Reader:
    """The request being read: matched spans are blanked so each word is read once."""

    text: str
    brands: Mapping[str, str]  # casefolded brand: the catalog's spelling
    criteria: list[Criterion] = field(default_factory=list)
    ranking: Ranking | None = None

    def take(self, pattern: re.Pattern[str], handle: Callable[[re.Match[str]], bool]) -> None:
        """Read every match `handle` accepts, and blank it out."""
        pieces, last = [], 0
        for found in pattern.finditer(self.text):
            if handle(found):
                pieces.append(self.text[last : found.start()] + " ")
                last = found.end()
        self.text = "".join(pieces) + self.text[last:]


def parse(
    text: str,
    brands: Mapping[str, str],
    family: Callable[[str], bool] = lambda _: False,
    *,
    currency: str | None = None,
) -> Request:
    """Read a filter request. `family` tells the catalog's family words ("pixel", "galaxy"):
    each is a criterion on the name. `currency`: the preferred currency, for prices that name
    none. Words that are no criterion come back in `Request.unknown`."""
    reader = _Reader(" " + " ".join(text.casefold().split())[:MAX_REQUEST_CHARS] + " ", brands)
    _read_ranking(reader)
    _read_flags(reader)
    _read_prices(reader, currency)
    _read_quantities(reader)
    _read_wireless(reader)
    _read_names(reader)
    left = [w for w in re.findall(r"[^\W_]+|[<>$€£]", reader.text) if w not in _FILLER]
    for word in [w for w in left if family(w)]:
        reader.criteria.append(Criterion("name", text=word))
        left.remove(word)
    best = any(w in _BEST for w in left)
    unknown = tuple(w for w in left if w not in _BEST)
    ranking = reader.ranking
    if ranking is not None and ranking.key == "price" and not ranking.currency:
        currencies = [c.text for c in reader.criteria if c.key == "price"]
        chosen = currencies[0] if currencies else currency or USUAL
        ranking = Ranking("price", ranking.descending, chosen)
    return Request(tuple(reader.criteria), ranking, unknown, best)


def _read_ranking(reader: _Reader) -> None:
    def rank(found: re.Match[str]) -> bool:
        if reader.ranking is not None:
            return False
        key, descending = _RANK_WORDS[found.group()]
        reader.ranking = Ranking(key, descending)
        return True

    reader.take(_RANK, rank)


_PRICE = re.compile(
    rf"(?:\b(?P<cmp>{_LESS}|{_MORE})\s*)?(?:price\s*)?"
    r"(?:(?P<pre>[$€£₹¥])\s*|(?P<code>usd|eur|gbp|inr|cny|jpy|rs)\s*)?"
    rf"(?P<num>{_NUMBER})\s*(?P<k>k\b)?\s*"
    r"(?P<post>usd|eur|gbp|inr|cny|jpy|yuan|rmb|yen|dollars|euros|[$€£])?"
)


_BARE_PRICE = re.compile(rf"\bprice\s*(?P<cmp>{_LESS}|{_MORE})?\s*(?P<num>{_NUMBER})\s*(?P<k>k\b)?")
"""A price naming no currency ("price under 800"): in the preferred currency, if there is one."""


def _read_prices(reader: _Reader, preferred: str | None) -> None:
    def price(found: re.Match[str], currency: str | None) -> bool:
        if currency is None:
            return False
        value = _number(found.group("num")) * (1000 if found.group("k") else 1)
        low, high = _bound(found.group("cmp"), value, at_least=False)
        reader.criteria.append(Criterion("price", low, high, currency))
        return True

    def named(found: re.Match[str]) -> bool:
        unit = found.group("pre") or found.group("code") or found.group("post")
        return price(found, CURRENCY_WORDS[unit] if unit else None)

    reader.take(_PRICE, named)
    reader.take(_BARE_PRICE, lambda found: price(found, preferred))


_QUANTITY = re.compile(
    rf"(?:\b(?P<cmp>{_LESS}|{_MORE})\s*)?(?P<num>{_NUMBER})\s*(?P<plus>\+)?\s*"
    r"(?P<unit>mah|watts?|w|grams?|g|mm|inch(?:es)?|in|\"|hz|nits|gb|tb|mp|megapixels?)\b"
    r"(?P<wireless>\s+wireless)?(?:\s+(?P<what>ram|storage|memory))?"
)
_SPEC_NUMBER = re.compile(
    r"\b(?P<spec>"
    + "|".join(sorted(map(re.escape, _SPEC_WORDS), key=len, reverse=True))
    + rf")\s*(?:of\s*)?(?P<cmp>{_LESS}|{_MORE}|=)?\s*(?P<num>{_NUMBER})\b(?P<plus>\+)?"
)
_YEAR = re.compile(rf"(?:\b(?P<cmp>{_LESS}|{_MORE}|in)\s*)?\b(?P<num>(?:19|20)\d\d)\b")


def _read_quantities(reader: _Reader) -> None:
    def quantity(found: re.Match[str]) -> bool:
        unit = found.group("unit").rstrip("s") if found.group("unit") != "gb" else "gb"
        kind = _UNITS.get(unit, _UNITS.get(found.group("unit"), ""))
        value = _number(found.group("num"))
        if kind == "watts":
            kind = "wireless" if found.group("wireless") else "wired"
        elif kind in ("gb", "tb"):
            value *= 1024 if kind == "tb" else 1
            kind = "ram" if found.group("what") in ("ram", "memory") or value <= 24 else "storage"
        if kind not in SPECS:
            return False
        reader.criteria.append(_criterion(kind, found.group("cmp"), value, found.group("plus")))
        return True

    def spec_number(found: re.Match[str]) -> bool:
        kind = _SPEC_WORDS[found.group("spec")]
        value = _number(found.group("num"))
        cmp = found.group("cmp")
        reader.criteria.append(_criterion(kind, None if cmp == "=" else cmp, value, found["plus"]))
        return True

    def year(found: re.Match[str]) -> bool:
        cmp = found.group("cmp")
        value = float(found.group("num"))
        low, high = (value, value) if cmp in (None, "in") else _bound(cmp, value, True)
        reader.criteria.append(Criterion("year", low, high))
        return True

    reader.take(_QUANTITY, quantity)
    reader.take(_SPEC_NUMBER, spec_number)
    reader.take(_YEAR, year)


def _criterion(kind: str, cmp: str | None, value: float, plus: str | None) -> Criterion:
    spec = SPECS[kind]
    if kind == "year" and cmp is None and not plus:
        return Criterion(kind, value, value)
    if kind == "screen" and cmp is None and not plus:
        return Criterion(kind, value - 0.05, value + 0.05)
    low, high = _bound(cmp, value, spec.at_least or bool(plus))
    return Criterion(kind, low, high)


def _bound(cmp: str | None, value: float, at_least: bool) -> tuple[float | None, float | None]:
    if cmp is None:
        return (value, None) if at_least else (None, value)
    if re.fullmatch(_LESS, cmp):
        return None, value
    return value, None


_IP = re.compile(r"\bip[x\d]([4-8])\b|\bwater ?(?:proof|resistant)\b")
_5G = re.compile(r"\b5g\b")
_WIRELESS = re.compile(r"\bwireless(?: charging)?\b")
_CHIPSET = re.compile(rf"\b(?:{_CHIP_FAMILIES})\b(?:\s+(?:\d+\w*|gen|plus|pro|\+))*")


def _read_flags(reader: _Reader) -> None:
    def ip(found: re.Match[str]) -> bool:
        water = found.group(1)
        reader.criteria.append(Criterion("ip", float(water) if water else 7.0))
        return True

    def five_g(_: re.Match[str]) -> bool:
        reader.criteria.append(Criterion("5g"))
        return True

    reader.take(_IP, ip)
    reader.take(_5G, five_g)


def _read_wireless(reader: _Reader) -> None:
    """ "wireless charging" with no figure: any wireless charging."""

    def wireless(_: re.Match[str]) -> bool:
        if any(c.key == "wireless" for c in reader.criteria):
            return False
        reader.criteria.append(Criterion("wireless", 1.0))
        return True

    reader.take(_WIRELESS, wireless)


def _read_names(reader: _Reader) -> None:
    def chipset(found: re.Match[str]) -> bool:
        reader.criteria.append(Criterion("chipset", text=" ".join(found.group().split())))
        return True

    reader.take(_CHIPSET, chipset)
    _read_brands(reader)


def _read_brands(reader: _Reader) -> None:
    """Catalog brands of up to three words ("samsung", "nothing"), by dictionary look-up."""
    words = reader.text.split()
    kept: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            name = " ".join(words[i : i + size]).strip(",.;:!?")
            if i + size <= len(words) and name in reader.brands:
                reader.criteria.append(Criterion("brand", text=reader.brands[name]))
                i += size
                break
        else:
            kept.append(words[i])
            i += 1
    reader.text = f" {' '.join(kept)} "


def _number(text: str) -> float:
    return float(text.replace(",", "."))


SUPPORTED = (
    "battery (`5000mah`, `battery over 5000`), wired and wireless charging (`120w`, `50w"
    " wireless`, `wireless charging`), weight (`under 190g`), screen size (`6.1 inch`),"
    " thickness (`under 8mm`), refresh rate (`120hz`), brightness (`3000 nits`), RAM (`12gb"
    " ram`), storage (`512gb`), main camera (`200mp`), price in one currency (`under $500`,"
    " `below 4000 cny`), release year (`2024`, `since 2022`), water resistance (`ip68`), `5g`,"
    " a brand (`samsung`), a chipset (`snapdragon 8 gen 3`); rank with `biggest battery`,"
    " `lightest`, `thinnest`, `newest`, `fastest charging`, `brightest`, `cheapest`…"
)


EXAMPLES = (
    "5000mah", "battery over 6000", "120w", "50w wireless", "wireless charging", "under 190g",
    "6.1 inch", "under 8mm", "120hz", "3000 nits", "12gb ram", "512gb", "200mp", "under $500",
    "under €600", "below 4000 cny", "2025", "since 2023", "ip68", "5g", "snapdragon 8 gen 3",
    "dimensity", "tensor", "biggest battery", "lightest", "thinnest", "newest",
    "fastest charging", "brightest", "cheapest",
)  # fmt: skip
"""What `/find` suggests as one types its criteria."""


def complete_criteria(typed: str, limit: int) -> list[str]:
    """Completions for the criteria typed so far: the last word completed to a known criterion,
    the words before it kept. At most `limit`, each at most 100 characters."""
    typed = " ".join(typed.split())[:MAX_REQUEST_CHARS]
    head, _, last = typed.rpartition(" ") if not typed.endswith(" ") else (typed, "", "")
    options = [e for e in EXAMPLES if e.startswith(last.casefold())] if last else list(EXAMPLES)
    return [f"{head} {option}".strip()[:100] for option in options[:limit]]
