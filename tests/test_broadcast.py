"""Announcements between bot processes on SQLite: a file beside the database, written only when
the announcing transaction commits, and heard by a watch (PostgreSQL's NOTIFY: see
tests/test_serversettings.py and tests/e2e/test_processes.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.db import Database, broadcast


async def test_on_sqlite_an_announcement_rings_only_when_its_transaction_commits(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'phonespec.db'}"
    bell = broadcast.doorbell(str(tmp_path / "phonespec.db"))
    assert bell == tmp_path / "phonespec.db-broadcast"
    heard: list[str | None] = []
    listener = broadcast.listener(url, broadcast.CATALOG, heard.append)
    db = await Database.open(url)
    await listener.start()
    try:
        async with db.session() as session:
            await session.begin()
            await broadcast.announce(session, broadcast.CATALOG, "2:abc")
            await session.rollback()
        await asyncio.sleep(0.3)
        assert not (bell / broadcast.CATALOG).exists()
        assert heard == []

        async with db.session.begin() as session:
            await broadcast.announce(session, broadcast.CATALOG, "3:def")
        for _ in range(50):
            if heard:
                break
            await asyncio.sleep(0.05)
        assert (bell / broadcast.CATALOG).read_text() == "3:def"
        assert set(heard) == {None}  # a watch knows that something changed, not what
    finally:
        await listener.close()
        await db.close()
