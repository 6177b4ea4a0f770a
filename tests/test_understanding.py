"""The questions people actually type (issue 10), answered through the console, which routes
every message as the Discord bot does (`tests/e2e/test_routing.py` holds the two together).

Most run against the bundled catalog; model numbers, codenames and variants the bundled data
lacks run against a small catalog built here with those fields.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from bot.catalog import Catalog, load_catalog
from bot.columns import Columns, run
from bot.console import Console
from bot.filters import parse
from bot.matching import Outcome, PhoneIndex
from bot.models import Phone
from bot.views import payload

DATA = Path(__file__).resolve().parent.parent / "data" / "specs.yaml"


@cache
def catalog() -> Catalog:
    return load_catalog(DATA)


def ask(message: str) -> dict[str, Any]:
    reply = Console(catalog(), DATA).respond(message)
    assert reply is not None, f"no reply to {message!r}"
    return payload(reply, requester_id=1)


def title(body: dict[str, Any]) -> str:
    return body["embeds"][0]["title"] if body.get("embeds") else ""


def options(body: dict[str, Any]) -> list[str]:
    return [
        o["value"]
        for row in body.get("components") or []
        for c in row["components"]
        for o in c.get("options", [])
    ]


# -- shorthand, other scripts, renamed phones -------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("s24u", "galaxy-s24-ultra"),
        ("S25U", "galaxy-s25-ultra"),
        ("ip15pm", "iphone-15-pro-max"),
        ("15pm", "iphone-15-pro-max"),
        ("i15 pro", "iphone-15-pro"),
        ("p8p", "pixel-8-pro"),
        ("pixel 8p", "pixel-8-pro"),
        ("zf5", "galaxy-z-fold-5"),
        ("op12", "oneplus-12"),
        ("mi14u", "xiaomi-14-ultra"),
        ("x7u", "oppo-find-x7-ultra"),
        ("find x7u", "oppo-find-x7-ultra"),
        ("find n3", "oppo-find-n3"),
        ("n3", "oppo-n3"),
        ("iphone 10", "iphone-x"),
        ("iphone ten", "iphone-x"),
        ("iphone 17 air", "iphone-air"),
        ("갤럭시 S24 울트라", "galaxy-s24-ultra"),
        ("小米14", "xiaomi-14"),
        ("Айфон 15", "iphone-15"),
    ],
)
def test_shorthand_and_other_scripts_find_the_phone(query: str, expected: str) -> None:
    body = ask(f"!spec {query}")
    assert title(body) == catalog().by_id[expected].name


@pytest.mark.parametrize(
    ("query", "shown"),
    [("mntorola edge", "Motorola edge"), ("galaxy s6 edge", "Samsung Galaxy S6 Edge")],
)
def test_a_word_strict_in_some_names_only_is_read_both_ways(query: str, shown: str) -> None:
    """ "edge" tells the Galaxy S6 Edge from the S6, and is a family word of Motorola's: a
    phone named by it is that phone, never a menu of its family."""
    assert title(ask(f"!spec {query}")) == shown


def test_shorthand_in_chat_is_a_mention() -> None:
    body = ask("@PhoneSpec my s24u battery?")
    assert title(body) == "Samsung Galaxy S24 Ultra — battery"


def test_renamed_phone_only_beside_its_numbered_generation() -> None:
    """ "pixel 11 fold" is no Pixel Fold: no Pixel 11 launched beside it."""
    assert catalog().index.find("pixel 11 fold").outcome is Outcome.NOT_FOUND


# -- variants never collapse; a family is a menu ------------------------------------------------


def test_a_network_variant_the_catalog_lacks_is_not_another_phone() -> None:
    body = ask("!spec galaxy s9 5g")
    assert not body.get("embeds")
    assert body["content"].startswith("No phone called *galaxy s9 5g*")
    assert "galaxy-s9" in options(body)  # offered, never answered


def test_a_4g_query_for_a_phone_the_catalog_has_as_5g_only_is_not_found() -> None:
    phone = catalog().index.identify("redmi note 13 pro")
    assert phone is not None
    assert phone.connectivity is not None
    assert phone.connectivity.five_g
    body = ask("!spec redmi note 13 pro 4g")
    assert not body.get("embeds")
    assert body["content"].startswith("No phone called *redmi note 13 pro 4g*")


def test_a_network_variant_the_catalog_has_is_that_phone() -> None:
    body = ask("!spec galaxy s10 5g")
    assert body["embeds"][0]["title"] == "Samsung Galaxy S10 5G"


@pytest.mark.parametrize(
    ("word", "brand"),
    [("iphone", "Apple"), ("oneplus", "OnePlus"), ("google", "Google"), ("pixel", "Google")],
)
def test_a_bare_brand_or_family_word_offers_the_newest(word: str, brand: str) -> None:
    body = ask(f"!spec {word}")
    assert not body.get("embeds")
    chosen = [catalog().by_id[i] for i in options(body)]
    assert len(chosen) > 2
    assert {p.brand for p in chosen} == {brand}
    launched = [p.launched for p in chosen]
    assert launched == sorted(launched, reverse=True)


# -- topics anywhere ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("!spec pixel 8 charging speed", "Google Pixel 8 — charging"),
        ("!spec pixel 8 updates", "Google Pixel 8 — OS"),
        ("!spec pixel 8 glass", "Google Pixel 8 — display"),
        ("!spec battery pixel 8", "Google Pixel 8 — battery"),
        ("!spec pixel 8 full specs", "Google Pixel 8"),
        ("@PhoneSpec battery of iphone 17 air", "Apple iPhone Air — battery"),
    ],
)
def test_topic_words_anywhere_with_synonyms(message: str, shown: str) -> None:
    assert title(ask(message)) == shown


def test_a_topic_the_catalog_never_holds_says_so() -> None:
    body = ask("!spec pixel 8 colors")
    assert title(body) == "Google Pixel 8 — colors"
    assert body["embeds"][0]["description"] == "The catalog has no colors data for Google Pixel 8."


def test_the_point_of_a_model_number_is_no_full_stop() -> None:
    """ "nokia 2.1" in a question is the Nokia 2.1, never the Nokia 2."""
    body = ask("@PhoneSpec how big is the screen on the nokia 2.1")
    assert title(body) == "Nokia 2.1 — display"


def test_a_letter_after_a_family_word_may_start_a_model() -> None:
    """ "a" in chat is English, but after a family word it may be a model's letter ("Galaxy A
    Quantum2"); it never ends a name ("is the galaxy a good phone" is no Galaxy A phone)."""
    body = ask("@PhoneSpec which is heavier, the poco x6 or the galaxy a quantum2?")
    assert title(body) == "POCO X6 vs Samsung Galaxy A Quantum2 — weight"
    assert not title(ask("@PhoneSpec is the galaxy a good phone?")).startswith("Samsung")


