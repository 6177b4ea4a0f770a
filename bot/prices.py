"""Launch prices as a reader sees them: a preferred currency first, conversions kept apart.

A phone's `price` holds the prices announced at launch, each in the currency of the market it
was announced for; `price_converted` holds conversions a source made of them. The two never
mix: a converted price is always shown as one ("≈ converted"), never stands in for an
announced price, and is never set beside one as if it were. A preferred currency (a server's
`/settings currency`, the console's `--currency`) only chooses which price comes first; a
phone not announced in it keeps the catalog's choice (US dollars, else the first announced).

Pure code, shared by the spec sheet (`bot.embeds`), the comparison (`bot.compare`) and
`find` (`bot.filters`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.models import Phone

USUAL = "USD"
"""The currency a phone's one price is shown in when no other is preferred, if announced in it."""
CATALOG_ORDER = "none"
"""What an admin types for no preference: each phone's prices in the catalog's own order."""
_CODE = re.compile(r"[A-Za-z]{3}")
CURRENCY_WORDS: dict[str, str] = {
    "$": "USD", "usd": "USD", "dollars": "USD", "€": "EUR", "eur": "EUR", "euros": "EUR",
    "£": "GBP", "gbp": "GBP", "₹": "INR", "inr": "INR", "rs": "INR", "¥": "CNY", "cny": "CNY",
    "yuan": "CNY", "rmb": "CNY", "jpy": "JPY", "yen": "JPY",
}  # fmt: skip
"""Symbols and words people write for a currency (casefolded), and its ISO 4217 code."""


class CurrencyError(ValueError):
    """Text naming no currency the catalog has prices in; the message says why, for a person."""


def price_text(currency: str, amount: float) -> str:
    """A price: "CNY 4,999", "USD 899.99" (thousands separated, cents only when there are some)."""
    return f"{currency} {amount:,.0f}" if amount == int(amount) else f"{currency} {amount:,.2f}"


def in_order(prices: Mapping[str, float], currency: str | None) -> list[tuple[str, float]]:
    """The prices with the one in `currency` first when there is one, the rest as listed."""
    first = [(currency, prices[currency])] if currency in prices else []
    return first + [(code, amount) for code, amount in prices.items() if code != currency]


def listed(prices: Mapping[str, float], currency: str | None) -> str:
    """ "EUR 999 · USD 899": the prices in one line, `currency`'s first; "" when none."""
    return " · ".join(price_text(code, amount) for code, amount in in_order(prices, currency))


def headline(phone: Phone, currency: str | None) -> str | None:
    """The one launch price a summary line or a comparison row shows: in `currency` when the
    phone was announced in it, else in US dollars, else in the first currency announced; None
    without an announced price. Never a conversion."""
    prices = phone.price
    code = next((c for c in (currency, USUAL, *prices) if c in prices), None)
    return None if code is None else price_text(code, prices[code])


def currencies_of(phones: Iterable[Phone]) -> frozenset[str]:
    """Every currency the phones have a price in, announced or converted."""
    return frozenset(code for phone in phones for code in (*phone.price, *phone.price_converted))


def read_currency(text: str) -> str | None:
    """A currency as people write it ("eur", "€", "euros") as its ISO 4217 code ("EUR"); None
    when the text is no currency's symbol, word or three-letter code."""
    word = text.strip().casefold()
    if word in CURRENCY_WORDS:
        return CURRENCY_WORDS[word]
    return word.upper() if _CODE.fullmatch(word) else None


def check_currency(text: str, used: Iterable[str]) -> str | None:
    """A currency to show prices in first: one the catalog has prices in (`used`), written as
    its code, symbol or name ("EUR", "€", "euros"); `none` (None): the catalog's own order."""
    if text.strip().casefold() == CATALOG_ORDER:
        return None
    code = read_currency(text)
    if code is None:
        raise CurrencyError(
            f"`{text.strip()[:20]}` is not a currency: use its three-letter code, such as EUR,"
            f" or `{CATALOG_ORDER}`."
        )
    known = sorted(set(used))
    if code not in known:
        offered = ", ".join(known) or "none yet"
        raise CurrencyError(
            f"No phone in the catalog has a price in {code}. Currencies with prices: {offered};"
            f" or `{CATALOG_ORDER}` for each phone's own order."
        )
    return code
