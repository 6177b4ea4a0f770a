"""The buttons and form of reports: "Report a mistake" on spec cards (it opens a form), and
Accept / Reject on each report in the review channel. Their custom ids carry the phone or the
report, so they keep working after a restart; the `Reporting` cog does the work."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.curation.reporting import MAX_PROBLEM, MAX_URL


def _reporting(interaction: discord.Interaction) -> Any:
    return interaction.client.get_cog("Reporting")  # type: ignore[attr-defined]


class ReportButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"report:new:(?P<phone>[a-z0-9-]{1,100})",
):
    """ "Report a mistake" under a spec card: anyone may press it."""

    def __init__(self, phone_id: str) -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            label="Report a mistake",
            style=discord.ButtonStyle.secondary,
            custom_id=f"report:new:{phone_id}",
        )
        super().__init__(button)
        self.phone_id = phone_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReportButton:
        return cls(match["phone"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(ReportForm(self.phone_id))


class ReportForm(discord.ui.Modal, title="Report a mistake"):
    problem: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="What is wrong?", style=discord.TextStyle.paragraph, max_length=MAX_PROBLEM
    )
    field: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Field (optional)", placeholder="battery.capacity_mah", required=False, max_length=100
    )
    value: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Its right value (optional)", required=False, max_length=500
    )
    source: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Source link (optional)", required=False, max_length=MAX_URL
    )

    def __init__(self, phone_id: str) -> None:
        super().__init__(custom_id=f"report:form:{phone_id}")
        self.phone_id = phone_id

    async def on_submit(self, interaction: discord.Interaction) -> None:
        answers = [text.value.strip() or None for text in (self.field, self.value, self.source)]
        await _reporting(interaction).file_from_form(
            interaction, self.phone_id, self.problem.value, *answers
        )


def report_view(phone_id: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ReportButton(phone_id))
    return view


class ReviewButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"report:(?P<action>accept|reject):(?P<id>\d{1,18})",
):
    """Accept or Reject on a report in the review channel."""

    def __init__(self, action: str, report_id: int) -> None:
        style = discord.ButtonStyle.success if action == "accept" else discord.ButtonStyle.danger
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=action.capitalize(), style=style, custom_id=f"report:{action}:{report_id}"
        )
        super().__init__(button)
        self.action, self.report_id = action, report_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReviewButton:
        return cls(match["action"], int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _reporting(interaction).review(interaction, self.action, self.report_id)


def review_view(report_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ReviewButton("accept", report_id))
    view.add_item(ReviewButton("reject", report_id))
    return view
