"""Faults the bot survives: a dropped gateway, rate limits and server errors on its replies,
events it does not know, malformed payloads."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

import discord
import pytest

from bot.cogs.errors import FAILED
from tests.e2e.harness import MESSAGES, battery_of, content_of, embeds_of
from tests.fakediscord import FakeDiscord
from tests.fakediscord.messages import member_message
from tests.fakediscord.recording import Request

IDENTIFY, RESUME = 2, 6
PHONES = ["xiaomi-14-pro", "pixel-8", "huawei-mate-60-pro", "galaxy-s24", "iphone-15", "pixel-8a"]
TITLES = {
    "xiaomi-14-pro": "Xiaomi 14 Pro",
    "pixel-8": "Google Pixel 8",
    "huawei-mate-60-pro": "Huawei Mate 60 Pro",
    "galaxy-s24": "Samsung Galaxy S24",
    "iphone-15": "Apple iPhone 15",
    "pixel-8a": "Google Pixel 8a",
}


def titled(title: str) -> Callable[[Request], bool]:
    """Matches the bot's message whose first embed has this title."""

    def match(request: Request) -> bool:
        if request.method != "POST" or not re.fullmatch(MESSAGES, request.path):
            return False
        embeds = embeds_of(request)
        return bool(embeds) and embeds[0].get("title") == title

    return match


async def answered_titles(server: FakeDiscord, count: int) -> list[str]:
    replies = [await server.wait_for_bot_message() for _ in range(count)]
    return sorted(embeds_of(reply)[0]["title"] for reply in replies)


@pytest.mark.parametrize(
    ("resumable", "reconnect_ops"),
    [(True, [RESUME]), (False, [RESUME, IDENTIFY])],
    ids=["resumed", "re-identified"],
)
async def test_after_the_gateway_drops_every_later_message_is_answered(
    server: FakeDiscord, bot: discord.Client, resumable: bool, reconnect_ops: list[int]
) -> None:
    """A resumable session gets the events it missed replayed; an invalidated one re-IDENTIFYs
    (events sent to the dead session are lost, as on Discord). Either way everything sent after
    the reconnect is answered, exactly once."""
    await server.send_message("!spec xiaomi 14 pro")
    assert await answered_titles(server, 1) == ["Xiaomi 14 Pro"]

    await server.drop_gateway(resumable=resumable)
    while_away = PHONES[:2] if resumable else []
    for phone in while_away:
        await server.send_message(f"!spec {phone}")
    await server.wait_until_ready()
    for phone in PHONES[2:]:
        await server.send_message(f"!spec {phone}")

    expected = sorted(TITLES[phone] for phone in [*while_away, *PHONES[2:]])
    assert await answered_titles(server, len(expected)) == expected
    ops = [frame["op"] for frame in server.gateway_frames if frame["op"] in (IDENTIFY, RESUME)]
    assert ops == [IDENTIFY, *reconnect_ops]
    await asyncio.sleep(0.1)
    posts = [r for r in server.requests if r.method == "POST"]
    assert len(posts) == 1 + len(expected)  # nothing answered twice after a replay


async def test_a_rate_limited_reply_arrives_after_the_wait(
    server: FakeDiscord, bot: discord.Client
) -> None:
    server.fail_next("POST", MESSAGES, status=429, retry_after=0.3)

    await server.send_message("!spec xiaomi 14 pro")
    reply = await server.wait_for_bot_message()

    limited, sent = [r for r in server.requests if r.method == "POST"]
    assert (limited.status, limited.injected) == (429, True)
    assert sent is not limited
    assert sent.status == 200
    assert sent.received_at - limited.received_at >= 0.3
    assert battery_of(reply) == 4880


async def test_a_reply_hit_by_one_server_error_is_retried(
    server: FakeDiscord, bot: discord.Client
) -> None:
    """discord.py retries a 500 after a second."""
    server.fail_next("POST", MESSAGES, status=500)

    await server.send_message("!spec xiaomi 14 pro")
    reply = await server.wait_for_bot_message()

    assert battery_of(reply) == 4880
    assert [r.status for r in server.requests if r.method == "POST"] == [500, 200]


class _QuickRetries:
    """`asyncio` as discord.http sees it, with sleeps 100 times shorter: its 500 retries wait
    1, 3, 5, 7 and 9 s, which is 25 s of a test doing nothing."""

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay: float, result: Any = None) -> Any:
        return await asyncio.sleep(delay / 100, result)


