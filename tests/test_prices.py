"""Prices in a preferred currency: which price comes first on the spec sheet, the price topic,
the summary line, the comparison row and `find`; conversions always marked and never taken for
an announced price; what an admin or the command line may choose."""

from __future__ import annotations

import pytest

from bot import router
from bot.catalog import Catalog, load_catalog
from bot.compare import compare_rows
from bot.embeds import Topic, card_embed, launch_embed, spec_embed, topic_embed
from bot.filters import Ranking, parse
from bot.preferences import Preferences
from bot.prices import (
    CurrencyError,
    check_currency,
    currencies_of,
    headline,
    in_order,
    listed,
    price_text,
    read_currency,
)
from bot.replies import Reply
from tests.test_answers import run_cli
from tests.test_compare import other
from tests.test_embeds import UPDATED, fields_of, phone
from tests.test_matching import BUNDLED

TWO_MARKETS = {"USD": 899, "EUR": 999, "CNY": 4999}
"""A phone announced in three markets (test values, not a real phone's)."""


@pytest.mark.parametrize(
    ("currency", "amount", "text"),
    [("CNY", 4999, "CNY 4,999"), ("USD", 899.99, "USD 899.99"), ("JPY", 189800, "JPY 189,800")],
)
def test_price_text(currency: str, amount: float, text: str) -> None:
    assert price_text(currency, amount) == text


@pytest.mark.parametrize(
    ("currency", "order"),
    [
        ("EUR", ["EUR", "USD", "CNY"]),
        ("CNY", ["CNY", "USD", "EUR"]),
        ("INR", ["USD", "EUR", "CNY"]),  # not announced in it: the catalog's order
        (None, ["USD", "EUR", "CNY"]),
    ],
)
def test_the_preferred_currency_comes_first_only_when_announced_in_it(
    currency: str | None, order: list[str]
) -> None:
    assert [code for code, _ in in_order(TWO_MARKETS, currency)] == order


@pytest.mark.parametrize(
    ("prices", "currency", "shown"),
    [
        (TWO_MARKETS, "EUR", "EUR 999"),
        (TWO_MARKETS, None, "USD 899"),  # US dollars when no currency is preferred
        (TWO_MARKETS, "INR", "USD 899"),
        ({"CNY": 4999, "EUR": 999}, None, "CNY 4,999"),  # no dollars: the first announced
        ({}, "EUR", None),
    ],
)
def test_the_one_price_a_summary_shows(prices: dict, currency: str | None, shown: str) -> None:
    assert headline(phone(price=prices), currency) == shown


def test_a_conversion_never_stands_in_for_an_announced_price() -> None:
    """Announced in China only, converted to euros by a source: a euro server still reads the
    yuan price as the launch price, and the euros on their own line, marked as converted."""
    converted = phone(price={"CNY": 4999}, price_converted={"USD": 699, "EUR": 649})

    launch = fields_of(spec_embed(converted, UPDATED, "EUR"))["Launch"]

    assert "Launch price: CNY 4,999\n≈ converted: EUR 649 · USD 699" in launch
    assert headline(converted, "EUR") == "CNY 4,999"
    assert headline(phone(price={}, price_converted={"EUR": 649}), "EUR") is None


def test_the_spec_sheet_shows_the_preferred_price_first() -> None:
    embed = spec_embed(phone(price=TWO_MARKETS), UPDATED, "EUR")

    assert "Launch price: EUR 999 · USD 899 · CNY 4,999" in fields_of(embed)["Launch"]
    assert embed["description"].endswith("· from EUR 999")
    plain = spec_embed(phone(price=TWO_MARKETS), UPDATED)
    assert "Launch price: USD 899 · EUR 999 · CNY 4,999" in fields_of(plain)["Launch"]
    assert plain["description"].endswith("· from USD 899")


def test_the_price_topic_says_when_there_is_no_price_in_the_preferred_currency() -> None:
    euros = topic_embed(phone(price=TWO_MARKETS), Topic.PRICE, UPDATED, "EUR")
    rupees = topic_embed(phone(price=TWO_MARKETS), Topic.PRICE, UPDATED, "INR")
    unpriced = topic_embed(phone(price={}), Topic.PRICE, UPDATED, "INR")

    assert euros["description"] == "Launch price: EUR 999 · USD 899 · CNY 4,999"
    assert rupees["description"].splitlines() == [
        "Launch price: USD 899 · EUR 999 · CNY 4,999",
        "The catalog has no launch price in INR.",
    ]
    assert "no price data" in unpriced["description"]


def test_cards_and_launch_cards_use_the_preferred_price() -> None:
    priced = phone(price=TWO_MARKETS)

    assert card_embed(priced, "CNY")["description"].endswith("from CNY 4,999")
    assert "Launch price: CNY 4,999 · USD 899 · EUR 999" in launch_embed(priced, "CNY")[
        "description"
    ].replace("\\", "")


