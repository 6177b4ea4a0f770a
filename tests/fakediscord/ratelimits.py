"""Discord's rate-limit buckets, so the bot learns and honours them as it would on Discord.

Every REST response carries Discord's headers (`X-RateLimit-Limit`, `-Remaining`, `-Reset`,
`-Reset-After`, `-Bucket`); a request past its bucket's limit gets a 429 with `retry_after`.
A bucket is one route for one major parameter (a channel, a webhook, an interaction), as on
Discord. Without these headers discord.py cannot tell how many requests a route allows and sends
them one at a time, which made the load benchmark measure its own queue rather than the bot.

Discord allows 5 messages per 5 s in one channel (`DISCORD_CHANNEL_MESSAGES`). Tests post
hundreds of replies in their one channel, where a real bot's answers spread over many: the
default bucket is 1,000 a second, and a test or benchmark picks its own
(`FakeDiscord(rate_limit=...)`).
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimit:
    limit: int  # requests per window, per bucket
    per: float  # the window, in seconds


DISCORD_CHANNEL_MESSAGES = RateLimit(5, 5.0)
TEST_DEFAULT = RateLimit(1000, 1.0)


@dataclass
class _Window:
    started: float
    used: int = 0


class Buckets:
    """Fixed windows per (route, major parameter); safe from the server's event loop only."""

    def __init__(self, rate_limit: RateLimit) -> None:
        self.rate_limit = rate_limit
        self._windows: dict[tuple[str, str], _Window] = {}
        self.refused = 0  # 429s sent, for benchmarks

    def take(self, route: str, major: str) -> tuple[dict[str, str], float | None]:
        """Spend one request of the bucket: its headers, and the seconds to wait if refused."""
        now = time.monotonic()
        limit, per = self.rate_limit.limit, self.rate_limit.per
        window = self._windows.get((route, major))
        if window is None or now - window.started >= per:
            window = self._windows[(route, major)] = _Window(now)
        reset_after = max(0.0, window.started + per - now)
        refused = window.used >= limit
        if not refused:
            window.used += 1
        else:
            self.refused += 1
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(limit - window.used),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": hashlib.sha1(route.encode()).hexdigest()[:16],
        }
        if refused:
            headers |= {
                "Retry-After": str(math.ceil(reset_after)),
                "X-RateLimit-Scope": "user",
                # discord.py treats a 429 without `Via` as a Cloudflare ban and gives up.
                "Via": "1.1 google",
            }
        return headers, reset_after if refused else None
