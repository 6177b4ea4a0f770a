"""Catalog versions: add one, read the newest, page through history, fetch an old YAML."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import zlib
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from bot.db import broadcast
from bot.db.actor import Actor
from bot.db.tables import CatalogVersion


@dataclass(frozen=True)
class Version:
    """A version without its YAML (which `content()` fetches when needed)."""

    number: int
    created_at: dt.datetime
    author_id: int | None
    author_name: str
    guild_id: int | None
    channel_id: int | None
    summary: str
    reason: str
    sha256: str
    size: int


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _pack(data: bytes) -> tuple[str, bytes]:
    """A version's hash and its compressed YAML."""
    return sha256(data), zlib.compress(data, 6)


def _info(row: CatalogVersion) -> Version:
    return Version(
        number=row.number,
        created_at=_aware(row.created_at),
        author_id=row.author_id,
        author_name=row.author_name,
        guild_id=row.guild_id,
        channel_id=row.channel_id,
        summary=row.summary,
        reason=row.reason,
        sha256=row.sha256,
        size=row.size,
    )


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; every time stored is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


_WITHOUT_YAML = defer(CatalogVersion.yaml_z)


async def latest(session: AsyncSession) -> Version | None:
    query = select(CatalogVersion).options(_WITHOUT_YAML).order_by(CatalogVersion.number.desc())
    row = (await session.scalars(query.limit(1))).first()
    return _info(row) if row else None


async def number_of(session: AsyncSession, digest: str) -> int | None:
    """The newest version with this content (SHA-256), if one has it."""
    query = (
        select(CatalogVersion.number)
        .where(CatalogVersion.sha256 == digest)
        .order_by(CatalogVersion.number.desc())
        .limit(1)
    )
    return await session.scalar(query)


async def get(session: AsyncSession, number: int) -> Version | None:
    row = await session.get(CatalogVersion, number, options=[_WITHOUT_YAML])
    return _info(row) if row else None


async def content(session: AsyncSession, number: int) -> bytes | None:
    """The full YAML of version `number`, as it was written."""
    query = select(CatalogVersion.yaml_z).where(CatalogVersion.number == number)
    packed = (await session.scalars(query)).first()
    # A whole catalog: megabytes to inflate, off the event loop.
    return await asyncio.to_thread(zlib.decompress, packed) if packed is not None else None


async def count(session: AsyncSession) -> int:
    return (await session.scalar(select(func.count()).select_from(CatalogVersion))) or 0


async def newest_first(session: AsyncSession, offset: int, limit: int) -> list[Version]:
    query = (
        select(CatalogVersion)
        .options(_WITHOUT_YAML)
        .order_by(CatalogVersion.number.desc())
        .offset(offset)
        .limit(limit)
    )
    return [_info(row) for row in await session.scalars(query)]


async def add(
    session: AsyncSession, number: int, data: bytes, author: Actor, summary: str, reason: str = ""
) -> Version:
    """Stage version `number` in the session's transaction (flushed, not committed), announced
    to every bot process when the transaction commits (`bot.sync`).

    A version `number` that already exists raises `sqlalchemy.exc.IntegrityError` at the flush.
    """
    digest, packed = await asyncio.to_thread(_pack, data)  # megabytes: off the event loop
    row = CatalogVersion(
        number=number,
        created_at=dt.datetime.now(dt.UTC),
        author_id=author.id,
        author_name=author.name[:100],
        guild_id=author.guild_id,
        channel_id=author.channel_id,
        summary=summary,
        reason=reason,
        sha256=digest,
        size=len(data),
        yaml_z=packed,
    )
    session.add(row)
    await session.flush()
    await broadcast.announce(session, broadcast.CATALOG, f"{number}:{digest}")
    return _info(row)