def test_the_comparison_row_shows_each_phone_in_the_preferred_currency_when_it_can() -> None:
    """A context row: one phone's euros beside another's dollars, never scored against them."""
    euro = phone(price=TWO_MARKETS)
    dollars_only = other(price={"USD": 799}, price_converted={"EUR": 740})

    [row] = [r for r in compare_rows([euro, dollars_only], currency="EUR") if "price" in r.label]
    [usual] = [r for r in compare_rows([euro, dollars_only]) if "price" in r.label]

    assert row.values == ("EUR 999", "USD 799")
    assert row.best == ()
    assert usual.values == ("USD 899", "USD 799")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(BUNDLED)


def test_find_ranks_and_filters_a_price_without_currency_in_the_preferred_one(
    catalog: Catalog,
) -> None:
    brands = catalog.columns.brand_names
    ranked = parse("cheapest", brands, currency="EUR")
    bare = parse("price under 800", brands, currency="EUR")
    named = parse("under 800 dollars", brands, currency="EUR")

    assert ranked.ranking == Ranking("price", descending=False, currency="EUR")
    assert parse("cheapest", brands).ranking == Ranking("price", descending=False, currency="USD")
    assert [(c.key, c.high, c.text) for c in bare.criteria] == [("price", 800, "EUR")]
    assert [(c.key, c.high, c.text) for c in named.criteria] == [("price", 800, "USD")]
    assert parse("price under 800", brands).unknown  # no currency preferred: not understood


def test_the_router_hands_the_preferences_to_every_answer(catalog: Catalog) -> None:
    """The same messages, routed for servers that chose differently."""
    euro_phone = next(p for p in catalog.phones if "EUR" in p.price)
    euros, rupees, plain = (Preferences(currency=c) for c in ("EUR", "INR", None))

    def answer(text: str, prefs: Preferences) -> Reply:
        routed = router.read(text, prefix="!")
        assert routed is not None
        reply = router.route(catalog, routed, prefix="!", prefs=prefs)
        assert reply is not None
        return reply

    def said(text: str, prefs: Preferences) -> str:
        reply = answer(text, prefs)
        return reply.content + str(reply.embeds)

    assert "cheapest first (EUR)" in said("!find cheapest", euros)
    assert euro_phone.name in said("!find cheapest", euros)
    assert "cheapest first (USD)" in said("!find cheapest", plain)
    asked = f"@PhoneSpec {euro_phone.name} price"
    assert "no launch price in INR" in said(asked, rupees)
    assert "no launch price" not in said(asked, plain)
    compared = f"!compare {euro_phone.name} vs pixel 8"
    assert answer(compared, plain).picture is not None
    assert answer(compared, Preferences(image=False)).picture is None


@pytest.mark.parametrize(
    ("text", "code"),
    [("EUR", "EUR"), (" eur ", "EUR"), ("€", "EUR"), ("euros", "EUR"), ("$", "USD"), ("xy", None)],
)
def test_currencies_as_people_write_them(text: str, code: str | None) -> None:
    assert read_currency(text) == code


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("KRW", "No phone in the catalog has a price in KRW. Currencies with prices: EUR, USD"),
        ("euro dollars", "`euro dollars` is not a currency"),
        ("", "is not a currency"),
        ("x" * 500, f"`{'x' * 20}` is not a currency"),
    ],
)
def test_a_currency_the_catalog_never_uses_is_refused_saying_why(text: str, why: str) -> None:
    with pytest.raises(CurrencyError, match=why):
        check_currency(text, ["USD", "EUR", "USD"])


def test_none_means_the_catalogs_own_order() -> None:
    assert check_currency("None", []) is None
    assert check_currency("€", ["EUR"]) == "EUR"


def test_the_catalog_lists_announced_and_converted_currencies() -> None:
    phones = [phone(price={"CNY": 1}, price_converted={"USD": 1}), phone(price={"EUR": 2})]
    assert currencies_of(phones) == {"CNY", "USD", "EUR"}
    assert listed({}, "EUR") == ""


def test_ask_and_the_console_take_a_currency_as_a_server_would() -> None:
    """`ask --currency`, and `PRICE_CURRENCY` for the console (and every server's default)."""
    asked = run_cli("ask", "--currency", "inr", "!spec moto g54 price")
    console = run_cli(stdin="!spec moto g54 price\n", env={"PRICE_CURRENCY": "INR"})
    usual = run_cli("ask", "!spec moto g54 price")

    assert asked.returncode == console.returncode == usual.returncode == 0
    assert "The catalog has no launch price in INR." in asked.stdout
    assert "The catalog has no launch price in INR." in console.stdout
    assert "Launch price: EUR 199" in usual.stdout
    assert "no launch price" not in usual.stdout


def test_ask_refuses_a_currency_the_catalog_never_uses() -> None:
    result = run_cli("ask", "--currency", "KRW", "!spec moto g54")

    assert result.returncode == 2
    assert "--currency: No phone in the catalog has a price in KRW" in result.stderr
    assert result.stdout == ""
