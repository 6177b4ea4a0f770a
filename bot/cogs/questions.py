"""Questions in plain words when the bot is mentioned, and inline `[[phone]]` cards."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot import answers
from bot.checks import rate_limit
from bot.views import send_reply

if TYPE_CHECKING:
    from bot.client import PhoneSpec


class Questions(commands.Cog):
    def __init__(self, bot: PhoneSpec) -> None:
        self.bot = bot
        self.cooldown = commands.DynamicCooldownMapping(self._rate_limit, commands.BucketType.user)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or not message.content:
            return
        ctx = await self.bot.get_context(message)
        if ctx.valid:
            return  # a command answers this one
        if message.guild is not None and not ctx.server.answers_in(message.channel.id):
            return  # the server turned the bot off in this channel
        me = self.bot.user
        mentioned = me is not None and me in message.mentions
        typed = re.compile(rf"<@!?{me.id}>") if me is not None and mentioned else None
        cards = ctx.server.inline_cards and answers.may_hold_inline(message.content)
        if typed is None and not cards:
            return
        if self._limited(message):  # before any work: the cooldown is what bounds a flood
            return
        catalog = self.bot.catalog
        if typed is not None:
            # Typed, the mention asks something; a reply to the bot pings it without asking.
            question = typed.sub(" ", message.content).strip()
            explain = typed.search(message.content) is not None
            reply = answers.question(catalog, question, explain=explain)
        else:
            reply = answers.inline(catalog, message.content)
        if reply is not None:
            await send_reply(ctx, reply, message.author.id)

    def _rate_limit(self, message: discord.Message) -> commands.Cooldown | None:
        return rate_limit(self.bot.settings, message.author.id)

    def _limited(self, message: discord.Message) -> bool:
        bucket = self.cooldown.get_bucket(message)
        return bool(bucket and bucket.update_rate_limit())


async def setup(bot: PhoneSpec) -> None:
    await bot.add_cog(Questions(bot))
