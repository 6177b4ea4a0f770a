"""Reloads load in another process and come back pickled in parts; the bot adopts them a
slice at a time, out of the cyclic collector's way, on its event loop's thread."""

from __future__ import annotations

import asyncio
import gc
import os
import pickle
import weakref
from pathlib import Path

import pytest

from bot import catalogpickle
from bot.catalog import Catalog, CatalogError, load_catalog
from bot.catalogpickle import BACKGROUND_NICENESS, load_in_process
from bot.client import adopt, release
from bot.curation.proposals import apart
from bot.stepwise import run_at_once

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "specs.yaml"


def test_a_catalog_loaded_in_another_process_is_the_same_catalog() -> None:
    here = load_catalog(DATA)

    there = catalogpickle.loads(load_in_process(DATA))

    assert there.phones == here.phones
    assert there.by_id.keys() == here.by_id.keys()
    assert there.summary() == here.summary()
    assert there.index.find("xiaomi 14 pro").phone == here.by_id["xiaomi-14-pro"]


def test_bad_data_loaded_in_another_process_raises_every_problem_here(tmp_path: Path) -> None:
    broken = tmp_path / "specs.yaml"
    broken.write_text(
        DATA.read_text(encoding="utf-8").replace("capacity_mah: 4880", "capacity_mah: lots", 1),
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as raised:
        load_catalog(broken)

    with pytest.raises(CatalogError) as apart:
        load_in_process(broken)

    assert apart.value.problems == raised.value.problems
    assert apart.value.problems[0].line is not None


def _state(catalog: Catalog) -> dict[str, object]:
    """Everything a catalog holds, its index's and filter columns' tables included."""
    apart = ("index", "columns", "table_digests")
    return {
        **{f"catalog.{k}": v for k, v in vars(catalog).items() if k not in apart},
        **{f"index.{k}": v for k, v in vars(catalog.index).items()},
        **{f"columns.{k}": v for k, v in vars(catalog.columns).items()},
    }


def test_a_catalog_pickled_in_parts_comes_back_whole_with_its_shared_objects() -> None:
    here = load_catalog(DATA)

    back = catalogpickle.loads(catalogpickle.dumps(here))

    assert _state(back) == _state(here)
    assert back.index.phones is back.phones  # one tuple, as loaded, not a copy per part
    assert back.sha256 == here.sha256 is not None
    assert back.by_id["xiaomi-14-pro"] is back.index.find("xiaomi 14 pro").phone
    assert back.columns.phones[0] is back.newest[0]


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    edited = tmp_path / "specs.yaml"
    edited.write_text(DATA.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return edited


def _tables(catalog: Catalog) -> dict[tuple[str, ...], object]:
    return {path: catalogpickle._lookup(catalog, path) for path in catalog.table_digests}


def test_the_loader_process_gives_the_same_data_the_same_table_digests() -> None:
    """What lets a reload tell the tables that did not change: sets come out in one order."""
    first = catalogpickle.loads(load_in_process(DATA)).table_digests
    second = catalogpickle.loads(load_in_process(DATA)).table_digests

    assert first == second
    assert len(first) > 20


def test_a_reload_of_unchanged_data_keeps_every_table_and_phone_it_holds() -> None:
    known = catalogpickle.loads(load_in_process(DATA))

    again = run_at_once(catalogpickle.loading(load_in_process(DATA), known))

    assert _state(again) == _state(known)
    assert len(again.table_digests) > 20
    assert all(table is _tables(known)[path] for path, table in _tables(again).items())
    assert all(a is b for a, b in zip(again.phones, known.phones, strict=True))


def test_a_reload_builds_only_the_phones_and_tables_that_changed(tmp_path: Path) -> None:
    known = catalogpickle.loads(load_in_process(DATA))
    edited = _edited(tmp_path, "capacity_mah: 4880", "capacity_mah: 4881")
    pickled = load_in_process(edited)
    fresh = catalogpickle.loads(pickled)
    changed = [p.id for p in fresh.phones if p != known.by_id[p.id]]

    back = run_at_once(catalogpickle.loading(pickled, known))

    assert len(changed) == 1
    assert _state(back) == _state(fresh)  # the catalog of the new file, whole
    assert back.by_id[changed[0]] is not known.by_id[changed[0]]
    assert back.by_id[changed[0]].battery == fresh.by_id[changed[0]].battery
    assert sum(p is known.by_id[p.id] for p in back.phones) == len(back.phones) - 1
    kept = [path for path, table in _tables(back).items() if table is _tables(known)[path]]
    rebuilt = set(_tables(back)) - set(kept)
    # The phone's own tables are new (they point at the new phone); most others are kept.
    assert {("phones",), ("by_id",)} <= rebuilt
    assert {("index", "_postings"), ("index", "_near")} <= set(kept)
    assert back.index.find(fresh.by_id[changed[0]].name).phone is back.by_id[changed[0]]


def test_a_catalog_in_parts_comes_in_many_small_steps() -> None:
    pickled = catalogpickle.dumps(load_catalog(DATA))

    steps = sum(1 for _ in catalogpickle.loading(pickled))

    # every phone slice and every large table is a step of its own
    assert steps > len(load_catalog(DATA).phones) // catalogpickle.SLICE


def test_a_damaged_or_foreign_pickle_is_refused_not_half_read() -> None:
    pickled = catalogpickle.dumps(load_catalog(DATA))

    with pytest.raises(ValueError, match="not a pickled catalog"):
        catalogpickle.loads(pickle.dumps(load_catalog(DATA).phones))
    with pytest.raises((ValueError, EOFError, pickle.UnpicklingError)):
        catalogpickle.loads(pickled[: len(pickled) // 2])


async def test_the_event_loop_keeps_running_while_a_catalog_is_adopted() -> None:
    pickled = catalogpickle.dumps(load_catalog(DATA))
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    ticking = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    before = ticks
    catalog = await adopt(pickled)
    during = ticks - before
    ticking.cancel()
    gc.unfreeze()

    assert len(catalog.phones) == len(load_catalog(DATA).phones)
    assert during >= 5, f"the loop ran {during} times while the catalog was adopted"


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


async def test_adopting_a_catalog_freezes_it_but_not_the_garbage_made_meanwhile() -> None:
    """Cyclic garbage made before the reload, and made by the event loop while the catalog
    is unpickled, is freed by the collector; only the catalog goes out of its sight."""
    pickled = catalogpickle.dumps(load_catalog(DATA))
    thresholds = gc.get_threshold()
    garbage = _Node()
    gone = [weakref.ref(garbage)]
    del garbage
    frozen_before = gc.get_freeze_count()
    unpickling = asyncio.create_task(adopt(pickled))
    while not unpickling.done():  # the loop answering messages: garbage made meanwhile
        for _ in range(100):
            gone.append(weakref.ref(_Node()))
        await asyncio.sleep(0)
    catalog = await unpickling

    kept = sum(ref() is not None for ref in gone)
    young, middle, _ = thresholds
    # Only what the young generations held when the catalog was frozen, never all of it.
    assert kept <= young * middle, f"{kept} of {len(gone)} kept"
    assert gone[0]() is None
    assert gc.isenabled()
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() > frozen_before + len(catalog.phones)
    gc.unfreeze()  # leave the test process as it was


async def test_a_replaced_catalog_is_freed_in_steps_and_entirely() -> None:
    retired = [load_catalog(DATA)]
    catalog_gone = weakref.ref(retired[0])
    phone_gone = weakref.ref(retired[0].phones[0])

    await release(retired)

    assert retired == []
    assert catalog_gone() is None
    assert phone_gone() is None


async def test_work_apart_from_the_bot_runs_at_a_lower_priority() -> None:
    """Loading and comparing catalogs take seconds of CPU: the bot's answers come first."""
    ours = os.nice(0)

    theirs = await apart(os.nice, 0)

    assert theirs == min(ours + BACKGROUND_NICENESS, 19)
