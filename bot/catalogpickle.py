"""A validated catalog as bytes, in small parts, so the bot can take one in while it answers.

The bot never parses a reload itself: `load_in_process` loads and validates in a process of its
own and sends the catalog back pickled (the cache of validated catalogs, `bot.catalogcache`,
stores the same bytes). A 10,000-phone catalog is some 350,000 objects, and one `pickle.loads`
builds them in a single call that holds the GIL for a third of a second or more. So the catalog
is pickled as a stream of small parts, and `loading` unpickles it one part at a time: the bot
runs it on its event loop's thread between answers (`bot.stepwise`).

The parts: the catalog, its index and its filter columns are taken apart attribute by attribute,
and every container of more than `SLICE` items (the phones, the index's tables...) is sent in
slices, each pickled on its own. What arrives is the same objects, derived look-ups included, so
nothing is recomputed on arrival. A phone is pickled once, with the catalog's phones; the
tables refer to it by its place there.

A reload usually changes a few phones, or none (the file saved again), so the bot builds only
what changed. Each slice of phones comes with their fingerprints, and a phone the catalog in
use holds with the same fingerprint is taken from it; each large table comes with a digest of
its slices (and of the phones they refer to), and a table whose digest is the one the catalog
in use arrived with is taken as it is, its slices skipped unread. Besides the work, that spares
memory: a catalog built again between answers lands in the holes the old one leaves, and
CPython hands memory back only in whole arenas, so the process grew with every reload.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import os
import pickle
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Generator, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, BinaryIO

from bot.catalog import Catalog, CatalogError, load_catalog
from bot.columns import Columns, Order
from bot.matching import PhoneIndex
from bot.models import Phone
from bot.stepwise import run_at_once

FORMAT = "phonespec-catalog-parts-2"
PROTOCOL = pickle.HIGHEST_PROTOCOL
LOADER_HASH_SEED = "0"
"""The loader process's: the same data pickles to the same bytes (`load_in_process`)."""
BACKGROUND_NICENESS = 10
"""How much lower the processes that load and compare catalogs run than the bot. At the bot's
own priority, their seconds of parsing took the CPU from answers on a machine with few cores
(`python -m benchmarks.reload --changed-phones 10000` measures it)."""
_ROOT = Path(__file__).resolve().parent.parent
SLICE = 64
"""Items of a container per part: 64 phones unpickle in about 2 ms."""
ATOM_SLICE = 4096
"""Numbers or strings per part: 4,096 unpickle in well under a millisecond."""

_TAKEN_APART = (Catalog, PhoneIndex, Columns, Order)
"""Objects sent attribute by attribute (each holds large containers)."""

Path_ = tuple[str, ...]
"""Attribute names from the catalog down to a value; () is the catalog itself."""

_FINISH: dict[str, Callable[[Any], Any]] = {
    "": lambda built: built,
    "tuple": tuple,
    "frozenset": frozenset,
    "proxy": MappingProxyType,
}


def dumps(catalog: Catalog) -> bytes:
    """The catalog as a stream of parts that `loading` reads back."""
    encoder = _Encoder(catalog)
    parts = encoder.encode(_parts(catalog))
    out = io.BytesIO()
    pickle.dump((FORMAT, len(parts)), out, protocol=PROTOCOL)
    for part in parts:
        pickler = pickle.Pickler(out, protocol=PROTOCOL)
        pickler.persistent_id = encoder.phone_position  # type: ignore[method-assign]
        pickler.dump(part)
    return out.getvalue()


def loading(data: bytes | BinaryIO, known: Catalog | None = None) -> Generator[None, None, Catalog]:
    """Unpickle `dumps`' stream, yielding after each part; returns the catalog.

    From `known` (the catalog in use), every large table whose digest is the same is taken as
    it is, and so is every phone with the same fingerprint.
    """
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    header = pickle.load(stream)
    if not (isinstance(header, tuple) and len(header) == 2 and header[0] == FORMAT):
        raise ValueError("not a pickled catalog in parts")
    phones = {} if known is None else (yield from _phones_by_fingerprint(known))
    builder = _Builder(known, phones)
    for _ in range(header[1]):
        unpickler = pickle.Unpickler(stream)
        unpickler.persistent_load = builder.phone  # type: ignore[method-assign]
        builder.apply(unpickler.load())
        yield
    return builder.result()


def _phones_by_fingerprint(catalog: Catalog) -> Generator[None, None, dict[bytes, Phone]]:
    found = {}
    for n, (phone_id, fingerprint) in enumerate(catalog.fingerprints.items(), 1):
        found[fingerprint] = catalog.by_id[phone_id]
        if n % ATOM_SLICE == 0:
            yield
    return found


