"""Fixtures every test may use: `database_url`, once per database the bot supports."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.databases import BACKENDS, fresh_database


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database: SQLite, then PostgreSQL (skipped with the reason when there is none)."""
    async with fresh_database(request.param, tmp_path) as url:
        yield url
