"""Command logic through the console path: the payloads the bot would send to Discord."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot import answers
from bot.answers import refused_reply
from bot.catalog import Catalog, CatalogError, Problem, load_catalog
from bot.console import Console, render
from bot.embeds import embed_text
from bot.models import Phone
from bot.views import payload
from tests.oversized import write_oversized_catalog
from tests.test_embeds import violations

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "specs.yaml"
NO_PINGS = {"parse": []}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(DATA)


@pytest.fixture
def console(catalog: Catalog) -> Console:
    return Console(catalog, DATA)


def ask(console: Console, message: str) -> dict[str, Any]:
    """The JSON payload for `message`, checked against Discord's limits and for pings."""
    reply = console.respond(message)
    assert reply is not None, f"no reply to {message!r}"
    body = payload(reply, requester_id=1)
    assert body["allowed_mentions"] == NO_PINGS
    assert len(body.get("content") or "") <= 2000
    assert len(body.get("embeds", [])) <= 10
    for embed in body.get("embeds", []):
        assert embed_size(embed) <= 6000
        assert len(embed.get("fields", [])) <= 25
    return body


def embed_size(embed: dict[str, Any]) -> int:
    fields = embed.get("fields", [])
    return (
        len(embed.get("title", ""))
        + len(embed.get("description", ""))
        + sum(len(f["name"]) + len(f["value"]) for f in fields)
        + len(embed.get("footer", {}).get("text", ""))
        + len(embed.get("author", {}).get("name", ""))
    )


def text_of(body: dict[str, Any]) -> str:
    """Everything a person reads in the payload, as one string."""
    parts = [body.get("content") or ""]
    for embed in body.get("embeds", []):
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
        parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(parts)


def options(body: dict[str, Any]) -> list[str]:
    """The values of the select menu in the payload."""
    return [
        option["value"]
        for row in body.get("components", [])
        for component in row["components"]
        for option in component.get("options", [])
    ]


def test_spec_answers_with_the_seed_phone_embed(console: Console) -> None:
    """`!spec xiaomi 14 pro`: one embed titled with the phone, with its key figures and sources."""
    body = ask(console, "!spec xiaomi 14 pro")
    embed = body["embeds"][0]
    assert embed["title"] == "Xiaomi 14 Pro"
    text = text_of(body)
    for fact in ("4880 mAh", "120 W", "Snapdragon 8 Gen 3", "f/1.42-f/4.0", "223 g", "4,999"):
        assert fact in text
    assert "2023-10-26" in text
    [[button]] = [row["components"] for row in body["components"]]
    assert (button["label"], button["custom_id"]) == (
        "Report a mistake",
        "report:new:xiaomi-14-pro",
    )


@pytest.mark.parametrize(
    ("message", "title"),
    [
        ("!spec xiomi 14 pro", "Xiaomi 14 Pro"),
        ("!spec mi 14 pro", "Xiaomi 14 Pro"),
        ("!spec mate 60 pro", "Huawei Mate 60 Pro"),
        ("!specs xiaomi14pro", "Xiaomi 14 Pro"),
        ("!SPEC Xiaomi 14 Pro", "Xiaomi 14 Pro"),
    ],
)
def test_spec_finds_the_phone_people_mean(console: Console, message: str, title: str) -> None:
    """Typos, aliases, a missing brand, squashed spacing and command case all reach the phone."""
    assert ask(console, message)["embeds"][0]["title"] == title


@pytest.mark.parametrize(
    ("message", "fact"),
    [
        ("!spec xiaomi 14 pro battery", "4880 mAh"),
        ("!spec xiaomi 14 pro charging", "120 W"),
        ("!spec xiaomi 14 pro weight", "223 g"),
        ("!spec mate 60 pro chipset", "Kirin 9000S"),
        ("!spec xiaomi 14 price", "3,999"),
        ("!spec pixel 8 nfc", "NFC"),
    ],
)
def test_spec_with_a_topic_answers_just_that(console: Console, message: str, fact: str) -> None:
    """`spec <phone> <topic>` gives one short embed about that topic."""
    body = ask(console, message)
    assert len(body["embeds"]) == 1
    assert fact in text_of(body)
    assert len(body["embeds"][0].get("fields", [])) < 5


@pytest.mark.parametrize(
    ("message", "title"),
    [
        ("!spec pixel 4a 5g", "Google Pixel 4a (5G)"),
        ("!spec galaxy s21 5g", "Samsung Galaxy S21 5G"),
        ("!spec pixel 4a (5g) connectivity", "Google Pixel 4a (5G) — connectivity"),
    ],
)
def test_a_name_ending_in_a_topic_word_is_the_phone(
    console: Console, message: str, title: str
) -> None:
    """ "5G" ends many names and is also a topic word: the phone called so wins."""
    assert ask(console, message)["embeds"][0]["title"] == title