def loads(data: bytes | BinaryIO) -> Catalog:
    """`loading` at once, for a program with no event loop to serve (start-up, the CLI)."""
    return run_at_once(loading(data))


def load_in_process(path: str | os.PathLike[str]) -> bytes:
    """`load_catalog` in a new process: the catalog as `dumps` gives it, or `CatalogError`
    raised here.

    Blocks until done (call it from a thread). A reload in a thread of the bot's process held
    the event loop's thread back for seconds: pydantic validates a file in one call that keeps
    the GIL. In a process of its own the load runs on another core and pauses the collector
    for itself alone, at a lower priority than the bot (`BACKGROUND_NICENESS`); the process
    ends with the load, so the memory it needed goes back to the system. It runs with a fixed
    hash seed: the same data then builds its sets in the same order and pickles to the same
    bytes, which is how `loading` tells the tables that did not change (a seed is a defence
    against hash flooding by whoever sends the keys; this process reads only the curated data,
    and only once).
    """
    env = {
        **os.environ,
        "PYTHONHASHSEED": LOADER_HASH_SEED,
        "PYTHONPATH": os.pathsep.join(filter(None, (str(_ROOT), os.environ.get("PYTHONPATH")))),
    }
    command = [sys.executable, "-m", "bot.catalogpickle", os.fspath(path)]
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    if done.returncode != 0:
        why = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
        raise RuntimeError(f"the catalog loader process failed: {why[0]}")
    outcome, value = pickle.loads(done.stdout)  # our own child's answer
    if outcome == "error":
        raise value
    return value  # type: ignore[no-any-return]


def lower_priority() -> None:
    """Let the bot's answers have the CPU first (where processes have a niceness)."""
    with contextlib.suppress(OSError, AttributeError):  # (AttributeError: Windows has no nice)
        os.nice(BACKGROUND_NICENESS)


def _load_apart(path: str) -> None:
    """What the loader process runs: a whole load without the collector (2-3x faster at
    10,000 phones than with dozens of full collections over an ever larger heap), written
    to standard output as ("ok", pickled catalog) or ("error", CatalogError)."""
    gc.disable()
    lower_priority()
    answer = sys.stdout.buffer
    sys.stdout = sys.stderr  # whatever else prints must not end up inside the answer
    try:
        outcome: tuple[str, object] = ("ok", dumps(load_catalog(path)))
    except (CatalogError, OSError) as exc:
        outcome = ("error", exc)
    answer.write(pickle.dumps(outcome, protocol=PROTOCOL))


# --- taking apart ---------------------------------------------------------------------------


def _parts(catalog: Catalog) -> Iterator[tuple[Any, ...]]:
    """("new", path, class), ("set", path, value), ("same", path, earlier path), and for a
    container sent in slices ("start", path, empty container, finish), ("add", path, items)...,
    ("end", path). A path step is an attribute name, or a key of a dict taken apart (then
    ("wrap", path) when that dict was a mapping proxy)."""
    sent: dict[int, Path_] = {}  # containers already sent in slices, so they stay one object
    yield from _value_parts((), catalog, sent)


def _value_parts(at: Path_, value: object, sent: dict[int, Path_]) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, _TAKEN_APART):
        yield ("new", at, type(value))
        for name, item in vars(value).items():
            yield from _value_parts((*at, name), item, sent)
    elif id(value) in sent:
        yield ("same", at, sent[id(value)])
    elif _mapping_of_heavy(value):  # a few large values, each sent apart
        yield ("set", at, _empty_like(value))  # type: ignore[arg-type]
        for key, item in value.items():  # type: ignore[attr-defined]
            yield from _value_parts((*at, key), item, sent)
        if isinstance(value, MappingProxyType):
            yield ("wrap", at)
    elif (sliced := _slices(value)) is not None:
        empty, finish, items = sliced
        sent[id(value)] = at
        yield ("start", at, empty, finish)
        size = _slice_size(items)
        for start in range(0, len(items), size):
            yield ("add", at, items[start : start + size])
        yield ("end", at)
    else:
        yield ("set", at, value)


_CONTAINERS = (list, tuple, dict, set, frozenset, MappingProxyType)
_ATOMS = (int, float, str, bool, type(None))


def _slice_size(items: list[Any]) -> int:
    """Items per part: thousands of numbers or strings, a few dozen of anything larger."""
    return ATOM_SLICE if all(isinstance(item, _ATOMS) for item in items[:SLICE]) else SLICE


