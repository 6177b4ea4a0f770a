"""`!reload`: who may, what a valid and a broken data file do, and a reload under load."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import discord

from tests.e2e.harness import (
    battery_of,
    content_of,
    embeds_of,
    phones_in,
    replace_once,
    text_of,
)
from tests.fakediscord import FakeDiscord
from tests.fakediscord.recording import Request

XIAOMI_BATTERY = "  battery: {capacity_mah: 4880, wired_w: 120, wireless_w: 50, reverse_w: 10}\n"
NEW_PHONE = """\
- id: phonespec-test-one
  brand: PhoneSpec
  model: Test One
  released: 2026-01-15
  status: available
  battery: {capacity_mah: 6100, wired_w: 90}
  sources:
  - https://example.com/phonespec-test-one

"""
REFUSED = "Only curators can do that: the bot's owners and members with @Helpers in PhoneSpec Lab."


def valid_change(text: str) -> str:
    """The Xiaomi 14 Pro's battery changed to 5000 mAh, and one phone added."""
    text = replace_once(text, XIAOMI_BATTERY, XIAOMI_BATTERY.replace("4880", "5000"))
    return replace_once(text, "\nseries:\n", f"\n{NEW_PHONE}series:\n")


def broken_change(text: str) -> str:
    """The Xiaomi 14 Pro gets a key the schema does not know."""
    return replace_once(text, XIAOMI_BATTERY, XIAOMI_BATTERY + "  batery_life_h: 30\n")


async def ask(server: FakeDiscord, content: str, author: str = "member") -> Request:
    await server.send_message(content, author=author)
    return await server.wait_for_bot_message()


async def test_an_ordinary_member_may_not_reload(
    server: FakeDiscord, bot: discord.Client, data_path: Path
) -> None:
    data_path.write_text(valid_change(data_path.read_text()))
    before = bot.catalog  # type: ignore[attr-defined]

    refused = await ask(server, "!reload", author="member")

    assert content_of(refused) == REFUSED
    assert bot.catalog is before  # type: ignore[attr-defined]
    assert battery_of(await ask(server, "!spec xiaomi 14 pro")) == 4880


async def test_a_curator_reloads_valid_data_and_the_next_answer_uses_it(
    server: FakeDiscord, bot: discord.Client, data_path: Path
) -> None:
    count = phones_in(data_path)
    data_path.write_text(valid_change(data_path.read_text()))

    reloaded = await ask(server, "!reload", author="helper")

    lines = content_of(reloaded).splitlines()
    assert lines[0].startswith(f"Reloaded: {count + 1} phones")
    assert lines[1] == "Changes: 1 added, 1 changed, 0 removed, 0 news items added."
    assert "Added: phonespec-test-one" in lines
    assert "Changed: xiaomi-14-pro" in lines
    assert battery_of(await ask(server, "!spec xiaomi 14 pro")) == 5000
    added = await ask(server, "!spec phonespec test one")
    assert embeds_of(added)[0]["title"] == "PhoneSpec Test One"
    assert battery_of(added) == 6100


async def test_manage_server_is_not_enough_and_the_curator_role_is_what_counts(
    server: FakeDiscord, bot: discord.Client, data_path: Path
) -> None:
    """The moderator has Manage Server but no curator role; the helper lacks Manage Server but
    holds the role in CURATOR_ROLE_IDS of the home server."""
    count = phones_in(data_path)
    data_path.write_text(valid_change(data_path.read_text()))
    assert content_of(await ask(server, "!reload", author="moderator")) == REFUSED
    configured = bot.settings  # type: ignore[attr-defined]
    bot.settings = configured.model_copy(update={"curator_role_ids": ()})  # type: ignore[attr-defined]
    refused = content_of(await ask(server, "!reload", author="helper"))
    assert refused == "Only curators can do that: the bot's owners (no curator roles are set up)."

    bot.settings = configured  # type: ignore[attr-defined]
    reloaded = await ask(server, "!reload", author="helper")

    assert content_of(reloaded).startswith(f"Reloaded: {count + 1} phones")
    assert battery_of(await ask(server, "!spec xiaomi 14 pro")) == 5000


