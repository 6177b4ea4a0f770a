"""`/news`: launch news for a phone and its series, or the latest across the catalog. `!news`
is routed by `bot.router` (see the questions cog), as in the console."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import answers
from bot.autocomplete import phone_choices
from bot.checks import app_cooldown
from bot.views import send_reply

if TYPE_CHECKING:
    from bot.client import PhoneSpec


class News(commands.Cog):
    def __init__(self, bot: PhoneSpec) -> None:
        self.bot = bot

    @app_commands.command(name="news", description="Launch news for a phone, newest first")
    @app_commands.describe(phone="A phone; leave empty for the latest news")
    @app_commands.autocomplete(phone=phone_choices)
    @app_cooldown()
    async def news(self, interaction: discord.Interaction, phone: str = "") -> None:
        prefs = self.bot.server_settings_for(interaction.guild_id).preferences
        reply = answers.news(self.bot.catalog, phone, prefs=prefs)
        await send_reply(interaction, reply, interaction.user.id)


async def setup(bot: PhoneSpec) -> None:
    await bot.add_cog(News(bot))
