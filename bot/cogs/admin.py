"""Curators' `reload` and the owner's `sync`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Literal

from discord.ext import commands

from bot.answers import refused_reply, reloaded_reply
from bot.catalog import CatalogError
from bot.checks import is_curator
from bot.replies import Reply
from bot.views import send_reply

if TYPE_CHECKING:
    from bot.client import PhoneSpec

log = logging.getLogger(__name__)


class Admin(commands.Cog):
    def __init__(self, bot: PhoneSpec) -> None:
        self.bot = bot

    @commands.hybrid_command(name="reload")
    @is_curator()
    async def reload(self, ctx: commands.Context[Any]) -> None:
        """Curators: re-read the spec data; invalid data is refused and the old data kept.

        Valid data edited on the host becomes a new catalog version, authored "host file"."""
        await ctx.defer()
        try:
            new, diff = await self.bot.reload_catalog()
        except CatalogError as exc:  # the catalog kept is the one still served
            log.warning("reload by %s refused:\n%s", ctx.author.id, exc)
            await send_reply(ctx, refused_reply(exc, self.bot.catalog), ctx.author.id)
            return
        await send_reply(ctx, reloaded_reply(new, diff), ctx.author.id)
        if self.bot.curation is not None:  # after the answer: it diffs in a process of its own
            await self.bot.curation.record_host_file()

    @commands.command(name="sync", hidden=True)
    @commands.is_owner()
    async def sync(
        self, ctx: commands.Context[Any], where: Literal["guild", "global"] = "guild"
    ) -> None:
        """Owner: register slash commands here (`guild`, instant) or everywhere (`global`)."""
        guild_id = ctx.guild.id if where == "guild" and ctx.guild else None
        synced = await self.bot.sync_commands(guild_id)
        scope = "this server" if guild_id else "every server"
        reply = Reply(content=f"Synced {len(synced)} slash commands to {scope}.")
        await send_reply(ctx, reply, ctx.author.id)


async def setup(bot: PhoneSpec) -> None:
    await bot.add_cog(Admin(bot))
