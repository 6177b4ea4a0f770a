"""Per-server settings: what each server chose, over the defaults from `.env`.

A server's row stores only what its admins set (None: the default), so a changed default in
`.env` reaches every server that never chose otherwise. `ServerSettingsStore` reads through an
in-memory mirror of the table, updated on every write: every message asks for its server's
settings, and none waits for the database.

The checks on values are here, so the slash commands, the console and the tests share them.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Collection
from dataclasses import dataclass, fields, replace
from typing import Any

from bot import prices
from bot.config import Settings
from bot.db import Database, broadcast
from bot.db import server_settings as rows
from bot.preferences import Preferences

MAX_PREFIX = 5
MAX_CHANNELS = 25
CHANNEL_MODES = {
    "all": "every channel",
    "only": "only the listed channels",
    "except": "every channel but the listed ones",
}
_MENTION = re.compile(r"<[@#][!&]?\d+>|@(everyone|here)")
_CHANNEL = re.compile(r"<#(\d{15,20})>|(\d{15,20})")


class SettingError(ValueError):
    """A value a server may not choose; the message says why, for the admin who typed it."""


@dataclass(frozen=True)
class ServerSettings:
    """One server's effective settings (its choices over the defaults)."""

    prefix: str
    inline_cards: bool
    channel_mode: str
    channels: tuple[int, ...]
    replies: bool
    compare_image: bool
    currency: str | None
    """The ISO code of the price shown first (`bot.prices`); None: the catalog's own order."""

    @property
    def preferences(self) -> Preferences:
        """What the answers need to know of these settings (`bot.router`)."""
        return Preferences(image=self.compare_image, currency=self.currency)

    def answers_in(self, channel_id: int | None) -> bool:
        """Whether the bot answers in this channel (threads count as their own channel)."""
        if self.channel_mode == "only":
            return channel_id in self.channels
        if self.channel_mode == "except":
            return channel_id not in self.channels
        return True

    def lines(self) -> list[str]:
        """`/settings show`: one line per setting, as an admin reads it."""
        listed = ", ".join(f"<#{c}>" for c in self.channels) or "none listed"
        return [
            f"Prefix: `{self.prefix}`",
            f"`[[phone]]` cards: {_on(self.inline_cards)}",
            f"Channels: {CHANNEL_MODES[self.channel_mode]} ({listed})",
            f"Answers: {'as replies' if self.replies else 'as plain messages'}",
            f"Comparison image: {_on(self.compare_image)}",
            f"Price currency: {self.currency or 'none (each phone as the catalog lists it)'}",
        ]


def _on(value: bool) -> str:
    return "on" if value else "off"


def defaults(settings: Settings) -> ServerSettings:
    """What a server that chose nothing gets: the `.env` settings."""
    return ServerSettings(
        prefix=settings.command_prefix,
        inline_cards=settings.inline_cards,
        channel_mode="all",
        channels=(),
        replies=settings.reply_to_messages,
        compare_image=settings.compare_image,
        currency=settings.price_currency,
    )


def check_prefix(text: str) -> str:
    """A prefix members can type and the bot can tell apart from chatter and mentions."""
    if not text:
        raise SettingError("The prefix must not be empty.")
    if any(char.isspace() for char in text):
        raise SettingError("The prefix may not contain spaces.")
    if _MENTION.search(text) or text.startswith(("@", "<")):
        raise SettingError("The prefix may not be or start like a mention; mentions always work.")
    if text.startswith("/"):
        raise SettingError(
            "The prefix may not start with `/`: Discord keeps it for slash commands."
        )
    if len(text) > MAX_PREFIX:
        raise SettingError(f"The prefix may be at most {MAX_PREFIX} characters, not {len(text)}.")
    return text


def check_currency(text: str, used: Collection[str]) -> str | None:
    """`bot.prices.check_currency`, its refusal told as a setting's."""
    try:
        return prices.check_currency(text, used)
    except prices.CurrencyError as exc:
        raise SettingError(str(exc)) from exc


def check_channel(text: str, known: Collection[int]) -> int:
    """A channel of this server, written as `#channel` (a mention) or its id."""
    found = _CHANNEL.fullmatch(text.strip())
    if found is None:
        raise SettingError(f"`{text[:40]}` is not a channel: pick one with `#`.")
    channel_id = int(found[1] or found[2])
    if channel_id not in known:
        raise SettingError(f"There is no channel <#{channel_id}> in this server.")
    return channel_id


class ServerSettingsStore:
    """Every server's choices, mirrored in memory: a message never waits for the database.

    The mirror is read whole at start (`load`) and updated for a server when this process writes
    it. Every write is announced (`bot.db.broadcast`) and each process `reload`s that server at
    once; each process also reads the whole table again every `SYNC_SECONDS` (`bot.sync`), which
    heals a lost announcement.
    """

    def __init__(self, db: Database, settings: Settings) -> None:
        self._db = db
        self._defaults = defaults(settings)
        self._chosen: dict[int, ServerSettings] = {}
        self._in_turn = asyncio.Lock()
        """One read or write of the mirror at a time: a reload that read a server's row before
        this process changed it must not put the older row back after the change."""

    @property
    def default(self) -> ServerSettings:
        return self._defaults

    async def load(self) -> None:
        """Read every server's choices (a few bytes each: thousands of servers are cheap)."""
        async with self._in_turn, self._db.session() as session:
            found = await rows.every(session)
            self._chosen = {row.guild_id: self._over_defaults(row) for row in found}

    def get(self, guild_id: int | None) -> ServerSettings:
        """A server's settings (the defaults in DMs and for servers that chose nothing)."""
        if guild_id is None:
            return self._defaults
        return self._chosen.get(guild_id, self._defaults)

    async def change(self, guild_id: int, by: int, **changes: Any) -> ServerSettings:
        """Store some of a server's choices (already checked); returns its settings now."""
        unknown = set(changes) - {f.name for f in fields(ServerSettings)}
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        async with self._in_turn:
            async with self._db.session.begin() as session:
                row = await rows.save(session, guild_id, by, changes)
                now = self._over_defaults(row)
                await broadcast.announce(session, broadcast.SETTINGS, str(guild_id))
            self._chosen[guild_id] = now
        return now

    async def remove(self, guild_id: int) -> None:
        """Forget a server's choices: it removed the bot, or its admins reset them."""
        async with self._in_turn:
            async with self._db.session.begin() as session:
                await rows.delete(session, guild_id)
                await broadcast.announce(session, broadcast.SETTINGS, str(guild_id))
            self._chosen.pop(guild_id, None)

    async def reload(self, guild_id: int) -> None:
        """Read one server's choices again: another process announced it changed them."""
        async with self._in_turn, self._db.session() as session:
            row = await rows.get(session, guild_id)
            if row is None:
                self._chosen.pop(guild_id, None)
            else:
                self._chosen[guild_id] = self._over_defaults(row)

    def _over_defaults(self, row: rows.ServerSettingsRow) -> ServerSettings:
        return replace(self._defaults, **rows.chosen(row))
