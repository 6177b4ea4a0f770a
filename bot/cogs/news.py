"""`news`: launch news for a phone and its series, or the latest across the catalog."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from discord import app_commands
from discord.ext import commands

from bot import answers
from bot.autocomplete import phone_choices
from bot.checks import user_cooldown
from bot.views import send_reply

if TYPE_CHECKING:
    from bot.client import PhoneSpec


class News(commands.Cog):
    def __init__(self, bot: PhoneSpec) -> None:
        self.bot = bot

    @commands.hybrid_command(name="news", aliases=list(answers.ALIASES["news"]))
    @app_commands.describe(phone="A phone; leave empty for the latest news")
    @app_commands.autocomplete(phone=phone_choices)
    @user_cooldown()
    async def news(self, ctx: commands.Context[Any], *, phone: str = "") -> None:
        """Launch news for a phone and its series, newest first."""
        await send_reply(ctx, answers.news(self.bot.catalog, phone), ctx.author.id)


async def setup(bot: PhoneSpec) -> None:
    await bot.add_cog(News(bot))
