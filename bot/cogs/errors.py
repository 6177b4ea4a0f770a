"""One place where failed commands become a short message to the user and a log entry."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import NotModerator
from bot.views import NO_PINGS

log = logging.getLogger(__name__)

FAILED = "Something went wrong answering that; it has been logged."


def explain(error: Exception, usage: str) -> str | None:
    """The user-facing words for a command error, or None for errors answered with silence."""
    if isinstance(error, commands.CommandNotFound):
        return None  # another bot's command, or a question the questions cog answers
    if isinstance(error, NotModerator):
        return "Only moderators (Manage Server or a moderator role) can reload the catalog."
    if isinstance(error, commands.NotOwner):
        return "Only the bot's owner can do that."
    if isinstance(error, commands.CommandOnCooldown | app_commands.CommandOnCooldown):
        return f"Easy there: try again in {error.retry_after:.0f} s."
    if isinstance(error, commands.MissingRequiredArgument):
        return f"Missing *{error.param.name}*. Usage: `{usage}`"
    if isinstance(error, commands.UserInputError):
        return f"{discord.utils.escape_mentions(str(error))} Usage: `{usage}`"
    if isinstance(error, commands.CheckFailure | app_commands.CheckFailure):
        return "You can't use that here."
    return FAILED


def _usage(ctx: commands.Context[Any]) -> str:
    if ctx.command is None:
        return ""
    return f"{ctx.clean_prefix}{ctx.command.qualified_name} {ctx.command.signature}".strip()


class Errors(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self._default_tree_error = bot.tree.on_error
        bot.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]

    async def cog_unload(self) -> None:
        self.bot.tree.on_error = self._default_tree_error  # type: ignore[method-assign]

    @commands.Cog.listener()
    async def on_command_error(self, ctx: commands.Context[Any], error: Exception) -> None:
        if isinstance(error, commands.HybridCommandError):
            error = error.original
        if isinstance(error, commands.CommandInvokeError | app_commands.CommandInvokeError):
            log.error("command %s failed", ctx.command, exc_info=error.original)
            error = error.original
        text = explain(error, _usage(ctx))
        if text is not None:
            await ctx.send(text, ephemeral=True, allowed_mentions=NO_PINGS)

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CommandInvokeError):
            log.error("slash command %s failed", interaction.command, exc_info=error.original)
        name = interaction.command.qualified_name if interaction.command else ""
        text = explain(error, f"/{name}") or FAILED
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Errors(bot))
