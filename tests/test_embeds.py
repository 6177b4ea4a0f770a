"""Embeds for phones: what a realistic spec sheet shows, topics, cards, comparisons, news and lists;
missing data left out; hostile text escaped; and Discord's limits kept for any data at all."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import views
from bot.catalog import Catalog, load_catalog
from bot.comparison import compare_embed, comparison
from bot.embeds import (
    Topic,
    ambiguous_text,
    card_embed,
    embed_text,
    fit_content,
    fit_embed,
    fit_embeds,
    latest_news_embeds,
    list_pages,
    news_embeds,
    not_found_text,
    spec_embed,
    topic_embed,
    topic_for,
)
from bot.models import NAME_MAX, NewsItem, Phone
from bot.replies import Embed, Reply
from tests.fakediscord.limits import message_violations

UPDATED = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
TECHAPI_SOURCE = (
    "https://github.com/Seungpyo1007/TechAPI/blob/870b879e/data/smartphone/xiaomi/2023/"
    "xiaomi-14-pro.json"
)
CPU = "1x3.3 GHz Cortex-X4 + 5x3.2 GHz Cortex-A720 + 2x2.3 GHz Cortex-A520"

XIAOMI_14_PRO: dict[str, Any] = {
    "id": "xiaomi-14-pro",
    "brand": "Xiaomi",
    "model": "14 Pro",
    "announced": "2023-10-26",
    "released": "2023-10-31",
    "price": {"CNY": 4999},
    "display": {
        "size_in": 6.73,
        "resolution": "1440x3200",
        "ppi": 522,
        "type": "LTPO AMOLED",
        "refresh_hz": 120,
        "refresh_min_hz": 1,
        "peak_nits": 3000,
        "protection": "Xiaomi Longjing Glass",
    },
    "chipset": {
        "name": "Snapdragon 8 Gen 3",
        "cpu": CPU,
        "gpu": "Adreno 750",
        "process_nm": 4,
        "geekbench_multi": 7200,
    },
    "memory": [
        {"ram_gb": 12, "storage_gb": 256},
        {"ram_gb": 16, "storage_gb": 512},
        {"ram_gb": 16, "storage_gb": 1024},
    ],
    "cameras": [
        {"role": "main", "mp": 50, "aperture": "f/1.42-f/4.0", "ois": True},
        {"role": "ultrawide", "mp": 50, "aperture": "f/2.2"},
        {"role": "telephoto", "mp": 50, "aperture": "f/2.0", "ois": True, "zoom_x": 3.2},
        {"role": "selfie", "mp": 32, "aperture": "f/2.0"},
    ],
    "battery": {"capacity_mah": 4880, "wired_w": 120, "wireless_w": 50, "reverse_w": 10},
    "body": {
        "height_mm": 161.4,
        "width_mm": 75.3,
        "thickness_mm": 8.5,
        "weight_g": 223,
        "build": "Glass front, titanium frame",
        "ip_rating": "IP68",
    },
    "os": "HyperOS (Android 14)",
    "connectivity": {
        "network": "5G",
        "wifi": "Wi-Fi 7",
        "bluetooth": "5.4",
        "nfc": True,
        "usb": "USB-C 3.2",
    },
    "image_url": "https://cdn.example.com/xiaomi-14-pro.webp",
    "sources": [
        TECHAPI_SOURCE,
        "https://www.mi.com/global/product/xiaomi-14-pro",
        "https://en.wikipedia.org/wiki/Xiaomi_14",
    ],
}

BARE = {"display", "chipset", "memory", "cameras", "battery", "body", "os", "connectivity"}
"""The optional parts of a phone: `phone(**dict.fromkeys(BARE))` knows none of them."""


def phone(**changes: Any) -> Phone:
    """A phone like the Xiaomi 14 Pro with `changes` applied; a None change removes the key."""
    data = {**XIAOMI_14_PRO, **changes}
    return Phone.model_validate({key: value for key, value in data.items() if value is not None})


def news(day: int, headline: str = "Headline", summary: str = "Summary.") -> NewsItem:
    return NewsItem(
        date=dt.date(2024, 1, day),
        headline=headline,
        summary=summary,
        source="Example News",
        url=f"https://news.example.com/{day}",
    )


def violations(embeds: Sequence[Embed], content: str = "") -> list[str]:
    """What Discord would refuse in one message holding `content` and `embeds`."""
    payload = {"content": content, "embeds": list(embeds)}
    return [f"{v.path}: {v.message}" for v in message_violations(payload)]


def sent(*embeds: Embed) -> list[Embed]:
    """The embeds of the message the bot sends for a reply holding `embeds`: builders return
    embeds as they are, and the whole message is fitted to Discord's limits on its way out."""
    return views.payload(Reply(embeds=embeds)).get("embeds", [])


