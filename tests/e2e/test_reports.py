"""Reports: a member reports a mistake, curators accept it into a new version or reject it, and
the reporter sees the outcome the next time they use the bot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import discord

from tests.e2e.harness import MESSAGES, battery_of, components_of, content_of
from tests.fakediscord import FakeDiscord
from tests.fakediscord.recording import Request

ORIGINAL = r"/webhooks/\d+/[^/]+/messages/@original"
SLOW = 30
"""Seconds for answers that prepare or apply a change in a process of its own (a busy CI)."""
WRONG_BATTERY = {
    "phone": "xiaomi-14-pro",
    "problem": "The maker says 4900 mAh",
    "field": "battery.capacity_mah",
    "value": "4900",
    "source": "https://example.com/xiaomi-14-pro",
}


async def report(server: FakeDiscord, options: dict[str, Any]) -> tuple[Request, Request]:
    """A member files a report with /report: the answer they see, and the review post."""
    command = await server.send_command("report", options, author="member")
    answer = await server.wait_for_interaction_response(command)
    review = await server.wait_for_bot_message()
    return answer, review


def custom_id(message: Request, label: str) -> str:
    [found] = [c["custom_id"] for c in components_of(message) if c.get("label") == label]
    return found


async def ask(server: FakeDiscord, content: str, author: str = "member") -> Request:
    await server.send_message(content, author=author)
    return await server.wait_for_bot_message(timeout=SLOW)


async def test_a_report_with_a_value_is_accepted_into_a_new_version(
    server: FakeDiscord, bot: discord.Client, data_path: Path
) -> None:
    answer, review = await report(server, WRONG_BATTERY)
    assert answer.json["data"]["content"].startswith("Thanks! Report #1 on Xiaomi 14 Pro is filed")
    assert answer.json["data"]["flags"] == 64  # only the reporter sees it
    text = content_of(review)
    assert text.startswith("**Report #1** on Xiaomi 14 Pro (`xiaomi-14-pro`) by member:")
    assert "Proposed: `battery.capacity_mah` = `4900`" in text
    review_id = int(review.response["id"])

    await server.send_component(review_id, custom_id(review, "Accept"), author="member")
    refused = await server.wait_for_interaction_response()
    assert refused.json["data"]["content"].startswith("Only curators can do that")

    await server.send_component(review_id, custom_id(review, "Accept"), author="helper")
    proposal = await server.wait_for_interaction_response(timeout=SLOW)
    assert "~ Xiaomi 14 Pro battery.capacity_mah: 4880 -> 4900" in content_of(proposal)
    assert "Reason: report #1 by member: The maker says 4900 mAh" in content_of(proposal)
    proposal_id = int(proposal.response["resource"]["message"]["id"])
    await server.send_component(proposal_id, custom_id(proposal, "Confirm"), author="helper")
    applied = await server.wait_for_request(("PATCH", ORIGINAL), timeout=SLOW)
    assert "Applied by helper as version 2" in content_of(applied)
    marked = await server.wait_for_request(("PATCH", rf"{MESSAGES}/{review_id}"))
    assert content_of(marked).endswith("Accepted by helper as version 2.")

    spec = await ask(server, "!spec xiaomi 14 pro")
    assert battery_of(spec) == 4900
    told = await server.wait_for_bot_message()
    assert content_of(told) == (
        "Your report #1 on Xiaomi 14 Pro was accepted by helper: the fix is in catalog version 2."
    )
    await ask(server, "!spec pixel 8")  # told once only
    assert not [r for r in server.requests if "Your report" in content_of(r)][1:]


async def test_a_rejected_report_is_kept_and_the_reporter_told(
    server: FakeDiscord, bot: discord.Client, data_path: Path
) -> None:
    before = data_path.read_bytes()
    filed = await ask(server, '!report "pixel 8" "the weight looks wrong"')
    assert content_of(filed).startswith("Thanks! Report #1 on Google Pixel 8 is filed")
    review = await server.wait_for_bot_message()
    listed = await ask(server, "!catalog reports", author="helper")
    assert listed.json["embeds"][0]["description"].startswith(
        "**#1** Google Pixel 8 · member: the weight looks wrong"
    )

    await server.send_component(
        int(review.response["id"]), custom_id(review, "Reject"), author="helper"
    )
    decided = await server.wait_for_interaction_response()

    assert decided.json["type"] == 7  # the review post is updated in place
    assert decided.json["data"]["content"].endswith("Rejected by helper.")
    assert data_path.read_bytes() == before
    await ask(server, "!spec pixel 8")
    told = await server.wait_for_bot_message()
    assert content_of(told) == "Your report #1 on Google Pixel 8 was rejected by helper."
    listed = await ask(server, "!catalog reports", author="helper")
    assert listed.json["embeds"][0]["description"] == "No open reports."


async def test_bad_reports_are_refused_and_reports_are_rate_limited(
    server: FakeDiscord, bot: Any
) -> None:
    unknown = await ask(server, '!report "nokia 99999 ultra" "battery"')
    assert (
        content_of(unknown)
        == "Report not filed: No phone called *nokia 99999 ultra* in the catalog."
    )
    half = await ask(server, '!report "pixel 8" "battery" battery.capacity_mah')
    assert content_of(half) == (
        "Report not filed: give both the field and its right value, or neither."
    )
    bad_field = await ask(server, '!report "pixel 8" "battery" battery.mah 4000')
    assert content_of(bad_field).startswith("Report not filed: unknown field 'mah'")
    bad_source = await ask(server, '!report "pixel 8" "battery" battery.capacity_mah 1 ftp://x')
    assert content_of(bad_source) == "Report not filed: the source must be an http(s) link."

    bot.reports.per_hour = 1  # REPORTS_PER_HOUR=1
    assert content_of(await ask(server, '!report "pixel 8" "one"')).startswith("Thanks!")
    await server.wait_for_bot_message()  # the review post
    limited = await ask(server, '!report "pixel 8" "two"')
    assert content_of(limited) == (
        "Report not filed: you filed 1 report in the last hour; try again later."
    )


async def test_the_button_on_a_spec_card_opens_a_report_form(
    server: FakeDiscord, bot: discord.Client
) -> None:
    card = await ask(server, "!spec pixel 8", author="helper")
    await server.send_component(
        int(card.response["id"]), custom_id(card, "Report a mistake"), author="member"
    )
    opened = await server.wait_for_interaction_response()
    assert opened.json["type"] == 9  # a form
    form = opened.json["data"]
    inputs = [c for row in form["components"] for c in row["components"]]
    assert [i["label"] for i in inputs] == [
        "What is wrong?",
        "Field (optional)",
        "Its right value (optional)",
        "Source link (optional)",
    ]
    typed = ["The weight is 187 g", "body.weight_g", "187", ""]
    rows = [
        {"type": 1, "components": [{"type": 4, "custom_id": i["custom_id"], "value": value}]}
        for i, value in zip(inputs, typed, strict=True)
    ]
    await server.send_interaction(
        5, {"custom_id": form["custom_id"], "components": rows}, author="member"
    )

    thanks = await server.wait_for_interaction_response()
    review = await server.wait_for_bot_message()
    assert thanks.json["data"]["content"].startswith("Thanks! Report #1 on Google Pixel 8")
    assert content_of(review).startswith("**Report #1** on Google Pixel 8 (`pixel-8`) by member:")
    assert "Proposed: `body.weight_g` = `187`" in content_of(review)
    assert "Source:" not in content_of(review)