def _mapping_of_heavy(value: object) -> bool:
    return (
        _is_mapping(value)
        and len(value) <= SLICE  # type: ignore[arg-type]
        and any(map(_heavy, value.values()))
    )


def _heavy(value: object) -> bool:
    """Too much for one part: a large container, or an object taken apart."""
    if isinstance(value, _TAKEN_APART):
        return True
    return isinstance(value, _CONTAINERS) and len(value) > SLICE


def _empty_like(mapping: Mapping[Any, Any]) -> dict[Any, Any]:
    if isinstance(mapping, defaultdict):
        return defaultdict(mapping.default_factory)
    return {}


def _slices(value: object) -> tuple[Any, str, list[Any]] | None:
    """How to send a container in slices: its empty form, how to finish it, its items.

    None for a value sent whole. A mapping proxy is always rebuilt (it cannot be pickled).
    """
    if isinstance(value, MappingProxyType):
        return {}, "proxy", list(value.items())
    if not _heavy(value):
        return None
    if type(value) is dict or isinstance(value, defaultdict):
        return _empty_like(value), "", list(value.items())  # type: ignore[arg-type]
    if type(value) in (list, tuple):
        return [], "" if type(value) is list else "tuple", list(value)  # type: ignore[call-overload]
    if type(value) in (set, frozenset):
        return set(), "" if type(value) is set else "frozenset", list(value)  # type: ignore[call-overload]
    return None


