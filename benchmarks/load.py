"""How many `!spec` messages the bot answers, how fast, and in how much memory.

Run from the repository root:

    python -m benchmarks.load                              # burst of 1,000, then 200/s for 10 s
    python -m benchmarks.load --burst 2000 --rate 300 --seconds 5
    python -m benchmarks.load --processes 2                # shards 0 and 1 of 2, one process each
    python -m benchmarks.load --processes 2 --database-url postgresql+asyncpg://user@host/db

The bot runs as it is deployed, `python -m bot` in its own process, configured by the environment
only (DISCORD_TOKEN, DISCORD_API_BASE, DISCORD_GATEWAY_URL, DATA_PATH). This process plays
Discord: FakeDiscord (`tests/fakediscord`) serves the gateway and REST API on 127.0.0.1 from
this process's event loop, and the benchmark posts members' messages through it.

- Matching replies to messages: each message asks for a different thing, `!spec <phone id>` or
  `!spec <phone id> <topic>` (366 phones x 14 = thousands of distinct queries), and every answer's
  embed title names what was asked ("Xiaomi 14 Pro — battery"). Titles are computed beforehand
  with the bot's own `bot.answers`, and only queries with a title of their own are used, so
  within a phase every reply identifies exactly one message.
- Latency: from just before the MESSAGE_CREATE is dispatched to the moment FakeDiscord received
  the bot's `POST /channels/{id}/messages` (`Request.received_at`, the same monotonic clock).
- Lost: messages without a reply once the phase has drained (5 s after the last message, or
  longer for the burst while replies keep coming).
- The per-user cooldown would drop most of these messages (FakeDiscord's guild has only four
  human members), so the bot runs with COOLDOWN_COMMANDS raised to 1,000,000 per second.
- This process pauses its own cyclic GC during each phase, so that its collections are not
  counted as the bot's latency; the bot process runs as deployed, GC and all.
- Memory: the bot process's peak resident set (`VmHWM` in /proc/<pid>/status, Linux), after
  start-up and at the end.

With `--processes N`, N bot processes run shards 0..N-1 of N (SHARD_COUNT, SHARD_IDS) on one
database (an SQLite file, or `--database-url`), and FakeDiscord serves N servers, server i on
shard i: each process gets the same burst and the same steady rate in its own server at once
(N times the load in all), and the figures are printed for each process. Then a curator
changes the catalog through shard 0, and the run prints how long after Confirm the curator was
told it was applied and each other process served it.

The target from the issue: nothing lost, and p99 at most 50 ms at 200 messages a second (in
each process). The exit status is 0 on PASS and 1 on MISS.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bot import answers
from bot.catalog import Catalog, load_catalog
from bot.embeds import Topic
from tests.e2e.harness import battery_of, components_of
from tests.fakediscord import FakeDiscord
from tests.fakediscord.environment import bot_environment
from tests.fakediscord.ratelimits import RateLimit
from tests.fakediscord.recording import Request

REPO = Path(__file__).resolve().parent.parent
AUTHORS = ("member", "moderator", "helper", "owner")
COOLDOWN_COMMANDS = 1_000_000
TARGET_P99_MS = 50.0
START_TIMEOUT = 30.0
DRAIN_S = 5.0
WARM_UP = 50
MB = 1_000_000
PROPAGATION_LIMIT_S = 120.0


# --- what to ask -----------------------------------------------------------------------------


def spec_queries(catalog: Catalog) -> list[tuple[str, str]]:
    """(message, title of the bot's answer) for every phone and every phone with a topic,
    keeping only queries whose answer's title no other query shares."""
    texts = [phone.id for phone in catalog.phones]
    texts += [f"{phone.id} {topic.value}" for topic in Topic for phone in catalog.phones]
    titled: dict[str, list[str]] = {}
    for text in texts:
        reply = answers.spec(catalog, text)
        if len(reply.embeds) == 1 and not reply.choices and reply.embeds[0].get("title"):
            titled.setdefault(reply.embeds[0]["title"], []).append(text)
    return [(f"!spec {texts[0]}", title) for title, texts in titled.items() if len(texts) == 1]


# --- the bot process -------------------------------------------------------------------------


def peak_memory_mb(pid: int) -> float | None:
    """VmHWM (peak resident set) of a live process, from /proc (Linux only)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024 / MB
    return None


def cpu_seconds(pid: int | None) -> float:
    """User plus system CPU time of a live process so far, from /proc (Linux only); 0 without."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def stop_bot(process: asyncio.subprocess.Process) -> None:
    """SIGTERM, as a service manager stops it; killed if it has not exited within 15 s."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), 15)
    except TimeoutError:
        process.kill()
        await process.wait()


def breakdown(phase: Phase) -> str:
    """Where a message's time goes: the harness delivering it, the bot's CPU per answer, and
    the rest of the median latency (waiting in the bot's event loop behind other messages,
    in discord.py's rate-limit buckets, and for a core)."""
    if not phase.replies or not phase.latencies_ms:
        return f"{phase.name}: no replies"
    median = statistics.median(phase.latencies_ms)
    harness = statistics.median(phase.dispatch_ms) if phase.dispatch_ms else 0.0
    cpu = phase.bot_cpu_s * 1000 / phase.replies
    waiting = max(0.0, median - harness - cpu)
    return (
        f"{phase.name}: median {median:.1f} ms = harness {harness:.2f} ms ({harness / median:.0%})"
        f" + bot CPU {cpu:.2f} ms per answer ({cpu / median:.0%}) + waiting {waiting:.1f} ms"
        f" ({waiting / median:.0%}); {phase.refused} refused by rate-limit buckets"
    )


# --- one phase -------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    sent: int = 0
    replies: int = 0
    other: int = 0  # bot messages that answer none of this phase's messages (errors, cooldown)
    failed: int = 0  # replies Discord refused (not 2xx)
    latencies_ms: tuple[float, ...] = ()
    send_s: float = 0.0
    drain_s: float = 0.0
    dispatch_ms: tuple[float, ...] = ()  # FakeDiscord's own time to deliver each message
    bot_cpu_s: float = 0.0  # the bot process's CPU time (user + system) during the phase
    refused: int = 0  # requests the rate-limit buckets answered with 429

    @property
    def lost(self) -> int:
        return self.sent - self.replies

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


@contextlib.contextmanager
def own_gc_paused() -> Iterator[None]:
    """This process's cyclic GC off while measuring: with a catalog and thousands of recorded
    requests in memory, one of its full collections takes 50-150 ms, which would be counted as
    the bot's latency (FakeDiscord stamps requests from this process's event loop)."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


class Driver:
    """Posts members' messages through FakeDiscord and matches the bot's replies to them."""

    def __init__(
        self,
        server: FakeDiscord,
        queries: Sequence[tuple[str, str]],
        bot_pid: int | None = None,
        guild: int = 0,
    ) -> None:
        self.server = server
        self.queries = queries
        self.next_query = 0
        self.bot_pid = bot_pid
        self.guild = guild
        """The server (and so the shard, and the bot process) this driver talks to."""

    def _bot_posts(self, since: int) -> list[Request]:
        path = f"/channels/{self.server.guilds.all[self.guild].channel_id}/messages"
        return [r for r in self.server.requests[since:] if r.method == "POST" and r.path == path]

    async def run(self, name: str, count: int, rate: float | None, drain_s: float) -> Phase:
        """Send `count` messages, all at once (`rate` None) or `rate` a second, then wait until
        every one is answered or no reply came for `drain_s` seconds."""
        if count > len(self.queries):
            raise SystemExit(f"only {len(self.queries)} distinct queries for {count} messages")
        phase = Phase(name)
        first_request = len(self.server.requests)
        sent_at: dict[str, float] = {}  # expected title -> when its message was dispatched
        dispatch: list[float] = []
        cpu_before = cpu_seconds(self.bot_pid)
        refused_before = self.server.refused_for_rate_limits
        start = time.monotonic()
        for number in range(count):
            message, title = self.queries[self.next_query % len(self.queries)]
            self.next_query += 1
            if rate is not None:
                delay = start + number / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            sent_at[title] = time.monotonic()
            author = AUTHORS[number % len(AUTHORS)]
            await self.server.send_message(message, author=author, guild=self.guild)
            dispatch.append((time.monotonic() - sent_at[title]) * 1000)
            phase.sent += 1
        phase.send_s = time.monotonic() - start

        last_seen, seen = time.monotonic(), 0
        while True:
            posts = self._bot_posts(first_request)
            if len(posts) != seen:
                last_seen, seen = time.monotonic(), len(posts)
            if len(posts) >= count or time.monotonic() - last_seen > drain_s:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)  # let stragglers (duplicates, error notes) show up
        posts = self._bot_posts(first_request)
        phase.drain_s = time.monotonic() - start - phase.send_s

        latencies = []
        for post in posts:
            embeds = (post.json or {}).get("embeds") or []
            title = embeds[0].get("title") if embeds else None
            dispatched = sent_at.pop(title, None) if title else None
            if dispatched is None:
                phase.other += 1
                continue
            if not 200 <= post.status < 300:
                phase.failed += 1
                continue
            phase.replies += 1
            latencies.append((post.received_at - dispatched) * 1000)
        phase.latencies_ms = tuple(latencies)
        phase.dispatch_ms = tuple(dispatch)
        phase.bot_cpu_s = cpu_seconds(self.bot_pid) - cpu_before
        phase.refused = self.server.refused_for_rate_limits - refused_before
        return phase


# --- reporting -------------------------------------------------------------------------------

COLUMNS = ("phase", "sent", "replies", "lost", "other", "p50 ms", "p99 ms", "max ms", "msg/s")


def row(phase: Phase) -> list[str]:
    busy = phase.send_s + phase.drain_s
    return [
        phase.name,
        f"{phase.sent:,}",
        f"{phase.replies:,}",
        f"{phase.lost:,}",
        f"{phase.other + phase.failed:,}",
        f"{phase.percentile(50):.1f}",
        f"{phase.percentile(99):.1f}",
        f"{max(phase.latencies_ms, default=float('nan')):.1f}",
        f"{phase.replies / busy:,.0f}" if busy else "-",
    ]


def table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for cells in rows:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        lines.append("  ".join([first, *rest]))
    return "\n".join(lines)


# --- the whole run ---------------------------------------------------------------------------


async def start_bot(
    server: FakeDiscord,
    workdir: Path,
    data_path: Path,
    shard: int,
    shards: int,
    database_url: str | None,
) -> tuple[asyncio.subprocess.Process, Path]:
    """`python -m bot` running `shard` of `shards` (unsharded when alone); its log's path.
    The first server's Helpers are curators (the propagation check changes the catalog)."""
    sharding = {"SHARD_COUNT": str(shards), "SHARD_IDS": str(shard)} if shards > 1 else {}
    database = {"DATABASE_URL": database_url} if database_url else {}
    log_path = workdir / f"bot-{shard}.log"
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=workdir,
            env=bot_environment(
                server,
                data_path,
                DISCORD_TOKEN="benchmark-token",
                COOLDOWN_COMMANDS=str(COOLDOWN_COMMANDS),
                COOLDOWN_SECONDS="1",
                LOG_LEVEL="WARNING",
                HOME_GUILD_ID=str(server.guild_id),
                CURATOR_ROLE_IDS=str(server.guild.roles["helpers"].id),
                **sharding,
                **database,
            ),
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
    return process, log_path


@dataclass
class Run:
    """One bot process's phases and memory."""

    pid: int
    warm: Phase
    burst: Phase
    steady: Phase
    started_mb: float | None
    peak_mb: float | None
    exit_status: int | None = None


async def together(
    drivers: Sequence[Driver], name: str, count: int, rate: float | None
) -> list[Phase]:
    """The same phase in every driver's server at once."""
    with own_gc_paused():
        return list(await asyncio.gather(*(d.run(name, count, rate, DRAIN_S) for d in drivers)))


async def benchmark(args: argparse.Namespace, workdir: Path) -> int:
    data_path = workdir / "specs.yaml"
    shutil.copy(args.data, data_path)
    catalog = load_catalog(data_path)
    queries = spec_queries(catalog)
    count = args.processes

    rate_limit = RateLimit(args.bucket_limit, 1.0)
    async with FakeDiscord(rate_limit=rate_limit, guilds=count) as server:
        started = [
            await start_bot(server, workdir, data_path, n, count, args.database_url)
            for n in range(count)
        ]
        processes = [process for process, _ in started]
        try:
            for shard in range(count):
                await server.wait_until_ready(timeout=START_TIMEOUT, shard=shard)
            drivers = [Driver(server, queries, p.pid, guild=n) for n, p in enumerate(processes)]
            warm = await together(drivers, "warm-up", WARM_UP, None)
            for phase, (_, log_path) in zip(warm, started, strict=True):
                if phase.lost:
                    print(log_path.read_text(errors="replace"), file=sys.stderr)
                    raise SystemExit(
                        f"the bot answered {phase.replies} of {phase.sent} warm-up messages"
                    )
            started_mb = [peak_memory_mb(p.pid) for p in processes]
            burst = await together(drivers, f"burst {args.burst:,}", args.burst, None)
            await asyncio.sleep(1.0)
            steady_name = f"steady {args.rate:g}/s x {args.seconds:g} s"
            steady = await together(
                drivers, steady_name, round(args.rate * args.seconds), args.rate
            )
            peak_mb = [peak_memory_mb(p.pid) for p in processes]
            reached = await propagation(server, catalog) if count > 1 else []
            unknown = server.unknown_requests
        finally:
            for process in processes:
                await stop_bot(process)

    runs = [
        Run(p.pid, *phases, p.returncode)
        for p, *phases in zip(processes, warm, burst, steady, started_mb, peak_mb, strict=True)
    ]
    code = report(args, catalog, queries, runs, unknown)
    if reached:
        applied, *served = reached
        others = ", ".join(
            f"served by shard {shard} after {seconds * 1000:.0f} ms"
            for shard, seconds in enumerate(served, start=1)
        )
        print(
            f"catalog change through shard 0 (`!catalog set`, from Confirm pressed): applied "
            f"and confirmed to the curator after {applied * 1000:.0f} ms; {others}"
        )
    return code


async def propagation(server: FakeDiscord, catalog: Catalog) -> list[float]:
    """A curator changes a phone's battery through shard 0: how long after Confirm was pressed
    the curator read that it was applied, then each other shard's process first answered with
    the new value (asked every 20 ms)."""
    phone = next(p for p in catalog.phones if p.battery and p.battery.capacity_mah)
    assert phone.battery is not None
    capacity = phone.battery.capacity_mah + 1
    start = time.monotonic()
    await server.send_message(
        f"!catalog set {phone.id} battery.capacity_mah {capacity}", author="helper"
    )
    proposal = await bot_post(server, 0, start)
    [button] = [c["custom_id"] for c in components_of(proposal) if c["label"] == "Confirm"]
    pressed = time.monotonic()
    await server.send_component(int(proposal.response["id"]), button, author="helper")
    applied = await server.wait_for_request(
        ("PATCH", r"/webhooks/\d+/[^/]+/messages/@original"), timeout=START_TIMEOUT
    )
    reached = [applied.received_at - pressed]
    for guild in range(1, len(server.guilds.all)):
        while True:
            asked = time.monotonic()
            await server.send_message(f"!spec {phone.id}", guild=guild)
            reply = await bot_post(server, guild, asked)
            if battery_of(reply) == capacity:
                reached.append(reply.received_at - pressed)
                break
            if time.monotonic() - applied.received_at > PROPAGATION_LIMIT_S:
                raise SystemExit(f"shard {guild} still serves the old catalog")
            await asyncio.sleep(0.02)
    return reached


async def bot_post(server: FakeDiscord, guild: int, after: float) -> Request:
    """The bot's first message in the guild's channel since `after` (time.monotonic)."""
    path = f"/channels/{server.guilds.all[guild].channel_id}/messages"

    def new_post(request: Request) -> bool:
        return (request.method, request.path) == ("POST", path) and request.received_at > after

    return await server.wait_for_request(new_post, timeout=START_TIMEOUT)


def report(
    args: argparse.Namespace,
    catalog: Catalog,
    queries: Sequence[tuple[str, str]],
    runs: Sequence[Run],
    unknown: Sequence[Request],
) -> int:
    """Print the figures of every process; 0 when every process met the target, else 1."""
    pids = ", ".join(str(run.pid) for run in runs)
    shards = f"shards 0-{len(runs) - 1} of {len(runs)}, one a process" if len(runs) > 1 else ""
    print(
        f"PhoneSpec load: `python -m bot` x {len(runs)} (pid {pids}{'; ' if shards else ''}"
        f"{shards}) against FakeDiscord on 127.0.0.1, {os.cpu_count()} CPUs"
    )
    print(
        f"catalog: {catalog.summary()}; {len(queries):,} distinct `!spec <phone id> [topic]` "
        "queries, each reply matched to its message by its embed title"
    )
    print(
        f"authors: the {len(AUTHORS)} FakeDiscord members in turn, per-user cooldown raised "
        f"(COOLDOWN_COMMANDS={COOLDOWN_COMMANDS:,} per 1 s) so that it drops nothing"
    )
    if len(runs) > 1:
        print(f"each process gets the phases below in its own server at once ({len(runs)}x load)")
    print("latency: MESSAGE_CREATE dispatched -> the bot's POST received by FakeDiscord")
    print()
    rows = [COLUMNS]
    for number, run in enumerate(runs):
        label = f"shard {number}: " if len(runs) > 1 else ""
        for phase in (run.burst, run.steady):
            rows.append(row(replace(phase, name=label + phase.name)))
    print(table(rows))
    print("(other: bot messages answering none of the phase's messages, or refused by the server)")
    print(f"rate-limit buckets: {args.bucket_limit:,} requests a second per route and channel")
    for number, run in enumerate(runs):
        label = f"shard {number}: " if len(runs) > 1 else ""
        print(label + breakdown(run.burst))
        print(label + breakdown(run.steady))
    print()
    passed = True
    for number, run in enumerate(runs):
        label = f"shard {number} " if len(runs) > 1 else ""
        memory = f"{run.peak_mb:.1f} MB" if run.peak_mb is not None else "unknown (no /proc)"
        after_start = f"{run.started_mb:.1f} MB" if run.started_mb is not None else "unknown"
        print(
            f"bot {label}peak memory (VmHWM): {memory}; after start-up and warm-up: {after_start}"
        )
        print(f"bot {label}exit status after SIGTERM: {run.exit_status}")
        passed = verdict(args, run, label) and passed
    if unknown:
        print(f"endpoints FakeDiscord lacks: {sorted({str(r) for r in unknown})}")
    return 0 if passed else 1


def verdict(args: argparse.Namespace, run: Run, label: str) -> bool:
    """Print whether one process met the target, and its burst's figures."""
    steady_p99 = run.steady.percentile(99)
    lost = run.burst.lost + run.steady.lost
    passed = lost == 0 and steady_p99 <= TARGET_P99_MS
    print(
        f"{label}target: nothing lost, p99 <= {TARGET_P99_MS:g} ms at {args.rate:g} msg/s: "
        f"{'PASS' if passed else 'MISS'} (lost {lost}, p99 {steady_p99:.1f} ms)"
    )
    if args.burst and run.burst.latencies_ms:
        print(
            f"{label}burst: all {run.burst.sent:,} sent in {run.burst.send_s * 1000:.0f} ms, "
            f"answered in {run.burst.send_s + run.burst.drain_s:.2f} s; mean latency "
            f"{statistics.fmean(run.burst.latencies_ms):.0f} ms"
        )
    return passed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--burst", type=int, default=1_000, help="messages sent at once")
    parser.add_argument("--rate", type=float, default=200.0, help="steady messages a second")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long the steady phase is")
    parser.add_argument(
        "--data", type=Path, default=REPO / "data" / "specs.yaml", help="the catalog to serve"
    )
    parser.add_argument(
        "--bucket-limit",
        type=int,
        default=1000,
        help="replies a second FakeDiscord's rate-limit buckets allow in the one channel (a real "
        "bot's answers spread over many channels; Discord allows 5 per 5 s in each)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        choices=range(1, 5),
        metavar="N",
        help="bot processes, each running one shard of N, each in its own server (1-4)",
    )
    parser.add_argument(
        "--database-url",
        help="DATABASE_URL of the bot processes, an empty database (default: an SQLite file "
        "in a temporary folder)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="phonespec-load-") as workdir:
        return asyncio.run(benchmark(args, Path(workdir)))


if __name__ == "__main__":
    sys.exit(main())
