"""Per-server settings: the checks on values, the store and its migration on SQLite and
PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, inspect

from bot.config import Settings
from bot.db import MIGRATIONS, Database, broadcast
from bot.preferences import Preferences
from bot.serversettings import (
    MAX_PREFIX,
    ServerSettingsStore,
    SettingError,
    check_channel,
    check_currency,
    check_prefix,
)

GUILD, OTHER, ADMIN = 111, 222, 333
CHANNEL = 123456789012345678


@pytest.mark.parametrize("prefix", ["!", "?", "pb!", "$$", "ps."])
def test_prefixes_members_can_type_are_accepted(prefix: str) -> None:
    assert check_prefix(prefix) == prefix


@pytest.mark.parametrize(
    ("prefix", "why"),
    [
        ("x" * 20, f"at most {MAX_PREFIX} characters, not 20"),
        ("p s", "may not contain spaces"),
        ("!\t", "may not contain spaces"),
        ("<@123456789012345678>", "mention"),
        ("@here", "mention"),
        ("/", "slash commands"),
        ("", "must not be empty"),
    ],
)
def test_bad_prefixes_are_refused_saying_why(prefix: str, why: str) -> None:
    with pytest.raises(SettingError, match=why):
        check_prefix(prefix)


def test_a_channel_is_a_mention_or_an_id_of_this_server() -> None:
    assert check_channel(f"<#{CHANNEL}>", {CHANNEL}) == CHANNEL
    assert check_channel(f" {CHANNEL} ", {CHANNEL}) == CHANNEL
    with pytest.raises(SettingError, match=f"no channel <#{CHANNEL + 1}> in this server"):
        check_channel(f"<#{CHANNEL + 1}>", {CHANNEL})
    with pytest.raises(SettingError, match="is not a channel"):
        check_channel("general", {CHANNEL})


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    db = await Database.open(database_url)
    yield db
    await db.close()


async def test_a_server_that_chose_nothing_gets_the_env_defaults(db: Database) -> None:
    store = ServerSettingsStore(db, settings(command_prefix="?", reply_to_messages=True))

    await store.load()
    chosen = store.get(GUILD)

    assert (chosen.prefix, chosen.replies, chosen.inline_cards) == ("?", True, True)
    assert chosen.answers_in(CHANNEL)


async def test_each_setting_is_kept_per_server_and_survives_a_restart(db: Database) -> None:
    store = ServerSettingsStore(db, settings())
    await store.change(
        GUILD,
        ADMIN,
        prefix="pb!",
        inline_cards=False,
        channel_mode="except",
        channels=(CHANNEL,),
        replies=True,
        compare_image=False,
    )

    restarted = ServerSettingsStore(db, settings())
    await restarted.load()
    mine, other = restarted.get(GUILD), restarted.get(OTHER)

    assert (mine.prefix, mine.inline_cards, mine.replies, mine.compare_image) == (
        "pb!",
        False,
        True,
        False,
    )
    assert not mine.answers_in(CHANNEL)
    assert mine.answers_in(CHANNEL + 1)
    assert other == restarted.default


async def test_only_listed_channels_are_answered_in_only_mode(db: Database) -> None:
    store = ServerSettingsStore(db, settings())
    chosen = await store.change(GUILD, ADMIN, channel_mode="only", channels=(CHANNEL,))

    assert chosen.answers_in(CHANNEL)
    assert not chosen.answers_in(CHANNEL + 1)


async def test_a_write_applies_here_at_once_and_elsewhere_after_a_refresh(db: Database) -> None:
    """Each process reads its mirror: its own writes show at once, another process's after
    the next `load` (the bot's periodic refresh)."""
    mine, theirs = ServerSettingsStore(db, settings()), ServerSettingsStore(db, settings())
    await mine.load()

    assert (await mine.change(GUILD, ADMIN, prefix="?")).prefix == "?"
    assert mine.get(GUILD).prefix == "?"
    await theirs.change(GUILD, ADMIN, inline_cards=False)
    before_refresh = mine.get(GUILD)
    await mine.load()

    assert before_refresh.inline_cards
    assert (mine.get(GUILD).prefix, mine.get(GUILD).inline_cards) == ("?", False)


async def test_a_default_changed_in_env_reaches_servers_that_did_not_choose(db: Database) -> None:
    await ServerSettingsStore(db, settings()).change(GUILD, ADMIN, prefix="?")

    store = ServerSettingsStore(db, settings(compare_image=False))
    await store.load()
    chosen = store.get(GUILD)

    assert (chosen.prefix, chosen.compare_image) == ("?", False)


async def test_removing_a_server_forgets_its_settings(db: Database) -> None:
    store = ServerSettingsStore(db, settings())
    await store.change(GUILD, ADMIN, prefix="?")

    await store.remove(GUILD)
    restarted = ServerSettingsStore(db, settings())
    await restarted.load()

    assert store.get(GUILD) == store.default
    assert restarted.get(GUILD) == store.default


async def test_a_change_reaches_the_other_processes_at_once(database_url: str) -> None:
    """Each write is announced (NOTIFY on PostgreSQL, a watched file beside SQLite); a listening
    process reads that server again (on SQLite, which hears only that something changed, every
    server)."""
    db = await Database.open(database_url)
    mine, theirs = ServerSettingsStore(db, settings()), ServerSettingsStore(db, settings())
    await theirs.load()
    reloaded = asyncio.Event()
    reloads: list[asyncio.Task[None]] = []

    async def reload(payload: str | None) -> None:
        await (theirs.reload(int(payload)) if payload else theirs.load())
        reloaded.set()

    listener = broadcast.listener(
        database_url,
        broadcast.SETTINGS,
        lambda payload: reloads.append(asyncio.create_task(reload(payload))),
    )
    await listener.start()
    try:
        await mine.change(GUILD, ADMIN, prefix="?")
        await asyncio.wait_for(reloaded.wait(), 2)
        assert theirs.get(GUILD).prefix == "?"
        reloaded.clear()
        await mine.remove(GUILD)
        await asyncio.wait_for(reloaded.wait(), 2)
        assert theirs.get(GUILD) == theirs.default
    finally:
        await listener.close()
        await asyncio.gather(*reloads)
        await db.close()


async def test_a_currency_chosen_or_none_is_told_apart_from_the_env_default(db: Database) -> None:
    """`PRICE_CURRENCY=EUR`: a server that chose nothing gets euros; one that chose none (the
    catalog's order) keeps that choice, another its own currency."""
    store = ServerSettingsStore(db, settings(price_currency="EUR"))
    await store.change(GUILD, ADMIN, currency=None)
    await store.change(OTHER, ADMIN, currency="INR")

    restarted = ServerSettingsStore(db, settings(price_currency="EUR"))
    await restarted.load()

    assert restarted.get(GUILD).currency is None
    assert restarted.get(OTHER).currency == "INR"
    assert restarted.get(ADMIN).currency == "EUR"
    assert restarted.get(OTHER).preferences == Preferences(image=True, currency="INR")
    assert "Price currency: INR" in restarted.get(OTHER).lines()


def test_a_currency_setting_is_checked_against_the_catalog() -> None:
    assert check_currency("€", {"EUR", "USD"}) == "EUR"
    assert check_currency("none", {"EUR"}) is None
    with pytest.raises(SettingError, match="No phone in the catalog has a price in KRW"):
        check_currency("krw", {"EUR", "USD"})


def _migrate(connection: Connection, to: str) -> None:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    config.attributes["connection"] = connection
    if to == "head":
        command.upgrade(config, to)
    else:
        command.downgrade(config, to)


async def _columns(db: Database) -> set[str]:
    async with db.engine.connect() as connection:
        found = await connection.run_sync(lambda c: inspect(c).get_columns("server_settings"))
    return {column["name"] for column in found}


async def test_the_currency_migration_goes_down_and_up_keeping_the_other_settings(
    db: Database,
) -> None:
    """Migration 0005 adds `currency`; its downgrade drops the column and nothing else."""
    store = ServerSettingsStore(db, settings())
    await store.change(GUILD, ADMIN, prefix="?", currency="EUR")
    assert "currency" in await _columns(db)

    async with db.engine.begin() as connection:
        await connection.run_sync(_migrate, "0004")
    down = await _columns(db)
    async with db.engine.begin() as connection:
        await connection.run_sync(_migrate, "head")
    restarted = ServerSettingsStore(db, settings())
    await restarted.load()

    assert "currency" not in down
    assert "prefix" in down
    assert (restarted.get(GUILD).prefix, restarted.get(GUILD).currency) == ("?", None)


async def test_a_reload_already_reading_cannot_undo_a_change(db: Database) -> None:
    """An announcement's reload that read a server's row before this process changed it (two
    quick changes: the first one's announcement arrives during the second) does not put the
    older row back afterwards."""
    store = ServerSettingsStore(db, settings())
    await store.change(GUILD, ADMIN, prefix="?")

    for _ in range(20):
        stale = asyncio.create_task(store.reload(GUILD))
        await asyncio.sleep(0)  # the reload is under way
        changed = await store.change(GUILD, ADMIN, prefix="$")
        await stale
        assert changed.prefix == "$"
        assert store.get(GUILD).prefix == "$"
        await store.change(GUILD, ADMIN, prefix="?")
