"""Answers while a large catalog reloads: latency, losses, and memory over repeated reloads.

Run from the repository root:

    python -m benchmarks.reload                          # 10,000 phones, 10 reloads, 200 msg/s
    python -m benchmarks.reload --phones 5000 --reloads 3

The bot runs as deployed (`python -m bot` in its own process, see `benchmarks/load.py`) on a
generated catalog of `--phones` phones (`benchmarks/catalog.py` writes it). Each round sends
`!spec <phone id>` messages at `--rate` a second for `--round-seconds`; half a second in, the owner
sends `!reload` (after changing `--changed-phones` phones' batteries in the file, if asked), and
the round waits for the bot's "Reloaded" reply, so every reload runs while messages keep coming.
Reported:

- the latency of every message of every round (MESSAGE_CREATE dispatched -> the bot's reply
  received by FakeDiscord), and how many were lost;
- how long each reload took, from `!reload` to its reply;
- the bot's resident memory (VmRSS) after the first and after the last reload: a reload must not
  leave the old catalog, or garbage made meanwhile, behind.

Targets (issue 8): p99 <= 50 ms and nothing lost while a 10,000-phone catalog reloads at 200
messages a second; memory after 10 reloads within 1.3x of after the first. Exit 0 on PASS.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.catalog import generate, write_catalog
from benchmarks.load import (
    MB,
    START_TIMEOUT,
    Driver,
    Phase,
    breakdown,
    cpu_seconds,
    own_gc_paused,
    row,
    stop_bot,
    table,
)
from bot import answers
from bot.catalog import Catalog, load_catalog
from tests.fakediscord import FakeDiscord
from tests.fakediscord.environment import bot_environment
from tests.fakediscord.ratelimits import RateLimit
from tests.fakediscord.recording import Request

TARGET_P99_MS = 50.0
TARGET_GROWTH = 1.3
RELOAD_TIMEOUT = 120.0
SETTLE_LIMIT_S = 120.0


async def settled(pid: int) -> None:
    """Wait until the bot is at rest: no process of its own running (a loader, the comparison
    of the old and new files that records a version) and no CPU used for a second. After a
    changed file the bot's watcher reloads too, and the version is recorded after the reply;
    memory read at once counted what those held meanwhile."""
    deadline = time.monotonic() + SETTLE_LIMIT_S
    used = cpu_seconds(pid)
    while time.monotonic() < deadline:
        await asyncio.sleep(1.0)
        now = cpu_seconds(pid)
        if now - used < 0.01 and not _children(pid):
            return
        used = now


def _children(pid: int) -> list[str]:
    """The bot's child processes at work (multiprocessing's resource tracker stays for good)."""
    tasks = Path(f"/proc/{pid}/task")
    children = [c for task in tasks.iterdir() for c in (task / "children").read_text().split()]
    return [c for c in children if b"resource_tracker" not in _command(c)]


def _command(pid: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""  # ended meanwhile


def id_queries(catalog: Catalog, count: int) -> list[tuple[str, str]]:
    """`!spec <phone id>` and the title of its answer, for phones whose title is their own."""
    seen: dict[str, int] = {}
    queries = []
    for phone in catalog.phones[: 2 * count]:
        title = answers.spec(catalog, phone.id).embeds[0]["title"]
        seen[title] = seen.get(title, 0) + 1
        queries.append((f"!spec {phone.id}", title))
    return [(message, title) for message, title in queries if seen[title] == 1][:count]


def resident_mb(pid: int) -> float:
    """VmRSS (current resident set) of a live process, from /proc (Linux only)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024 / MB
    raise RuntimeError(f"no VmRSS for process {pid}")


async def reload_once(server: FakeDiscord) -> float:
    """Seconds from the owner's `!reload` to the bot's "Reloaded" reply."""
    start = time.monotonic()
    await server.send_message("!reload", author="owner")
    path = f"/channels/{server.channel_id}/messages"

    def reloaded(request: Request) -> bool:
        content = (request.json or {}).get("content") or ""
        return request.method == "POST" and request.path == path and content.startswith("Reloaded")

    # One wait for the one reply: a wait scans every request recorded so far, and taking the
    # answers one at a time until "Reloaded" rescanned them all for each, which kept this
    # process (the one that stamps the bot's replies) busy for longer every round.
    await server.wait_for_request(reloaded, timeout=RELOAD_TIMEOUT)
    return time.monotonic() - start


def edit(path: Path, original: str, phones: int, number: int) -> None:
    """Rewrite the catalog with the battery of its first `phones` phones changed, differently
    each round: a curator's edit, so that the reload has phones and tables to build again."""
    if phones:
        changed = _BATTERY.sub(
            lambda m: f"capacity_mah: {int(m[1]) + number}", original, count=phones
        )
        path.write_text(changed, encoding="utf-8")


_BATTERY = re.compile(r"capacity_mah: (\d+)")


