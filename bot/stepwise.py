"""Long work on the event loop's own thread, a couple of milliseconds at a time.

Some work on a new catalog has to happen in the bot's process (building its objects, comparing
it with the old one) and holds the GIL throughout. In a worker thread it still stalled answers:
after each bit of I/O, the event loop's thread waits for the worker to give the GIL back (every
switch interval, 5 ms), so a message needing a dozen such waits took a hundred milliseconds.
Written as a generator that yields between small steps instead, the work runs on the loop's
thread, which hands the loop back every `STEP_SECONDS`: the loop never waits for a GIL, and
no message waits longer than one slice.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Generator
from typing import TypeVar

T = TypeVar("T")

STEP_SECONDS = 0.002
"""How long the work runs before the event loop gets its turn."""


async def run_stepwise(work: Generator[None, None, T], step: float = STEP_SECONDS) -> T:
    """Run `work` to the end on this thread, letting the event loop run every `step` seconds."""
    deadline = time.perf_counter() + step
    while True:
        try:
            next(work)
        except StopIteration as done:
            return done.value
        if time.perf_counter() >= deadline:
            await asyncio.sleep(0)
            deadline = time.perf_counter() + step


def run_at_once(work: Generator[None, None, T]) -> T:
    """Run `work` to the end without pausing (a program with no event loop to serve)."""
    while True:
        try:
            next(work)
        except StopIteration as done:
            return done.value