def fields_of(embed: Embed) -> dict[str, str]:
    return {field["name"]: field["value"] for field in embed.get("fields", [])}


# --- the spec sheet --------------------------------------------------------------------------


def test_spec_embed_of_a_realistic_phone() -> None:
    """Title, source link, one-line summary, a field per part, picture and footer."""
    embed = spec_embed(phone(), UPDATED)
    assert embed["title"] == "Xiaomi 14 Pro"
    assert embed["url"] == "https://www.mi.com/global/product/xiaomi-14-pro"
    assert embed["description"] == (
        '6.73" 120 Hz LTPO AMOLED · Snapdragon 8 Gen 3 · 4880 mAh · 120 W · from CNY 4,999'
    )
    assert fields_of(embed) == {
        "Display": '6.73" LTPO AMOLED\n1440×3200 · 522 ppi\n1–120 Hz · 3000 nits peak\n'
        "Xiaomi Longjing Glass",
        "Chipset": f"Snapdragon 8 Gen 3 · 4 nm\n{CPU}\nAdreno 750\nGeekbench 7200 multi",
        "Memory": "12/256 GB · 16/512 GB · 16 GB/1 TB",
        "Cameras": "Main: 50 MP · f/1.42-f/4.0 · OIS\nUltrawide: 50 MP · f/2.2\n"
        "Telephoto: 50 MP · f/2.0 · OIS · 3.2× zoom\nSelfie: 32 MP · f/2.0",
        "Battery & charging": "4880 mAh · 120 W wired · 50 W wireless · 10 W reverse",
        "Body": "161.4×75.3×8.5 mm · 223 g\nGlass front, titanium frame · IP68",
        "OS": "HyperOS (Android 14)",
        "Connectivity": "5G · Wi-Fi 7 · Bluetooth 5.4 · NFC · USB-C 3.2",
        "Launch": "Announced 2023-10-26 · Released 2023-10-31\nLaunch price: CNY 4,999",
    }
    inline = {field["name"]: field["inline"] for field in embed["fields"]}
    assert inline["Cameras"] is False
    assert inline["Display"] is True
    assert embed["thumbnail"] == {"url": "https://cdn.example.com/xiaomi-14-pro.webp"}
    assert embed["footer"]["text"] == (
        "Sources: mi.com, en.wikipedia.org · data as of 2026-11-26 · Data: TechAPI (CC BY-SA 4.0)"
    )


@pytest.mark.parametrize(
    ("sources", "url", "footer"),
    [
        (
            [TECHAPI_SOURCE],
            TECHAPI_SOURCE,
            "data as of 2026-11-26 · Data: TechAPI (CC BY-SA 4.0)",
        ),
        (
            ["https://www.gsmarena.com/a", "https://www.gsmarena.com/b"],
            "https://www.gsmarena.com/a",
            "Source: gsmarena.com · data as of 2026-11-26",
        ),
        (
            ["https://github.com/someone/TechAPI-fork/x.json"],
            "https://github.com/someone/TechAPI-fork/x.json",
            "Source: github.com · data as of 2026-11-26",
        ),
    ],
)
def test_source_link_and_credit(sources: list[str], url: str, footer: str) -> None:
    """The link prefers a source that is not TechAPI's JSON; TechAPI is credited by licence."""
    embed = spec_embed(phone(sources=sources), UPDATED)
    assert embed["url"] == url
    assert embed["footer"]["text"] == footer


