"""A validated catalog as bytes, in small parts, so the bot can take one in while it answers.

The bot never parses a reload itself: `load_in_process` loads and validates in a process of its
own and sends the catalog back pickled (the cache of validated catalogs, `bot.catalogcache`,
stores the same bytes). A 10,000-phone catalog is some 350,000 objects, and one `pickle.loads`
builds them in a single call that holds the GIL for a third of a second or more. So the catalog
is pickled as a stream of parts sharing one memo (an object pickled by one part is referred to,
not copied, by the later ones), and `loading` unpickles it one part at a time: the bot runs it
on its event loop's thread between answers (`bot.stepwise`).

The parts: the catalog, its index and its filter columns are taken apart attribute by attribute,
and every container of more than `SLICE` items (the phones, the index's tables...) is sent in
slices. What arrives is the same objects, derived look-ups included, so nothing is recomputed
on arrival.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
from collections import defaultdict
from collections.abc import Callable, Generator, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from types import MappingProxyType
from typing import Any, BinaryIO

from bot.catalog import Catalog, load_catalog
from bot.columns import Columns, Order
from bot.matching import PhoneIndex
from bot.models import Phone
from bot.stepwise import run_at_once

FORMAT = "phonespec-catalog-parts-1"
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
    phones = {id(phone): at for at, phone in enumerate(catalog.phones)}

    def phone_position(obj: object) -> int | None:
        return phones.get(id(obj)) if isinstance(obj, Phone) else None

    out = io.BytesIO()
    parts = list(_parts(catalog))
    pickle.dump((FORMAT, len(parts)), out, protocol=pickle.HIGHEST_PROTOCOL)
    for part in parts:
        pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
        if part[1] != ("phones",):  # a phone is sent once, with the phones; later, its place
            pickler.persistent_id = phone_position  # type: ignore[method-assign]
        pickler.dump(part)
    return out.getvalue()


def loading(data: bytes | BinaryIO) -> Generator[None, None, Catalog]:
    """Unpickle `dumps`' stream, yielding after each part; returns the catalog."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    header = pickle.load(stream)
    if not (isinstance(header, tuple) and len(header) == 2 and header[0] == FORMAT):
        raise ValueError("not a pickled catalog in parts")
    builder = _Builder()
    for _ in range(header[1]):
        unpickler = pickle.Unpickler(stream)
        unpickler.persistent_load = builder.phone  # type: ignore[method-assign]
        builder.apply(unpickler.load())
        yield
    return builder.result()


def loads(data: bytes | BinaryIO) -> Catalog:
    """`loading` at once, for a program with no event loop to serve (start-up, the CLI)."""
    return run_at_once(loading(data))


def load_in_process(path: str | os.PathLike[str]) -> bytes:
    """`load_catalog` in a new process: the catalog as `dumps` gives it, or `CatalogError`
    raised here.

    Blocks until done (call it from a thread). A reload in a thread of the bot's process held
    the event loop's thread back for seconds: pydantic validates a file in one call that keeps
    the GIL. In a process of its own the load runs on another core and pauses the collector
    for itself alone. The process is spawned (forking one with threads is unsafe) and ends with
    the load, so the memory it needed goes back to the system.
    """
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(_load_apart, str(path)).result()


def _load_apart(path: str) -> bytes:
    """What the loader process runs: a whole load without the collector (2-3x faster at
    10,000 phones than with dozens of full collections over an ever larger heap)."""
    gc.disable()
    return dumps(load_catalog(path))


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

    def __init__(self) -> None:
        self._root: Any = None
        self._open: tuple[Path_, Any, str] | None = None

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
            self._open = (path, rest[0], rest[1])
        elif action == "add":
            self._add(path, rest[0])
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
        return self._root

    def _add(self, path: Path_, items: list[Any]) -> None:
        if self._open is None or self._open[0] != path:
            raise ValueError(f"catalog part for {'.'.join(path)} out of order")
        container = self._open[1]
        if isinstance(container, list):
            container.extend(items)
        else:
            container.update(items)

    def _end(self, path: Path_) -> None:
        if self._open is None or self._open[0] != path:
            raise ValueError(f"catalog part for {'.'.join(path)} out of order")
        _, container, finish = self._open
        self._open = None
        self._place(path, _FINISH[finish](container))

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


def _fields(owner: Any) -> dict[Any, Any]:
    """Where a path step leads: a dict's keys, or an object's attributes (written straight into
    its `__dict__`, as pickle does, so frozen dataclasses too)."""
    return owner if isinstance(owner, dict) else vars(owner)
