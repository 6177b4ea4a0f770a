"""`help`: every command with an example."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord.ext import commands

from bot import answers
from bot.views import send_reply

if TYPE_CHECKING:
    from bot.client import PhoneSpec
    from bot.context import PhoneSpecContext


class Help(commands.Cog):
    def __init__(self, bot: PhoneSpec) -> None:
        self.bot = bot

    @commands.hybrid_command(name="help", aliases=list(answers.ALIASES["help"]))
    async def help(self, ctx: PhoneSpecContext) -> None:
        """What PhoneSpec can do, with examples."""
        reply = answers.help_reply(
            ctx.server.prefix, message_content=self.bot.settings.message_content
        )
        await send_reply(ctx, reply, ctx.author.id)


async def setup(bot: PhoneSpec) -> None:
    await bot.add_cog(Help(bot))
