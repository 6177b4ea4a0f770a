"""How long curating takes on a 1,000-phone catalog: preparing an import (read, validate exactly
as `check` does, diff) and writing a version (the database row and the live file).

Run from the repository root:

    python -m benchmarks.curation                      # SQLite in a temporary folder
    python -m benchmarks.curation --phones 10000
    python -m benchmarks.curation --database-url postgresql+asyncpg://user@127.0.0.1:5432/db

The catalog is the one `benchmarks.catalog` generates. Each figure is the median of several
runs, in milliseconds:

- load: `load_catalog` of the file alone (what `check` and a reload cost), for comparison;
- import whole: `Curation.propose_import(replace=True)` of the file with 100 batteries changed
  (parse, validate, field-level diff of every phone);
- import partial: a 10-phone partial file merged into the catalog (merge, write the merged YAML,
  validate it, diff);
- of which process: starting the (spawned) process that prepares each change, and importing
  the bot's modules there, which keeps the validation's GIL away from the event loop;
- version write: `Curation.apply` of a one-field change: the compressed version row committed and
  the live file written atomically (fsync, rename, fsync of the folder);
- of which file: `write_atomically` alone.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from benchmarks.catalog import generate, write_catalog
from bot.catalog import load_catalog
from bot.curation.livefile import write_atomically
from bot.curation.proposals import apart
from bot.curation.service import Curation
from bot.db import Database
from bot.db.actor import Actor

RUNS = 5
BENCH = Actor(1, "benchmark")


def _changed_batteries(text: str, count: int) -> str:
    """The catalog with the first `count` battery capacities one mAh larger."""
    left = [count]

    def bump(match: re.Match[str]) -> str:
        if left[0] <= 0:
            return match[0]
        left[0] -= 1
        return f"capacity_mah: {int(match[1]) + 1}"

    return re.sub(r"capacity_mah: (\d+)", bump, text)


def _partial(text: str, phones: int) -> str:
    """The first `phones` phones of the catalog, each with its battery one mAh larger."""
    body = text.split("\nphones:\n", 1)[1].split("\nseries:\n", 1)[0]
    items = re.split(r"\n(?=- id: )", body)[:phones]
    return _changed_batteries("phones:\n" + "\n".join(items) + "\n", phones)


async def _median_ms(action: Callable[[], Awaitable[object]], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        await action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def measure(phones: int, database_url: str | None, folder: Path) -> dict[str, float]:
    path = write_catalog(generate(phones), phones, folder)
    text = path.read_text(encoding="utf-8")
    whole = _changed_batteries(text, 100).encode()
    partial = _partial(text, 10).encode()
    db = await Database.open(database_url or f"sqlite+aiosqlite:///{folder / 'bench.db'}")
    curation = Curation(db, path)
    await curation.record_host_file()

    async def load() -> None:
        await asyncio.to_thread(load_catalog, path)

    async def nothing() -> None:
        """The bot would swap the catalog in here; the load is measured on its own."""

    async def version_write() -> None:
        latest, _ = await curation.latest()
        capacity = 5000 + latest.number
        proposal = await curation.propose_set(
            _first_id(text), "battery.capacity_mah", str(capacity)
        )
        start = time.perf_counter()
        await curation.apply(proposal, BENCH, nothing)
        timings.append((time.perf_counter() - start) * 1000)

    timings: list[float] = []
    figures = {
        "load": await _median_ms(load),
        "import whole": await _median_ms(
            lambda: curation.propose_import(whole, "whole.yaml", replace=True)
        ),
        "import partial": await _median_ms(
            lambda: curation.propose_import(partial, "partial.yaml", replace=False)
        ),
        "of which process": await _median_ms(lambda: apart(_started)),
    }
    for _ in range(RUNS):
        await version_write()
    figures["version write"] = statistics.median(timings)
    data = path.read_bytes()
    figures["of which file"] = await _median_ms(
        lambda: asyncio.to_thread(write_atomically, path, data)
    )
    await db.close()
    return figures


def _started() -> None:
    """Nothing: to find this function, the new process imports this module and with it the
    bot's modules that validate, as a preparing process does."""


def _first_id(text: str) -> str:
    found = re.search(r"^- id: (\S+)", text, re.MULTILINE)
    assert found, "the generated catalog has phones"
    return found[1]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.curation")
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--database-url", help="default: SQLite in a temporary folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="phonespec-bench-") as folder:
        figures = asyncio.run(measure(args.phones, args.database_url, Path(folder)))
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{args.phones:,} phones, {database}, median of {RUNS} runs")
    for name, ms in figures.items():
        ratio = ms / figures["load"]
        print(f"  {name:<15} {ms:9.1f} ms   {ratio:5.2f}x a load")


if __name__ == "__main__":
    main()
