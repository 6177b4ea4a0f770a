"""Telling every bot process that something changed: PostgreSQL's NOTIFY and LISTEN, or a file
beside the SQLite database that the processes of its host watch.

A writer calls `announce` inside its transaction. On PostgreSQL the notification reaches every
listening connection when (and only if) the transaction commits. On SQLite the writer rewrites a
small file per channel once the transaction has committed (`doorbell`); every process watches
that folder. A watch merges changes that come close together, so on SQLite a listener hears
"something changed" (payload None) rather than each payload, and refreshes what the channel is
about. Either way a missed announcement is healed by each process's periodic check
(`bot.sync`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import asyncpg
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession
from watchfiles import Change, awatch

log = logging.getLogger(__name__)

SETTINGS = "phonespec_settings"
"""Payload: the id of the server whose settings changed."""
CATALOG = "phonespec_catalog"
"""Payload: `<version number>:<sha256>` of a new catalog version."""
LISTENER_NAME = "phonespec-listener:{pid}"
"""The `application_name` of a process's listening connections (`pg_stat_activity` shows
them), with the process's id."""

CONNECTION_ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError)
"""What connecting a PostgreSQL listener may raise besides `OSError`."""

Received = Callable[[str | None], None]
"""Called with each announcement's payload, or None when only "something changed" is known."""


async def announce(session: AsyncSession, channel: str, payload: str) -> None:
    """Tell every listener of `channel` once this session's transaction commits."""
    bind = session.bind
    if bind.dialect.name == "postgresql":
        await session.execute(select(func.pg_notify(channel, payload)))
        return
    folder = doorbell(bind.url.database)
    if folder is None:  # an in-memory database: one process, nobody to tell
        return

    def ring(_: object) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / channel).write_text(payload, encoding="utf-8")  # a few bytes

    event.listen(session.sync_session, "after_commit", ring, once=True)


def doorbell(database: str | None) -> Path | None:
    """The folder of channel files beside an SQLite database file (None: in memory)."""
    if not database or database == ":memory:":
        return None
    path = Path(database).absolute()
    return path.with_name(f"{path.name}-broadcast")


class Listener(Protocol):
    async def start(self) -> None: ...

    @property
    def alive(self) -> bool: ...

    async def close(self) -> None: ...


def listener(url: str, channel: str, received: Received) -> Listener:
    """What hears `channel` on the database at `url`."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        return PostgresListener(url, channel, received)
    return FileListener(doorbell(parsed.database), channel, received)


class PostgresListener:
    """One connection LISTENing on a channel, calling `received(payload)` for each message."""

    def __init__(self, url: str, channel: str, received: Received) -> None:
        self._url = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        self._channel = channel
        self._received = received
        self._connection: Any = None

    async def start(self) -> None:
        self._connection = await asyncpg.connect(
            self._url, server_settings={"application_name": LISTENER_NAME.format(pid=os.getpid())}
        )
        self._connection.add_termination_listener(self._lost)
        await self._connection.add_listener(self._channel, self._deliver)

    @property
    def alive(self) -> bool:
        return self._connection is not None and not self._connection.is_closed()

    def _deliver(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        self._received(payload)

    def _lost(self, _connection: Any) -> None:
        log.warning(
            "lost the connection listening on %s; the periodic check reconnects", self._channel
        )

    async def close(self) -> None:
        if self._connection is not None:
            self._connection.remove_termination_listener(self._lost)  # not lost: closed
            await self._connection.close()
            self._connection = None


class FileListener:
    """A watch on one channel file beside an SQLite database (several processes, one host)."""

    def __init__(self, folder: Path | None, channel: str, received: Received) -> None:
        self._folder = folder
        self._channel = channel
        self._received = received
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self._folder is None:
            return
        self._folder.mkdir(parents=True, exist_ok=True)
        self._task = asyncio.create_task(self._watch(), name=f"phonespec-{self._channel}")
        # The task's first step sets the watch up (before its first wait for changes): let it
        # run, so that nothing announced after `start` returns goes unheard.
        await asyncio.sleep(0)

    @property
    def alive(self) -> bool:
        return self._folder is None or (self._task is not None and not self._task.done())

    async def _watch(self) -> None:
        assert self._folder is not None
        channel = self._channel

        def is_channel(_: Change, path: str) -> bool:
            return Path(path).name == channel

        # A short step: announcements arrive within tens of milliseconds of the commit.
        async for _ in awatch(self._folder, watch_filter=is_channel, step=20):
            self._received(None)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
