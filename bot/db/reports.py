"""Reports of mistakes: filed by members, decided once by curators, never deleted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.actor import Actor
from bot.db.tables import Report

OPEN, ACCEPTED, REJECTED = "open", "accepted", "rejected"


@dataclass(frozen=True)
class Filed:
    """What a member reports: the phone, what is wrong, and optionally the right value."""

    phone_id: str
    phone_name: str
    problem: str
    field: str | None = None
    value: str | None = None
    source_url: str | None = None


async def add(session: AsyncSession, reporter: Actor, filed: Filed) -> Report:
    report = Report(
        created_at=dt.datetime.now(dt.UTC),
        reporter_id=reporter.id,
        reporter_name=reporter.name[:100],
        guild_id=reporter.guild_id,
        channel_id=reporter.channel_id,
        phone_id=filed.phone_id,
        phone_name=filed.phone_name[:200],
        problem=filed.problem,
        field=filed.field,
        value=filed.value,
        source_url=filed.source_url,
        status=OPEN,
        outcome_seen=False,
    )
    session.add(report)
    await session.flush()
    return report


async def get(session: AsyncSession, report_id: int) -> Report | None:
    return await session.get(Report, report_id)


async def filed_since(session: AsyncSession, reporter_id: int, since: dt.datetime) -> int:
    query = select(func.count()).where(
        Report.reporter_id == reporter_id, Report.created_at >= since
    )
    return (await session.scalar(query)) or 0


async def open_reports(session: AsyncSession, limit: int) -> list[Report]:
    query = select(Report).where(Report.status == OPEN).order_by(Report.id).limit(limit)
    return list(await session.scalars(query))


async def decide(
    session: AsyncSession, report_id: int, status: str, curator: Actor, version: int | None = None
) -> bool:
    """Record the decision if the report is still open; False if someone decided first."""
    result = await session.execute(
        update(Report)
        .where(Report.id == report_id, Report.status == OPEN)
        .values(
            status=status,
            decided_by_id=curator.id,
            decided_by_name=curator.name[:100],
            decided_at=dt.datetime.now(dt.UTC),
            version_number=version,
        )
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


async def set_review_message(session: AsyncSession, report_id: int, message_id: int) -> None:
    await session.execute(
        update(Report).where(Report.id == report_id).values(review_message_id=message_id)
    )


async def reporters_with_news(session: AsyncSession) -> set[int]:
    """Members with a decided report they have not been told about."""
    query = select(Report.reporter_id).where(Report.status != OPEN, ~Report.outcome_seen)
    return set(await session.scalars(query.distinct()))


async def take_outcomes(session: AsyncSession, reporter_id: int) -> list[Report]:
    """The member's decided reports not yet shown to them, marked as shown."""
    query = select(Report).where(
        Report.reporter_id == reporter_id, Report.status != OPEN, ~Report.outcome_seen
    )
    found = list(await session.scalars(query.order_by(Report.id)))
    for report in found:
        report.outcome_seen = True
    return found
