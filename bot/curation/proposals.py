"""Preparing a change: the whole new YAML, validated as `check` validates it, and its diff.

Pure functions of bytes, run by `apart` in a process of their own: validating a catalog keeps
the GIL for a second or more (pydantic validates a file in one call), which in a thread of the
bot's process would hold its event loop back (see `bot.catalogpickle.load_in_process`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any, TypeVar

from bot.catalog import CatalogError
from bot.catalogpickle import lower_priority
from bot.curation import documents, fields, splice
from bot.curation.diff import CatalogChanges, diff_documents
from bot.curation.validation import locate_in_upload, validate

T = TypeVar("T")


class Refused(ValueError):
    """A proposal that cannot be made (no such version, nothing changes...); says why."""


@dataclass(frozen=True)
class Proposal:
    action: str
    """What makes it: "import", "set", "rollback to 3"..."""
    base: int
    """The version it was prepared against."""
    data: bytes
    changes: CatalogChanges
    reason: str = ""

    @property
    def summary(self) -> str:
        return f"{self.action}: {self.changes.summary()}"


async def apart(function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` in a new (spawned) process at a lower priority than the bot's
    (`catalogpickle.lower_priority`), awaited from a thread; its exceptions are raised here.
    The process ends with the call, and the memory it used with it."""
    return await asyncio.to_thread(_in_process, function, args)


def _in_process(function: Callable[..., T], args: tuple[Any, ...]) -> T:
    spawn = get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn, initializer=lower_priority) as pool:
        return pool.submit(function, *args).result()


def prepare_import(
    base: int, current: bytes, upload: bytes, name: str, replace: bool, today: dt.date
) -> Proposal:
    """A whole catalog (`replace`), or a partial file merged into `current`.

    Raises `CatalogError` with problems located in the upload, as `check` reports them.
    """
    old = documents.parse(current)
    try:
        new = documents.parse(upload)
    except documents.DocumentError:
        validate(upload, name)  # refuses it as `check` does, with the file's name
        raise
    if replace:
        validate(upload, name)
        return _proposal("import", base, old, new, upload)
    merged = documents.merge(old, new, today=today)
    data = splice.write(current, old, merged.document)
    try:
        validate(data, name)
    except CatalogError as exc:
        raise locate_in_upload(old, upload, name) or exc from None
    return _proposal("import", base, old, merged.document, data)


def prepare_set(
    base: int,
    current: bytes,
    phone_id: str,
    path: str,
    value: Any,
    reason: str,
    today: dt.date,
) -> Proposal:
    """One field of one phone set to `value` (already parsed). Raises `FieldError` or
    `CatalogError`."""
    old = documents.parse(current)
    changed = fields.set_field(old, phone_id, fields.parse_path(path), value)
    new = documents.stamped(changed, today)
    data = splice.write(current, old, new)
    validate(data, f"{phone_id}.{path}")
    return _proposal("set", base, old, new, data, reason)


def prepare_rollback(base: int, current: bytes, number: int, data: bytes, reason: str) -> Proposal:
    """A new version equal to version `number`, whose YAML is `data`."""
    validate(data, f"version {number}")
    old, new = documents.parse(current), documents.parse(data)
    return _proposal(f"rollback to {number}", base, old, new, data, reason)


def diff_bytes(old: bytes, new: bytes) -> CatalogChanges:
    """What changed from one catalog's YAML to another's (`old` may be empty)."""
    before = documents.parse(old) if old else {}
    return diff_documents(before, documents.parse(new))


def _proposal(
    action: str,
    base: int,
    old: documents.Document,
    new: documents.Document,
    data: bytes,
    reason: str = "",
) -> Proposal:
    changes = diff_documents(old, new)
    if changes.empty:
        raise Refused("that changes nothing in the catalog")
    return Proposal(action, base, data, changes, reason)
