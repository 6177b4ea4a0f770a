"""`/status`: what each bot process reports about itself, in lines an owner reads.

Every process writes a heartbeat (`bot.db.processes`) when it starts and then every minute;
`/status` lists the processes heard from within `ALIVE_SECONDS`, so one that stopped drops off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import resource
import socket
from collections.abc import Sequence
from pathlib import Path

from bot.db.tables import ProcessRow

ALIVE_SECONDS = 180.0
"""A process not heard from for three heartbeats is left out."""


def process_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def rss_mb() -> float:
    """This process's resident memory now (peak where /proc is missing)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(kib) / 1024


def data_sha256(path: Path) -> str | None:
    """The SHA-256 of the data file a process serves (None for a folder of files)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        return None


def shards_text(shard_ids: Sequence[int] | None, shard_count: int | None) -> str:
    if not shard_count:
        return "unsharded"
    return f"{','.join(map(str, shard_ids or range(shard_count)))} of {shard_count}"


def _duration(seconds: float) -> str:
    minutes, _ = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h" if days else f"{hours}h {minutes}m"


def status_lines(
    rows: Sequence[ProcessRow], versions: dict[str, int | None], now: dt.datetime
) -> list[str]:
    """One line per process: shards, servers, latency, uptime, catalog, memory, last heard."""
    lines = []
    for row in rows:
        latency = "-" if row.latency_ms is None else f"{row.latency_ms:.0f} ms"
        sha = row.catalog_sha256
        version = versions.get(sha) if sha else None
        served = f"v{version}" if version is not None else "no version"
        up = _duration((now - _aware(row.started_at)).total_seconds())
        heard = (now - _aware(row.seen_at)).total_seconds()
        lines.append(
            f"`{row.process_id}` · shards {row.shards} · {row.guilds} servers · {latency}"
            f" · up {up} · catalog {served} ({sha[:12] if sha else 'hash unknown'},"
            f" {row.catalog}) · {row.rss_mb:.0f} MB · heard {heard:.0f} s ago"
        )
    return lines


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