def test_only_an_exact_name_spans_a_slash() -> None:
    """A name holding a slash ("Redmi 3S / 3X") is that phone, not the Redmi 3S before it."""
    body = ask("@PhoneSpec which is lighter, the galaxy s24 or the redmi 3s / 3x?")
    assert title(body) == "Samsung Galaxy S24 vs Redmi 3S / 3X — weight"
    body = ask("@PhoneSpec which is lighter, redmi 3s / galaxy s24?")
    assert title(body) == "Redmi 3S vs Samsung Galaxy S24 — weight"


def test_a_topic_without_data_says_what_is_missing() -> None:
    body = ask("@PhoneSpec is the galaxy m34 waterproof")
    assert body["content"] == (
        "The catalog doesn't say whether the Samsung Galaxy M34 has water resistance:"
        " no IP rating is listed for it."
    )


# -- two phones --------------------------------------------------------------------------------


def grams(phone_id: str) -> float:
    body = catalog().by_id[phone_id].body
    assert body is not None
    assert body.weight_g is not None
    return body.weight_g


@pytest.mark.parametrize(
    "message",
    [
        "@PhoneSpec which is lighter, pixel 8 or iphone 15?",
        "@PhoneSpec pixel 8 vs iphone 15: which one is lighter",
    ],
)
def test_two_phone_question_gets_a_focused_sentence(message: str) -> None:
    light, heavy = grams("iphone-15"), grams("pixel-8")
    assert light < heavy
    body = ask(message)
    assert body["content"] == (
        f"The iPhone 15 ({light:g} g) is {heavy - light:g} g lighter than the Pixel 8"
        f" ({heavy:g} g)."
    )
    assert title(body).endswith("— weight")


def test_compare_with_a_topic_adds_the_sentence_and_keeps_its_rows() -> None:
    body = ask("!compare iphone 15 vs pixel 8 battery --text")
    assert re.fullmatch(r"The Pixel 8 \(\d+ mAh\) has \d+ mAh more battery than the iPhone 15 "
                        r"\(\d+ mAh\)\.", body["content"])  # fmt: skip
    assert title(body) == "Apple iPhone 15 vs Google Pixel 8 — battery"


