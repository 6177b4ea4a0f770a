"""`!status` through the local Discord: the owner sees this process; others are refused."""

from __future__ import annotations

import re

import discord

from tests.e2e.harness import content_of
from tests.fakediscord import FakeDiscord


async def test_the_owner_sees_each_process_and_the_catalog_version_it_serves(
    server: FakeDiscord, bot: discord.Client
) -> None:
    await server.send_message("!status", author="owner")
    reply = await server.wait_for_bot_message()

    text = content_of(reply)
    assert text.startswith("**1 process**")
    assert re.search(
        r"shards unsharded · 1 servers · (\d+ ms|-) · up 0h 0m · catalog v1 \([0-9a-f]{12},"
        r" \d+ phones, \d+ brands, .*\) · \d+ MB · heard \d+ s ago",
        text,
    ), text


async def test_status_is_for_owners_only(server: FakeDiscord, bot: discord.Client) -> None:
    await server.send_message("!status", author="moderator")
    reply = await server.wait_for_bot_message()

    assert content_of(reply) == "Only the bot's owner can do that."