async def one_round(
    server: FakeDiscord,
    driver: Driver,
    number: int,
    args: argparse.Namespace,
    change: Callable[[], None],
) -> tuple[Phase, float]:
    """One round of messages; half a second in, the data is changed (if asked) and reloaded.
    (A changed file also wakes the bot's own watcher; its reload and `!reload` take turns.)"""
    count = round(args.rate * args.round_seconds)
    with own_gc_paused():  # this process's collections would count as the bot's latency
        sending = asyncio.create_task(driver.run(f"round {number}", count, args.rate, 5.0))
        await asyncio.sleep(0.5)
        change()
        took = await reload_once(server)
        return await sending, took


def merged(phases: Sequence[Phase], name: str) -> Phase:
    return Phase(
        name,
        sent=sum(p.sent for p in phases),
        replies=sum(p.replies for p in phases),
        other=sum(p.other for p in phases),
        failed=sum(p.failed for p in phases),
        latencies_ms=tuple(ms for p in phases for ms in p.latencies_ms),
        send_s=sum(p.send_s for p in phases),
        drain_s=sum(p.drain_s for p in phases),
        dispatch_ms=tuple(ms for p in phases for ms in p.dispatch_ms),
        bot_cpu_s=sum(p.bot_cpu_s for p in phases),
        refused=sum(p.refused for p in phases),
    )


async def benchmark(args: argparse.Namespace, workdir: Path) -> int:
    data_path = write_catalog(generate(args.phones), args.phones, workdir)
    catalog = load_catalog(data_path, max_bytes=1 << 30)
    per_round = round(args.rate * args.round_seconds)
    queries = id_queries(catalog, per_round + 100)
    async with FakeDiscord(rate_limit=RateLimit(1000, 1.0)) as server:
        env = bot_environment(
            server,
            data_path,
            DISCORD_TOKEN="benchmark-token",
            COOLDOWN_COMMANDS="1000000",
            COOLDOWN_SECONDS="1",
            OWNER_IDS=str(server.user_id("owner")),
            LOG_LEVEL="WARNING",
        )
        with (workdir / "bot.log").open("wb") as log:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", env=env, stdout=log, stderr=asyncio.subprocess.STDOUT
            )
        try:
            await server.wait_until_ready(timeout=START_TIMEOUT + args.phones / 1000)
            driver = Driver(server, queries, process.pid)
            await driver.run("warm-up", 50, rate=None, drain_s=5.0)
            rounds, took, memory = [], [], []
            original = data_path.read_text(encoding="utf-8")
            for number in range(1, args.reloads + 1):
                change = functools.partial(edit, data_path, original, args.changed_phones, number)
                phase, seconds = await one_round(server, driver, number, args, change)
                rounds.append(phase)
                took.append(seconds)
                if args.changed_phones:
                    await settled(process.pid)
                memory.append(resident_mb(process.pid))
        finally:
            await stop_bot(process)

    whole = merged(rounds, f"{args.reloads} reloads")
    print(
        f"PhoneSpec reload under load: {catalog.summary()}; {args.rate:g} msg/s, "
        f"{args.reloads} rounds of {args.round_seconds:g} s, `!reload` 0.5 s into each, "
        f"{args.changed_phones} phones changed before each; {os.cpu_count()} CPUs"
    )
    print(
        table(
            [
                (
                    "phase",
                    "sent",
                    "replies",
                    "lost",
                    "other",
                    "p50 ms",
                    "p99 ms",
                    "max ms",
                    "msg/s",
                ),
                *(row(p) for p in rounds),
                row(whole),
            ]
        )
    )
    print(breakdown(whole))
    print(f"reload took (s): {', '.join(f'{s:.1f}' for s in took)}")
    growth = memory[-1] / memory[0]
    print(
        f"bot resident memory after reload 1: {memory[0]:.0f} MB, after reload {len(memory)}: "
        f"{memory[-1]:.0f} MB ({growth:.2f}x); all: {', '.join(f'{m:.0f}' for m in memory)}"
    )
    p99 = whole.percentile(99)
    passed = whole.lost == 0 and p99 <= TARGET_P99_MS and growth <= TARGET_GROWTH
    print(
        f"target: nothing lost, p99 <= {TARGET_P99_MS:g} ms, memory <= {TARGET_GROWTH}x: "
        f"{'PASS' if passed else 'MISS'} (lost {whole.lost}, p99 {p99:.1f} ms, {growth:.2f}x)"
    )
    return 0 if passed else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=10_000)
    parser.add_argument("--reloads", type=int, default=10)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--round-seconds", type=float, default=8.0)
    parser.add_argument(
        "--changed-phones",
        type=int,
        default=0,
        help="phones whose battery each round changes before its reload (default: none, the "
        "same file reloaded, as the target is stated)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="phonespec-reload-") as workdir:
        return asyncio.run(benchmark(args, Path(workdir)))


if __name__ == "__main__":
    sys.exit(main())
