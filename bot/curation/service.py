"""The `Curation` service: proposals prepared against a version, applied as new versions.

A proposal (an import, a set, a rollback) holds the whole new YAML, its diff and the version it
was prepared against. `apply` takes one lock, so two confirms never interleave, refuses a
proposal whose base is no longer the newest version, and then, in one database transaction,
stages the version, writes the live file atomically and commits. A crash before the rename
leaves the old file and no new version; after it, the next start finds the file newer than the
newest version and records it (authored "host file").
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from bot.curation import fields
from bot.curation.diff import CatalogChanges
from bot.curation.livefile import write_atomically
from bot.curation.proposals import (
    Proposal,
    Refused,
    apart,
    diff_bytes,
    prepare_import,
    prepare_rollback,
    prepare_set,
)
from bot.db import Database, audit, versions
from bot.db.actor import HOST_FILE, Actor
from bot.db.versions import Version
from bot.status import data_sha256

log = logging.getLogger(__name__)


class Stale(Exception):
    """The catalog moved past the proposal's version before Confirm."""

    def __init__(self, latest: Version) -> None:
        super().__init__(
            f"The catalog was changed by {latest.author_name} since you started "
            f"(it is now version {latest.number}: {latest.summary}); review again."
        )
        self.latest = latest


class CorruptVersion(Exception):
    """A stored version whose YAML no longer has the hash recorded with it."""

    def __init__(self, number: int) -> None:
        super().__init__(f"catalog version {number} does not match its recorded hash")


