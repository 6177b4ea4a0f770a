"""The tables, as SQLAlchemy 2 typed models. The schema itself is made by the migrations."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, DateTime, Float, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class CatalogVersion(Base):
    """One state of the catalog: the whole YAML (zlib), who made it, where, when and why.

    `number` is given, not generated: two processes that both try to add version N+1 collide
    on the primary key, and the second is refused as stale instead of silently following.
    """

    __tablename__ = "catalog_versions"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    author_id: Mapped[int | None] = mapped_column(BigInteger)
    author_name: Mapped[str] = mapped_column(String(100))
    guild_id: Mapped[int | None] = mapped_column(BigInteger)
    channel_id: Mapped[int | None] = mapped_column(BigInteger)
    summary: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    yaml_z: Mapped[bytes] = mapped_column(LargeBinary)


class AuditEntry(Base):
    """Something a member did or tried: every change, and every refused attempt."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    actor_name: Mapped[str] = mapped_column(String(100))
    guild_id: Mapped[int | None] = mapped_column(BigInteger)
    channel_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text)


class Report(Base):
    """A member's report of a mistake, and what curators decided (kept whatever the outcome)."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    reporter_id: Mapped[int] = mapped_column(BigInteger)
    reporter_name: Mapped[str] = mapped_column(String(100))
    guild_id: Mapped[int | None] = mapped_column(BigInteger)
    channel_id: Mapped[int | None] = mapped_column(BigInteger)
    phone_id: Mapped[str] = mapped_column(String(100))
    phone_name: Mapped[str] = mapped_column(String(200))
    problem: Mapped[str] = mapped_column(Text)
    field: Mapped[str | None] = mapped_column(String(100))
    value: Mapped[str | None] = mapped_column(String(500))
    source_url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20))
    decided_by_id: Mapped[int | None] = mapped_column(BigInteger)
    decided_by_name: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    version_number: Mapped[int | None] = mapped_column(Integer)
    review_message_id: Mapped[int | None] = mapped_column(BigInteger)
    outcome_seen: Mapped[bool] = mapped_column(Boolean)


class ServerSettingsRow(Base):
    """What one server's admins chose with `/settings`; None in a column: the `.env` default.

    `channels` holds channel ids separated by commas; `currency` an ISO code, or "none" for
    the catalog's own order.
    """

    __tablename__ = "server_settings"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    prefix: Mapped[str | None] = mapped_column(String(5))
    inline_cards: Mapped[bool | None] = mapped_column(Boolean)
    channel_mode: Mapped[str | None] = mapped_column(String(10))
    channels: Mapped[str | None] = mapped_column(Text)
    replies: Mapped[bool | None] = mapped_column(Boolean)
    compare_image: Mapped[bool | None] = mapped_column(Boolean)
    currency: Mapped[str | None] = mapped_column(String(4))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[int] = mapped_column(BigInteger)


class ProcessRow(Base):
    """One running bot process, as it last reported itself (every minute), for `/status`."""

    __tablename__ = "processes"

    process_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    shards: Mapped[str] = mapped_column(String(200))
    guilds: Mapped[int] = mapped_column(Integer)
    latency_ms: Mapped[float | None] = mapped_column(Float)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    catalog: Mapped[str] = mapped_column(String(200))
    catalog_sha256: Mapped[str | None] = mapped_column(String(64))
    rss_mb: Mapped[float] = mapped_column(Float)
