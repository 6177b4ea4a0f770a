"""The bot process killed (SIGKILL) in the middle of applying a change keeps the previous valid
file and version; restarts keep every version and report, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.e2e.harness import battery_of, components_of, content_of, embeds_of
from tests.fakediscord import FakeDiscord
from tests.fakediscord.environment import bot_environment

START_TIMEOUT = 30
SLOW = 60
"""Seconds for answers that prepare or apply a change in a process of its own (a busy CI)."""
PAUSING = b"pausing"


@asynccontextmanager
async def running_bot(
    tmp_path: Path, data_path: Path, database_url: str, *, pause: float = 0.0
) -> AsyncIterator[tuple[FakeDiscord, asyncio.subprocess.Process]]:
    """`python -m bot` against a fresh FakeDiscord whose Helpers are curators; stopped with
    SIGTERM at the end unless the test killed it."""
    with FakeDiscord() as server:
        env = bot_environment(
            server,
            data_path,
            DATABASE_URL=database_url,
            HOME_GUILD_ID=str(server.guild_id),
            CURATOR_ROLE_IDS=str(server.guild.roles["helpers"].id),
            CRASH_TEST_PAUSE_SECONDS=str(pause),
        )
        # The log is read only to find the pause; otherwise an unread pipe could fill up.
        stderr = asyncio.subprocess.PIPE if pause else asyncio.subprocess.DEVNULL
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=tmp_path, env=env, stderr=stderr
        )
        try:
            await server.wait_until_ready(timeout=START_TIMEOUT)
            yield server, process
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 15)


async def confirm_set(server: FakeDiscord, capacity: int) -> None:
    """The helper sets the Xiaomi 14 Pro's battery and presses Confirm."""
    await server.send_message(
        f"!catalog set xiaomi-14-pro battery.capacity_mah {capacity}", author="helper"
    )
    proposal = await server.wait_for_bot_message(timeout=SLOW)
    [confirm] = [c["custom_id"] for c in components_of(proposal) if c["label"] == "Confirm"]
    await server.send_component(int(proposal.response["id"]), confirm, author="helper")


async def answers(server: FakeDiscord) -> tuple[int, list[str]]:
    """The battery the bot states, and the history's lines."""
    await server.send_message("!spec xiaomi 14 pro")
    spec = await server.wait_for_bot_message(timeout=SLOW)
    await server.send_message("!catalog history")
    history = await server.wait_for_bot_message(timeout=SLOW)
    return battery_of(spec), embeds_of(history)[0]["description"].splitlines()


async def until_pausing(process: asyncio.subprocess.Process) -> None:
    assert process.stderr is not None
    while PAUSING not in await asyncio.wait_for(process.stderr.readline(), SLOW):
        pass


async def test_a_bot_killed_while_applying_keeps_the_old_file_and_versions(
    tmp_path: Path, data_path: Path, database_url: str
) -> None:
    original = data_path.read_bytes()
    async with running_bot(tmp_path, data_path, database_url, pause=60) as (server, process):
        await confirm_set(server, 5000)
        await until_pausing(process)  # the version is staged, the file not yet renamed
        process.kill()
        await process.wait()
    assert process.returncode == -signal.SIGKILL
    assert data_path.read_bytes() == original
    assert not list(data_path.parent.glob(".specs.yaml.*"))

    async with running_bot(tmp_path, data_path, database_url) as (server, _):
        battery, history = await answers(server)
        assert battery == 4880
        assert len(history) == 1
        assert history[0].startswith("**v1** · ")
        await confirm_set(server, 5100)
        applied = await server.wait_for_request(
            ("PATCH", r"/webhooks/\d+/[^/]+/messages/@original"), timeout=SLOW
        )
        assert "as version 2" in content_of(applied)
        await server.send_message('!report "pixel 8" "the weight is wrong"')
        await server.wait_for_bot_message(timeout=SLOW)

    async with running_bot(tmp_path, data_path, database_url) as (server, _):
        battery, history = await answers(server)
        await server.send_message("!catalog reports", author="helper")
        reports = await server.wait_for_bot_message(timeout=SLOW)
    assert embeds_of(reports)[0]["description"].startswith(
        "**#1** Google Pixel 8 · member: the weight is wrong"
    )
    assert battery == 5100
    assert [line.split(" · ")[0] for line in history] == ["**v2**", "**v1**"]
    assert history[0].endswith("helper: set: 1 field changed in 1")