async def test_broken_data_is_refused_with_its_errors_and_the_old_data_kept(
    server: FakeDiscord, bot: discord.Client, data_path: Path
) -> None:
    count = phones_in(data_path)
    data_path.write_text(broken_change(data_path.read_text()))
    before = bot.catalog  # type: ignore[attr-defined]

    refused = await ask(server, "!reload", author="helper")

    text = content_of(refused)
    assert text.startswith("Reload refused: 1 problem in the data.")
    assert f"Still serving the previous catalog ({count} phones" in text
    assert re.search(rf"{re.escape(str(data_path))}:\d+:\d+: .*batery_life_h", text)
    assert "unknown key" in text
    assert bot.catalog is before  # type: ignore[attr-defined]
    assert battery_of(await ask(server, "!spec xiaomi 14 pro")) == 4880


async def test_slash_reload_defers_then_follows_up(
    server: FakeDiscord, bot: discord.Client, data_path: Path
) -> None:
    count = phones_in(data_path)
    data_path.write_text(valid_change(data_path.read_text()))

    command = await server.send_command("reload", author="helper")
    deferred = await server.wait_for_interaction_response(command)
    follow_up = await server.wait_for_request(("POST", rf"/webhooks/\d+/{command.token}"))

    assert deferred.json["type"] == 5  # "thinking…"
    assert content_of(follow_up).startswith(f"Reloaded: {count + 1} phones")
    assert battery_of(await ask(server, "!spec xiaomi 14 pro")) == 5000


async def test_queries_during_a_reload_see_the_old_or_the_new_catalog_never_a_mix(
    server: FakeDiscord, bot: discord.Client, data_path: Path
) -> None:
    """Each query names the changed phone and the added one: an old catalog answers 4880 mAh
    and "no such phone", a new one 5000 mAh and a card; anything else is half a catalog."""
    count = phones_in(data_path)
    data_path.write_text(valid_change(data_path.read_text()))
    query = "[[xiaomi 14 pro]] vs [[phonespec test one]]?"
    authors = ("member", "moderator", "owner")
    sent = 0

    async def burst(messages: int) -> None:
        nonlocal sent
        for _ in range(messages):
            await server.send_message(query, author=authors[sent % len(authors)])
            sent += 1
            await asyncio.sleep(0.001)

    await burst(40)
    await server.send_message("!reload", author="helper")
    during = asyncio.create_task(burst(200))
    reloaded = await server.wait_for_request(  # the bundled catalog takes a while on a busy host
        lambda r: r.method == "POST" and content_of(r).startswith("Reload"), timeout=60
    )
    await during
    await burst(20)
    replies = [
        await server.wait_for_request(
            lambda r: r.method == "POST" and not content_of(r).startswith("Reload")
        )
        for _ in range(sent)
    ]

    assert content_of(reloaded).startswith(f"Reloaded: {count + 1} phones")
    old = new = 0
    for reply in replies:
        titles = [embed["title"] for embed in embeds_of(reply)]
        if titles == ["Xiaomi 14 Pro"]:
            assert "4880 mAh" in text_of(reply)
            assert "no such phone" in content_of(reply)
            old += 1
        else:
            assert titles == ["Xiaomi 14 Pro", "PhoneSpec Test One"], text_of(reply)
            assert "5000 mAh" in text_of(reply)
            assert "4880" not in text_of(reply)
            new += 1
    assert old >= 40
    assert new >= 20
    during_reload = [r for r in replies if r.received_at < reloaded.received_at]
    assert len(during_reload) > 40, "the reload blocked the queries sent while it ran"


async def test_reload_with_nothing_changed_says_so(
    server: FakeDiscord, bot: discord.Client
) -> None:
    reply = await ask(server, "!reload", author="helper")

    assert content_of(reply).splitlines()[1] == "Changes: no changes."