class _Encoder:
    """Pickles the slices of large containers on their own, and stamps each container with a
    digest of its slices, for `loading` to tell which tables did not change.

    A phone is pickled once, in the catalog's phones; elsewhere it is sent as its place there
    (`phone_position`), so a table's digest also covers the fingerprints of the phones it
    refers to: the same bytes pointing at a changed phone are a changed table.
    """

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._positions = {id(phone): at for at, phone in enumerate(catalog.phones)}
        self._referred: list[int] = []

    def phone_position(self, obj: object) -> int | None:
        at = self._positions.get(id(obj)) if isinstance(obj, Phone) else None
        if at is not None:
            self._referred.append(at)
        return at

    def encode(self, parts: Iterator[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        encoded: list[tuple[Any, ...]] = []
        opened, digest = 0, hashlib.blake2b(digest_size=16)
        for part in parts:
            action, path, *rest = part
            if action == "start":
                opened, digest = len(encoded), hashlib.blake2b(digest_size=16)
            elif action == "add":
                part = self._slice(path, rest[0], digest)
            elif action == "end":
                encoded[opened] = (*encoded[opened], digest.digest())
            encoded.append(part)
        return encoded

    def _slice(self, path: Path_, items: list[Any], digest: Any) -> tuple[Any, ...]:
        """("phones", path, fingerprints, pickled phones) or ("add", path, pickled items)."""
        prints = self._catalog.fingerprints
        if path == ("phones",):
            fingerprints = [prints[phone.id] for phone in items]
            digest.update(b"".join(fingerprints))
            return ("phones", path, fingerprints, pickle.dumps(items, protocol=PROTOCOL))
        out = io.BytesIO()
        pickler = pickle.Pickler(out, protocol=PROTOCOL)
        pickler.persistent_id = self.phone_position  # type: ignore[method-assign]
        self._referred.clear()
        pickler.dump(items)
        pickled = out.getvalue()
        digest.update(pickled)
        digest.update(b"".join(prints[self._catalog.phones[at].id] for at in self._referred))
        return ("add", path, pickled)


# --- letting go ----------------------------------------------------------------------------


def releasing(retired: list[Catalog]) -> Generator[None, None, None]:
    """Drop the one reference to a replaced catalog, so that it is freed a slice at a time.

    Dropped at once, a 10,000-phone catalog frees some 350,000 objects in one go, with the GIL
    held throughout (over 100 ms). So the items of its large containers are first held in
    lists of ours; dropping the catalog then frees only the containers' frames, and the lists
    are emptied a slice at a time. `retired` holds the only reference the caller had; whatever
    else still holds the catalog (a menu waiting for its choice) keeps it alive until it lets go.
    """
    held: dict[int, list[Any]] = {}
    for container in _large_containers(retired[0]):
        if id(container) not in held:
            held[id(container)] = list(container.items() if _is_mapping(container) else container)
            yield
    retired.clear()
    yield
    for items in held.values():
        size = _slice_size(items)
        while items:
            del items[-size:]
            yield


def _large_containers(value: object) -> Iterator[Any]:
    if isinstance(value, _TAKEN_APART):
        for item in vars(value).values():
            yield from _large_containers(item)
    elif _mapping_of_heavy(value):
        for item in value.values():  # type: ignore[attr-defined]
            yield from _large_containers(item)
    elif _heavy(value):
        yield value


def _is_mapping(value: object) -> bool:
    return isinstance(value, dict | MappingProxyType)


# --- putting together -----------------------------------------------------------------------


class _Builder:
    """Applies the parts in order; one sliced container is open at a time."""

    def __init__(self, known: Catalog | None, known_phones: Mapping[bytes, Phone]) -> None:
        self._root: Any = None
        self._open: tuple[Path_, Any, str] | None = None
        self._known = known
        self._known_phones = known_phones
        self._digests: dict[Path_, bytes] = {}

    def apply(self, part: tuple[Any, ...]) -> None:
        action, path, *rest = part
        if action == "new":
            cls = rest[0]
            self._place(path, cls.__new__(cls))
        elif action == "set":
            self._place(path, rest[0])
        elif action == "same":
            self._place(path, self._find(rest[0]))
        elif action == "wrap":
            self._place(path, MappingProxyType(self._find(path)))
        elif action == "start":
            self._start(path, *rest)
        elif action == "add":
            self._add(path, self._items, *rest)
        elif action == "phones":
            self._add(path, self._phones, *rest)
        elif action == "end":
            self._end(path)
        else:
            raise ValueError(f"unknown catalog part {action!r}")

    def phone(self, position: int) -> Phone:
        """A phone already sent, by its place in the catalog."""
        phones = self._root.phones if "phones" in vars(self._root) else self._open[1]
        return phones[position]

    def result(self) -> Catalog:
        if not isinstance(self._root, Catalog) or self._open is not None:
            raise ValueError("the pickled catalog ended early")
        object.__setattr__(self._root, "table_digests", MappingProxyType(self._digests))
        return self._root

    def _start(self, path: Path_, empty: Any, finish: str, digest: bytes) -> None:
        """Open a container sent in slices; the known catalog's own when its digest is the same
        (its slices are then skipped unread)."""
        self._digests[path] = digest
        if self._known is not None and self._known.table_digests.get(path) == digest:
            kept = _lookup(self._known, path)
            if kept is not None:
                self._open = (path, kept, _KEPT)
                return
        self._open = (path, empty, finish)

    def _items(self, pickled: bytes) -> list[Any]:
        unpickler = pickle.Unpickler(io.BytesIO(pickled))
        unpickler.persistent_load = self.phone  # type: ignore[method-assign]
        return unpickler.load()  # type: ignore[no-any-return]

    def _phones(self, fingerprints: list[bytes], pickled: bytes) -> list[Phone]:
        """A slice of phones: those known as they are, the others unpickled."""
        known = [self._known_phones.get(fingerprint) for fingerprint in fingerprints]
        if None not in known:
            return known  # type: ignore[return-value]
        fresh = pickle.loads(pickled)
        return [old or new for old, new in zip(known, fresh, strict=True)]

    def _add(self, path: Path_, read: Callable[..., list[Any]], *sent: Any) -> None:
        if self._open is None or self._open[0] != path:
            raise ValueError(f"catalog part for {'.'.join(path)} out of order")
        container, finish = self._open[1:]
        if finish == _KEPT:
            return
        items = read(*sent)
        if isinstance(container, list):
            container.extend(items)
        else:
            container.update(items)

    def _end(self, path: Path_) -> None:
        if self._open is None or self._open[0] != path:
            raise ValueError(f"catalog part for {'.'.join(path)} out of order")
        _, container, finish = self._open
        self._open = None
        self._place(path, container if finish == _KEPT else _FINISH[finish](container))

    def _place(self, path: Path_, value: Any) -> None:
        if not path:
            self._root = value
            return
        _fields(self._find(path[:-1]))[path[-1]] = value

    def _find(self, path: Path_) -> Any:
        found = self._root
        for step in path:
            found = _fields(found)[step]
        return found


_KEPT = "kept"
"""The finish of a container taken from the known catalog as it is."""


def _lookup(root: object, path: Path_) -> Any:
    """The value at `path` in a finished catalog (None when it has none there)."""
    found = root
    for step in path:
        fields = _fields(found)
        if step not in fields:
            return None
        found = fields[step]
    return found


def _fields(owner: Any) -> Any:
    """Where a path step leads: a mapping's keys, or an object's attributes (written straight
    into its `__dict__`, as pickle does, so frozen dataclasses too)."""
    return owner if isinstance(owner, Mapping) else vars(owner)


if __name__ == "__main__":
    _load_apart(sys.argv[1])
