"""The database layer on SQLite and PostgreSQL: migrations, versions, the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from bot.db import Database, audit, versions
from bot.db.actor import HOST_FILE, Actor

ALICE = Actor(11, "alice", guild_id=22, channel_id=33)


async def test_migrations_make_the_schema_and_run_again_harmlessly(database_url: str) -> None:
    db = await Database.open(database_url)
    await db.close()
    db = await Database.open(database_url)  # a second start: nothing left to upgrade
    async with db.engine.connect() as connection:
        tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    await db.close()
    assert {"alembic_version", "catalog_versions", "audit_log"} <= tables


async def test_versions_keep_the_exact_yaml_and_who_made_them(database_url: str) -> None:
    db = await Database.open(database_url)
    first, second = b"phones: []\n", "phones: []\n# é\n".encode() * 1000
    async with db.session() as session, session.begin():
        await versions.add(session, 1, first, HOST_FILE, "first")
        await versions.add(session, 2, second, ALICE, "import: 1 added", "a reason")
    async with db.session() as session:
        latest = await versions.latest(session)
        old = await versions.content(session, 1)
        new = await versions.content(session, 2)
        page = await versions.newest_first(session, 0, 10)
        missing = await versions.content(session, 3)
    await db.close()
    assert latest is not None
    assert (latest.number, latest.author_id, latest.author_name) == (2, 11, "alice")
    assert (latest.guild_id, latest.channel_id, latest.reason) == (22, 33, "a reason")
    assert latest.sha256 == versions.sha256(second)
    assert latest.size == len(second)
    assert latest.created_at.tzinfo is not None
    assert (old, new, missing) == (first, second, None)
    assert [v.number for v in page] == [2, 1]
    assert page[1].author_id is None
    assert page[1].author_name == "host file"


async def test_a_version_number_is_taken_once(database_url: str) -> None:
    """Two writers preparing version 2 from version 1: the second is refused, not appended."""
    db = await Database.open(database_url)
    async with db.session() as session, session.begin():
        await versions.add(session, 1, b"a", HOST_FILE, "first")
    with pytest.raises(IntegrityError):
        async with db.session() as session, session.begin():
            await versions.add(session, 1, b"b", ALICE, "again")
    async with db.session() as session:
        assert await versions.count(session) == 1
        assert await versions.content(session, 1) == b"a"
    await db.close()


async def test_audit_entries_are_kept_newest_first(database_url: str) -> None:
    db = await Database.open(database_url)
    async with db.session() as session, session.begin():
        await audit.record(session, ALICE, "import", "refused", "not a curator")
        await audit.record(session, ALICE, "set", "done", "version 2")
    async with db.session() as session:
        entries = await audit.entries(session)
    await db.close()
    assert [(e.action, e.outcome, e.actor_id) for e in entries] == [
        ("set", "done", 11),
        ("import", "refused", 11),
    ]
