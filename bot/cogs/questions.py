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
        question = self._addressed(message)
        catalog = self.bot.catalog
        reply = (
            answers.question(catalog, question)
            if question is not None
            else answers.inline(catalog, message.content)
        )
        if reply is None or self._limited(message):
            return
        await send_reply(message.channel, reply, message.author.id)

    def _addressed(self, message: discord.Message) -> str | None:
        """The question when the message mentions the bot, without the mention itself."""
        me = self.bot.user
        if me is None or me not in message.mentions:
            return None
        return re.sub(rf"<@!?{me.id}>", " ", message.content).strip()

    def _rate_limit(self, message: discord.Message) -> commands.Cooldown | None:
        return rate_limit(self.bot.settings, message.author.id)

    def _limited(self, message: discord.Message) -> bool:
        bucket = self.cooldown.get_bucket(message)
        return bool(bucket and bucket.update_rate_limit())


async def setup(bot: PhoneSpec) -> None:
    await bot.add_cog(Questions(bot))
