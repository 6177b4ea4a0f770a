"""Confirm and Cancel buttons for a prepared catalog change: only the requester may press them,
and they expire (CONFIRM_TIMEOUT_SECONDS, 5 minutes by default) leaving everything unchanged."""

from __future__ import annotations

import io
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.curation import texts
from bot.curation.proposals import Proposal
from bot.curation.service import Curation, Stale
from bot.db.actor import Actor
from bot.db.versions import Version
from bot.views import NO_PINGS, OwnedView

if TYPE_CHECKING:
    from bot.client import PhoneSpec

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


Send = Callable[..., Awaitable[discord.Message | discord.InteractionMessage]]
"""`ctx.send`, or an interaction's response: takes content, view, file and allowed_mentions."""


async def offer(
    bot: PhoneSpec,
    curation: Curation,
    send: Send,
    actor: Actor,
    proposal: Proposal,
    applied: Callable[[Version], Awaitable[object]] | None = None,
) -> None:
    """Show the proposal's diff with Confirm and Cancel for `actor` alone; Confirm applies it
    (then `applied` runs with the new version), Cancel and expiry change nothing."""
    assert actor.id is not None
    timeout = bot.settings.confirm_timeout_seconds
    text, whole = texts.proposal_text(proposal, timeout)
    head = text.rsplit("\n", 1)[0]

    async def confirm() -> str:
        try:
            version = await curation.apply(proposal, actor, bot.reload_catalog)
        except Stale as exc:
            return f"{head}\nNot applied. {exc}"
        if applied is not None:
            await applied(version)
        return (
            f"{head}\nApplied by {actor.name} as version {version.number}; "
            f"now serving {bot.catalog.summary()}."
        )

    async def cancel() -> str:
        await curation.cancelled(actor, proposal.action, "cancelled")
        return f"{head}\nCancelled: nothing changed."

    async def expire() -> str:
        await curation.cancelled(actor, proposal.action, "expired")
        return f"{head}\nExpired without a Confirm: nothing changed."

    view = ConfirmView(actor.id, timeout=timeout, confirm=confirm, cancel=cancel, expire=expire)
    view.message = await send(content=text, view=view, allowed_mentions=NO_PINGS, **files(whole))


def files(whole: bytes | None) -> dict[str, Any]:
    """The full diff as an attachment, when the message shows only its start."""
    return {"file": discord.File(io.BytesIO(whole), filename="diff.txt")} if whole else {}
