"""Process heartbeats for `/status`, on SQLite and PostgreSQL, and how an owner reads them."""

from __future__ import annotations

import datetime as dt

from bot.db import Database, processes, versions
from bot.db.actor import HOST_FILE
from bot.status import shards_text, status_lines

NOW = dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC)
DATA = b"phones: []\n"


def beat(process_id: str, shards: str, sha: str | None) -> processes.Beat:
    return processes.Beat(
        process_id=process_id,
        shards=shards,
        guilds=12,
        latency_ms=41.6,
        started_at=NOW - dt.timedelta(hours=2, minutes=5),
        catalog="366 phones",
        catalog_sha256=sha,
        rss_mb=152.4,
    )


async def test_status_lists_the_processes_heard_from_lately_with_their_versions(
    database_url: str,
) -> None:
    db = await Database.open(database_url)
    sha = versions.sha256(DATA)
    async with db.session.begin() as session:
        await versions.add(session, 1, DATA, HOST_FILE, "first")
        await processes.beat(session, beat("host:1", "0 of 2", sha), NOW)
        await processes.beat(session, beat("host:2", "1 of 2", None), NOW)
        await processes.beat(session, beat("gone:3", "1 of 2", sha), NOW - dt.timedelta(hours=1))
    async with db.session.begin() as session:  # a second beat updates the row
        await processes.beat(session, beat("host:2", "1 of 2", "f" * 64), NOW)
    async with db.session() as session:
        rows = await processes.seen_since(session, NOW - dt.timedelta(minutes=3))
        versions_by_sha = {
            sha: await versions.number_of(session, sha),
            "f" * 64: await versions.number_of(session, "f" * 64),
        }
    await db.close()

    lines = status_lines(rows, versions_by_sha, NOW)

    assert [row.process_id for row in rows] == ["host:1", "host:2"]
    assert lines[0] == (
        f"`host:1` · shards 0 of 2 · 12 servers · 42 ms · up 2h 5m · catalog v1 ({sha[:12]},"
        " 366 phones) · 152 MB · heard 0 s ago"
    )
    assert "catalog no version (ffffffffffff, 366 phones)" in lines[1]


def test_shards_are_named_as_the_process_runs_them() -> None:
    assert shards_text((), None) == "unsharded"
    assert shards_text((2, 3), 4) == "2,3 of 4"
    assert shards_text((), 2) == "0,1 of 2"