@pytest.mark.parametrize(
    ("changes", "field", "value"),
    [
        ({"price": {"USD": 899, "CNY": 4999}}, "Launch", "USD 899 · CNY 4,999"),
        ({"price": {"JPY": 189800.5}}, "Launch", "JPY 189,800.50"),
        ({"status": "rumored"}, "Launch", "Status: rumored"),
        ({"announced": None}, "Launch", "Released 2023-10-31\nLaunch price: CNY 4,999"),
        ({"battery": {"capacity_mah": 5000, "wireless_w": 0}}, "Battery & charging", "no wireless"),
        ({"body": {"thickness_mm": 7.9}}, "Body", "7.9 mm thick"),
        ({"memory": [{"ram_gb": 0.5, "storage_gb": 4}]}, "Memory", "0.5/4 GB"),
        ({"memory": [{"ram_gb": 16, "storage_gb": 2048}]}, "Memory", "16 GB/2 TB"),
        ({"connectivity": {"nfc": False}}, "Connectivity", "no NFC"),
        ({"cameras": [{"role": "tof", "mp": 0.3}]}, "Cameras", "ToF: 0.3 MP"),
        ({"cameras": [{"role": "cover-selfie", "mp": 10}]}, "Cameras", "Cover selfie: 10 MP"),
        ({"cameras": [{"role": "main", "mp": 48, "aperture": 1.8}]}, "Cameras", "f/1.8"),
        ({"display": {"size_in": 6.1, "refresh_hz": 60}}, "Display", '6.1"\n60 Hz'),
    ],
)
def test_spec_field_wording(changes: dict[str, Any], field: str, value: str) -> None:
    """How prices, statuses, partial data and the catalog's "0 means none" read."""
    assert value in fields_of(spec_embed(phone(**changes), UPDATED))[field]


def test_missing_data_is_left_out_never_printed_as_none() -> None:
    """A phone known only by name and date: no empty fields, no "None", no thumbnail, and a
    plain word that the detailed specs are not in the catalog yet."""
    embed = spec_embed(phone(**dict.fromkeys(BARE), price={}, image_url=None), UPDATED)
    assert fields_of(embed) == {"Launch": "Announced 2023-10-26 · Released 2023-10-31"}
    assert embed["description"] == "Detailed specs are not in the catalog yet."
    assert "thumbnail" not in embed
    assert "None" not in json.dumps(embed)


# --- topics ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("topic", "description"),
    [
        (Topic.BATTERY, "4880 mAh · 120 W wired · 50 W wireless · 10 W reverse"),
        (Topic.CHARGING, "120 W wired · 50 W wireless · 10 W reverse"),
        (Topic.MEMORY, "12/256 GB · 16/512 GB · 16 GB/1 TB"),
        (Topic.PRICE, "Launch price: CNY 4,999"),
        (Topic.WEIGHT, "223 g"),
        (Topic.SIZE, '161.4×75.3×8.5 mm · 6.73" display'),
        (Topic.OS, "HyperOS (Android 14)"),
        (Topic.RELEASE, "Announced 2023-10-26 · Released 2023-10-31"),
        (Topic.CONNECTIVITY, "5G · Wi-Fi 7 · Bluetooth 5.4 · NFC · USB-C 3.2"),
    ],
)
def test_topic_embed_answers_just_that(topic: Topic, description: str) -> None:
    """A topic is a title naming it and the answer as the description, nothing else."""
    embed = topic_embed(phone(), topic, UPDATED)
    assert embed["title"] == f"Xiaomi 14 Pro — {topic.label}"
    assert embed["description"] == description
    assert "fields" not in embed
    assert "data as of 2026-11-26" in embed["footer"]["text"]


@pytest.mark.parametrize(
    ("changes", "topic", "description"),
    [
        ({"battery": None}, Topic.BATTERY, "The catalog has no battery data for Xiaomi 14 Pro."),
        (
            {"battery": {"capacity_mah": 4000}},
            Topic.CHARGING,
            "The catalog has no charging data for Xiaomi 14 Pro.",
        ),
        ({"price": {}}, Topic.PRICE, "The catalog has no price data for Xiaomi 14 Pro."),
        (
            {"body": {"build": "Glass"}},
            Topic.WEIGHT,
            "The catalog has no weight data for Xiaomi 14 Pro.",
        ),
        ({"os": None}, Topic.OS, "The catalog has no OS data for Xiaomi 14 Pro."),
        ({"cameras": None}, Topic.CAMERA, "The catalog has no camera data for Xiaomi 14 Pro."),
    ],
)
def test_topic_without_data_says_so(
    changes: dict[str, Any], topic: Topic, description: str
) -> None:
    assert topic_embed(phone(**changes), topic, UPDATED)["description"] == description


