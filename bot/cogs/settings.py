"""`/settings`: each server's own prefix, cards, channels, replies, comparison image and price
currency.

Only members with Manage Server in that server see or use the group. Channels the server turned
the bot off in get no answers, except to `/settings` itself (so admins can turn it back on).
A server that removes the bot has its settings removed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.prices import currencies_of
from bot.serversettings import (
    MAX_CHANNELS,
    ServerSettings,
    SettingError,
    check_channel,
    check_currency,
    check_prefix,
)
from bot.views import NO_PINGS

if TYPE_CHECKING:
    from bot.client import PhoneSpec

NOT_HERE = "This server's admins turned me off in this channel; ask me in another one."
MANAGERS_ONLY = "Only members with Manage Server in this server can change its settings."


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class ServerSettingsCog(commands.GroupCog, group_name="settings"):
    """This server's settings (Manage Server)."""

    def __init__(self, bot: PhoneSpec) -> None:
        self.bot = bot
        self._default_check = bot.tree.interaction_check
        bot.tree.interaction_check = self._answers_here  # type: ignore[method-assign]

    async def cog_unload(self) -> None:
        self.bot.tree.interaction_check = self._default_check  # type: ignore[method-assign]

    async def _answers_here(self, interaction: discord.Interaction) -> bool:
        """Every slash command and component: refused (and told so) where the server turned
        the bot off, except `/settings`."""
        root = interaction.command.root_parent if interaction.command else None
        if root is not None and root.name == "settings":
            return True
        server = self.bot.server_settings_for(interaction.guild_id)
        if server.answers_in(interaction.channel_id):
            return True
        if interaction.type is discord.InteractionType.autocomplete:
            await interaction.response.autocomplete([])  # suggestions have no room for words
        else:
            await interaction.response.send_message(
                NOT_HERE, ephemeral=True, allowed_mentions=NO_PINGS
            )
        return False

    async def interaction_check(self, interaction: discord.Interaction) -> bool:  # type: ignore[override]
        """Manage Server in this server, checked here and not only by Discord's default
        permissions (which a server's admins may loosen for a role)."""
        if interaction.permissions.manage_guild:
            return True
        await interaction.response.send_message(
            MANAGERS_ONLY, ephemeral=True, allowed_mentions=NO_PINGS
        )
        return False

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        if self.bot.server_settings is not None:
            await self.bot.server_settings.remove(guild.id)

    @app_commands.command(name="show", description="This server's settings")
    async def show(self, interaction: discord.Interaction) -> None:
        await _tell(interaction, "", self.bot.server_settings_for(interaction.guild_id))

    @app_commands.command(name="prefix", description="The prefix of text commands here")
    @app_commands.describe(prefix="Up to 5 characters, no spaces, such as ! or ?")
    async def prefix(self, interaction: discord.Interaction, prefix: str) -> None:
        await self._change(interaction, lambda: {"prefix": check_prefix(prefix)})

    @app_commands.command(name="cards", description="[[phone]] cards in messages, on or off")
    async def cards(self, interaction: discord.Interaction, on: bool) -> None:
        await self._change(interaction, lambda: {"inline_cards": on})

    @app_commands.command(name="replies", description="Answer as replies, or as plain messages")
    async def replies(self, interaction: discord.Interaction, on: bool) -> None:
        await self._change(interaction, lambda: {"replies": on})

    @app_commands.command(name="image", description="The comparison image card, on or off")
    async def image(self, interaction: discord.Interaction, on: bool) -> None:
        await self._change(interaction, lambda: {"compare_image": on})

    @app_commands.command(name="currency", description="The currency prices are shown in first")
    @app_commands.describe(currency="A code such as EUR, USD or INR; none: each phone's own order")
    async def currency(self, interaction: discord.Interaction, currency: str) -> None:
        used = currencies_of(self.bot.catalog.phones)
        await self._change(interaction, lambda: {"currency": check_currency(currency, used)})

    @app_commands.command(name="channels", description="Where I answer: everywhere, or per list")
    @app_commands.describe(mode="all: every channel; only: the listed ones; except: all but them")
    async def channels(
        self, interaction: discord.Interaction, mode: Literal["all", "only", "except"]
    ) -> None:
        await self._change(interaction, lambda: {"channel_mode": mode})

    @app_commands.command(name="channel", description="Add a channel to the list, or remove it")
    @app_commands.describe(channel="#channel, or its id")
    async def channel(
        self, interaction: discord.Interaction, action: Literal["add", "remove"], channel: str
    ) -> None:
        current = self.bot.server_settings_for(interaction.guild_id)
        guild = interaction.guild
        known = {c.id for c in guild.channels} | {t.id for t in guild.threads} if guild else set()

        def listed() -> dict[str, Any]:
            chosen = check_channel(channel, known)
            if action == "remove":
                if chosen not in current.channels:
                    raise SettingError(f"<#{chosen}> is not in the list.")
                return {"channels": tuple(c for c in current.channels if c != chosen)}
            if chosen in current.channels:
                raise SettingError(f"<#{chosen}> is in the list already.")
            if len(current.channels) >= MAX_CHANNELS:
                raise SettingError(f"The list holds at most {MAX_CHANNELS} channels.")
            return {"channels": (*current.channels, chosen)}

        await self._change(interaction, listed)

    @app_commands.command(name="reset", description="Back to the bot's defaults")
    async def reset(self, interaction: discord.Interaction) -> None:
        store = self.bot.server_settings
        if store is not None and interaction.guild_id is not None:
            await store.remove(interaction.guild_id)
        await _tell(interaction, "Back to the defaults.", store.default if store else None)

    async def _change(
        self, interaction: discord.Interaction, changes: Callable[[], dict[str, Any]]
    ) -> None:
        """Check the new values, store them, and show the server's settings; or say what is
        wrong with them and change nothing."""
        store = self.bot.server_settings
        if store is None or interaction.guild_id is None:
            await _tell(interaction, "Settings are not available yet; try again shortly.", None)
            return
        try:
            chosen = changes()
        except SettingError as exc:
            await _tell(interaction, f"Not changed: {exc}", None)
            return
        now = await store.change(interaction.guild_id, interaction.user.id, **chosen)
        await _tell(interaction, "Saved.", now)


async def _tell(
    interaction: discord.Interaction, text: str, settings: ServerSettings | None
) -> None:
    lines = [text] if text else []
    if settings is not None:
        lines += ["**This server's settings**", *(f"- {line}" for line in settings.lines())]
    await interaction.response.send_message(
        "\n".join(lines), ephemeral=True, allowed_mentions=NO_PINGS
    )


async def setup(bot: PhoneSpec) -> None:
    await bot.add_cog(ServerSettingsCog(bot))
