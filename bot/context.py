"""What each message is answered with: its server's settings, its prefix, replies or not."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.serversettings import ServerSettings

if TYPE_CHECKING:
    from bot.client import PhoneSpec


class PhoneSpecContext(commands.Context["PhoneSpec"]):
    """A command's context, carrying its server's settings (`server`). Answers to a message
    are sent as replies to it when the server chose replies."""

    server: ServerSettings

    async def send(self, content: str | None = None, **kwargs: Any) -> discord.Message:  # type: ignore[override]
        if self.interaction is None and self.server.replies and "reference" not in kwargs:
            kwargs["reference"] = self.message.to_reference(fail_if_not_exists=False)
        return await super().send(content, **kwargs)


async def server_prefix(bot: PhoneSpec, message: discord.Message) -> list[str]:
    """The prefix of the message's server (the default in DMs), and mentions of the bot."""
    guild_id = message.guild.id if message.guild else None
    server = bot.server_settings_for(guild_id)
    return commands.when_mentioned_or(server.prefix)(bot, message)
