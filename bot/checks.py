"""Who may do what: curator checks and rate limits shared by prefix and slash commands."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.config import Settings
from bot.curation.permissions import CuratorRule
from bot.db import audit
from bot.db.actor import Actor

if TYPE_CHECKING:
    from bot.client import PhoneSpec

T = TypeVar("T")

log = logging.getLogger(__name__)


class NotCurator(commands.CheckFailure):
    """Raised for a curator-only command used by someone else; the message says who may."""


def curator_rule(settings: Settings) -> CuratorRule:
    return CuratorRule(settings.home_guild_id, frozenset(settings.curator_role_ids))


async def home_roles(bot: PhoneSpec, user: discord.abc.User) -> list[int] | None:
    """The user's role ids in the home server, or None when they are not a member there."""
    home = bot.settings.home_guild_id
    if isinstance(user, discord.Member) and user.guild.id == home:
        return [role.id for role in user.roles]
    guild = bot.get_guild(home) if home else None
    if guild is None:
        return None
    member = guild.get_member(user.id)
    if member is None:
        try:
            member = await guild.fetch_member(user.id)
        except discord.NotFound:
            return None
    return [role.id for role in member.roles]


def who_may_curate(bot: PhoneSpec) -> str:
    """Who may curate, naming the roles as the home server calls them."""
    rule = curator_rule(bot.settings)
    guild = bot.get_guild(rule.home_guild_id) if rule.home_guild_id else None
    names = []
    for role_id in sorted(rule.role_ids):
        role = guild.get_role(role_id) if guild else None
        names.append(role.name if role else str(role_id))
    return rule.who(names, guild.name if guild else None)


async def may_curate(bot: PhoneSpec, user: discord.abc.User) -> bool:
    rule = curator_rule(bot.settings)
    if await bot.is_owner(user):
        return True
    return rule.allows(is_owner=False, home_roles=await home_roles(bot, user))


def is_curator() -> Callable[[T], T]:
    """A check for hybrid commands that change the catalog. Refusals are logged in the audit
    table and say who may."""

    async def predicate(ctx: commands.Context[Any]) -> bool:
        if await may_curate(ctx.bot, ctx.author):
            return True
        name = ctx.command.qualified_name if ctx.command else "?"
        why = f"not a curator ({ctx.guild.id if ctx.guild else 'DM'})"
        if ctx.bot.db is not None:
            await audit.note(ctx.bot.db, actor_of(ctx), name, "refused", why)
        raise NotCurator(f"Only curators can do that: {who_may_curate(ctx.bot)}.")

    return commands.check(predicate)


def actor_of(ctx: commands.Context[Any] | discord.Interaction) -> Actor:
    """Who acts, and in which server and channel."""
    user = ctx.author if isinstance(ctx, commands.Context) else ctx.user
    return Actor(
        user.id,
        str(user),
        ctx.guild.id if ctx.guild else None,
        ctx.channel.id if ctx.channel else None,
    )


def wait_text(retry_after: float) -> str:
    """What a member over the rate limit reads; rounded up: "try again in 0 s" would be
    refused again."""
    return f"Easy there: try again in {max(1, math.ceil(retry_after))} s."


class WaitNotices:
    """One "try again" notice per wait of a member: a reply to each refused message would flood
    the channel the cooldown protects. Holds only the waits still running."""

    def __init__(self) -> None:
        self._until: dict[int, float] = {}  # user id -> when their cooldown ends

    def first(self, user_id: int, retry_after: float) -> str | None:
        """The notice, the first time in this wait of the user; else None."""
        now = time.monotonic()
        if self._until.get(user_id, 0.0) > now:
            return None
        self._until = {user: until for user, until in self._until.items() if until > now}
        self._until[user_id] = now + retry_after
        return wait_text(retry_after)


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