@pytest.mark.parametrize(
    ("word", "topic"),
    [
        ("battery", Topic.BATTERY),
        ("mAh", Topic.BATTERY),
        ("Charging?", Topic.CHARGING),
        ("fast  charging", Topic.CHARGING),
        ("wireless", Topic.CHARGING),
        ("cameras", Topic.CAMERA),
        ("zoom", Topic.CAMERA),
        ("selfie", Topic.CAMERA),
        ("screen", Topic.DISPLAY),
        ("refresh", Topic.DISPLAY),
        ("processor", Topic.CHIPSET),
        ("soc", Topic.CHIPSET),
        ("ram", Topic.MEMORY),
        ("storage", Topic.MEMORY),
        ("costs", Topic.PRICE),
        ("heavy", Topic.WEIGHT),
        ("big", Topic.SIZE),
        ("thickness", Topic.SIZE),
        ("waterproof", Topic.BODY),
        ("IP", Topic.BODY),
        ("android", Topic.OS),
        ("when", Topic.RELEASE),
        ("launched", Topic.RELEASE),
        ("nfc", Topic.CONNECTIVITY),
        ("5G", None),  # a word of phones' names ("Galaxy A15 5G"), never a topic
        ("charging speed", Topic.CHARGING),
        ("updates", Topic.OS),
        ("glass", Topic.DISPLAY),
        ("wi-fi", Topic.CONNECTIVITY),
        ("pro", None),
        ("xiaomi", None),
        ("", None),
    ],
)
def test_topic_for_maps_the_words_people_use(word: str, topic: Topic | None) -> None:
    assert topic_for(word) is topic


# --- cards, comparisons, news and lists ------------------------------------------------------


def test_card_embed_is_compact() -> None:
    """An inline look-up: the summary and four key figures, inline, with the picture."""
    embed = card_embed(phone())
    assert embed["title"] == "Xiaomi 14 Pro"
    assert embed["description"].startswith('6.73" 120 Hz LTPO AMOLED')
    assert fields_of(embed) == {
        "Main camera": "50 MP",
        "RAM": "16 GB",
        "Storage": "1 TB",
        "Weight": "223 g",
    }
    assert all(field["inline"] for field in embed["fields"])
    assert "thumbnail" in embed


def test_news_embeds_newest_first_at_most_ten() -> None:
    """One embed per item, newest first, dated, with what it is about above the headline."""
    embeds = news_embeds("Xiaomi 14", [news(day) for day in range(1, 13)])
    assert len(embeds) == 10
    assert [embed["url"] for embed in embeds[:2]] == [
        "https://news.example.com/12",
        "https://news.example.com/11",
    ]
    first = embeds[0]
    assert first["author"] == {"name": "Xiaomi 14"}
    assert (first["title"], first["description"]) == ("Headline", "Summary.")
    assert first["footer"] == {"text": "Example News"}
    assert first["timestamp"] == "2024-01-12T12:00:00+00:00"
    assert news_embeds("Xiaomi 14", []) == []


def test_latest_news_embeds_say_what_each_is_about() -> None:
    embeds = latest_news_embeds([("Xiaomi 14", news(1)), ("Xiaomi 14 series", news(2))])
    assert [embed["author"]["name"] for embed in embeds] == ["Xiaomi 14 series", "Xiaomi 14"]


def test_list_pages_number_every_phone_across_pages() -> None:
    phones = [phone(model=f"{n} Pro") for n in range(1, 48)]
    pages = list_pages("Xiaomi phones", phones)
    assert len(pages) == 5
    assert pages[0]["title"] == "Xiaomi phones"
    assert pages[0]["description"].splitlines()[0] == (
        "1. Xiaomi 1 Pro — 2023 · Snapdragon 8 Gen 3 · 4880 mAh"
    )
    assert pages[1]["description"].splitlines()[0].startswith("11. Xiaomi 11 Pro")
    assert pages[0]["footer"]["text"] == "Page 1/5 · 47 phones"
    assert len(pages[4]["description"].splitlines()) == 7


def test_list_pages_act_as_a_sequence_of_pages_built_once() -> None:
    """Pages are built when read (a 10,000-phone list is 1,000 pages), each only once."""
    pages = list_pages("Xiaomi phones", [phone(model=f"{n} Pro") for n in range(1, 48)])
    assert pages[-1] is pages[4]
    assert pages[3:] == [pages[3], pages[4]]
    assert list(pages) == [pages[number] for number in range(5)]
    with pytest.raises(IndexError):
        pages[5]
    with pytest.raises(ValueError, match="at least 1"):
        list_pages("Phones", [], 0)


