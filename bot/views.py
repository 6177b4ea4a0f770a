"""Turning a `Reply` into what discord.py sends: embeds, a "did you mean" menu, page buttons."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import Any

import discord
from discord.ext import commands

from bot.embeds import fit_content, fit_embed, fit_embeds
from bot.replies import Reply
from bot.reportviews import report_view

log = logging.getLogger(__name__)

TIMEOUT = 180.0
"""Seconds a menu or page buttons stay usable; then they are greyed out."""

NO_PINGS = discord.AllowedMentions.none()


def message_kwargs(
    reply: Reply, requester_id: int, *, timeout: float | None = None
) -> dict[str, Any]:
    """Keyword arguments for `send`: the same for every way the bot answers. `view` is there
    only when the reply has a menu or pages, usable for `timeout` seconds (`TIMEOUT` if None)."""
    kwargs: dict[str, Any] = {
        "content": fit_content(reply.content) or None,
        "embeds": [discord.Embed.from_dict(e) for e in fit_embeds(reply.embeds)],
        "allowed_mentions": NO_PINGS,
    }
    view = view_for(reply, requester_id, timeout=timeout)
    if view is not None:
        kwargs["view"] = view
    return kwargs


Target = discord.abc.Messageable | discord.Interaction


def can_attach(target: Target) -> bool:
    """Whether the bot may attach files where it answers (always in DMs)."""
    if isinstance(target, discord.Interaction):
        return target.app_permissions.attach_files
    channel = target.channel if isinstance(target, commands.Context) else target
    guild = getattr(channel, "guild", None)
    return guild is None or channel.permissions_for(guild.me).attach_files


async def with_picture(reply: Reply, kwargs: dict[str, Any], target: Target) -> dict[str, Any]:
    """`send` kwargs with the reply's image attached, drawn in a thread, where the bot may
    attach files; otherwise the text embeds stay as they are."""
    picture = reply.picture
    if picture is None or not can_attach(target):
        return kwargs
    data = await asyncio.to_thread(picture.render)
    embeds = [discord.Embed.from_dict(e) for e in fit_embeds(picture.embeds)]
    file = discord.File(io.BytesIO(data), filename=picture.filename)
    return {**kwargs, "embeds": embeds, "file": file}


def view_for(
    reply: Reply, requester_id: int, *, timeout: float | None = None
) -> discord.ui.View | None:
    timeout = TIMEOUT if timeout is None else timeout
    if reply.choices and reply.choose is not None:
        return ChoiceView(reply, requester_id, timeout=timeout)
    if len(reply.pages) > 1:
        return PagesView(reply, requester_id, timeout=timeout)
    if reply.report is not None:
        return report_view(reply.report)
    return None


def payload(reply: Reply, requester_id: int = 0) -> dict[str, Any]:
    """The exact JSON body discord.py would POST for this reply (for `ask --json` and tests)."""
    kwargs = message_kwargs(reply, requester_id)
    params = discord.http.handle_message_parameters(**kwargs, previous_allowed_mentions=NO_PINGS)
    return params.payload or {}


class OwnedView(discord.ui.View):
    """Components only the person who asked may use; greyed out when they expire."""

    def __init__(self, requester_id: int, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.requester_id = requester_id
        self.message: discord.Message | discord.InteractionMessage | None = None

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.requester_id:
            return True
        log.info(
            "refused component use by %s on a view of %s", interaction.user.id, self.requester_id
        )
        await interaction.response.send_message(
            "Only the person who asked can use these controls. Ask your own question!",
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )
        return False

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select):
                item.disabled = True
        if self.message is None:
            return
        try:
            await self.message.edit(view=self)
        except discord.HTTPException as exc:  # deleted message, lost permissions: nothing to grey
            log.debug("could not disable expired controls: %s", exc)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        log.exception("component %s failed", getattr(item, "custom_id", item))
        message = "Something went wrong with that; it has been logged."
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)


class ChoiceView(OwnedView):
    """ "Did you mean": a select menu of the candidates; the choice replaces the question."""

    def __init__(self, reply: Reply, requester_id: int, *, timeout: float) -> None:
        super().__init__(requester_id, timeout=timeout)
        self.reply = reply
        self.select.options = [
            discord.SelectOption(label=c.label, value=c.value, description=c.description or None)
            for c in reply.choices
        ]

    @discord.ui.select(placeholder="Choose the phone you meant…")
    async def select(
        self, interaction: discord.Interaction, select: discord.ui.Select[Any]
    ) -> None:
        assert self.reply.choose is not None  # a ChoiceView is only made with one
        answer = self.reply.choose(select.values[0])
        self.stop()
        kwargs = message_kwargs(answer, self.requester_id, timeout=self.timeout)
        kwargs = await with_picture(answer, kwargs, interaction)
        await interaction.response.edit_message(**_replacing(kwargs))
        follow_up = kwargs.get("view")
        if follow_up is not None:
            follow_up.message = interaction.message


class PagesView(OwnedView):
    """Previous / next buttons over `reply.pages`."""

    def __init__(self, reply: Reply, requester_id: int, *, timeout: float) -> None:
        super().__init__(requester_id, timeout=timeout)
        self.pages = reply.pages
        self.page = 0
        self._refresh()

    def _refresh(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page == len(self.pages) - 1
        self.counter.label = f"{self.page + 1}/{len(self.pages)}"

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        self.page = max(0, min(page, len(self.pages) - 1))
        self._refresh()
        embed = discord.Embed.from_dict(fit_embed(self.pages[self.page]))
        await interaction.response.edit_message(embed=embed, view=self)

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await self._show(interaction, self.page - 1)

    @discord.ui.button(label="1/1", disabled=True)
    async def counter(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await interaction.response.defer()

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await self._show(interaction, self.page + 1)


def _replacing(kwargs: dict[str, Any]) -> dict[str, Any]:
    """`send` kwargs for an edit that replaces the whole message: Discord keeps what an edit
    leaves out, so the question's text and menu are cleared explicitly; an image is sent as
    the message's only attachment."""
    kwargs = {"view": None, **kwargs, "content": kwargs["content"] or ""}
    file = kwargs.pop("file", None)
    return kwargs if file is None else {**kwargs, "attachments": [file]}


async def send_reply(target: Target, reply: Reply, requester_id: int) -> None:
    """Send `reply` to a Context, a channel or an Interaction, and wire up its view."""
    kwargs = await with_picture(reply, message_kwargs(reply, requester_id), target)
    view = kwargs.get("view")
    if isinstance(target, discord.Interaction):
        await target.response.send_message(**kwargs)
        message = await target.original_response() if view is not None else None
    else:
        message = await target.send(**kwargs)
    if view is not None:
        view.message = message