def test_ambiguous_query_offers_a_menu_and_the_choice_answers(console: Console) -> None:
    """`!spec 14 pro` could be two phones: a menu of both; choosing one shows its sheet."""
    body = ask(console, "!spec 14 pro")
    assert "Xiaomi 14 Pro" in body["content"]
    assert "iPhone 14 Pro" in body["content"]
    assert {"xiaomi-14-pro", "iphone-14-pro"} <= set(options(body))
    assert not body.get("embeds")
    position = options(body).index("xiaomi-14-pro") + 1
    chosen = ask(console, str(position))
    assert chosen["embeds"][0]["title"] == "Xiaomi 14 Pro"
    assert console.respond(str(position)) is None  # the answer replaced the menu


@pytest.mark.parametrize("query", ["iphone 99", "galaxy s30", "nokia 3310"])
def test_phones_that_do_not_exist_are_never_answered(console: Console, query: str) -> None:
    """A phone that does not exist gets a short not-found message, never someone else's sheet;
    a maker the catalog lacks is named ("No Nokia phones in the catalog.")."""
    body = ask(console, f"!spec {query}")
    assert not body.get("embeds")
    assert re.match(r"No (?:phone called|Nokia phones in the catalog)", body["content"])


def test_compare_marks_a_winner_per_row(console: Console) -> None:
    """`!compare a vs b`: one embed naming both phones, with a verdict line."""
    body = ask(console, "!compare xiaomi 14 pro vs pixel 8 pro")
    embed = body["embeds"][0]
    assert "Xiaomi 14 Pro" in embed["title"]
    assert "Pixel 8 Pro" in embed["title"]
    assert "wins" in text_of(body)
    assert "4880" in text_of(body)


@pytest.mark.parametrize(
    "message",
    [
        "!compare xiaomi 14 pro, pixel 8 pro",
        "!compare xiaomi 14 pro and pixel 8 pro",
        "!vs xiaomi 14 pro vs pixel 8 pro vs mate 60 pro",
    ],
)
def test_compare_accepts_the_ways_people_list_phones(console: Console, message: str) -> None:
    body = ask(console, message)
    assert len(body["embeds"]) == 1
    assert "Pixel 8 Pro" in body["embeds"][0]["title"]


def test_news_shows_the_series_launch_news(console: Console) -> None:
    """`!news xiaomi 14`: its own news and its series' million-units item, newest first."""
    body = ask(console, "!news xiaomi 14")
    titles = [e["title"] for e in body["embeds"]]
    assert any("million units" in t for t in titles)
    dates = [e["timestamp"][:10] for e in body["embeds"] if "timestamp" in e]
    assert dates == sorted(dates, reverse=True)


def test_news_ends_with_the_launch_card_built_from_the_phone(console: Console) -> None:
    """Every phone has launch news: a card made from its dates, prices and support."""
    body = ask(console, "!news xiaomi 14")
    launch = body["embeds"][-1]
    assert launch["title"] == "Launch of the Xiaomi 14"
    assert "Announced 2023-10-26" in launch["description"]


def test_series_news_is_never_shown_on_a_phone_launched_after_it(console: Console) -> None:
    """The 14 Ultra (February 2024) did not "sell a million in a week" (November 2023)."""
    titles = [e["title"] for e in ask(console, "!news xiaomi 14 ultra")["embeds"]]
    assert not any("million units" in title for title in titles)
    assert titles[-1] == "Launch of the Xiaomi 14 Ultra"


@pytest.mark.parametrize(
    ("dates", "first"),
    [
        ({"announced": "2024-01-17", "released": "2024-01-31"}, dt.date(2024, 1, 17)),
        ({"released": "2025-02-07"}, dt.date(2024, 12, 24)),
    ],
)
def test_series_news_counts_from_the_announcement_or_weeks_before_release(
    dates: dict[str, str], first: dt.date
) -> None:
    """A phone known only by its release date was shown some weeks before: its launch event's
    series news still belongs to it."""
    phone = Phone.model_validate(
        {"id": "x", "brand": "B", "model": "M", "sources": ["https://a.example"], **dates}
    )
    assert answers.first_shown(phone) == first


def test_news_alone_lists_the_latest_items(console: Console) -> None:
    body = ask(console, "!news")
    assert 1 <= len(body["embeds"]) <= 10


def test_mention_question_answers_the_topic(console: Console) -> None:
    """ "@PhoneSpec how big is the battery on the xiaomi 14 pro?" answers the battery."""
    body = ask(console, "@PhoneSpec how big is the battery on the xiaomi 14 pro?")
    assert "4880 mAh" in text_of(body)
    assert "battery" in body["embeds"][0]["title"].lower()


