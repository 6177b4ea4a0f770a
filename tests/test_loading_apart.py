"""Reloads load in another process and come back pickled; the bot adopts them out of the
cyclic collector's way, from its event loop's thread."""

from __future__ import annotations

import asyncio
import gc
import pickle
import weakref
from pathlib import Path

import pytest

from bot.catalog import CatalogError, load_catalog, load_in_process
from bot.client import adopt, release

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "specs.yaml"


def test_a_catalog_loaded_in_another_process_is_the_same_catalog() -> None:
    here = load_catalog(DATA)

    there = pickle.loads(load_in_process(DATA))

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


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


async def test_adopting_a_catalog_freezes_it_but_not_the_garbage_made_meanwhile() -> None:
    """Cyclic garbage made before the reload, and made by the event loop while the catalog
    is unpickled, is freed by the collector; only the catalog goes out of its sight."""
    pickled = pickle.dumps(load_catalog(DATA))
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
