"""Which uploaded files the bot will fetch: small enough, and only from Discord's CDN."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
DISCORD_CDN_HOSTS = frozenset({"cdn.discordapp.com", "media.discordapp.net"})


def allowed_hosts(api_base: str | None) -> frozenset[str]:
    """Discord's CDN hosts; with DISCORD_API_BASE set (a proxy, or the tests' local server),
    that host instead, as the attachments are then served from there."""
    if api_base:
        host = urlsplit(api_base).hostname
        return frozenset({host}) if host else frozenset()
    return DISCORD_CDN_HOSTS


def refusal(url: str, size: int, filename: str, hosts: Iterable[str]) -> str | None:
    """Why this attachment is not fetched, or None when it may be. Nothing is downloaded to
    decide: the size is the one Discord states."""
    if not filename.lower().endswith((".yaml", ".yml")):
        return f"attach a .yaml file (got '{filename[:100]}')"
    if size > MAX_UPLOAD_BYTES:
        return f"the file is {size:,} bytes; the limit is {MAX_UPLOAD_BYTES:,} (5 MB)"
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or parts.hostname not in set(hosts):
        return f"the file is not on Discord's CDN ({parts.hostname or 'no host'}); upload it here"
    return None