@pytest.mark.parametrize(
    ("phones", "per_page", "footer", "first_line"),
    [
        ([], 10, "Page 1/1 · 0 phones", "No phones to list."),
        ([phone(chipset=None, battery=None)], 10, "Page 1/1 · 1 phone", "1. Xiaomi 14 Pro — 2023"),
        (
            [phone()] * 3,
            1,
            "Page 1/3 · 3 phones",
            "1. Xiaomi 14 Pro — 2023 · Snapdragon 8 Gen 3 · 4880 mAh",
        ),
    ],
)
def test_list_pages_edges(phones: list[Phone], per_page: int, footer: str, first_line: str) -> None:
    first = list_pages("Phones", phones, per_page)[0]
    assert first["footer"]["text"] == footer
    assert first["description"].splitlines()[0] == first_line


# --- text for people, escaped ----------------------------------------------------------------


def test_not_found_and_ambiguous_texts() -> None:
    pixel = phone(brand="Google", model="Pixel 8")
    pixel_pro = phone(brand="Google", model="Pixel 8 Pro")
    assert not_found_text("xyz", [pixel, pixel_pro, phone()]) == (
        "No phone called *xyz* in the catalog. "
        "Did you mean: Google Pixel 8, Google Pixel 8 Pro or Xiaomi 14 Pro?"
    )
    assert not_found_text("xyz", []) == "No phone called *xyz* in the catalog."
    assert ambiguous_text("pixel 8", [pixel, pixel_pro]) == (
        "*pixel 8* could be several phones. Did you mean: Google Pixel 8 or Google Pixel 8 Pro?"
    )


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("@everyone", "*@\u200beveryone*"),
        ("@here", "*@\u200bhere*"),
        ("<@123>", "*<@\u200b123>*"),
        ("<@&42> <@!7>", "*<@\u200b&42> <@\u200b!7>*"),
        ("**bold** _it_", "*\\*\\*bold\\*\\* \\_it\\_*"),
        ("a*", "*a\\**"),
        ("`code` ||spoiler||", "*\\`code\\` \\|\\|spoiler\\|\\|*"),
        ("[click](https://evil.example)", "*\\[click](<https://evil.example>)*"),
        ("https://evil.example/x", "*<https://evil.example/x>*"),  # no link preview
        ("# big\n> quote", "*\\# big > quote*"),
        ("x" * 500, f"*{'x' * 99}…*"),
    ],
)
def test_user_queries_are_echoed_inert(query: str, shown: str) -> None:
    """No pings, no markdown, no headings or quotes, and a long query is cut short."""
    assert not_found_text(query, []) == f"No phone called {shown} in the catalog."


@pytest.mark.parametrize(
    ("model", "title"),
    [
        ("@everyone", "Xiaomi @\u200beveryone"),
        ("<@123>", "Xiaomi <@\u200b123>"),
        ("**14** Pro", "Xiaomi \\*\\*14\\*\\* Pro"),
    ],
)
def test_catalog_text_is_escaped_in_embeds(model: str, title: str) -> None:
    """Names and texts from the catalog cannot ping or format, in any embed that shows them."""
    hostile = phone(model=model, os="@here **HyperOS**")
    assert spec_embed(hostile, UPDATED)["title"] == title
    assert fields_of(spec_embed(hostile, UPDATED))["OS"] == "@\u200bhere \\*\\*HyperOS\\*\\*"
    assert card_embed(hostile)["title"] == title
    assert compare_embed(comparison([hostile, phone()], UPDATED))["title"].startswith(title)
    assert not_found_text("x", [hostile]).endswith(f"Did you mean: {title}?")


# --- fitting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fitted"),
    [
        ("short", "short"),
        ("word " * 500, "word " * 398 + "word…"),
        ("x" * 1500 + "\n" + "y " * 400, "x" * 1500 + "…"),
        ("word · " * 400, "word · " * 284 + "word…"),
        ("a" * 500 + " " + "b" * 2000, "a" * 500 + " " + "b" * 1498 + "…"),
        ("x" * 3000, "x" * 1999 + "…"),
    ],
)
def test_cuts_end_cleanly_at_a_line_or_word(text: str, fitted: str) -> None:
    """Cut at a line break, else a word break, when one falls in the second half; separators
    do not dangle before the "…"."""
    assert fit_content(text) == fitted
    assert len(fitted) <= 2000


def test_fit_embed_keeps_to_every_limit() -> None:
    """Too many fields, too long texts: the embed shrinks to what Discord accepts."""
    embed = {
        "title": "T" * 300,
        "description": "word " * 2000,
        "fields": [{"name": f"F{n}" * 100, "value": "v " * 700} for n in range(30)],
        "footer": {"text": "f" * 3000},
        "author": {"name": "a" * 300},
    }
    fitted = fit_embed(embed)
    assert violations([fitted]) == []
    assert len(fitted["fields"]) == 25
    assert fitted["title"].endswith("…")
    # the input is not changed, its nested parts neither
    assert embed["title"] == "T" * 300
    assert embed["footer"]["text"] == "f" * 3000
    assert len(embed["fields"]) == 30
    assert embed["fields"][0]["value"] == "v " * 700


