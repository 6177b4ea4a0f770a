"""The bot object without a connection: settings, live reload, automatic reload, routing."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import discord
import pytest

from bot import __main__ as cli
from bot import client
from bot.catalog import CatalogError, load_catalog
from bot.client import ShardedPhoneSpecBot, create_bot, route_through
from bot.config import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "specs.yaml"
    shutil.copy(ROOT / "data" / "specs.yaml", path)
    return path


@pytest.fixture(autouse=True)
def _restore_routes() -> Iterator[None]:
    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    yield
    discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


def settings_for(data: Path, **values: object) -> Settings:
    return Settings(_env_file=None, discord_token="secret-token", data_path=data, **values)


def test_settings_read_comma_separated_ids_and_hide_the_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ids are written "1, 2" in the environment; the token never appears in a repr or log line."""
    monkeypatch.setenv("DISCORD_TOKEN", "very-secret")
    monkeypatch.setenv("CURATOR_ROLE_IDS", "11, 22")
    monkeypatch.setenv("SHARD_COUNT", "")
    settings = Settings(_env_file=None)
    assert settings.curator_role_ids == (11, 22)
    assert settings.shard_count is None
    assert settings.token == "very-secret"
    assert "very-secret" not in repr(settings)
    assert "very-secret" not in str(settings.model_dump())


def test_log_level_is_read_in_any_case() -> None:
    assert Settings(_env_file=None, log_level="debug").log_level == "DEBUG"


@pytest.mark.parametrize(
    ("error", "advice"),
    [
        (discord.LoginFailure("Improper token has been passed."), "refused DISCORD_TOKEN"),
        (discord.PrivilegedIntentsRequired(None), "Message Content intent"),
    ],
)
def test_what_discord_refuses_at_start_is_explained_without_a_traceback(
    data: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: Exception,
    advice: str,
) -> None:
    """The two ways a first start fails: a wrong token, the intent not enabled."""

    async def refused(settings: Settings, catalog: object) -> None:
        raise error

    monkeypatch.setattr(client, "run", refused)
    monkeypatch.setattr(discord.utils, "setup_logging", lambda **_: None)
    assert cli.run(settings_for(data)) == 1
    assert advice in capsys.readouterr().err


def test_env_example_lists_every_setting() -> None:
    """.env.example documents every setting the bot reads."""
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"\n{name.upper()}=" in example, name


def test_proxy_settings_route_rest_and_gateway(data: Path) -> None:
    """DISCORD_API_BASE and DISCORD_GATEWAY_URL point discord.py elsewhere; unset leaves Discord."""
    route_through(None, None)
    assert discord.http.Route.BASE == "https://discord.com/api/v10"
    settings = settings_for(
        data,
        discord_api_base="http://127.0.0.1:9/api/v10/",
        discord_gateway_url="ws://127.0.0.1:9/",
    )
    create_bot(settings, load_catalog(data))
    assert discord.http.Route.BASE == "http://127.0.0.1:9/api/v10"
    assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == "ws://127.0.0.1:9/"


def test_shard_settings_make_an_auto_sharded_bot(data: Path) -> None:
    settings = settings_for(data, shard_count=4, shard_ids=(2, 3))
    bot = create_bot(settings, load_catalog(data))
    assert isinstance(bot, ShardedPhoneSpecBot)
    assert (bot.shard_count, bot.shard_ids) == (4, [2, 3])


async def test_reload_swaps_in_valid_data_and_keeps_the_old_on_errors(data: Path) -> None:
    """A valid file replaces the catalog whole; an invalid one raises and changes nothing."""
    bot = create_bot(settings_for(data), load_catalog(data))
    before = bot.catalog
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("capacity_mah: 4880", "capacity_mah: 4900"), encoding="utf-8")
    new, diff = await bot.reload_catalog()
    assert bot.catalog is new is not before
    assert diff.changed == ("xiaomi-14-pro",)
    assert new.index.find("xiaomi 14 pro").phone.battery.capacity_mah == 4900

    data.write_text(text.replace("battery:", "batery:", 1), encoding="utf-8")
    with pytest.raises(CatalogError, match="batery"):
        await bot.reload_catalog()
    assert bot.catalog is new


async def test_queries_during_a_reload_never_see_half_a_catalog(data: Path) -> None:
    """While reloads run off the loop, every lookup sees one whole catalog: old or new."""
    bot = create_bot(settings_for(data), load_catalog(data))
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("capacity_mah: 4880", "capacity_mah: 4900"), encoding="utf-8")
    seen: set[int] = set()

    async def query() -> None:
        for _ in range(200):
            catalog = bot.catalog
            phone = catalog.index.find("xiaomi 14 pro").phone
            assert phone is catalog.by_id["xiaomi-14-pro"]
            seen.add(phone.battery.capacity_mah)
            await asyncio.sleep(0)

    await asyncio.gather(query(), bot.reload_catalog(), query(), bot.reload_catalog())
    assert bot.catalog.by_id["xiaomi-14-pro"].battery.capacity_mah == 4900
    assert seen <= {4880, 4900}


async def test_automatic_reload_follows_file_changes(data: Path) -> None:
    """With AUTO_RELOAD, saving the file reloads it; a broken save is refused and logged."""
    bot = create_bot(settings_for(data, auto_reload=True), load_catalog(data))
    watcher = asyncio.create_task(bot._watch_data())
    try:
        await asyncio.sleep(0.3)
        text = data.read_text(encoding="utf-8")
        data.write_text(text.replace("capacity_mah: 4880", "capacity_mah: 4990"), encoding="utf-8")
        for _ in range(100):
            if bot.catalog.by_id["xiaomi-14-pro"].battery.capacity_mah == 4990:
                break
            await asyncio.sleep(0.1)
        assert bot.catalog.by_id["xiaomi-14-pro"].battery.capacity_mah == 4990
        served = bot.catalog
        data.write_text("phones: [oops\n", encoding="utf-8")
        await asyncio.sleep(1.5)
        assert bot.catalog is served
    finally:
        watcher.cancel()


async def test_automatic_reload_follows_saves_that_replace_the_file(data: Path) -> None:
    """Editors and `git checkout` write a new file over the old one; every such save reloads,
    not just the first."""
    bot = create_bot(settings_for(data, auto_reload=True), load_catalog(data))
    text = data.read_text(encoding="utf-8")
    watcher = asyncio.create_task(bot._watch_data())
    try:
        await asyncio.sleep(0.3)
        for capacity in (4990, 4991, 4992):
            replacement = data.with_name("specs.yaml.tmp")
            replacement.write_text(
                text.replace("capacity_mah: 4880", f"capacity_mah: {capacity}"), encoding="utf-8"
            )
            os.replace(replacement, data)
            for _ in range(100):
                if bot.catalog.by_id["xiaomi-14-pro"].battery.capacity_mah == capacity:
                    break
                await asyncio.sleep(0.1)
            assert bot.catalog.by_id["xiaomi-14-pro"].battery.capacity_mah == capacity
    finally:
        watcher.cancel()
