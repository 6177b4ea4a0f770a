"""Who did something, and where: recorded with every version, decision and audit entry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """A Discord user (with the server and channel they acted in), or the host itself."""

    id: int | None
    name: str
    guild_id: int | None = None
    channel_id: int | None = None


HOST_FILE = Actor(None, "host file")
"""The author of a version found in the data file on the host (edited there by hand)."""
