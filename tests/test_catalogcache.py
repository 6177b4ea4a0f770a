"""The compiled catalog cache: the same catalog (or the same problems) with it as without it."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from bot import catalogpickle
from bot.catalog import Catalog, CatalogError, load_catalog
from bot.catalogcache import KEEP, CatalogCache, load_cached, load_pickled

DATA = Path(__file__).resolve().parent.parent / "data" / "specs.yaml"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data" / "specs.yaml"
    copy.parent.mkdir()
    shutil.copy(DATA, copy)
    return copy


@pytest.fixture
def cache(tmp_path: Path) -> CatalogCache:
    return CatalogCache(tmp_path / "cache")


def assert_same(cached: Catalog, careful: Catalog) -> None:
    assert cached.phones == careful.phones
    assert dict(cached.series) == dict(careful.series)
    assert cached.files == careful.files
    assert cached.updated == careful.updated
    assert cached.summary() == careful.summary()
    for query in ("xiaomi 14 pro", "pixel 8", "galaxy s24 ultra"):
        assert cached.index.find(query) == careful.index.find(query)


def test_a_catalog_from_the_cache_is_the_catalog_the_careful_load_gives(
    data: Path, cache: CatalogCache
) -> None:
    careful = load_catalog(data)

    first = load_cached(data, cache)
    key, stored = cache.lookup(data)
    second = load_cached(data, cache)

    assert key is not None
    assert stored is not None
    assert_same(first, careful)
    assert_same(second, careful)
    assert_same(catalogpickle.loads(stored), careful)


def test_a_reload_is_stored_by_the_loader_process_and_then_served_from_the_cache(
    data: Path, cache: CatalogCache
) -> None:
    loaded = load_pickled(data, cache)
    key, stored = cache.lookup(data)

    assert stored == loaded
    assert load_pickled(data, cache) == loaded
    assert key is not None
    assert_same(catalogpickle.loads(loaded), load_catalog(data))


def test_changed_data_is_a_miss_and_loads_the_new_values(data: Path, cache: CatalogCache) -> None:
    load_cached(data, cache)
    data.write_text(
        data.read_text(encoding="utf-8").replace("capacity_mah: 4880", "capacity_mah: 4990", 1),
        encoding="utf-8",
    )

    catalog = load_cached(data, cache)

    assert catalog.by_id["xiaomi-14-pro"].battery.capacity_mah == 4990


def test_touching_the_file_is_a_miss_so_the_date_from_its_mtime_stays_true(
    tmp_path: Path, cache: CatalogCache
) -> None:
    """Without an `updated:` line the catalog's date is the file's mtime; a touch changes it."""
    data = tmp_path / "specs.yaml"
    text = DATA.read_text(encoding="utf-8")
    data.write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("updated:"))
    )
    os.utime(data, (1_700_000_000, 1_700_000_000))
    before = load_cached(data, cache).updated
    os.utime(data, (1_800_000_000, 1_800_000_000))

    after = load_cached(data, cache).updated

    assert after > before
    assert after == load_catalog(data).updated


def test_bad_data_gives_the_same_problems_and_is_never_stored(
    data: Path, cache: CatalogCache
) -> None:
    data.write_text(
        data.read_text(encoding="utf-8").replace("capacity_mah: 4880", "capacity_mah: lots", 1),
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as careful:
        load_catalog(data)

    with pytest.raises(CatalogError) as cached:
        load_cached(data, cache)
    with pytest.raises(CatalogError) as reloaded:
        load_pickled(data, cache)

    assert cached.value.problems == careful.value.problems
    assert reloaded.value.problems == careful.value.problems
    assert careful.value.problems[0].line is not None
    assert cache.lookup(data)[1] is None


def test_a_missing_file_is_reported_by_the_careful_load(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path / "cache")
    missing = tmp_path / "nothing.yaml"

    with pytest.raises(CatalogError, match="file not found"):
        load_cached(missing, cache)
    assert cache.key(missing) is None


def test_a_damaged_entry_is_a_miss_and_is_replaced(data: Path, cache: CatalogCache) -> None:
    load_cached(data, cache)
    key, _ = cache.lookup(data)
    entry = cache.folder / f"{key}.pickle"
    entry.write_bytes(entry.read_bytes()[:1000])  # torn, as by a full disk

    assert cache.lookup(data)[1] is None
    catalog = load_cached(data, cache)

    assert_same(catalog, load_catalog(data))
    assert cache.lookup(data)[1] is not None


def test_only_the_newest_entries_are_kept(tmp_path: Path, cache: CatalogCache) -> None:
    for n in range(KEEP + 2):
        cache.put(f"{n:064x}", pickle.dumps(n))
        os.utime(cache.folder / f"{n:064x}.pickle", (1_700_000_000 + n, 1_700_000_000 + n))

    kept = sorted(p.stem for p in cache.folder.glob("*.pickle"))

    assert kept == [f"{n:064x}" for n in range(2, KEEP + 2)]