def test_mention_with_two_phones_compares_them(console: Console) -> None:
    body = ask(console, "@PhoneSpec how heavy is the mate 60 pro compared to the pixel 8 pro?")
    title = body["embeds"][0]["title"]
    assert "Mate 60 Pro" in title
    assert "Pixel 8 Pro" in title


def test_inline_lookups_give_compact_cards(console: Console) -> None:
    """[[phone]] anywhere in a message: a card each, at most three."""
    body = ask(console, "thinking of [[xiaomi 14 pro]] or [[pixel 8]] tbh")
    assert [e["title"] for e in body["embeds"]] == ["Xiaomi 14 Pro", "Google Pixel 8"]
    many = ask(console, " ".join(f"[[pixel {n}]]" for n in (6, 7, 8, 9)))
    assert len(many["embeds"]) == 3


def test_double_brackets_in_code_are_not_look_ups(console: Console) -> None:
    """Code such as `df[[cols]]` or wiki markup in a code block gets no "no such phone"."""
    assert console.respond("try `df[[cols]]` here") is None
    assert console.respond("```py\nx = a[[0, 1]]\n```") is None
    body = ask(console, "`[[nope]]` but [[pixel 8]]")
    assert [e["title"] for e in body["embeds"]] == ["Google Pixel 8"]
    assert not body.get("content")


def test_mentions_inside_a_query_are_not_part_of_the_name(console: Console) -> None:
    body = ask(console, "!spec xiaomi 14 pro <@123456789> @everyone")
    assert body["embeds"][0]["title"] == "Xiaomi 14 Pro"


@pytest.mark.parametrize(
    "message", ["!compare @everyone vs @here", "!compare pixel 8 vs <@123456789>"]
)
def test_compare_counts_no_mention_as_a_phone(console: Console, message: str) -> None:
    """A part that is nothing but a mention names no phone: ask for two, never "No phone
    called **"."""
    body = ask(console, message)
    assert body["content"].startswith("Name two or three phones")


def test_console_routes_a_message_as_the_bot_does(console: Console) -> None:
    """A command after a mention runs the command; an unknown command's [[phone]] gets a card
    (discord.py answers neither with silence)."""
    listed = ask(console, "@PhoneSpec phones samsung")
    assert listed["embeds"][0]["title"] == "Samsung phones"
    card = ask(console, "!whatever [[pixel 8]]")
    assert [e["title"] for e in card["embeds"]] == ["Google Pixel 8"]


def test_plain_chatter_gets_no_reply(console: Console) -> None:
    assert console.respond("hello everyone") is None
    assert console.respond("!notacommand") is None


@pytest.mark.parametrize(
    "message", ["!spec @everyone", "!spec <@123456789> xiaomi", "!phones @here", "[[@everyone]]"]
)
def test_user_text_echoed_back_never_pings(console: Console, message: str) -> None:
    """Mentions in user text come back escaped, and allowed_mentions forbids every ping."""
    body = ask(console, message)
    assert body["allowed_mentions"] == NO_PINGS
    content = body.get("content") or ""
    assert "@everyone" not in content.replace("@\u200beveryone", "")
    assert "@here" not in content.replace("@\u200bhere", "")


def test_console_shows_echoed_text_as_typed(console: Console) -> None:
    """Escapes are for Discord's markdown; the console prints the words (underscores too)."""
    printed = render(console.respond("!search no_such*phone"))
    assert printed == "Nothing in the catalog matches *no_such*phone*."


def test_phones_pages_with_buttons(console: Console) -> None:
    """`!phones samsung`: the first page and buttons; `more` shows the next page."""
    body = ask(console, "!phones samsung")
    first = body["embeds"][0]
    assert "Samsung" in first["title"]
    buttons = [c for row in body["components"] for c in row["components"] if c["type"] == 2]
    assert len(buttons) >= 2
    second = ask(console, "more")
    assert second["embeds"][0]["description"] != first["description"]


@pytest.fixture(scope="module")
def oversized_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """24 phones whose texts are as long as the schema allows: three pages of `!phones`."""
    path = tmp_path_factory.mktemp("oversized") / "specs.yaml"
    return load_catalog(write_oversized_catalog(path, 24))


