"""What the server remembers about REST traffic, and the faults tests ask it to inject."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

RequestMatch = Callable[["Request"], bool] | tuple[str, str]
"""A predicate, or `(method, path_regex)` where the regex must match the whole path."""


@dataclass(frozen=True)
class UploadedFile:
    field: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass(frozen=True)
class Request:
    """One REST request as the server saw it.

    `path` is relative to the API base ("/channels/1/messages") for paths under it, absolute
    otherwise. `json` is the JSON body, or `payload_json` of a multipart body. `received_at` is
    `time.monotonic()`. `response` is the JSON the server answered (e.g. the created message).
    `injected` marks responses produced by `fail_next`.
    """

    method: str
    path: str
    query: Mapping[str, str]
    json: Any
    files: tuple[UploadedFile, ...]
    headers: Mapping[str, str]
    received_at: float
    status: int
    response: Any = None
    injected: bool = False

    def __str__(self) -> str:
        fault = " (injected)" if self.injected else ""
        return f"{self.method} {self.path} -> {self.status}{fault}"


def as_predicate(match: RequestMatch) -> Callable[[Request], bool]:
    if callable(match):
        return match
    method, pattern = match
    regex = re.compile(pattern)
    return lambda request: request.method == method.upper() and bool(regex.fullmatch(request.path))


class RequestLog:
    """Every request, plus waiters that each take the oldest matching request nobody took yet.

    Taking (rather than peeking) lets a test wait for two replies in a row, and never misses a
    request that arrived before the test started waiting.
    Requests answered with an injected fault are never taken: tests wait for what the bot
    eventually got through, and inspect `requests` for the failed attempts.
    """

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.unknown: list[Request] = []
        self._taken: set[int] = set()
        self._waiters: list[tuple[Callable[[Request], bool], asyncio.Future[Request]]] = []

    def record(self, request: Request, *, unknown: bool) -> None:
        self.requests.append(request)
        if unknown:
            self.unknown.append(request)
        if request.injected:
            return
        for predicate, future in self._waiters:
            if not future.done() and predicate(request):
                self._taken.add(len(self.requests) - 1)
                future.set_result(request)
                return

    # A `timeout` argument (ASYNC109) rather than the caller's asyncio.timeout: on expiry the
    # error lists what the server did receive, which is what a failing test needs.
    async def wait_for(self, match: RequestMatch, timeout: float) -> Request:  # noqa: ASYNC109
        predicate = as_predicate(match)
        for index, request in enumerate(self.requests):
            if index not in self._taken and not request.injected and predicate(request):
                self._taken.add(index)
                return request
        waiter = (predicate, asyncio.get_running_loop().create_future())
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(waiter[1], timeout)
        except TimeoutError:
            seen = "\n  ".join(map(str, self.requests)) or "nothing"
            raise TimeoutError(
                f"no request matching {match!r} within {timeout}s; received:\n  {seen}"
            ) from None
        finally:
            self._waiters.remove(waiter)


@dataclass
class Fault:
    method: str
    pattern: re.Pattern[str]
    status: int
    retry_after: float
    remaining: int


class Faults:
    """Failures to serve instead of the real response; added from any thread."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(
        self, method: str, pattern: str, *, status: int, retry_after: float, times: int
    ) -> None:
        fault = Fault(method.upper(), re.compile(pattern), status, retry_after, times)
        with self._lock:
            self._faults.append(fault)

    def take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.method == method and fault.pattern.fullmatch(path):
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._faults.remove(fault)
                    return fault
        return None
