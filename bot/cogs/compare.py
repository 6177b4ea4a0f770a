"""`/compare`: two or three phones side by side, the better value marked per row. `!compare`
is routed by `bot.router` (see the questions cog), as in the console."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import answers
from bot.autocomplete import phone_choices
from bot.checks import app_cooldown
from bot.embeds import Topic
from bot.views import send_reply

if TYPE_CHECKING:
    from bot.client import PhoneSpec


class Compare(commands.Cog):
    def __init__(self, bot: PhoneSpec) -> None:
        self.bot = bot

    @app_commands.command(name="compare", description="Two or three phones side by side")
    @app_commands.describe(
        first="A phone",
        second="Another phone",
        third="Optionally a third",
        topic="Only this topic's rows",
        text="Text only, no image",
    )
    @app_commands.autocomplete(first=phone_choices, second=phone_choices, third=phone_choices)
    @app_cooldown()
    async def compare_slash(
        self,
        interaction: discord.Interaction,
        first: str,
        second: str,
        third: str | None = None,
        topic: Topic | None = None,
        text: bool = False,
    ) -> None:
        queries = [q for q in (first, second, third) if q]
        prefs = self.bot.server_settings_for(interaction.guild_id).preferences
        if text:
            prefs = replace(prefs, image=False)
        reply = answers.compare_queries(self.bot.catalog, queries, topic, prefs=prefs)
        await send_reply(interaction, reply, interaction.user.id)


async def setup(bot: PhoneSpec) -> None:
    await bot.add_cog(Compare(bot))
