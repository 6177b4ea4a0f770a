"""The bot's state in a database: SQLAlchemy 2 (async), schema made and upgraded by Alembic.

One `Database` per process holds the engine and the session factory that every repository
module (`versions`, `audit`, ...) is handed; each repository function takes a session, so the
caller decides what one transaction spans. `DATABASE_URL` picks the database: an embedded
SQLite file by default, PostgreSQL (asyncpg) for deployments.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

MIGRATIONS = "bot.db:migrations"
"""Alembic's scripts, found as package resources so an installed bot migrates too."""


class Database:
    """The engine and session factory shared by every repository of one process."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.session = async_sessionmaker(engine, expire_on_commit=False)

    @classmethod
    async def open(cls, url: str) -> Database:
        """Connect and run every migration not yet applied (`alembic upgrade head`)."""
        engine = _engine(url)
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade)
        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def close(self) -> None:
        await self.engine.dispose()


def _engine(url: str) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": 30})
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection: object, _: object) -> None:
    """Foreign keys on, and WAL so readers never wait for the writer."""
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _upgrade(connection: Connection) -> None:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