def test_a_one_row_compare_names_the_phone_that_wins_it() -> None:
    light, heavy = grams("iphone-15"), grams("pixel-8")
    assert light < heavy
    body = ask("!compare pixel 8 vs iphone 15 weight --text")
    verdict = body["embeds"][0]["description"].splitlines()[0]
    assert verdict == "iPhone 15 wins — iPhone 15: weight"


def test_a_missing_figure_names_both_phones() -> None:
    """No weight for one phone: the question is still answered about both, honestly."""
    assert catalog().by_id["samsung-galaxy-e5"].body is None
    body = ask("@PhoneSpec which is lighter, the galaxy e5 or the iphone 15?")
    assert body["content"] == (
        f"The catalog lists no weight for the Samsung Galaxy E5 (the Apple iPhone 15:"
        f" {grams('iphone-15'):g} g)."
    )
    assert title(body) == "Samsung Galaxy E5 vs Apple iPhone 15 — weight"


@pytest.mark.parametrize("separator", ["vs", "vs.", "versus", "x", "or", "and", ",", "&"])
def test_every_separator_splits_two_phones(separator: str) -> None:
    body = ask(f"!compare pixel 8 {separator} iphone 15 --text")
    assert title(body) == "Google Pixel 8 vs Apple iPhone 15"


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("!compare iphone x x pixel 8 --text", "Apple iPhone X vs Google Pixel 8"),
        ("!compare iphone x vs pixel 8 --text", "Apple iPhone X vs Google Pixel 8"),
        ("!spec iphone 15 vs pixel 8 --text", "Apple iPhone 15 vs Google Pixel 8"),
    ],
)
def test_x_never_eats_the_iphone_x_and_spec_hands_over(message: str, shown: str) -> None:
    assert title(ask(message)) == shown


# -- yes/no ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "verdict"),
    [
        ("@PhoneSpec is the iphone 13 waterproof", "**Yes**: the Apple iPhone 13 is rated IP6"),
        ("@PhoneSpec does the galaxy s6 have 5g", "**No**: the Samsung Galaxy S6 has no 5G"),
        ("@PhoneSpec does the iphone 5 have wireless charging",
         "**No**: the Apple iPhone 5 has no wireless charging"),
        ("@PhoneSpec does the pixel 8 have wireless charging",
         "**Yes**: the Google Pixel 8 charges wirelessly"),
        ("@PhoneSpec does the iphone 5 have usb-c", "**No**: the Apple iPhone 5 has Lightning"),
        ("@PhoneSpec does the pixel 9 pro have satellite sos", "The catalog doesn't say"),
        ("@PhoneSpec does the pixel 8 have a headphone jack", "The catalog doesn't say"),
        ("@PhoneSpec is the pixel 8 still getting updates",
         "**Yes**: the Google Pixel 8 gets Android upgrades until 2030-10"),
    ],
)  # fmt: skip
def test_yes_no_questions(message: str, verdict: str) -> None:
    assert ask(message)["content"].startswith(verdict)


def test_yes_no_without_the_data_says_the_catalog_does_not_say() -> None:
    connectivity = catalog().by_id["galaxy-s24"].connectivity
    assert connectivity is not None
    assert connectivity.five_g is None
    assert ask("@PhoneSpec does the galaxy s24 have 5g")["content"].startswith(
        "The catalog doesn't say whether the Samsung Galaxy S24 has 5G"
    )


# -- find and rankings -------------------------------------------------------------------------


def listed(body: dict[str, Any]) -> list[Phone]:
    by_name = {p.name: p for p in catalog().phones}
    lines = body["embeds"][0]["description"].splitlines()
    return [by_name[re.sub(r"^\d+\. (.+?) — .*$", r"\1", line).replace("\\", "")] for line in lines]


def test_find_filters_ranks_and_says_how_it_understood() -> None:
    body = ask("!find lightest with 120hz")
    assert body["content"] == "Understood: refresh rate ≥ 120 Hz; lightest weight first."
    phones = listed(body)
    assert len(phones) == 10  # a page; the rest behind the buttons
    assert all(p.display and (p.display.refresh_hz or 0) >= 120 for p in phones)
    weights = [p.body.weight_g for p in phones if p.body]
    assert weights == sorted(weights)
    assert re.search(r" — \d+ g · \d+ Hz · \d{4}$", body["embeds"][0]["description"])


