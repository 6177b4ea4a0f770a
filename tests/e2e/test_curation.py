"""`!catalog`: curators change the catalog from Discord through a diff and a Confirm button;
everyone else, and every bad file, is refused with the reason and changes nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.catalog import load_catalog
from bot.db import audit
from tests.e2e.harness import (
    MESSAGES,
    battery_of,
    components_of,
    content_of,
    phones_in,
    replace_once,
)
from tests.fakediscord import FakeDiscord, MemberFile
from tests.fakediscord.recording import Request

XIAOMI_BATTERY = "battery: {capacity_mah: 4880, wired_w: 120, wireless_w: 50, reverse_w: 10}"
ORIGINAL = r"/webhooks/\d+/[^/]+/messages/@original"
SLOW = 30
"""Seconds for answers that prepare or apply a change in a process of its own (a busy CI)."""
NOT_CURATOR = (
    "Only curators can do that: the bot's owners and members with @Helpers in PhoneSpec Lab."
)
PARTIAL = b"""\
phones:
- id: phonespec-test-one
  brand: PhoneSpec
  model: Test One
  series: xiaomi-14-series
  released: 2026-01-15
  battery: {capacity_mah: 6100}
  sources: [https://example.com/phonespec-test-one]
"""


async def say(
    server: FakeDiscord, content: str, author: str = "helper", files: tuple[MemberFile, ...] = ()
) -> Request:
    await server.send_message(content, author=author, files=files)
    return await server.wait_for_bot_message(timeout=SLOW)


def button(proposal: Request, label: str) -> str:
    [found] = [c["custom_id"] for c in components_of(proposal) if c.get("label") == label]
    return found


async def press(server: FakeDiscord, proposal: Request, label: str, author: str = "helper") -> str:
    """Press a button of the proposal; the text the message becomes."""
    message_id = int(proposal.response["id"])
    await server.send_component(message_id, button(proposal, label), author=author)
    edited = await server.wait_for_request(("PATCH", ORIGINAL), timeout=SLOW)
    return content_of(edited)


async def spec_battery(server: FakeDiscord, phone: str = "xiaomi 14 pro") -> int:
    return battery_of(await say(server, f"!spec {phone}", author="member"))


def edited_export(exported: Request, capacity: str) -> bytes:
    [file] = exported.files
    text = file.data.decode()
    return replace_once(text, XIAOMI_BATTERY, XIAOMI_BATTERY.replace("4880", capacity)).encode()


async def test_export_edit_import_review_confirm_and_the_bot_answers_the_new_value(
    server: FakeDiscord, bot: discord.Client, data_path: Path
) -> None:
    count = phones_in(data_path)
    exported = await say(server, "!catalog export", author="member")
    assert content_of(exported).startswith(f"Catalog version 1 ({count} phones")
    assert exported.files[0].filename == "specs-v1.yaml"
    assert exported.files[0].data == data_path.read_bytes()

    upload = MemberFile("specs-v1.yaml", edited_export(exported, "5000"))
    proposal = await say(server, "!catalog import replace", files=(upload,))

    text = content_of(proposal)
    assert "**Import** against version 1: 1 field changed in 1." in text
    assert "~ Xiaomi 14 Pro battery.capacity_mah: 4880 -> 5000" in text
    assert "Confirm within 5 minutes to apply it as version 2." in text
    assert await spec_battery(server) == 4880  # nothing applied before Confirm
    outcome = await press(server, proposal, "Confirm")

    assert f"Applied by helper as version 2; now serving {count} phones" in outcome
    assert await spec_battery(server) == 5000
    assert data_path.read_bytes() == upload.data
    history = await say(server, "!catalog history", author="member")
    lines = history.json["embeds"][0]["description"].splitlines()
    assert lines[0].startswith("**v2** · ")
    assert lines[0].endswith("· helper: import: 1 field changed in 1")
    assert lines[1].endswith("· host file: first version: the data file as found")


async def test_a_partial_file_adds_a_phone(
    server: FakeDiscord, bot: discord.Client, data_path: Path
) -> None:
    count = phones_in(data_path)
    proposal = await say(server, "!catalog import", files=(MemberFile("new.yaml", PARTIAL),))
    assert "+ added PhoneSpec Test One (phonespec-test-one)" in content_of(proposal)

    assert "as version 2" in await press(server, proposal, "Confirm")
    assert await spec_battery(server, "phonespec test one") == 6100
    assert len(load_catalog(data_path).phones) == count + 1
    assert data_path.read_text().startswith("# PhoneSpec bundled catalog")  # header kept


async def test_only_the_requester_may_confirm_and_cancel_changes_nothing(
    server: FakeDiscord, bot: discord.Client, data_path: Path
) -> None:
    before = data_path.read_bytes()
    proposal = await say(server, "!catalog set xiaomi-14-pro battery.capacity_mah 5000 typo")
    await server.send_component(
        int(proposal.response["id"]), button(proposal, "Confirm"), author="owner"
    )
    refused = await server.wait_for_interaction_response()
    assert refused.json["data"]["content"].startswith("Only the person who asked can use")

    outcome = await press(server, proposal, "Cancel")

    assert outcome.endswith("Cancelled: nothing changed.")
    assert data_path.read_bytes() == before
    assert await spec_battery(server) == 4880


async def test_a_proposal_expires_and_changes_nothing(
    server: FakeDiscord, bot: Any, data_path: Path
) -> None:
    bot.settings = bot.settings.model_copy(update={"confirm_timeout_seconds": 0.5})
    before = data_path.read_bytes()
    proposal = await say(server, "!catalog set xiaomi-14-pro battery.capacity_mah 5000")
    assert "Confirm within 0.5 seconds" in content_of(proposal)

    expired = await server.wait_for_request(("PATCH", MESSAGES + r"/\d+"), timeout=SLOW)

    assert content_of(expired).endswith("Expired without a Confirm: nothing changed.")
    assert components_of(expired) == []
    assert data_path.read_bytes() == before
    assert await spec_battery(server) == 4880


@pytest.mark.parametrize("author", ["member", "moderator"])
async def test_members_and_manage_server_admins_are_not_curators(
    server: FakeDiscord, bot: Any, data_path: Path, author: str
) -> None:
    before = data_path.read_bytes()
    for command in ("!catalog set xiaomi-14-pro os x", "!catalog rollback 1", "!reload"):
        assert content_of(await say(server, command, author=author)) == NOT_CURATOR
    upload = (MemberFile("specs.yaml", PARTIAL),)
    assert content_of(await say(server, "!catalog import", author, upload)) == NOT_CURATOR
    assert data_path.read_bytes() == before
    async with bot.db.session() as session:
        logged = await audit.entries(session, limit=4)
    assert {(e.actor_name, e.outcome) for e in logged} == {(author, "refused")}
    actions = {e.action for e in logged}
    assert actions == {"catalog set", "catalog rollback", "reload", "catalog import"}


async def test_roles_in_another_server_do_not_make_a_curator(server: FakeDiscord, bot: Any) -> None:
    """With another server as home, this server's Helpers and Manage Server admins are
    nobody: the catalog every server sees is not theirs to change."""
    bot.settings = bot.settings.model_copy(update={"home_guild_id": 1234})
    expected = "Only curators can do that: the bot's owners and members with @"
    for author in ("helper", "moderator"):
        reply = content_of(await say(server, "!catalog rollback 1", author=author))
        assert reply.startswith(expected)
        assert reply.endswith("in the home server.")


async def test_a_change_prepared_before_another_is_refused_as_stale(
    server: FakeDiscord, bot: discord.Client
) -> None:
    first = await say(server, "!catalog set xiaomi-14-pro battery.capacity_mah 5000")
    second = await say(server, "!catalog set xiaomi-14-pro os HyperOS", author="owner")
    assert "as version 2" in await press(server, second, "Confirm", author="owner")

    outcome = await press(server, first, "Confirm")

    assert "Not applied. The catalog was changed by owner since you started" in outcome
    assert outcome.endswith("review again.")
    assert await spec_battery(server) == 4880


async def test_set_diff_and_rollback(server: FakeDiscord, bot: discord.Client) -> None:
    proposal = await say(
        server, '!catalog set "xiaomi 14 pro" battery.capacity_mah 4900 per the maker'
    )
    assert "~ Xiaomi 14 Pro battery.capacity_mah: 4880 -> 4900" in content_of(proposal)
    assert "Reason: per the maker" in content_of(proposal)
    await press(server, proposal, "Confirm")
    assert await spec_battery(server) == 4900

    diff = await say(server, "!catalog diff 1 2", author="member")
    assert content_of(diff).startswith("Version 1 -> 2: 1 field changed in 1.")
    assert "~ Xiaomi 14 Pro battery.capacity_mah: 4880 -> 4900" in content_of(diff)

    rollback = await say(server, "!catalog rollback 1 wrong source")
    assert "**Rollback to 1** against version 2" in content_of(rollback)
    assert "as version 3" in await press(server, rollback, "Confirm")
    assert await spec_battery(server) == 4880


ALIAS_BOMB = b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"


@pytest.mark.parametrize(
    ("command", "files", "reply"),
    [
        (
            "!catalog import",
            (MemberFile("big.yaml", b"phones: []\n", size=5 * 1024 * 1024 + 1),),
            "Import refused: the file is 5,242,881 bytes; the limit is 5,242,880 (5 MB).",
        ),
        (
            "!catalog import",
            (MemberFile("x.yaml", b"", url="https://files.example.invalid/x.yaml"),),
            "Import refused: the file is not on Discord's CDN (files.example.invalid); "
            "upload it here.",
        ),
        ("!catalog import", (), "Attach the file (*file*) to the message."),
        (
            "!catalog import",
            (MemberFile("notes.yaml", b"phones: [oops\n"),),
            "notes.yaml:2:1: YAML syntax error",
        ),
        (
            "!catalog import",
            (MemberFile("latin1.yaml", b"phones:\n- id: caf\xe9\n"),),
            "latin1.yaml:2:10: not UTF-8 text (byte 0xe9)",
        ),
        (
            "!catalog import",
            (MemberFile("bomb.yaml", ALIAS_BOMB),),
            "Import refused: 1 problem:\n```\nbomb.yaml:1:4: YAML anchors and aliases (&a / *a)",
        ),
        (
            "!catalog import",
            (MemberFile("p.yaml", PARTIAL.replace(b"xiaomi-14-series", b"no-such-series")),),
            "p.yaml:5:11: phones[0].series: unknown series 'no-such-series'",
        ),
        (
            "!catalog set xiaomi-14-pro battery.capcity_mah 5000",
            (),
            "Set refused: unknown field 'capcity_mah' in 'battery.capcity_mah' "
            "(did you mean 'capacity_mah'?)",
        ),
        (
            "!catalog set xiaomi-14-pro battery.capacity_mah lots",
            (),
            'battery.capacity_mah: expected a whole number, got "lots"',
        ),
        ("!catalog set no-such-phone-xyz os x", (), "Set refused: no single phone called"),
        ("!catalog rollback 9", (), "Rollback refused: there is no version 9 (the newest is 1)"),
    ],
    ids=[
        "over-5MB",
        "foreign-host",
        "no-file",
        "not-yaml",
        "not-utf8",
        "alias-bomb",
        "unknown-series",
        "unknown-field",
        "wrong-type",
        "unknown-phone",
        "unknown-version",
    ],
)
async def test_bad_input_is_refused_with_the_reason_and_changes_nothing(
    server: FakeDiscord,
    bot: discord.Client,
    data_path: Path,
    command: str,
    files: tuple[MemberFile, ...],
    reply: str,
) -> None:
    before = data_path.read_bytes()

    answer = await say(server, command, files=files)

    assert reply in content_of(answer)
    assert components_of(answer) == []  # nothing to confirm
    assert data_path.read_bytes() == before
    if "refused: the file" in reply:  # refused before anything was downloaded
        assert not [r for r in server.requests if r.path.startswith("/attachments/")]
    assert await spec_battery(server) == 4880


async def test_a_hand_edit_reloaded_becomes_a_host_file_version(
    server: FakeDiscord, bot: Any, data_path: Path
) -> None:
    text = data_path.read_text()
    count = phones_in(data_path)
    data_path.write_text(replace_once(text, XIAOMI_BATTERY, XIAOMI_BATTERY.replace("4880", "4890")))
    assert content_of(await say(server, "!reload")).startswith(f"Reloaded: {count} phones")
    async with asyncio.timeout(SLOW):  # recorded after the answer, with no event to wait on
        while (await bot.curation.latest())[0].number < 2:  # noqa: ASYNC110
            await asyncio.sleep(0.05)

    history = await say(server, "!catalog history", author="member")

    lines = history.json["embeds"][0]["description"].splitlines()
    assert lines[0].startswith("**v2** · ")
    assert lines[0].endswith("· host file: edited on the host: 1 field changed in 1")
    diff = await say(server, "!catalog diff 1", author="member")
    assert "~ Xiaomi 14 Pro battery.capacity_mah: 4880 -> 4890" in content_of(diff)


async def test_slash_catalog_set_confirms_like_the_prefix_command(
    server: FakeDiscord, bot: discord.Client
) -> None:
    command = await server.send_command(
        "catalog set",
        {"phone": "xiaomi-14-pro", "field": "battery.capacity_mah", "value": "4950"},
        author="helper",
    )
    proposal = await server.wait_for_interaction_response(command, timeout=SLOW)
    assert "~ Xiaomi 14 Pro battery.capacity_mah: 4880 -> 4950" in content_of(proposal)
    message_id = int(proposal.response["resource"]["message"]["id"])

    await server.send_component(message_id, button(proposal, "Confirm"), author="helper")
    applied = await server.wait_for_request(("PATCH", ORIGINAL), timeout=SLOW)

    assert "Applied by helper as version 2" in content_of(applied)
    assert await spec_battery(server) == 4950
    refused = await server.send_command("catalog rollback", {"version": 1}, author="member")
    answer = await server.wait_for_interaction_response(refused)
    assert answer.json["data"]["content"] == NOT_CURATOR
    assert answer.json["data"]["flags"] == 64


async def test_slash_catalog_import_takes_the_file_as_an_option(
    server: FakeDiscord, bot: discord.Client
) -> None:
    command = await server.send_command(
        "catalog import", {"file": MemberFile("new.yaml", PARTIAL)}, author="helper"
    )
    deferred = await server.wait_for_interaction_response(command)
    proposal = await server.wait_for_request(
        ("POST", rf"/webhooks/\d+/{command.token}"), timeout=SLOW
    )

    assert deferred.json["type"] == 5  # "thinking…" while the file is fetched and checked
    assert "+ added PhoneSpec Test One (phonespec-test-one)" in content_of(proposal)
    assert [r for r in server.requests if r.path.startswith("/attachments/")]
