"""Every text message, routed by `bot.router` exactly as the console routes it: prefix commands,
questions to the bot (a mention anywhere, or a reply to it), and inline `[[phone]]` cards.

Slash commands live in the feature cogs; `reload` and `sync` stay discord.py commands (they
need permission checks), and the router leaves them to it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot import router
from bot.checks import WaitNotices, rate_limit
from bot.cogs.errors import FAILED
from bot.views import NO_PINGS, send_reply

if TYPE_CHECKING:
    from bot.client import PhoneSpec

log = logging.getLogger(__name__)


class Questions(commands.Cog):
    def __init__(self, bot: PhoneSpec) -> None:
        self.bot = bot
        self.cooldown = commands.DynamicCooldownMapping(self._rate_limit, commands.BucketType.user)
        self.notices = WaitNotices()

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or not message.content:
            return
        ctx = await self.bot.get_context(message)
        if ctx.valid:
            return  # a discord.py command answers this one (reload, report, catalog, help, sync)
        if message.guild is not None and not ctx.server.answers_in(message.channel.id):
            return  # the server turned the bot off in this channel
        me = self.bot.user
        replying = me is not None and me in message.mentions and f"{me.id}>" not in message.content
        routed = router.read(
            message.content,
            prefix=ctx.server.prefix,
            bot_id=me.id if me is not None else None,
            replying_to_bot=replying,
        )
        if routed is None or routed.command in router.OWN_HANDLING:
            return
        if routed.command == "inline" and not ctx.server.inline_cards:
            return
        wait = self._wait(message)  # before any work: the cooldown is what bounds a flood
        if wait is not None:
            if routed.command not in ("question", "inline"):
                await self._tell_to_wait(message, wait)
            return
        try:
            reply = router.route(
                self.bot.catalog, routed, prefix=ctx.server.prefix, prefs=ctx.server.preferences
            )
            if reply is not None:
                await send_reply(ctx, reply, message.author.id)
            if routed.command not in ("question", "inline"):
                self.bot.dispatch("routed_command", message)  # as discord.py's command_completion
        except Exception as exc:  # as the errors cog does for slash commands: logged, told
            log.error("command %s failed", routed.command, exc_info=exc)
            await self._apologise(message)

    async def _apologise(self, message: discord.Message) -> None:
        try:
            await message.channel.send(FAILED, allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:  # the channel is gone or closed to the bot
            log.warning("could not tell %s that a reply failed: %s", message.author.id, exc)

    def _rate_limit(self, message: discord.Message) -> commands.Cooldown | None:
        return rate_limit(self.bot.settings, message.author.id)

    def _wait(self, message: discord.Message) -> float | None:
        """Seconds to wait when the author is over the rate limit, else None."""
        bucket = self.cooldown.get_bucket(message)
        return bucket.update_rate_limit() if bucket else None

    async def _tell_to_wait(self, message: discord.Message, retry_after: float) -> None:
        text = self.notices.first(message.author.id, retry_after)
        if text is not None:
            await message.channel.send(text, allowed_mentions=NO_PINGS)


async def setup(bot: PhoneSpec) -> None:
    await bot.add_cog(Questions(bot))