@pytest.mark.parametrize(
    ("message", "understood"),
    [
        ("@PhoneSpec which phone has the biggest battery", "biggest battery first"),
        ("@PhoneSpec phones with 120W charging", "wired charging ≥ 120 W"),
        ("@PhoneSpec samsung phones with a 200mp camera", "main camera ≥ 200 MP; brand Samsung"),
        ("!phones with 120w charging", "wired charging ≥ 120 W"),
        ("@PhoneSpec lightest phone with 120 Hz", "refresh rate ≥ 120 Hz; lightest weight first"),
    ],
)
def test_plain_questions_filter_and_rank(message: str, understood: str) -> None:
    assert ask(message)["content"] == f"Understood: {understood}."


@pytest.mark.parametrize(
    "request_text", ["biggest battery under 200g", "ip68 cheapest", "over 5000mah", "lightest"]
)
def test_find_counts_what_it_lists_and_lists_in_order(request_text: str) -> None:
    """`run` puts the phones in order only as far as they are read: the count it gives is
    the phones it lists, and a page read first is the same page read after all the rest."""
    columns = catalog().columns
    request = parse(request_text, columns.brand_names, catalog().index.is_family_word)
    page = run(columns, request)[10:20]
    found = run(columns, request)
    every = list(found)
    assert len(found) == len(every) > 20
    assert page == every[10:20]
    assert len({p.id for p in every}) == len(every)


def test_best_is_not_a_spec() -> None:
    assert "“Best” isn't a spec" in ask("@PhoneSpec best phone")["content"]
    body = ask("@PhoneSpec best phone under $500")
    assert body["content"].startswith("Understood: price ≤ USD 500 (announced).")
    assert all(p.price.get("USD", 1e9) <= 500 for p in listed(body))


def test_an_unknown_criterion_lists_the_supported_ones() -> None:
    content = ask("!find tallest")["content"]
    assert content.startswith("I can't filter by *tallest*. I know: battery")


def test_prices_are_compared_in_one_currency_never_converted() -> None:
    """A price filter reads announced prices in the currency asked for: never a converted one,
    never another currency."""
    phones = [
        Phone(id=f"p{n}", brand="Acme", model=f"P{n}", released=dt.date(2024, 1, n),
              sources=("https://example.com",), **prices)
        for n, prices in enumerate(
            [
                {"price": {"EUR": 450}},
                {"price": {"EUR": 499}, "price_converted": {"USD": 540}},
                {"price": {"USD": 400}, "price_converted": {"EUR": 370}},  # converted: never
                {"price": {"EUR": 650, "USD": 480}},
            ],
            1,
        )
    ]  # fmt: skip
    columns = Columns(phones[::-1])  # newest first, as the catalog holds them
    found = run(columns, parse("under 500 eur cheapest", columns.brand_names))
    assert [p.id for p in found] == ["p1", "p2"]
    found = run(columns, parse("under $500", columns.brand_names))
    assert [p.id for p in found] == ["p4", "p3"]  # newest first


# -- not found, safety -------------------------------------------------------------------------


def test_a_brand_the_catalog_lacks_is_named() -> None:
    assert ask("!spec infinix note 30")["content"] == "No Infinix phones in the catalog."


def test_a_brand_the_catalog_lacks_is_named_in_an_inline_look_up_too() -> None:
    assert ask("[[infinix note 30]]")["content"] == (
        "[[infinix note 30]]: no Infinix phones in the catalog."
    )


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("so @PhoneSpec how heavy is the pixel 8", "Google Pixel 8 — weight"),
        ("hey @PhoneSpec, is the iphone 13 waterproof", "**Yes**: the Apple iPhone 13 is rated"),
    ],
)
def test_the_console_reads_a_mention_in_the_middle_as_discord_does(
    message: str, shown: str
) -> None:
    """On Discord a mention anywhere addresses the bot (`tests/e2e/test_routing.py`); the
    console's typed "@PhoneSpec" does too, a greeting before a yes/no question included."""
    body = ask(message)
    assert title(body) == shown or body["content"].startswith(shown)


def test_role_mentions_are_never_phones() -> None:
    content = ask("!compare <@&1> vs <@&2>")["content"]
    assert content.startswith("Name two or three phones")


def test_echoed_links_never_unfurl() -> None:
    assert "<https://evil.example/phone>" in ask("!spec https://evil.example/phone")["content"]


# -- model numbers, codenames, identifiers (the data issue's fields) ----------------------------


def coded(id: str, model: str, **codes: tuple[str, ...]) -> Phone:
    brand = "Apple" if model.startswith("iPhone") else "Samsung"
    return Phone(id=id, brand=brand, model=model, released=dt.date(2024, 1, 1),
                 sources=("https://example.com",), **codes)  # fmt: skip


