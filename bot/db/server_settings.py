"""Each server's `/settings` choices: one row per server, removed with the server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.tables import ServerSettingsRow

__all__ = ["ServerSettingsRow", "chosen", "delete", "every", "get", "save"]

NO_CURRENCY = "none"
"""`currency` chosen as none (the catalog's order), told apart from not chosen (NULL)."""


async def get(session: AsyncSession, guild_id: int) -> ServerSettingsRow | None:
    return await session.get(ServerSettingsRow, guild_id)


async def every(session: AsyncSession) -> Sequence[ServerSettingsRow]:
    return (await session.scalars(select(ServerSettingsRow))).all()


async def save(
    session: AsyncSession, guild_id: int, by: int, changes: dict[str, Any]
) -> ServerSettingsRow:
    """Set the given choices of a server (a row is made on its first), leaving the others."""
    row = await session.get(ServerSettingsRow, guild_id, with_for_update=True)
    if row is None:
        row = ServerSettingsRow(guild_id=guild_id)
        session.add(row)
    for name, value in changes.items():
        if name == "channels":
            value = ",".join(str(channel) for channel in value)
        elif name == "currency" and value is None:
            value = NO_CURRENCY
        setattr(row, name, value)
    row.updated_at = dt.datetime.now(dt.UTC)
    row.updated_by = by
    await session.flush()
    return row


async def delete(session: AsyncSession, guild_id: int) -> None:
    await session.execute(
        sql_delete(ServerSettingsRow).where(ServerSettingsRow.guild_id == guild_id)
    )


def chosen(row: ServerSettingsRow) -> dict[str, Any]:
    """What the server chose, by setting name (a setting it did not choose is left out):
    channels as a tuple of ids, a currency of none as None."""
    channels = None
    if row.channels is not None:
        channels = tuple(int(part) for part in row.channels.split(",") if part)
    stored = {
        "prefix": row.prefix,
        "inline_cards": row.inline_cards,
        "channel_mode": row.channel_mode,
        "channels": channels,
        "replies": row.replies,
        "compare_image": row.compare_image,
        "currency": row.currency,
    }
    values = {name: value for name, value in stored.items() if value is not None}
    if values.get("currency") == NO_CURRENCY:
        values["currency"] = None
    return values