class Curation:
    """Versions of the catalog in the database, and the live data file they are written to."""

    def __init__(self, db: Database, data_path: Path, *, pause_before_rename: float = 0.0) -> None:
        self.db = db
        self.data_path = data_path
        self.pause_before_rename = pause_before_rename
        self._lock = asyncio.Lock()

    # --- the current state

    async def latest(self) -> tuple[Version, bytes]:
        """The newest version and its YAML."""
        async with self.db.session() as session:
            latest = await versions.latest(session)
            if latest is None:
                raise Refused("no catalog version yet; the bot records one at start")
            data = await versions.content(session, latest.number)
        assert data is not None  # the row was just read
        return latest, data

    async def record_host_file(self) -> Version | None:
        """Record the live file as a new version if it differs from the newest (hand edits)."""
        async with self._lock:
            return await self._record_host_file()

    async def _record_host_file(self) -> Version | None:
        data = await asyncio.to_thread(self.data_path.read_bytes)
        async with self.db.session() as session:
            latest = await versions.latest(session)
            if latest is not None and latest.sha256 == await asyncio.to_thread(
                versions.sha256, data
            ):
                return None
            old = await versions.content(session, latest.number) if latest else None
        if latest is None or old is None:
            number, summary = 1, "first version: the data file as found"
        else:
            number = latest.number + 1
            summary = f"edited on the host: {(await apart(diff_bytes, old, data)).summary()}"
        try:
            async with self.db.session() as session, session.begin():
                version = await versions.add(session, number, data, HOST_FILE, summary)
                await audit.record(session, HOST_FILE, "host-file", "done", f"version {number}")
        except IntegrityError:  # another process recorded a version meanwhile
            log.warning("version %d was taken meanwhile; the data file is not recorded", number)
            return None
        log.info("catalog version %d recorded from the data file: %s", number, summary)
        return version

    async def catch_up(
        self, served: Callable[[], str | None], swap: Callable[[], Awaitable[object]]
    ) -> Version | None:
        """Serve the newest version if another process made it: returns it once swapped in,
        or None when `served()` (the hash this process serves) is the newest already or the live
        file holds something no version has (a hand edit, or a change another process is
        writing now, whose own announcement will follow): never overwritten.

        Processes on one host may share the live file (then another process wrote it already)
        or each have their own: a file that is an older version is rewritten from the database.
        """
        async with self._lock:
            async with self.db.session() as session:
                latest = await versions.latest(session)
                if latest is None or latest.sha256 == served():
                    return None
                on_disk = await asyncio.to_thread(data_sha256, self.data_path)
                if on_disk != latest.sha256:
                    if on_disk is not None and await versions.number_of(session, on_disk) is None:
                        return None
                    data = await versions.content(session, latest.number)
                    assert data is not None  # the row was just read
                    if await asyncio.to_thread(versions.sha256, data) != latest.sha256:
                        raise CorruptVersion(latest.number)
                    await asyncio.to_thread(write_atomically, self.data_path, data)
            await swap()
        return latest

    # --- proposals

    async def propose_import(self, upload: bytes, name: str, *, replace: bool) -> Proposal:
        """A whole catalog (`replace`) or a partial file merged into the current one.

        Raises `documents.DocumentError` or `CatalogError` (problems located in the upload).
        """
        base, current = await self.latest()
        today = dt.date.today()
        return await apart(prepare_import, base.number, current, upload, name, replace, today)

    async def propose_set(self, phone_id: str, path: str, value: str, reason: str = "") -> Proposal:
        """One field of one phone. Raises `fields.FieldError` or `CatalogError`."""
        fields.parse_path(path)  # the quick refusals first, before any other work
        parsed = fields.parse_value(value)
        base, current = await self.latest()
        today = dt.date.today()
        return await apart(prepare_set, base.number, current, phone_id, path, parsed, reason, today)

    async def propose_rollback(self, number: int, reason: str = "") -> Proposal:
        """A new version equal to version `number`."""
        base, current = await self.latest()
        async with self.db.session() as session:
            data = await versions.content(session, number)
        if data is None:
            raise Refused(f"there is no version {number} (the newest is {base.number})")
        if number == base.number:
            raise Refused(f"version {number} is the current version already")
        return await apart(prepare_rollback, base.number, current, number, data, reason)

    # --- applying

    async def apply(
        self, proposal: Proposal, actor: Actor, swap: Callable[[], Awaitable[object]]
    ) -> Version:
        """Write the proposal as the next version and the live file, then `swap` it in.

        Raises `Stale` if another change came first, a hand edit of the file included: that
        edit is recorded as a version first, never overwritten.
        """
        async with self._lock:
            try:
                await self._record_host_file()
                version = await self._write(proposal, actor)
            except Stale as exc:
                await self.refused(actor, proposal.action, str(exc))
                raise
            await swap()
        return version

    async def _write(self, proposal: Proposal, actor: Actor) -> Version:
        async with self.db.session() as session:
            try:
                async with session.begin():
                    latest = await versions.latest(session)
                    if latest is not None and latest.number != proposal.base:
                        raise Stale(latest)
                    version = await versions.add(
                        session,
                        proposal.base + 1,
                        proposal.data,
                        actor,
                        proposal.summary,
                        proposal.reason,
                    )
                    await audit.record(
                        session, actor, proposal.action, "done", f"version {version.number}"
                    )
                    if self.pause_before_rename:  # crash tests kill the bot here
                        log.warning("pausing %.1f s before the rename", self.pause_before_rename)
                        await asyncio.sleep(self.pause_before_rename)
                    await asyncio.to_thread(write_atomically, self.data_path, proposal.data)
            except IntegrityError:  # another process wrote version base + 1 first
                async with self.db.session() as fresh:
                    latest = await versions.latest(fresh)
                assert latest is not None
                raise Stale(latest) from None
        return version

    async def refused(self, actor: Actor, action: str, why: str) -> None:
        """Log a refused attempt in the audit table."""
        await audit.note(self.db, actor, action, "refused", why)

    async def cancelled(self, actor: Actor, action: str, outcome: str) -> None:
        """A proposal cancelled or left to expire: logged, nothing changed."""
        await audit.note(self.db, actor, action, outcome, "nothing changed")

    # --- reading history

    async def history(self, offset: int, limit: int) -> tuple[list[Version], int]:
        async with self.db.session() as session:
            return await versions.newest_first(session, offset, limit), await versions.count(
                session
            )

    async def compare(self, old: int, new: int | None) -> tuple[int, int, CatalogChanges]:
        """What changed from version `old` to `new` (default: the one after `old`)."""
        new = old + 1 if new is None else new
        async with self.db.session() as session:
            before = await versions.content(session, old)
            after = await versions.content(session, new)
        for number, data in ((old, before), (new, after)):
            if data is None:
                raise Refused(f"there is no version {number}")
        changes = await apart(diff_bytes, before or b"", after or b"")
        return old, new, changes
