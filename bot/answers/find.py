"""`find <criteria>`: phones by their figures, ranked, in pages (`bot.filters` reads the
request, `bot.columns` runs it).

The reply repeats how the request was understood ("Understood: wired charging ≥ 120 W;
lightest weight first"), and each row shows the figures the request is about.
"""

from __future__ import annotations

from collections.abc import Callable

from bot import embeds
from bot.answers.resolving import missing_brand
from bot.catalog import Catalog
from bot.columns import run
from bot.embeds import escape, quoted
from bot.filters import SPECS, SUPPORTED, Request, parse
from bot.models import Phone
from bot.preferences import DEFAULT, Preferences
from bot.prices import price_text
from bot.replies import Reply

FIND_EXAMPLE = "`find 120hz under 190g lightest`"
BEST = (
    "“Best” isn't a spec, so I can't rank by it. Tell me what matters to you instead, e.g. "
    "`find biggest battery under $500`, `find lightest with 120hz`, `find 5g ip68 newest`."
)


def find(catalog: Catalog, text: str, *, prefs: Preferences = DEFAULT) -> Reply:
    """`find <criteria>`: the phones meeting them, ranked when asked, newest first otherwise.
    A price without a currency ("price under 800", "cheapest") is in `prefs.currency`."""
    if not text.strip():
        return Reply(
            content=f"Find phones by their specs, e.g. {FIND_EXAMPLE}. I know: {SUPPORTED}"
        )
    request = _parse(catalog, text, prefs.currency)
    if request.unknown:
        brand = missing_brand(catalog, request.unknown)
        if brand:
            return Reply(content=f"No {escape(brand)} phones in the catalog.")
        words = " ".join(request.unknown)
        if request.best:
            return Reply(content=BEST)
        return Reply(
            content=embeds.fit_content(f"I can't filter by {quoted(words)}. I know: {SUPPORTED}")
        )
    if request.best and not request.criteria and request.ranking is None:
        return Reply(content=BEST)
    return found_reply(catalog, request)


def is_request(catalog: Catalog, text: str, currency: str | None = None) -> bool:
    """Whether a plain question reads wholly as a filter or a ranking ("which phone has the
    biggest battery", "phones with 120W charging")."""
    request = _parse(catalog, text, currency)
    has_ask = bool(request.criteria or request.ranking)
    return has_ask and not request.unknown


def _parse(catalog: Catalog, text: str, currency: str | None) -> Request:
    columns, index = catalog.columns, catalog.index
    return parse(text, columns.brand_names, index.is_family_word, currency=currency)


def found_reply(catalog: Catalog, request: Request) -> Reply:
    """The pages of phones meeting `request`, under how it was understood."""
    phones = run(catalog.columns, request)
    understood = f"Understood: {request.describe()}."
    if request.best:
        understood += " (“Best” isn't a spec: ranked by your criteria only.)"
    if not phones:
        return Reply(content=f"{understood} No phone in the catalog meets all of that.")
    title = f"Find: {request.describe()}"[:200]
    pages = embeds.list_pages(title, phones, line=_row(request))
    return Reply(content=understood, pages=pages)


def _row(request: Request) -> Callable[[Phone], str]:
    """A phone's line showing the figures the request is about: "Apple iPhone 15 — 171 g ·
    60 Hz · 2023"."""
    keys = list(dict.fromkeys(c.key for c in request.criteria if c.key in SPECS))
    if request.ranking is not None and request.ranking.key in SPECS:
        keys.insert(0, request.ranking.key)
    keys = [k for k in dict.fromkeys(keys) if k != "year"]
    currencies = [c.text for c in request.criteria if c.key == "price"]
    if request.ranking is not None and request.ranking.key == "price":
        currencies.insert(0, request.ranking.currency)

    def line(phone: Phone) -> str:
        parts = [_value(k, phone) for k in keys]
        parts += [_price(phone, c) for c in dict.fromkeys(currencies)]
        parts.append(str(phone.launched.year))
        return f"{phone.name} — {' · '.join(parts)}"

    return line


def _value(key: str, phone: Phone) -> str:
    spec = SPECS[key]
    value = spec.read(phone)
    if value is None:
        return f"{spec.label} unknown"
    return f"{value:g} {spec.unit}".strip()


def _price(phone: Phone, currency: str) -> str:
    amount = phone.price.get(currency)
    return price_text(currency, amount) if amount is not None else f"no {currency} price"