@pytest.mark.parametrize(
    "messages",
    [
        ["!spec oversized 1"],
        ["!spec oversized 1 connectivity"],
        ["@PhoneSpec what chip is in oversized 3?"],
        ["!news oversized 0"],
        ["!compare oversized 0 vs oversized 1 vs oversized 2"],
        ["!phones"],
        ["!phones", "more"],
    ],
)
def test_an_answer_too_big_for_discord_goes_out_cut_to_fit(
    oversized_catalog: Catalog, messages: list[str]
) -> None:
    """Answers are fitted to Discord's limits once, on their way out: one too big as built
    reaches Discord (and `ask --json`) as one valid message, and the console prints the very
    texts Discord gets."""
    console = Console(oversized_catalog, DATA)
    replies = [console.respond(message) for message in messages]
    reply = replies[-1]
    assert reply is not None
    assert violations(reply.embeds, reply.content) != [], "the answer as built fits already"
    body = payload(reply)
    assert violations(body["embeds"], body.get("content") or "") == []
    printed = render(reply, pictures=None)
    for embed in body["embeds"]:
        assert embed_text(embed) in printed


def test_unknown_brand_suggests_close_ones(console: Console) -> None:
    body = ask(console, "!phones samsng")
    assert "Samsung" in body["content"]


def test_search_lists_candidates(console: Console) -> None:
    body = ask(console, "!search galaxy s2")
    assert "Galaxy S2" in text_of(body)


def test_help_lists_every_command_with_an_example(console: Console) -> None:
    text = text_of(ask(console, "!help"))
    for command in ("!spec", "!compare", "!news", "!phones", "!search", "!reload", "[["):
        assert command in text


def test_reload_valid_and_invalid_data(tmp_path: Path) -> None:
    """A valid change is served at once with a diff; broken data is refused and the old kept."""
    data = tmp_path / "specs.yaml"
    shutil.copy(DATA, data)
    console = Console(load_catalog(data), data)
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("capacity_mah: 4880", "capacity_mah: 4900"), encoding="utf-8")
    reloaded = render(console.respond("!reload"))
    assert "1 changed" in reloaded
    assert "xiaomi-14-pro" in reloaded
    assert "4900 mAh" in render(console.respond("!spec xiaomi 14 pro battery"))

    data.write_text(text.replace("capacity_mah: 4880", "capacity_mah: lots"), encoding="utf-8")
    refused = render(console.respond("!reload"))
    assert "Reload refused" in refused
    assert "specs.yaml:" in refused
    assert 'expected a whole number, got "lots"' in refused
    assert "4900 mAh" in render(console.respond("!spec xiaomi 14 pro battery"))


def run_cli(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )


def test_ask_json_prints_one_payload_per_message() -> None:
    """`ask --json` prints the exact payloads, one JSON line per message, from args or stdin."""
    result = run_cli("ask", "--json", "!spec xiaomi 14 pro", "-", stdin="[[pixel 8]]\nhello\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["embeds"][0]["title"] == "Xiaomi 14 Pro"
    assert lines[1]["embeds"][0]["title"] == "Google Pixel 8"
    assert lines[2] is None


def test_console_without_token_answers_piped_input_and_exits_at_eof() -> None:
    result = run_cli(stdin="!spec xiaomi 14 pro battery\n!spec iphone 99\n")
    assert result.returncode == 0, result.stderr
    assert "DISCORD_TOKEN" in result.stderr
    assert "4880 mAh" in result.stdout
    assert "No phone" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "stream", "text"),
    [
        (("check", "data/specs.yaml"), 0, "stdout", "phones"),
        (("check", "no/such.yaml"), 1, "stderr", "file not found"),
        (("check", "--bogus"), 2, "stderr", "usage"),
    ],
)
def test_check_exit_codes(args: tuple[str, ...], code: int, stream: str, text: str) -> None:
    result = run_cli(*args)
    assert result.returncode == code
    assert text in getattr(result, stream)


def test_bad_settings_are_named_without_a_traceback() -> None:
    """A typo in .env or the environment: which setting, and what it expects; exit 2."""
    result = run_cli("check", "data/specs.yaml", env={"OWNER_IDS": "12,abc", "LOG_LEVEL": "loud"})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "OWNER_IDS: expected ids (numbers) separated by commas, got '12,abc'" in result.stderr
    assert "LOG_LEVEL: expected DEBUG, INFO, WARNING, ERROR or CRITICAL" in result.stderr


def test_a_refused_reload_fits_one_message_with_its_code_block_closed(catalog: Catalog) -> None:
    """Long problems (long paths, values with backticks) never push the closing fence out of
    Discord's 2000 characters, nor close the block early."""
    problems = [
        Problem(f"/srv/{'deep/' * 20}specs.yaml", 10 + n, 27, "", f'got "{n}mah ```x```"')
        for n in range(40)
    ]
    content = refused_reply(CatalogError(problems), catalog).content
    assert len(content) <= 2000
    assert content.startswith("Reload refused: 40 problems in the data.")
    assert content.endswith("more\n```")
    assert content.count("```") == 2
    assert '10:27: got "0mah' in content
