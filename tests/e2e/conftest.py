"""Fixtures: FakeDiscord in the test's event loop and the real PhoneSpec bot connected to it.

The bot is built by `bot.client.create_bot` from explicit settings, serves a copy of the bundled
catalog from the test's temporary directory (so reload tests can rewrite it), and has no pause
before re-IDENTIFYing. Each test fails if the bot used an endpoint FakeDiscord lacks, or logged an
error the test did not expect.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import discord
import pytest

from bot.catalog import Catalog, load_catalog
from bot.client import create_bot
from bot.config import Settings
from tests.e2e.harness import BUNDLED_DATA, settings_for
from tests.fakediscord import FakeDiscord


@pytest.fixture(autouse=True)
def _restore_discord_routes(monkeypatch: pytest.MonkeyPatch) -> None:
    """`create_bot` points discord.py at the server process-wide (`route_through`): put the two
    class attributes back after each test, whatever the test did."""
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    gateway = discord.gateway.DiscordWebSocket
    monkeypatch.setattr(gateway, "DEFAULT_GATEWAY", gateway.DEFAULT_GATEWAY)


@pytest.fixture(scope="session")
def bundled_text() -> str:
    """The bundled catalog as it was when the session started (read once)."""
    return BUNDLED_DATA.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def bundled_catalog(bundled_text: str, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """Loaded once: a `Catalog` is immutable, so every bot may start with the same one."""
    path = tmp_path_factory.mktemp("bundled") / "specs.yaml"
    path.write_text(bundled_text, encoding="utf-8")
    return load_catalog(path)


@pytest.fixture
def data_path(tmp_path: Path, bundled_text: str) -> Path:
    """The file the bot reloads from: the bundled catalog, for the test to change."""
    path = tmp_path / "specs.yaml"
    path.write_text(bundled_text, encoding="utf-8")
    return path


@pytest.fixture
async def server() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        yield server
        unknown = [str(request) for request in server.unknown_requests]
        assert not unknown, f"the bot used endpoints FakeDiscord lacks: {unknown}"


@pytest.fixture
def settings(server: FakeDiscord, data_path: Path) -> Settings:
    return settings_for(server, data_path)


@pytest.fixture
def expected_errors() -> list[str]:
    """Regexes of error log messages a test expects; any other error logged fails the test."""
    return []


@pytest.fixture
def _no_unexpected_errors(
    caplog: pytest.LogCaptureFixture, expected_errors: list[str]
) -> Iterator[None]:
    caplog.set_level(logging.INFO, logger="bot")
    yield
    errors = [
        f"{record.name}: {record.getMessage()}"
        for record in caplog.records
        if record.levelno >= logging.ERROR
        and not any(re.search(pattern, record.getMessage()) for pattern in expected_errors)
    ]
    assert not errors, "unexpected errors logged:\n" + "\n".join(errors)


async def _no_pause(shard_id: int | None, *, initial: bool = False) -> None:
    """discord.py sleeps 5 s before every IDENTIFY but the first; tests re-identify at once."""


@pytest.fixture
async def bot(
    server: FakeDiscord,
    settings: Settings,
    bundled_catalog: Catalog,
    _no_unexpected_errors: None,
) -> AsyncIterator[discord.Client]:
    """The PhoneSpec bot, connected and ready, in the test's event loop."""
    bot = create_bot(settings, bundled_catalog, guild_ready_timeout=0.05)
    bot.before_identify_hook = _no_pause  # type: ignore[method-assign]
    task = asyncio.create_task(bot.start(settings.token or ""), name="phonespec-bot")
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        yield bot
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)
