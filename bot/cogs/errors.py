"""One place where failed commands become a short message to the user and a log entry."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers import usage
from bot.checks import NotCurator, WaitNotices, wait_text
from bot.embeds import escape
from bot.views import NO_PINGS

log = logging.getLogger(__name__)

FAILED = "Something went wrong answering that; it has been logged."


def explain(error: Exception, usage: str) -> str | None:
    """The user-facing words for a command error, or None for errors answered with silence.

    Every error answered with `FAILED` is one the caller logs with its traceback.
    """
    if isinstance(error, commands.CommandNotFound):
        return None  # another bot's command, or a question the questions cog answers
    if isinstance(error, NotCurator):
        return str(error)
    if isinstance(error, commands.NotOwner):
        return "Only the bot's owner can do that."
    if isinstance(error, commands.CommandOnCooldown | app_commands.CommandOnCooldown):
        return wait_text(error.retry_after)
    if isinstance(error, commands.MissingRequiredAttachment):
        return f"Attach the file (*{error.param.name}*) to the message. Usage: {usage}"
    if isinstance(error, commands.MissingRequiredArgument):
        return f"Missing *{error.param.name}*. Usage: {usage}"
    if isinstance(error, commands.UserInputError):
        return f"{escape(str(error))} Usage: {usage}"
    if isinstance(error, commands.CheckFailure | app_commands.CheckFailure):
        return "You can't use that here."
    return FAILED


def _usage(ctx: commands.Context[Any]) -> str:
    """The help's usage line and example for the command, else its signature."""
    if ctx.command is None:
        return ""
    name = ctx.command.qualified_name
    signature = f"{ctx.clean_prefix}{name} {ctx.command.signature}".strip()
    return usage(name, ctx.clean_prefix) or f"`{signature}`"


def _unwrapped(error: Exception) -> Exception:
    """The error a command raised, out of discord.py's hybrid and invoke wrappers."""
    if isinstance(error, commands.HybridCommandError):
        error = error.original
    if isinstance(error, commands.CommandInvokeError | app_commands.CommandInvokeError):
        error = error.original
    return error


class Errors(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self._default_tree_error = bot.tree.on_error
        bot.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]
        self._notices = WaitNotices()

    async def cog_unload(self) -> None:
        self.bot.tree.on_error = self._default_tree_error  # type: ignore[method-assign]

    @commands.Cog.listener()
    async def on_command_error(self, ctx: commands.Context[Any], error: Exception) -> None:
        error = _unwrapped(error)
        text = explain(error, _usage(ctx))
        if text == FAILED:
            log.error("command %s failed", ctx.command, exc_info=error)
        if text is None or (
            # A reply to every refused message would flood the channel the cooldown protects.
            isinstance(error, commands.CommandOnCooldown)
            and ctx.interaction is None
            and self._notices.first(ctx.author.id, error.retry_after) is None
        ):
            return
        try:
            await ctx.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:  # the channel is gone or closed to the bot
            log.warning("could not tell %s why %s failed: %s", ctx.author.id, ctx.command, exc)

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Slash-only commands (`/compare`) and failures before a command runs: unknown or
        outdated commands. Every interaction gets an answer, ephemeral."""
        cause = _unwrapped(error)
        name = interaction.command.qualified_name if interaction.command else ""
        text = explain(cause, f"`/{name}`") or FAILED
        if text == FAILED:
            log.error("slash command %s failed", name or "?", exc_info=cause)
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Errors(bot))
