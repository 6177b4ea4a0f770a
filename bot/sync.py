"""Several bot processes in step: the same catalog version and the same server settings.

Each process runs some of the shards; a curator's change, a `/settings` change or a reload
happens in one of them. Every catalog version and every settings change is announced when it is
written (`bot.db.broadcast`: NOTIFY on PostgreSQL, a watched file beside an SQLite database),
and each process that hears it catches up at once:

- a catalog announcement names the version's hash; a process that serves that hash already
  ignores it, any other loads the newest version (`Curation.catch_up`: from the live file, or
  the version's YAML from the database when its own file is behind), checks the hash it now
  serves against the version's, and reports it (`/status`);
- a settings announcement names the server, whose settings are read again.

An announcement can be missed (a listening connection lost, or `SYNC_LISTEN=false` where
LISTEN is unavailable, as behind a pooler in transaction mode): every `SYNC_SECONDS` each
process reconnects what it listens with if needed, reads all settings again, compares the
newest catalog version with what it serves, and writes its heartbeat. A process that starts
serves the newest version before anything else, not a stale file.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, Protocol

from sqlalchemy.exc import SQLAlchemyError

from bot.catalog import CatalogError
from bot.config import Settings
from bot.curation.service import CorruptVersion, Curation
from bot.db import broadcast
from bot.serversettings import ServerSettingsStore

log = logging.getLogger(__name__)

TROUBLE = (SQLAlchemyError, CatalogError, CorruptVersion, OSError)
"""What a catch-up may meet (the database away for a moment, a file unreadable): logged, and
tried again at the next check."""


class Serving(Protocol):
    """What this module needs of the bot: the hash it serves, a reload, a heartbeat."""

    catalog_sha256: str | None

    async def reload_catalog(self) -> object: ...

    async def heartbeat(self) -> None: ...


class InStep:
    """Keeps one process in step with the others (see the module's docstring)."""

    def __init__(
        self,
        settings: Settings,
        bot: Serving,
        store: ServerSettingsStore,
        curation: Curation | None,
    ) -> None:
        self._bot = bot
        self._store = store
        self._curation = curation
        self._period = settings.sync_seconds
        url = settings.database
        self._listeners: list[broadcast.Listener] = []
        if settings.sync_listen:
            self._listeners.append(broadcast.listener(url, broadcast.SETTINGS, self._settings))
            if curation is not None:
                self._listeners.append(broadcast.listener(url, broadcast.CATALOG, self._catalog))
        self._tasks: set[asyncio.Task[Any]] = set()  # references, so none is collected
        self._periodic: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Serve the newest catalog version, then listen, then check every period."""
        await self.catch_up("start")
        for listener in self._listeners:
            await listener.start()
        await self._beat()
        self._periodic = asyncio.create_task(self._every_period(), name="phonespec-in-step")

    async def catch_up(self, why: str) -> None:
        """Load the newest catalog version if this process serves another; never raises."""
        if self._curation is None:
            return
        try:
            version = await self._curation.catch_up(self._served, self._bot.reload_catalog)
        except TROUBLE as exc:
            log.warning("could not catch up with the newest catalog version (%s): %s", why, exc)
            return
        if version is None:
            return
        served = self._bot.catalog_sha256
        if served != version.sha256:  # the file changed again meanwhile
            log.warning(
                "serving %s, not version %d (%s); the next check tries again",
                (served or "no file")[:12],
                version.number,
                version.sha256[:12],
            )
            return
        log.info(
            "now serving catalog version %d (%s) after %s",
            version.number,
            version.sha256[:12],
            why,
        )
        await self._beat()

    def _served(self) -> str | None:
        return self._bot.catalog_sha256

    def _catalog(self, payload: str | None) -> None:
        """An announced version: ignored when it is the one served, else caught up with."""
        if payload is not None and payload.partition(":")[2] == self._served():
            return
        self._spawn(self.catch_up("an announcement"))

    def _settings(self, payload: str | None) -> None:
        """One server's settings changed (or, payload unknown, some)."""
        if payload is not None and payload.isdigit():
            self._spawn(self._store.reload(int(payload)))
        else:
            self._spawn(self._store.load())

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work, name="phonespec-announced")
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("an announcement could not be followed: %s", task.exception())

    async def _every_period(self) -> None:
        while True:
            await asyncio.sleep(self._period)
            await self.check()

    async def check(self) -> None:
        """The periodic check: listeners, settings, catalog, heartbeat."""
        for listener in self._listeners:
            if not listener.alive:
                await self._restart(listener)
        try:
            await self._store.load()
        except SQLAlchemyError as exc:
            log.warning("could not read server settings again: %s", exc)
        await self.catch_up("the periodic check")
        await self._beat()

    async def _restart(self, listener: broadcast.Listener) -> None:
        try:
            await listener.close()
            await listener.start()
        except (OSError, TimeoutError, *broadcast.CONNECTION_ERRORS) as exc:
            log.warning("could not listen for announcements again: %s", exc)
            return
        log.info("listening for announcements again")

    async def _beat(self) -> None:
        try:
            await self._bot.heartbeat()
        except SQLAlchemyError as exc:
            log.warning("could not report this process's status: %s", exc)

    async def close(self) -> None:
        tasks = [*self._tasks, *filter(None, [self._periodic])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for listener in self._listeners:
            await listener.close()