async def test_a_reply_that_keeps_failing_is_logged_and_the_next_message_served(
    server: FakeDiscord,
    bot: discord.Client,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    expected_errors: list[str],
) -> None:
    expected_errors.append(r"^command spec failed$")
    monkeypatch.setattr(discord.http, "asyncio", _QuickRetries())
    server.fail_next("POST", MESSAGES, status=500, times=5)  # every try discord.py makes

    await server.send_message("!spec xiaomi 14 pro")
    apology = await server.wait_for_bot_message()

    assert content_of(apology) == FAILED
    assert [r.status for r in server.requests if r.method == "POST"] == [500] * 5 + [200]
    [logged] = [r for r in caplog.records if r.getMessage() == "command spec failed"]
    assert logged.exc_info
    assert isinstance(logged.exc_info[1], discord.DiscordServerError)

    await server.send_message("!spec pixel 8")
    assert embeds_of(await server.wait_for_bot_message())[0]["title"] == "Google Pixel 8"


async def test_events_the_bot_does_not_know_are_ignored(
    server: FakeDiscord, bot: discord.Client
) -> None:
    await server.dispatch("NEW_FEATURE_UPDATE", {"id": "1", "anything": [1, 2, 3]})
    await server.dispatch("GUILD_SOUNDBOARD_SOUND_CREATE", None)
    await server.dispatch("MESSAGE_POLL_VOTE_ADD", {"unexpected": True})
    # A message with fields and a type this discord.py has never heard of is still a message.
    message = member_message(
        server.guild, 1 << 60, "member", "!spec xiaomi 14 pro", mentions=()
    ) | {"type": 4242, "future_field": {"nested": ["x"]}, "flags": 1 << 40}
    await server.dispatch("MESSAGE_CREATE", message)

    reply = await server.wait_for_bot_message()

    assert battery_of(reply) == 4880
    assert [frame["op"] for frame in server.gateway_frames if frame["op"] == IDENTIFY] == [2]


def _without(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda message: {k: v for k, v in message.items() if k != key}


Damage = Callable[[dict[str, Any]], Any]
MALFORMED: dict[str, tuple[Damage, str]] = {
    # discord.py's parser fails: the event is dropped before any handler sees it.
    "empty object": (lambda message: {}, "dropped"),
    "not an object": (lambda message: ["!spec", "pixel 8"], "dropped"),
    "no author": (_without("author"), "dropped"),
    "author without id": (lambda m: {**m, "author": {"username": "ghost"}}, "dropped"),
    "id not a number": (lambda m: {**m, "id": "not-a-snowflake"}, "dropped"),
    "mention not a user": (lambda m: {**m, "mentions": [{"id": "x"}]}, "dropped"),
    # Parsed, then a handler fails on it, alone.
    "content not text": (lambda m: {**m, "content": 42}, "on_message"),
    "content null": (lambda m: {**m, "content": None}, "on_message"),
    "unknown channel": (lambda m: {**m, "channel_id": "1"}, "command spec failed"),
}


@pytest.mark.parametrize("damage", list(MALFORMED))
async def test_a_malformed_message_payload_does_not_stop_the_bot(
    server: FakeDiscord,
    bot: discord.Client,
    damage: str,
    caplog: pytest.LogCaptureFixture,
    expected_errors: list[str],
) -> None:
    """The bad event is logged and dropped (or fails alone in its handler); the connection stays
    up and the next message is answered."""
    expected_errors += [
        r"^dropped a malformed MESSAGE_CREATE gateway event$",
        r"^Ignoring exception in on_message$",
        r"^command spec failed$",  # the answer to an unknown channel is refused (404)
    ]
    spoil, logged = MALFORMED[damage]
    message = member_message(server.guild, 1 << 60, "member", "!spec xiaomi 14 pro", ())
    await server.dispatch("MESSAGE_CREATE", spoil(message))
    await server.send_message("!spec pixel 8")

    reply = await server.wait_for_request(titled("Google Pixel 8"))

    assert embeds_of(reply)[0]["title"] == "Google Pixel 8"
    assert not bot.is_closed()
    assert [frame["op"] for frame in server.gateway_frames if frame["op"] == IDENTIFY] == [2]
    for _ in range(100):  # the bad message's own answer may still be on its way (and refused)
        if any(logged in record.getMessage() for record in caplog.records):
            break
        await asyncio.sleep(0.02)
    else:
        raise AssertionError(f"nothing logged {logged!r}")
