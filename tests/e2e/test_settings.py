"""`/settings` through the local Discord: each server setting applied, bad values refused."""

from __future__ import annotations

import asyncio
import re

import discord
import pytest

from bot.cogs.settings import MANAGERS_ONLY, NOT_HERE
from bot.config import Settings
from bot.db import Database
from bot.serversettings import ServerSettingsStore
from tests.e2e.harness import MESSAGES, NO_PINGS, content_of, embeds_of
from tests.fakediscord import FakeDiscord
from tests.fakediscord.recording import Request

EPHEMERAL = 64


@pytest.fixture
async def synced(server: FakeDiscord, bot: discord.Client) -> discord.Client:
    """The bot with its slash commands synced to the test server by the owner."""
    await server.send_message("!sync guild", author="owner")
    await server.wait_for_bot_message()
    return bot


async def setting(server: FakeDiscord, name: str, author: str = "moderator", **options) -> str:
    """Run `/settings <name>` and return the (ephemeral) answer's text."""
    issued = await server.send_command(f"settings {name}", options, author=author)
    answered = await server.wait_for_interaction_response(issued)
    assert answered.json["data"]["flags"] & EPHEMERAL
    return content_of(answered)


def posts(server: FakeDiscord) -> list[Request]:
    return [r for r in server.requests if r.method == "POST" and re.fullmatch(MESSAGES, r.path)]


async def answered_only(server: FakeDiscord, *messages: str, then: str) -> Request:
    """Send `messages` (expected to get no answer), then `then`: its answer must be the only
    message the bot posts meanwhile."""
    before = len(posts(server))
    for message in messages:
        await server.send_message(message)
    await server.send_message(then, mentions=["bot"] if "<@" in then else ())
    reply = await server.wait_for_bot_message()
    await asyncio.sleep(0.2)  # an answer to the others would have arrived by now
    assert posts(server)[before:] == [reply]
    return reply


async def test_show_lists_the_defaults_from_env(
    server: FakeDiscord, synced: discord.Client
) -> None:
    text = await setting(server, "show")

    assert "Prefix: `!`" in text
    assert "`[[phone]]` cards: on" in text
    assert "Channels: every channel" in text
    assert "Answers: as plain messages" in text
    assert "Price currency: none" in text


async def test_a_server_prefix_replaces_the_default(
    server: FakeDiscord, synced: discord.Client
) -> None:
    assert "Prefix: `?`" in await setting(server, "prefix", prefix="?")

    reply = await answered_only(server, "!spec xiaomi 14 pro", then="?spec xiaomi 14 pro")
    assert embeds_of(reply)[0]["title"] == "Xiaomi 14 Pro"

    await server.send_message("?help")
    helped = await server.wait_for_bot_message()
    assert "?spec" in str(embeds_of(helped))


async def test_cards_off_leaves_double_brackets_alone_but_answers_mentions(
    server: FakeDiscord, synced: discord.Client
) -> None:
    assert "cards: off" in await setting(server, "cards", on=False)

    question = f"{server.mention('bot')} spec pixel 8"
    reply = await answered_only(server, "what about [[xiaomi 14 pro]]?", then=question)
    assert embeds_of(reply)[0]["title"] == "Google Pixel 8"


async def test_a_channel_turned_off_gets_no_answers_until_turned_back_on(
    server: FakeDiscord, synced: discord.Client
) -> None:
    await setting(server, "channels", mode="except")
    text = await setting(server, "channel", action="add", channel=f"<#{server.channel_id}>")
    assert f"every channel but the listed ones (<#{server.channel_id}>)" in text
    before = len(posts(server))

    await server.send_message("!spec xiaomi 14 pro")
    await server.send_message(f"{server.mention('bot')} spec pixel 8", mentions=["bot"])
    slash = await server.send_command("spec", {"phone": "xiaomi-14-pro"})
    refused = await server.wait_for_interaction_response(slash)
    await asyncio.sleep(0.2)
    typing = await server.send_autocomplete("spec", {"phone": "xiaomi 14 p"}, focused="phone")
    suggested = await server.wait_for_interaction_response(typing)
    assert content_of(refused) == NOT_HERE
    assert suggested.json["data"]["choices"] == []
    assert posts(server)[before:] == []

    await setting(server, "channels", mode="all")  # /settings itself still works there
    await server.send_message("!spec xiaomi 14 pro")
    assert embeds_of(await server.wait_for_bot_message())[0]["title"] == "Xiaomi 14 Pro"