@cache
def coded_index() -> PhoneIndex:
    return PhoneIndex.build(
        [
            coded("s24u", "Galaxy S24 Ultra", model_numbers=("SM-S928B", "SM-S928U")),
            coded("s24", "Galaxy S24", model_numbers=("SM-S921B",)),
            coded("ip14p", "iPhone 14 Pro", identifiers=("iPhone15,2",), codenames=("D73",)),
            coded("twin-a", "Galaxy A1", model_numbers=("SM-X1",)),
            coded("twin-b", "Galaxy A2", model_numbers=("SM-X1",)),
        ]
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [("SM-S928B", "s24u"), ("sm s928u", "s24u"), ("iPhone15,2", "ip14p"), ("d73", "ip14p")],
)
def test_model_numbers_identifiers_and_codenames_find_the_phone(query: str, expected: str) -> None:
    match = coded_index().find(query)
    assert match.outcome is Outcome.FOUND
    assert match.phone is not None
    assert match.phone.id == expected


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("!spec iPhone15,2", "Apple iPhone 14 Pro"),
        ("!spec husky", "Google Pixel 8 Pro"),
        ("!spec 2201123G", "Xiaomi 12"),
        ("@PhoneSpec iPhone15,2 battery", "Apple iPhone 14 Pro — battery"),
    ],
)
def test_codes_of_the_bundled_catalog_through_the_router(message: str, shown: str) -> None:
    assert title(ask(message)) == shown


def test_a_model_number_the_catalog_lacks_is_not_found_but_its_variant_is_offered() -> None:
    """The bundled data lists the S24 Ultra as SM-S928U1 only: SM-S928B is not claimed, only
    offered in a menu as the phone whose code it shares but for the last letters."""
    ultra = catalog().index.identify("galaxy s24 ultra")
    assert ultra is not None
    assert ultra.model_numbers == ("SM-S928U1",)
    body = ask("!spec SM-S928B")
    assert not body.get("embeds")
    assert body["content"].startswith("No phone called *SM-S928B*")
    assert options(body) == [ultra.id]


def test_a_code_prefix_of_one_phone_suggests_that_phone() -> None:
    """ "SM-A106X" begins like one phone's codes only: that phone alone is offered (never
    answered); "SM-A105X" begins like two phones' codes: a choice between them, never one."""
    index = PhoneIndex.build(
        [
            coded("a10-f", "Galaxy A10", model_numbers=("SM-A105F",)),
            coded("a10-g", "Galaxy A10e", model_numbers=("SM-A105G",)),
            coded("a11", "Galaxy A11", model_numbers=("SM-A106U",)),
        ]
    )
    assert index.find("SM-A105X").outcome is Outcome.NOT_FOUND
    match = index.find("SM-A106X")
    assert match.outcome is Outcome.NOT_FOUND
    assert [c.phone.id for c in match.candidates] == ["a11"]


def test_a_model_number_two_phones_share_is_a_choice() -> None:
    match = coded_index().find("SM-X1")
    assert match.outcome is Outcome.AMBIGUOUS
    assert {c.phone.id for c in match.candidates} == {"twin-a", "twin-b"}


def test_a_shorthand_fitting_two_phones_is_a_choice() -> None:
    """ "p8p": the Pixel 8 Pro, or a Huawei P8 Pro; never one of them confidently."""
    phones = [
        Phone(id="pixel-8-pro", brand="Google", model="Pixel 8 Pro",
              released=dt.date(2023, 10, 12), sources=("https://example.com",)),
        Phone(id="p8-pro", brand="Huawei", model="P8 Pro",
              released=dt.date(2015, 4, 15), sources=("https://example.com",)),
    ]  # fmt: skip
    match = PhoneIndex.build(phones).find("p8p")
    assert match.outcome is Outcome.AMBIGUOUS
    assert {c.phone.id for c in match.candidates} == {"pixel-8-pro", "p8-pro"}


def test_a_4g_query_never_gets_the_5g_model() -> None:
    phones = [
        Phone(id="n13p5g", brand="Redmi", model="Note 13 Pro 5G",
              released=dt.date(2023, 9, 21), sources=("https://example.com",)),
    ]  # fmt: skip
    index = PhoneIndex.build(phones)
    assert index.find("redmi note 13 pro 4g").outcome is Outcome.NOT_FOUND
    assert index.find("redmi note 13 pro").outcome is Outcome.FOUND