def test_fit_embeds_share_one_message_budget() -> None:
    """Ten embeds of 4000-character summaries: each cut, the short titles kept whole."""
    items = [news(d, summary="long words " * 360) for d in range(1, 11)]
    embeds = fit_embeds(news_embeds("Xiaomi 14", items))
    assert violations(embeds) == []
    assert all(embed["title"] == "Headline" for embed in embeds)
    assert all(embed["description"].endswith("…") for embed in embeds)


# --- the console -----------------------------------------------------------------------------


def test_embed_text_reads_like_the_embed() -> None:
    """Title, link, summary, "Name: value" fields (multi-line ones indented), footer."""
    text = embed_text(spec_embed(phone(os="**HyperOS**"), UPDATED))
    assert text.startswith(
        'Xiaomi 14 Pro\nhttps://www.mi.com/global/product/xiaomi-14-pro\n6.73" 120 Hz'
    )
    assert 'Display:\n  6.73" LTPO AMOLED\n  1440×3200 · 522 ppi\n' in text
    assert "\nMemory: 12/256 GB · 16/512 GB · 16 GB/1 TB\n" in text
    assert "\nOS: **HyperOS**\n" in text  # escapes undone for reading
    assert text.endswith("data as of 2026-11-26 · Data: TechAPI (CC BY-SA 4.0)")


def test_embed_text_of_news_and_comparisons() -> None:
    news_text = embed_text(news_embeds("Xiaomi 14", [news(5)])[0])
    assert news_text == (
        "Xiaomi 14\nHeadline\nhttps://news.example.com/5\nSummary.\n\nExample News · 2024-01-05"
    )
    lighter = phone(model="14", body={"weight_g": 193})
    compared = embed_text(compare_embed(comparison([phone(), lighter], UPDATED)))
    assert 'Xiaomi 14 Pro | Xiaomi 14\nDisplay: 6.73" | 6.73"\n' in compared
    assert "\nWeight: 223 g | 193 g ✅\n" in compared


# --- any data at all -------------------------------------------------------------------------

HOSTILE = [
    "@everyone", "@here", "<@123>", "<@&1>", "<#5>", "**", "__", "_", "*", "`", "```", "~~",
    "||", "> ", "# ", "- ", "\\", "[x](https://e.example)", "https://e.example/a_b", "\n",
    " ", "word", "é", "😀", "\u200b", "…",
]  # fmt: skip

hostile_text = st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=80).map("".join)
any_text = st.one_of(hostile_text, st.text(min_size=1, max_size=300))


def _usable(limit: int) -> st.SearchStrategy[str]:
    """Text the schema accepts (stripped, not empty, at most `limit` characters)."""
    return any_text.map(lambda text: text.strip()[:limit]).filter(bool)


@st.composite
def hostile_phones(draw: st.DrawFn) -> Phone:
    """A phone whose every text is long or hostile (names as long as the schema allows)."""
    brand = draw(_usable(40))
    room = NAME_MAX - len(brand) - 1
    long_model = st.integers(1, room).map(lambda n: ("Pro @everyone **Max** " * 20)[:n].strip())
    return phone(
        brand=brand,
        model=draw(st.one_of(long_model, _usable(room)).filter(bool)),
        os=draw(_usable(500)),
        display={**XIAOMI_14_PRO["display"], "type": draw(_usable(500))},
        chipset={"name": draw(_usable(500)), "cpu": draw(_usable(500))},
        body={"build": draw(_usable(500)), "ip_rating": "IP68"},
        connectivity={"wifi": draw(_usable(500)), "usb": draw(_usable(500))},
        sources=[f"https://{n}{'a' * 60}.example/" for n in range(draw(st.integers(1, 40)))],
    )


@st.composite
def hostile_news(draw: st.DrawFn) -> NewsItem:
    return NewsItem(
        date=draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1))),
        headline=draw(_usable(500)),
        summary=draw(st.integers(1, 4000).map(lambda n: ("@here **a** b " * 400)[:n].strip())),
        source=draw(_usable(500)),
        url="https://news.example.com/x",
    )


MENTION = re.compile(r"@(everyone|here|[!&]?\d)")


