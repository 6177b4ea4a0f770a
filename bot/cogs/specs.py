"""`spec`, `phones` and `search`: looking phones up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from discord import app_commands
from discord.ext import commands

from bot import answers
from bot.autocomplete import brand_choices, phone_choices
from bot.checks import user_cooldown
from bot.views import send_reply

if TYPE_CHECKING:
    from bot.client import PhoneSpec


class Specs(commands.Cog):
    def __init__(self, bot: PhoneSpec) -> None:
        self.bot = bot

    @commands.hybrid_command(name="spec", aliases=list(answers.ALIASES["spec"]))
    @app_commands.describe(phone="The phone, optionally with a topic: 'xiaomi 14 pro battery'")
    @app_commands.autocomplete(phone=phone_choices)
    @user_cooldown()
    async def spec(self, ctx: commands.Context[Any], *, phone: str) -> None:
        """A phone's spec sheet, or one topic of it (battery, camera, display, price…)."""
        await send_reply(ctx, answers.spec(self.bot.catalog, phone), ctx.author.id)

    @commands.hybrid_command(name="phones", aliases=list(answers.ALIASES["phones"]))
    @app_commands.describe(brand="Only this brand's phones")
    @app_commands.autocomplete(brand=brand_choices)
    @user_cooldown()
    async def phones(self, ctx: commands.Context[Any], *, brand: str = "") -> None:
        """Every phone in the catalog, or one brand's, newest first."""
        await send_reply(ctx, answers.phones(self.bot.catalog, brand), ctx.author.id)

    @commands.hybrid_command(name="search", aliases=list(answers.ALIASES["search"]))
    @app_commands.describe(words="Part of a name, e.g. 'galaxy s2'")
    @user_cooldown()
    async def search(self, ctx: commands.Context[Any], *, words: str) -> None:
        """Every phone the words could mean, best first."""
        await send_reply(ctx, answers.search(self.bot.catalog, words), ctx.author.id)


async def setup(bot: PhoneSpec) -> None:
    await bot.add_cog(Specs(bot))
