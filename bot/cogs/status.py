"""`status` (owners): every bot process, its shards, servers, latency, catalog and memory."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from discord.ext import commands

from bot.db import processes, versions
from bot.embeds import fit_content
from bot.status import ALIVE_SECONDS, status_lines
from bot.views import NO_PINGS

if TYPE_CHECKING:
    from bot.client import PhoneSpec


class Status(commands.Cog):
    def __init__(self, bot: PhoneSpec) -> None:
        self.bot = bot

    @commands.hybrid_command(name="status")
    @commands.is_owner()
    async def status(self, ctx: commands.Context[Any]) -> None:
        """Each bot process: shards, servers, latency, uptime, catalog version, memory."""
        db = self.bot.db
        if db is None:
            await ctx.send("The database is not open yet; try again shortly.", ephemeral=True)
            return
        await self.bot.heartbeat()  # this process's own line is current
        now = dt.datetime.now(dt.UTC)
        async with db.session() as session:
            rows = await processes.seen_since(session, now - dt.timedelta(seconds=ALIVE_SECONDS))
            hashes = {row.catalog_sha256 for row in rows if row.catalog_sha256}
            numbers = {sha: await versions.number_of(session, sha) for sha in hashes}
        lines = [f"**{len(rows)} process{'es' if len(rows) != 1 else ''}**"]
        lines += status_lines(rows, numbers, now)
        await ctx.send(fit_content("\n".join(lines)), ephemeral=True, allowed_mentions=NO_PINGS)


async def setup(bot: PhoneSpec) -> None:
    await bot.add_cog(Status(bot))
