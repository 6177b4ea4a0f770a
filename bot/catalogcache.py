"""A compiled cache of validated catalogs, so a reload of data already seen skips the parse.

Loading 10,000 phones the careful way (the position-aware YAML reader, pydantic, the index) takes
seconds; unpickling the `Catalog` that load produced takes a tenth of that. So every catalog
loaded from files is also kept, pickled, under a key that changes whenever anything the load
depends on changes:

- each file's path, size, modification time and bytes (SHA-256);
- the code that loads and validates it (every module of the `bot` package) and the versions of
  Python and of the libraries that shape the result.

Only a catalog that passed validation is ever stored, so data with a problem always takes the
careful path, which reports every problem with its line and column: the result of a load (the
catalog, or the problems) is the same with or without the cache.

The cache folder is trusted like the code (a pickle runs code when loaded): the bot creates it
for its own user only, and each entry carries a digest that is checked before it is used, so a
torn or damaged entry is a miss, never a crash.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sys
import tempfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO

from bot import catalogpickle
from bot.catalog import MAX_FILE_BYTES, Catalog, Problem, load_catalog, spec_files

FORMAT = b"phonespec-catalog-cache-2"
KEEP = 3
"""Entries kept (the newest by use): the live catalog and the ones a rollback may return to."""

_LIBRARIES = ("pydantic", "pydantic-core", "rapidfuzz", "pyyaml")
_DIGEST = hashlib.sha256().digest_size


class CatalogCache:
    """Pickled catalogs in one folder, one file per key, the newest `KEEP` kept."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def key(self, path: Path, max_bytes: int = MAX_FILE_BYTES) -> str | None:
        """The key of the data at `path` as it is now, or None when only the careful load can
        say what is wrong with it (missing, unreadable, too large)."""
        problems: list[Problem] = []
        files = spec_files(path, problems)
        if problems:
            return None
        digest = hashlib.sha256(FORMAT + _code_fingerprint())
        try:
            for file in files:
                stat = file.stat()
                if stat.st_size > max_bytes:
                    return None
                digest.update(f"\0{file}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
                with file.open("rb") as data:  # in chunks: a whole file is memory for nothing
                    _update(digest, data)
        except OSError:
            return None
        return digest.hexdigest()

    def lookup(
        self, path: Path, max_bytes: int = MAX_FILE_BYTES
    ) -> tuple[str | None, bytes | None]:
        """The key of the data at `path` and what is stored under it (None for a miss)."""
        key = self.key(path, max_bytes)
        return key, (self.get(key) if key is not None else None)

    def get(self, key: str) -> bytes | None:
        """The pickled catalog stored under `key`, or None (absent, or damaged and dropped)."""
        stored = self.open(key)
        if stored is None:
            return None
        with stored:
            return stored.read()

    def open(self, key: str) -> BinaryIO | None:
        """The entry stored under `key`, checked and open at its pickle, or None (absent, or
        damaged and dropped). Checked in chunks, so that a load can unpickle from the file
        without the whole pickle in memory beside the catalog."""
        entry = self._entry(key)
        try:
            stored = entry.open("rb")
        except OSError:
            return None
        try:
            expected = stored.read(_DIGEST)
            if _update(hashlib.sha256(), stored).digest() != expected:
                stored.close()
                entry.unlink(missing_ok=True)
                return None
            stored.seek(_DIGEST)
        except OSError:
            stored.close()
            return None
        with contextlib.suppress(OSError):
            os.utime(entry)  # recently used: kept when older entries are pruned
        return stored

    def put(self, key: str, pickled: bytes) -> None:
        """Store atomically (a reader never sees half an entry), then prune old entries."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.folder, suffix=".tmp", delete=False) as out:
            out.write(hashlib.sha256(pickled).digest())
            out.write(pickled)
            out.flush()
            os.fsync(out.fileno())
        os.replace(out.name, self._entry(key))
        self._prune()

    def _entry(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def _entries(self) -> Iterator[tuple[float, Path]]:
        for entry in self.folder.glob("*.pickle"):
            with contextlib.suppress(OSError):
                yield entry.stat().st_mtime, entry

    def _prune(self) -> None:
        for _, old in sorted(self._entries(), reverse=True)[KEEP:]:
            old.unlink(missing_ok=True)


def _update(digest: Any, data: BinaryIO) -> Any:
    """`digest` updated with the rest of `data`, read a megabyte at a time."""
    while chunk := data.read(1 << 20):
        digest.update(chunk)
    return digest


@functools.cache
def _code_fingerprint() -> bytes:
    """What, besides the data, decides what a load returns: our code and its libraries."""
    digest = hashlib.sha256(sys.version.encode())
    for library in _LIBRARIES:
        digest.update(f"\0{library}={metadata.version(library)}".encode())
    package = Path(__file__).resolve().parent
    for module in sorted(package.rglob("*.py")):
        digest.update(f"\0{module.relative_to(package)}\0".encode())
        digest.update(module.read_bytes())
    return digest.digest()


def load_pickled(path: Path, cache: CatalogCache | None) -> bytes:
    """A reload's catalog, pickled in parts: from the cache when the data was loaded before,
    else from `catalogpickle.load_in_process` (then stored). Raises `CatalogError` like it.
    Blocks: call from a thread."""
    key, pickled = cache.lookup(path) if cache else (None, None)
    return pickled if pickled is not None else _load_and_store(path, cache, key)


def _load_and_store(path: Path, cache: CatalogCache | None, key: str | None) -> bytes:
    """`catalogpickle.load_in_process`, stored under `key` when there is one."""
    pickled = catalogpickle.load_in_process(path)
    if cache is not None and key is not None:
        cache.put(key, pickled)
    return pickled


def load_cached(path: Path, cache: CatalogCache | None) -> Catalog:
    """The catalog at start-up: from the cache, else loaded as a reload is (`load_pickled`)
    and stored. Either way it is what the loader process pickled, so the first reload of the
    same tables finds their digests the same and keeps them (`catalogpickle.loading`).
    Without a cache, `load_catalog` in this process."""
    if cache is None:
        return load_catalog(path)
    key = cache.key(path)
    stored = cache.open(key) if key else None
    if stored is not None:
        with stored:
            return catalogpickle.loads(stored)
    return catalogpickle.loads(_load_and_store(path, cache, key))  # (the file hashed once)
