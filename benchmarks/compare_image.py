"""How fast the comparison card is drawn, how fast a cached one is served, and its memory.

Run from the repository root:

    python -m benchmarks.compare_image            # 60 different comparisons of the bundled data

- Cold: each comparison drawn with an empty cache (`render_png` on a miss: layout, text, PNG
  encoding). The very first card also loads the fonts and is reported apart.
- Cached: the same comparison asked again, as a repeated `!compare` is: `render_png` (the
  target), and for information the whole reply (`compare_reply`: rows, verdict, text layout)
  plus `render_png`.
- Memory: Python allocations (tracemalloc) while drawing twice the cache's size in cards, and
  the bytes the full cache holds.

Targets from the issue: a card in at most 150 ms cold (p99) and at most 1 ms from the cache (p99).
The exit status is 0 on PASS and 1 on MISS.
"""

from __future__ import annotations

import dataclasses
import itertools
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

from bot import compare_image
from bot.catalog import load_catalog
from bot.comparison import Comparison, compare_reply, comparison
from bot.models import Phone

REPO = Path(__file__).resolve().parent.parent
TARGET_COLD_MS = 150.0
TARGET_CACHED_MS = 1.0
CARDS = 60
REPEATS = 2_000


def _phone_sets(phones: Sequence[Phone]) -> list[list[Phone]]:
    """Pairs and triples of different phones, newest first, spread over the catalog."""
    step = max(1, len(phones) // CARDS)
    spread = phones[::step]
    pairs = [list(pair) for pair in itertools.pairwise(spread)][: CARDS * 2 // 3]
    triples = [list(spread[i : i + 3]) for i in range(0, len(spread) - 2, 2)]
    return (pairs + triples)[:CARDS]


def _ms(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def _p99(values: Sequence[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) > 1 else values[0]


def _row(name: str, values: Sequence[float], target: float) -> bool:
    p50, p99 = statistics.median(values), _p99(values)
    verdict = "PASS" if p99 <= target else "MISS"
    print(
        f"{name:<34} p50 {p50:8.3f} ms   p99 {p99:8.3f} ms   max {max(values):8.3f} ms   "
        f"target p99 <= {target:g} ms ({p99 / target:5.1%} of it)  {verdict}"
    )
    return p99 <= target


def main() -> int:
    catalog = load_catalog(REPO / "data" / "specs.yaml")
    sets = _phone_sets(catalog.newest)
    compared: list[Comparison] = [comparison(phones, catalog.updated) for phones in sets]
    print(f"{len(compared)} comparisons of the bundled catalog ({len(catalog.phones)} phones)")

    compare_image.clear_cache()
    first = _ms(lambda: compare_image.render_png(compared[0]))
    print(f"first card, fonts loading:          {first:8.3f} ms")

    cold = []
    for card in compared:
        compare_image.clear_cache()
        cold.append(_ms(lambda card=card: compare_image.render_png(card)))
    ok = _row("cold (drawn, PNG encoded)", cold, TARGET_COLD_MS)

    card, phones = compared[1], sets[1]
    compare_image.render_png(card)
    cached = [_ms(lambda: compare_image.render_png(card)) for _ in range(REPEATS)]
    ok &= _row("cached: render_png", cached, TARGET_CACHED_MS)

    def reply_and_card() -> bytes:
        picture = compare_reply(phones, catalog.updated).picture
        assert picture is not None
        return picture.render()

    whole = [_ms(reply_and_card) for _ in range(REPEATS)]
    p50, p99 = statistics.median(whole), _p99(whole)
    print(f"{'(info) whole reply + cached card':<34} p50 {p50:8.3f} ms   p99 {p99:8.3f} ms")

    compare_image.clear_cache()
    tracemalloc.start()
    for index in range(2 * compare_image.CACHE_SIZE):
        card = compared[index % len(compared)]
        compare_image.render_png(dataclasses.replace(card, ids=(*card.ids, str(index))))
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    held = compare_image.cached_bytes()
    cards = compare_image.cached_cards()
    sizes = [len(compare_image.render_png(card)) for card in compared]
    bound = compare_image.CACHE_SIZE
    print(f"memory: {cards} cards cached (bound {bound}) hold {held / 1e6:.2f} MB")
    print(f"card size {min(sizes) / 1e3:.0f}-{max(sizes) / 1e3:.0f} kB")
    print(
        f"Python allocations after {2 * bound} cards: {current / 1e6:.2f} MB, "
        f"peak {peak / 1e6:.2f} MB"
    )
    print("PASS" if ok else "MISS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