def rendered_texts(embed: Embed) -> Iterator[str]:
    """The texts Discord parses for markdown and mentions (footers and authors are plain)."""
    yield embed.get("title", "")
    yield embed.get("description", "")
    for field in embed.get("fields", []):
        yield field["value"]


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(hostile_phones(), hostile_phones(), st.sampled_from(list(Topic)), any_text)
def test_every_builder_fits_and_never_pings(
    first: Phone, second: Phone, topic: Topic, query: str
) -> None:
    """Whatever the catalog or the user holds, Discord accepts what we send (each embed, a
    page too, as the message it goes out in), and text we echo cannot ping."""
    embeds = [
        spec_embed(first, UPDATED),
        topic_embed(first, topic, UPDATED),
        card_embed(first),
        compare_embed(comparison([first, second, first], UPDATED)),
        *list_pages(query, [first, second] * 30),
    ]
    content = not_found_text(query, [first, second, first])
    for built in embeds:
        [embed] = sent(built)
        assert violations([embed]) == []
        assert not any(MENTION.search(text) for text in rendered_texts(embed))
    assert violations([], content) == []
    assert violations([], ambiguous_text(query, [first, second] * 20)) == []
    assert not MENTION.search(content)


@PROPERTY
@given(st.lists(hostile_news(), max_size=12), _usable(300))
def test_news_fits_one_message(items: list[NewsItem], subject: str) -> None:
    """Up to twelve items with 4000-character summaries still make one valid message."""
    embeds = sent(*news_embeds(subject, items))
    assert len(embeds) == min(len(items), 10)
    assert violations(embeds) == []
    assert [e["timestamp"] for e in embeds] == sorted(
        (e["timestamp"] for e in embeds), reverse=True
    )


def sized_text(longest: int) -> st.SearchStrategy[str]:
    return st.builds(
        lambda size, piece: (piece * size)[:size],
        st.integers(0, longest),
        st.sampled_from(["word ", "line\n", "x", "😀", "**", "\\_", " · "]),
    )


@st.composite
def raw_embeds(draw: st.DrawFn, longest: int = 7000, most_fields: int = 40) -> Embed:
    """Embeds of any size, some texts empty, some far beyond Discord's limits."""
    text = sized_text(longest)
    field = st.fixed_dictionaries({"name": text, "value": text, "inline": st.booleans()})
    return {
        "title": draw(text),
        "description": draw(text),
        "fields": draw(st.lists(field, max_size=most_fields)),
        "footer": {"text": draw(text)},
        "author": {"name": draw(text)},
    }


def text_pairs(before: Embed, after: Embed) -> Iterator[tuple[str, str]]:
    """Each text before fitting with what became of it ("" when left out)."""
    for key in ("title", "description"):
        yield before[key], after.get(key, "")
    yield before["footer"]["text"], after.get("footer", {}).get("text", "")
    yield before["author"]["name"], after.get("author", {}).get("name", "")
    kept = [f for f in before["fields"][:25] if f["name"].strip() and f["value"].strip()]
    for old, new in zip(kept, after.get("fields", []), strict=True):
        yield old["name"], new["name"]
        yield old["value"], new["value"]


def kept_or_cut(old: str, new: str) -> bool:
    """Whole, cut to a prefix ending in "…", or left out because it was blank."""
    cut = new.endswith("…") and old.startswith(new[:-1])
    return new == old or cut or (not old.strip() and not new)


@PROPERTY
@given(st.lists(raw_embeds(), min_size=1, max_size=12))
def test_fit_embeds_always_within_limits_and_only_cut(embeds: list[Embed]) -> None:
    """Any embeds fit in one message; every text is kept whole, cut to a prefix ending in "…" or,
    if blank, left out (Discord refuses blank field texts); fitting again changes nothing."""
    fitted = fit_embeds(embeds)
    assert len(fitted) == min(len(embeds), 10)
    assert violations(fitted) == []
    assert fit_embeds(fitted) == fitted
    for before, after in zip(embeds, fitted, strict=False):
        for old, new in text_pairs(before, after):
            assert kept_or_cut(old, new), (old, new)


@PROPERTY
@given(raw_embeds(longest=300, most_fields=10))
def test_fit_embed_leaves_a_valid_embed_alone(embed: Embed) -> None:
    """An embed Discord accepts, with no empty texts, comes back unchanged."""
    fields = [text for field in embed["fields"] for text in (field["name"], field["value"])]
    texts = [embed["title"], embed["description"], embed["footer"]["text"], *fields]
    texts.append(embed["author"]["name"])
    if violations([embed]) == [] and all(text.strip() for text in texts):
        assert fit_embed(embed) == embed


