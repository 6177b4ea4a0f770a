"""Fresh databases for tests: an SQLite file, or a new database on the PostgreSQL server named by
TEST_DATABASE_URL (`.ci/run` starts a throwaway one and sets REQUIRE_POSTGRES=1, which turns a
skipped PostgreSQL test into a failure)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

BACKENDS = ("sqlite", "postgres")
NO_POSTGRES = (
    "PostgreSQL tests need TEST_DATABASE_URL=postgresql+asyncpg://user@host:port/db "
    "(.ci/run starts a throwaway server and sets it)"
)


@asynccontextmanager
async def fresh_database(backend: str, folder: Path) -> AsyncIterator[str]:
    """The URL of an empty database of `backend`, dropped (PostgreSQL) when the test is over."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{folder / 'phonespec-test.db'}"
        return
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(NO_POSTGRES + ", but it is not set and REQUIRE_POSTGRES=1")
        pytest.skip(NO_POSTGRES)
    url = make_url(server)
    name = f"phonespec_test_{uuid.uuid4().hex[:12]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(admin)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()
