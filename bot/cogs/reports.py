"""Members report mistakes (`/report`); curators Accept or Reject each in the review channel.

A report naming a field and its right value is accepted straight into a new catalog version
through the same diff and Confirm as `!catalog set`. The reporter learns the outcome the next
time they use the bot, in the channel they use it in.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers import resolve
from bot.autocomplete import phone_choices
from bot.catalog import CatalogError
from bot.checks import actor_of, may_curate, user_cooldown, who_may_curate
from bot.confirmation import offer
from bot.curation.fields import FieldError
from bot.curation.proposals import Refused
from bot.curation.reporting import ReportRefused, review_text
from bot.curation.validation import problems_text
from bot.db import audit
from bot.db.actor import Actor
from bot.db.reports import ACCEPTED, REJECTED, Filed
from bot.db.versions import Version
from bot.reportviews import ReportButton, ReviewButton, review_view
from bot.views import NO_PINGS

if TYPE_CHECKING:
    from bot.client import PhoneSpec

log = logging.getLogger(__name__)


class Reporting(commands.Cog):
    def __init__(self, bot: PhoneSpec) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(ReportButton, ReviewButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ReportButton, ReviewButton)

    @commands.hybrid_command(name="report")
    @app_commands.describe(
        phone="The phone",
        problem="What is wrong",
        field="The field, e.g. battery.capacity_mah (optional)",
        value="Its right value (with field)",
        source="A link that shows it",
    )
    @app_commands.autocomplete(phone=phone_choices)
    @user_cooldown()
    async def report(
        self,
        ctx: commands.Context[Any],
        phone: str,
        problem: str,
        field: str | None = None,
        value: str | None = None,
        source: str | None = None,
    ) -> None:
        """Report a mistake in a phone's data; curators review it."""
        found = resolve(self.bot.catalog, phone).phone
        if found is None:
            name = discord.utils.escape_markdown(phone[:100])
            text = f"Report not filed: No phone called *{name}* in the catalog."
            await ctx.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        filed = Filed(found.id, found.name, problem, field, value, source)
        text, report_id = await self._file(actor_of(ctx), filed)
        await ctx.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        if report_id is not None:
            await self._post_for_review(report_id)

    async def file_from_form(
        self,
        interaction: discord.Interaction,
        phone_id: str,
        problem: str,
        field: str | None,
        value: str | None,
        source: str | None,
    ) -> None:
        """The form of a spec card's "Report a mistake" button, submitted."""
        found = self.bot.catalog.by_id.get(phone_id)
        report_id = None
        if found is None:
            text = "Report not filed: that phone is no longer in the catalog."
        else:
            filed = Filed(found.id, found.name, problem, field, value, source)
            text, report_id = await self._file(actor_of(interaction), filed)
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)
        if report_id is not None:
            await self._post_for_review(report_id)

    async def _file(self, reporter: Actor, filed: Filed) -> tuple[str, int | None]:
        """File the report: what to tell the reporter, and the report's id when filed."""
        if self.bot.reports is None:
            return "Reports are off on this bot.", None
        try:
            report = await self.bot.reports.file(reporter, filed)
        except ReportRefused as exc:
            return f"Report not filed: {exc}.", None
        thanks = (
            f"Thanks! Report #{report.id} on {filed.phone_name} is filed for the curators. You "
            "will see what they decide here, the next time you use the bot."
        )
        return thanks, report.id

    async def _post_for_review(self, report_id: int) -> None:
        channel_id = self.bot.settings.review_channel_id
        channel = self.bot.get_channel(channel_id) if channel_id else None
        reports = self.bot.reports
        if not isinstance(channel, discord.abc.Messageable) or reports is None:
            return
        report = await reports.get(report_id)
        assert report is not None
        message = await channel.send(
            review_text(report), view=review_view(report_id), allowed_mentions=NO_PINGS
        )
        await reports.reviewed_in(report_id, message.id)

    # --- curators' decisions

    async def review(self, interaction: discord.Interaction, action: str, report_id: int) -> None:
        reports, curator = self.bot.reports, actor_of(interaction)
        assert reports is not None  # the buttons exist only when reports do
        if not await may_curate(self.bot, interaction.user):
            if self.bot.db is not None:
                why = "not a curator"
                await audit.note(self.bot.db, curator, f"report {action}", "refused", why)
            await _tell(interaction, f"Only curators can do that: {who_may_curate(self.bot)}.")
            return
        report = await reports.get(report_id)
        if report is None or report.status != "open":
            done = f"{report.status} by {report.decided_by_name}" if report else "unknown"
            await _tell(interaction, f"Report #{report_id} is {done} already.")
            return
        if action == "reject" or report.field is None or report.value is None:
            status = REJECTED if action == "reject" else ACCEPTED
            decided = await reports.decide(report_id, status, curator)
            outcome = f"{status.capitalize()} by {curator.name}." if decided else "Decided already."
            await interaction.response.edit_message(
                content=f"{review_text(report)}\n{outcome}", view=None
            )
            return
        await self._accept_into_version(interaction, report_id, report.field, report.value)

    async def _accept_into_version(
        self, interaction: discord.Interaction, report_id: int, field: str, value: str
    ) -> None:
        """The report's value as a proposal, confirmed by the curator who pressed Accept."""
        reports, curation, curator = self.bot.reports, self.bot.curation, actor_of(interaction)
        assert reports is not None
        report = await reports.get(report_id)
        assert report is not None
        if curation is None:
            await _tell(interaction, "Catalog versions are off (DATA_PATH is a folder).")
            return
        reason = f"report #{report_id} by {report.reporter_name}: {report.problem}"[:500]
        try:
            proposal = await curation.propose_set(report.phone_id, field, value, reason)
        except (FieldError, Refused) as exc:
            await _tell(interaction, f"Report #{report_id} cannot become a version: {exc}.")
            return
        except CatalogError as exc:
            listing = problems_text(exc)[:1500]
            await _tell(interaction, f"Report #{report_id} cannot become a version:\n{listing}")
            return
        review_message = interaction.message

        async def send(**kwargs: Any) -> discord.InteractionMessage:
            await interaction.response.send_message(**kwargs)
            return await interaction.original_response()

        async def applied(version: Version) -> None:
            await reports.decide(report_id, ACCEPTED, curator, version.number)
            if review_message is not None:
                outcome = f"Accepted by {curator.name} as version {version.number}."
                await review_message.edit(content=f"{review_text(report)}\n{outcome}", view=None)

        await offer(self.bot, curation, send, curator, proposal, applied)

    # --- telling reporters

    @commands.Cog.listener()
    async def on_command_completion(self, ctx: commands.Context[Any]) -> None:
        lines = await self._outcomes(ctx.author.id)
        if lines:
            await ctx.send(lines, ephemeral=True, allowed_mentions=NO_PINGS)

    @commands.Cog.listener()
    async def on_routed_command(self, message: discord.Message) -> None:
        """A text command answered through `bot.router` (see the questions cog)."""
        lines = await self._outcomes(message.author.id)
        if lines:
            await message.channel.send(lines, allowed_mentions=NO_PINGS)

    async def _outcomes(self, user_id: int) -> str:
        """What became of the user's reports since they were last told, once."""
        reports = self.bot.reports
        if reports is None or not reports.has_news(user_id):
            return ""
        return "\n".join(await reports.take_outcomes(user_id))


async def _tell(interaction: discord.Interaction, text: str) -> None:
    """An ephemeral answer to a button press."""
    await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)


async def setup(bot: PhoneSpec) -> None:
    await bot.add_cog(Reporting(bot))
