"""The audit log: every change to the catalog and every refused attempt, never deleted."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import Database
from bot.db.actor import Actor
from bot.db.tables import AuditEntry

log = logging.getLogger(__name__)

MAX_DETAIL = 2000
"""Details are what was refused and why, not whole files."""


async def record(
    session: AsyncSession, actor: Actor, action: str, outcome: str, detail: str
) -> None:
    """Add one entry to the session's transaction (and to the log)."""
    log.info("audit: %s (%s) %s: %s; %s", actor.name, actor.id, action, outcome, detail[:200])
    session.add(
        AuditEntry(
            at=dt.datetime.now(dt.UTC),
            actor_id=actor.id,
            actor_name=actor.name[:100],
            guild_id=actor.guild_id,
            channel_id=actor.channel_id,
            action=action,
            outcome=outcome,
            detail=detail[:MAX_DETAIL],
        )
    )


async def note(db: Database, actor: Actor, action: str, outcome: str, detail: str) -> None:
    """One entry, in a transaction of its own (a refusal, a cancelled change)."""
    async with db.session() as session, session.begin():
        await record(session, actor, action, outcome, detail)


async def entries(session: AsyncSession, *, limit: int = 50) -> list[AuditEntry]:
    """The newest entries first."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    return list(await session.scalars(query))
