"""Bot processes' heartbeats: each process writes its row every minute; `/status` reads them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.tables import ProcessRow


@dataclass(frozen=True)
class Beat:
    """What one process reports about itself."""

    process_id: str
    shards: str
    guilds: int
    latency_ms: float | None
    started_at: dt.datetime
    catalog: str
    catalog_sha256: str | None
    rss_mb: float


async def beat(session: AsyncSession, report: Beat, now: dt.datetime) -> None:
    row = await session.get(ProcessRow, report.process_id)
    if row is None:
        row = ProcessRow(process_id=report.process_id)
        session.add(row)
    for name, value in asdict(report).items():
        setattr(row, name, value)
    row.seen_at = now


async def seen_since(session: AsyncSession, since: dt.datetime) -> Sequence[ProcessRow]:
    """The processes that reported since `since`, by id."""
    query = select(ProcessRow).where(ProcessRow.seen_at >= since).order_by(ProcessRow.process_id)
    return (await session.scalars(query)).all()
