"""`/spec`, `/phones`, `/search` and `/find`: looking phones up. Their text forms (`!spec`...)
are routed by `bot.router` (see the questions cog), as in the console."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import answers
from bot.autocomplete import brand_choices, criteria_choices, phone_choices
from bot.checks import app_cooldown
from bot.preferences import Preferences
from bot.prices import USUAL
from bot.views import send_reply

if TYPE_CHECKING:
    from bot.client import PhoneSpec

Ranking = Literal[
    "newest", "biggest battery", "lightest", "thinnest", "fastest charging", "brightest",
    "biggest screen", "most storage", "cheapest",
]  # fmt: skip
Currency = Literal["USD", "EUR", "GBP", "INR", "CNY", "JPY"]


class Specs(commands.Cog):
    def __init__(self, bot: PhoneSpec) -> None:
        self.bot = bot

    @app_commands.command(name="spec", description="A phone's spec sheet, or one topic of it")
    @app_commands.describe(phone="The phone, optionally with a topic: 'xiaomi 14 pro battery'")
    @app_commands.autocomplete(phone=phone_choices)
    @app_cooldown()
    async def spec(self, interaction: discord.Interaction, phone: str) -> None:
        reply = answers.spec(self.bot.catalog, phone, prefs=self._prefs(interaction))
        await send_reply(interaction, reply, interaction.user.id)

    @app_commands.command(name="phones", description="Every phone, or one brand's, newest first")
    @app_commands.describe(brand="Only this brand's phones")
    @app_commands.autocomplete(brand=brand_choices)
    @app_cooldown()
    async def phones(self, interaction: discord.Interaction, brand: str = "") -> None:
        reply = answers.phones(self.bot.catalog, brand, prefs=self._prefs(interaction))
        await send_reply(interaction, reply, interaction.user.id)

    @app_commands.command(name="search", description="Every phone the words could mean")
    @app_commands.describe(words="Part of a name, e.g. 'galaxy s2'")
    @app_cooldown()
    async def search(self, interaction: discord.Interaction, words: str) -> None:
        await send_reply(interaction, answers.search(self.bot.catalog, words), interaction.user.id)

    @app_commands.command(name="find", description="Phones by their specs, ranked")
    @app_commands.describe(
        criteria="e.g. '120hz 5g ip68 under 190g' (suggestions as you type)",
        brand="Only this brand",
        rank="Order the phones by",
        max_price="Announced price at most (in the currency below)",
        currency="Currency of the price (default: this server's, else USD); never converted",
    )
    @app_commands.autocomplete(criteria=criteria_choices, brand=brand_choices)
    @app_cooldown()
    async def find(
        self,
        interaction: discord.Interaction,
        criteria: str = "",
        brand: str = "",
        rank: Ranking | None = None,
        max_price: app_commands.Range[float, 1, 10_000_000] | None = None,
        currency: Currency | None = None,
    ) -> None:
        chosen = self._prefs(interaction)
        prefs = replace(chosen, currency=currency or chosen.currency or USUAL)
        parts = [criteria, brand, rank or ""]
        if max_price is not None:
            parts.append(f"price under {max_price:g}")
        reply = answers.find(self.bot.catalog, " ".join(p for p in parts if p), prefs=prefs)
        await send_reply(interaction, reply, interaction.user.id)

    def _prefs(self, interaction: discord.Interaction) -> Preferences:
        return self.bot.server_settings_for(interaction.guild_id).preferences


async def setup(bot: PhoneSpec) -> None:
    await bot.add_cog(Specs(bot))