async def test_only_listed_channels_are_answered(
    server: FakeDiscord, synced: discord.Client
) -> None:
    await setting(server, "channel", action="add", channel=str(server.channel_id))
    await setting(server, "channels", mode="only")

    await server.send_message("!spec pixel 8")

    assert embeds_of(await server.wait_for_bot_message())[0]["title"] == "Google Pixel 8"


async def test_replies_answer_as_replies_to_the_message(
    server: FakeDiscord, synced: discord.Client
) -> None:
    await server.send_message("!spec pixel 8")
    plain = await server.wait_for_bot_message()
    assert "message_reference" not in plain.json

    await setting(server, "replies", on=True)
    asked = await server.send_message("!spec pixel 8")
    reply = await server.wait_for_bot_message()

    assert int(reply.json["message_reference"]["message_id"]) == asked
    assert reply.json["allowed_mentions"] == NO_PINGS  # replied_user absent: Discord's false


async def test_compare_image_off_sends_the_text_card(
    server: FakeDiscord, synced: discord.Client
) -> None:
    await server.send_message("!compare xiaomi 14 pro vs pixel 8 pro")
    assert (await server.wait_for_bot_message()).files != ()

    await setting(server, "image", on=False)
    await server.send_message("!compare xiaomi 14 pro vs pixel 8 pro")
    reply = await server.wait_for_bot_message()

    assert reply.files == ()
    assert embeds_of(reply)


@pytest.mark.parametrize(
    ("name", "options", "why"),
    [
        ("prefix", {"prefix": "x" * 20}, "at most 5 characters, not 20"),
        ("prefix", {"prefix": "p s"}, "may not contain spaces"),
        ("prefix", {"prefix": "<@1234567890123456>"}, "mention"),
        ("channel", {"action": "add", "channel": "<#123456789012345678>"}, "no channel"),
        ("channel", {"action": "remove", "channel": "general"}, "is not a channel"),
        ("currency", {"currency": "KRW"}, "No phone in the catalog has a price in KRW"),
    ],
)
async def test_bad_values_are_refused_clearly_and_change_nothing(
    server: FakeDiscord, synced: discord.Client, name: str, options: dict, why: str
) -> None:
    text = await setting(server, name, **options)

    assert text.startswith("Not changed:")
    assert why in text
    shown = await setting(server, "show")
    assert "Prefix: `!`" in shown
    assert "Channels: every channel (none listed)" in shown
    assert "Price currency: none" in shown


async def test_members_without_manage_server_are_refused(
    server: FakeDiscord, synced: discord.Client
) -> None:
    assert await setting(server, "prefix", author="helper", prefix="?") == MANAGERS_ONLY
    assert "Prefix: `!`" in await setting(server, "show")


async def test_a_server_that_removes_the_bot_has_its_settings_removed(
    server: FakeDiscord, synced: discord.Client, settings: Settings
) -> None:
    await setting(server, "prefix", prefix="?")
    await server.dispatch("GUILD_DELETE", {"id": str(server.guild_id)})
    await asyncio.sleep(0.3)

    db = await Database.open(settings.database)
    try:
        stored = ServerSettingsStore(db, settings)
        await stored.load()
    finally:
        await db.close()
    assert stored.get(server.guild_id).prefix == "!"
    assert "Prefix: `!`" in await setting(server, "show")