# --- the bundled catalog ---------------------------------------------------------------------

DATA = Path(__file__).resolve().parent.parent / "data" / "specs.yaml"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(DATA)


def test_every_bundled_phone_renders_within_limits(catalog: Catalog) -> None:
    """Each phone's sheet, card and every topic fits Discord and never says "None"."""
    for listed in catalog.phones:
        embeds = [
            spec_embed(listed, catalog.updated),
            card_embed(listed),
            *(topic_embed(listed, topic, catalog.updated) for topic in Topic),
        ]
        for embed in embeds:
            assert violations([embed]) == [], listed.id
            assert "None" not in json.dumps(embed), listed.id
    assert violations(latest_news_embeds(catalog.latest_news())) == []


# --- data-issue additions: identifiers, support, approximate dates, foldables, prices -------


def test_spec_embed_shows_what_the_phone_is_also_known_as() -> None:
    """Model numbers, codenames and identifiers are listed under "Also known as"."""
    embed = spec_embed(
        phone(model_numbers=["23116PN5BC"], codenames=["shennong"], identifiers=["X,1"]), UPDATED
    )
    assert fields_of(embed)["Also known as"] == "23116PN5BC, shennong, X,1"


def test_spec_embed_shows_update_support_by_month() -> None:
    support = {
        "os_upgrades_until": "2030-10-01",
        "security_until": "2031-10-31",
        "source": "https://endoflife.date/pixel",
    }
    launch = fields_of(spec_embed(phone(support=support), UPDATED))["Launch"]
    assert "Android upgrades until 2030-10 · security until 2031-10" in launch


def test_an_ambiguous_date_reads_released_approx_never_announced() -> None:
    embed = spec_embed(phone(announced=None, released="2023-09-01", released_approx=True), UPDATED)
    assert fields_of(embed)["Launch"].startswith("Released (approx.) 2023-09\n")


def test_a_foldable_shows_open_and_folded_sizes() -> None:
    body = {
        "height_mm": 155.1,
        "width_mm": 132.6,
        "thickness_mm": 5.6,
        "weight_g": 239,
        "folded": {"height_mm": 155.1, "width_mm": 68.1, "thickness_mm": 12.1},
    }
    body_text = fields_of(spec_embed(phone(body=body), UPDATED))["Body"]
    assert body_text.startswith("Open 155.1×132.6×5.6 mm · folded 155.1×68.1×12.1 mm · 239 g")


@pytest.mark.parametrize(
    "folded",
    [
        {"height_mm": 155.1, "width_mm": 68.1, "thickness_mm": 5.0},  # thinner folded than open
        {"height_mm": 160.0, "width_mm": 140.0, "thickness_mm": 12.1},  # larger folded than open
    ],
)
def test_a_folded_size_must_be_smaller_than_the_open_one(folded: dict[str, float]) -> None:
    body = {"height_mm": 155.1, "width_mm": 132.6, "thickness_mm": 5.6, "folded": folded}
    with pytest.raises(ValueError, match="folded"):
        phone(body=body)


def test_support_cannot_end_before_launch_nor_upgrades_outlast_security() -> None:
    source = "https://endoflife.date/pixel"
    with pytest.raises(ValueError, match="before the phone launched"):
        phone(support={"security_until": "2020-01-01", "source": source})
    with pytest.raises(ValueError, match="outlast"):
        phone(
            support={
                "os_upgrades_until": "2031-01-01",
                "security_until": "2030-01-01",
                "source": source,
            }
        )


def test_converted_prices_are_marked_and_never_the_launch_price() -> None:
    embed = spec_embed(phone(price={"CNY": 4999}, price_converted={"USD": 699}), UPDATED)
    assert "Launch price: CNY 4,999\n≈ converted: USD 699" in fields_of(embed)["Launch"]
    assert "from CNY 4,999" in embed["description"]


def test_footer_credits_every_open_dataset_a_phone_uses() -> None:
    sources = [TECHAPI_SOURCE, "https://wiki.lineageos.org/devices/shennong/"]
    footer = spec_embed(phone(sources=sources), UPDATED)["footer"]["text"]
    assert footer == (
        "data as of 2026-11-26 · Data: TechAPI (CC BY-SA 4.0), LineageOS Wiki (CC BY-SA 3.0)"
    )
