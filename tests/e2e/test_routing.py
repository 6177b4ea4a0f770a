"""One router: the same messages through the console and through the real bot on FakeDiscord
give the same payloads (content, embeds, menus, allowed mentions)."""

from __future__ import annotations

import re
from typing import Any

import discord
import pytest

from bot.catalog import Catalog
from bot.console import Console
from bot.views import payload
from tests.e2e.harness import BUNDLED_DATA
from tests.fakediscord import FakeDiscord

MESSAGES = [
    "!spec s24u",
    "!spec\npixel 8 charging speed",  # a newline after the command
    "!spec",  # bare: the usage note
    "!spec iphone",  # a family: a menu of the newest
    "!spec galaxy s10 5g",
    "!spec infinix note 30",
    "!spec https://evil.example/phone",
    "!spec iphone 15 vs pixel 8 --text",
    "!compare pixel 8 x iphone 15 weight --text",  # the image card is Discord's alone
    "!compare <@&1> vs <@&2>",
    "!vs",
    "!find lightest with 120hz",
    "!find tallest",
    "!phones with 120w charging",
    "!help",
    "{bot} which is lighter, pixel 8 or iphone 15?",
    "{bot} is the iphone 13 waterproof",
    "{bot} does the galaxy s24 have wireless charging",
    "{bot} which phone has the biggest battery",
    "{bot} best phone",
    "so {bot} how heavy is the 갤럭시 S24 울트라?",  # a mention in the middle
    "hey {bot}, is the iphone 13 waterproof",  # a greeting before a yes/no question
    "{bot} battery of iphone 17 air",
    "torn between [[ip15pm]] and [[p8p]]",
]


def _comparable(body: dict[str, Any]) -> dict[str, Any]:
    """What a member sees: the random ids of components aside."""
    rows = [
        [{k: v for k, v in c.items() if k != "custom_id"} for c in row.get("components", [])]
        for row in body.get("components") or []
    ]
    return {
        "content": body.get("content") or "",
        "embeds": body.get("embeds") or [],
        "components": rows,
        "allowed_mentions": body.get("allowed_mentions"),
    }


@pytest.mark.parametrize("message", MESSAGES)
async def test_console_and_discord_answer_alike(
    server: FakeDiscord, bot: discord.Client, bundled_catalog: Catalog, message: str
) -> None:
    text = message.format(bot=server.mention("bot"))
    bot_id = server.user_id("bot")
    console = Console(bundled_catalog, BUNDLED_DATA, "!", bot_id=bot_id)
    author = server.user_id("member")
    reply = console.respond(text)
    assert reply is not None, f"the console did not answer {text!r}"
    expected = _comparable(payload(reply, requester_id=author))

    await server.send_message(text, mentions=["bot"] if "{bot}" in message else ())
    sent = await server.wait_for_bot_message()

    assert _comparable(sent.json) == expected


async def test_slash_find_completes_criteria_and_answers_with_what_it_understood(
    server: FakeDiscord, bot: discord.Client
) -> None:
    """`/find`: the criteria option completes what is typed; the options make one request."""
    await server.send_message("!sync guild", author="owner")
    await server.wait_for_bot_message()

    typing = await server.send_autocomplete("find", {"criteria": "5g 12"}, focused="criteria")
    suggested = await server.wait_for_interaction_response(typing)
    choices = [c["value"] for c in suggested.json["data"]["choices"]]
    assert choices[:2] == ["5g 120w", "5g 120hz"]

    options = {"criteria": "120hz", "rank": "lightest", "max_price": 800, "currency": "USD"}
    command = await server.send_command("find", options)
    answered = await server.wait_for_interaction_response(command)

    assert answered.json["data"]["content"] == (
        "Understood: price ≤ USD 800 (announced); refresh rate ≥ 120 Hz; lightest weight first."
    )
    first_page = answered.json["data"]["embeds"][0]["description"].splitlines()
    assert len(first_page) == 10
    assert all(re.search(r" — \d+ g · \d+ Hz · USD [\d,]+ · \d{4}$", line) for line in first_page)
