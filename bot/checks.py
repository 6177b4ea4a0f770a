"""Who may do what: moderator checks shared by prefix and slash commands."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.config import Settings

if TYPE_CHECKING:
    from bot.client import PhoneSpec

T = TypeVar("T")

log = logging.getLogger(__name__)


class NotModerator(commands.CheckFailure):
    """Raised for a moderator-only command used by someone else; the reply says so politely."""


async def is_moderator_member(bot: PhoneSpec, user: discord.abc.User) -> bool:
    """Manage Server, a configured moderator role, or a bot owner."""
    if await bot.is_owner(user):
        return True
    if not isinstance(user, discord.Member):
        return False
    if user.guild_permissions.manage_guild:
        return True
    allowed = set(bot.settings.moderator_role_ids)
    return any(role.id in allowed for role in user.roles)


def is_moderator() -> Callable[[T], T]:
    """A check for hybrid commands. The slash command stays visible to everyone on purpose:
    members with a configured moderator role may lack Manage Server, and others get a polite no."""

    async def predicate(ctx: commands.Context[Any]) -> bool:
        if await is_moderator_member(ctx.bot, ctx.author):
            return True
        log.warning(
            "refused %s to %s (%s) in guild %s",
            ctx.command,
            ctx.author,
            ctx.author.id,
            ctx.guild.id if ctx.guild else None,
        )
        raise NotModerator("Only moderators can do that.")

    return commands.check(predicate)


def rate_limit(settings: Settings, user_id: int) -> commands.Cooldown | None:
    """The per-user rate limit from the settings; None (no limit) for the bot's owners.

    One `Cooldown` class serves prefix commands, slash commands and mention questions alike.
    """
    if user_id in settings.owner_ids:
        return None
    return commands.Cooldown(settings.cooldown_commands, settings.cooldown_seconds)


def user_cooldown() -> Callable[[T], T]:
    """The per-user cooldown from the settings, for prefix and hybrid commands."""

    def cooldown(ctx: commands.Context[Any]) -> commands.Cooldown | None:
        return rate_limit(ctx.bot.settings, ctx.author.id)

    return commands.dynamic_cooldown(cooldown, commands.BucketType.user)


def app_cooldown() -> Callable[[T], T]:
    """The same cooldown for commands that exist only as slash commands."""

    def cooldown(interaction: discord.Interaction) -> commands.Cooldown | None:
        return rate_limit(interaction.client.settings, interaction.user.id)  # type: ignore[attr-defined]

    return app_commands.checks.dynamic_cooldown(cooldown)
