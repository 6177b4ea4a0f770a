"""Telling every bot process that something changed, through PostgreSQL's NOTIFY and LISTEN.

A writer calls `announce` inside its transaction: PostgreSQL delivers the notification to every
listening connection when (and only if) the transaction commits. Each process keeps one
`Listener` connection per channel. On SQLite (one host, usually one process) nothing is sent:
the processes' periodic refresh is what brings them in step there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import asyncpg
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

log = logging.getLogger(__name__)

SETTINGS = "phonespec_settings"
"""Payload: the id of the server whose settings changed."""


async def announce(session: AsyncSession, channel: str, payload: str) -> None:
    """Notify every listener of `channel` when this session's transaction commits."""
    if session.bind.dialect.name == "postgresql":
        await session.execute(select(func.pg_notify(channel, payload)))


class Listener:
    """One connection LISTENing on a channel, calling `received(payload)` for each message."""

    def __init__(self, url: str, channel: str, received: Callable[[str], None]) -> None:
        self._url = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        self._channel = channel
        self._received = received
        self._connection: Any = None

    async def start(self) -> None:
        self._connection = await asyncpg.connect(self._url)
        await self._connection.add_listener(self._channel, self._deliver)

    def _deliver(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        self._received(payload)

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
            self._connection = None
