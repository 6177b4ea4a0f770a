"""`python -m bot` as it is deployed: a separate process configured by the environment only."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import pytest

from tests.e2e.harness import NO_PINGS, battery_of, embeds_of
from tests.fakediscord import FakeDiscord
from tests.fakediscord.environment import bot_environment

START_TIMEOUT = 20  # imports and the catalog load, on a slow CI machine


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_python_m_bot_answers_and_stops_cleanly(
    tmp_path: Path, data_path: Path, stop: signal.Signals
) -> None:
    """FakeDiscord serves from a background thread; the bot runs from a directory without a
    `.env`, answers a real question, and exits 0 closing its gateway connection on a signal."""
    with FakeDiscord() as server:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=tmp_path,
            env=bot_environment(server, data_path),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            await server.wait_until_ready(timeout=START_TIMEOUT)
            await server.send_message("!spec xiaomi 14 pro")
            reply = await server.wait_for_bot_message(timeout=10)
        finally:
            if process.returncode is None:
                process.send_signal(stop)
            _, stderr = await asyncio.wait_for(process.communicate(), 15)
        log = stderr.decode(errors="replace")
        unknown = [str(request) for request in server.unknown_requests]

    [embed] = embeds_of(reply)
    assert embed["title"] == "Xiaomi 14 Pro"
    assert battery_of(reply) == 4880
    assert "Snapdragon 8 Gen 3 · 4880 mAh · 120 W" in embed["description"]
    assert reply.json["allowed_mentions"] == NO_PINGS
    assert reply.headers["Authorization"] == "Bot test-token"
    assert process.returncode == 0, log
    assert "Traceback" not in log, log
    assert "test-token" not in log
    assert not unknown, f"the bot used endpoints FakeDiscord lacks: {unknown}"
