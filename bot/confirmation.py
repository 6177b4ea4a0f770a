"""Confirm and Cancel buttons for a prepared catalog change: only the requester may press them,
and they expire (CONFIRM_TIMEOUT_SECONDS, 5 minutes by default) leaving everything unchanged."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.views import NO_PINGS, OwnedView

log = logging.getLogger(__name__)

Outcome = Callable[[], Awaitable[str]]
"""What a button does; returns the text the message becomes."""


class ConfirmView(OwnedView):
    def __init__(
        self,
        requester_id: int,
        *,
        timeout: float,
        confirm: Outcome,
        cancel: Outcome,
        expire: Outcome,
    ) -> None:
        super().__init__(requester_id, timeout=timeout)
        self._confirm, self._cancel, self._expire = confirm, cancel, expire

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.success)
    async def confirm(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await self._finish(interaction, self._confirm)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await self._finish(interaction, self._cancel)

    async def _finish(self, interaction: discord.Interaction, outcome: Outcome) -> None:
        """Answer at once (the change may take a second), then show the outcome."""
        if self.is_finished():  # a second press while the first is being applied
            await interaction.response.send_message(
                "That change was already answered.", ephemeral=True
            )
            return
        self.stop()
        await interaction.response.edit_message(view=None)
        text = await outcome()
        await interaction.edit_original_response(content=text, allowed_mentions=NO_PINGS)

    async def on_timeout(self) -> None:
        text = await self._expire()
        if self.message is None:
            return
        try:
            await self.message.edit(content=text, view=None, allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:
            log.debug("could not mark an expired proposal: %s", exc)
