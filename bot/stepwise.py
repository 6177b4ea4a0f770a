"""Long work on the event loop's own thread, a couple of milliseconds at a time.

Some work on a new catalog has to happen in the bot's process (building its objects, comparing
it with the old one) and holds the GIL throughout. In a worker thread it still stalled answers:
after each bit of I/O, the event loop's thread waits for the worker to give the GIL back (every
switch interval, 5 ms), so a message needing a dozen such waits took a hundred milliseconds.
Written as a generator that yields between small steps instead, the work runs on the loop's
thread in slices of `STEP_SECONDS`, handing the loop back after each: the loop never waits
for a GIL, and no message waits longer than a slice at a time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Generator
from typing import TypeVar

T = TypeVar("T")

STEP_SECONDS = 0.002
"""How long the work runs before the event loop gets its turn."""
LONGEST_PAUSE = 0.032
"""The longest pause between slices: even a busy bot gives the work 1/17 of its time."""


async def run_stepwise(work: Generator[None, None, T], step: float = STEP_SECONDS) -> T:
    """Run `work` to the end on this thread, in slices of about `step` seconds, with a pause
    after each that grows while the event loop has answers to give.

    The pause, not a mere turn of the loop, is what keeps answers flowing: an answer takes a
    dozen turns of the loop (the gateway, the command, the HTTP request and its response), and
    with work at every turn each of them would wait a slice. So the work takes at most half
    of the time; and when the loop spent most of a pause on answers, the next pause is twice
    as long (up to `LONGEST_PAUSE`), so that a busy bot gives the work only its spare time.
    """
    pause = step
    while True:
        deadline = time.perf_counter() + step
        while True:
            try:
                next(work)
            except StopIteration as done:
                return done.value
            if time.perf_counter() >= deadline:
                break
        rested_from, answering_from = time.perf_counter(), time.thread_time()
        await asyncio.sleep(pause)
        answering = time.thread_time() - answering_from  # this thread's work meanwhile
        busy = answering > (time.perf_counter() - rested_from) / 2
        pause = min(2 * pause, LONGEST_PAUSE) if busy else step


def run_at_once(work: Generator[None, None, T]) -> T:
    """Run `work` to the end without pausing (a program with no event loop to serve)."""
    while True:
        try:
            next(work)
        except StopIteration as done:
            return done.value
