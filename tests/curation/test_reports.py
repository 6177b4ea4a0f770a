"""Reports in the database (SQLite and PostgreSQL): filed, rate-limited, decided once, the
outcome told once, and everything still there after a restart."""

from __future__ import annotations

import pytest

from bot.curation.reporting import ReportRefused, Reports, checked
from bot.db import Database, audit
from bot.db.actor import Actor
from bot.db.reports import ACCEPTED, REJECTED, Filed

MEMBER = Actor(5, "member", 10, 20)
CURATOR = Actor(6, "curator", 10, 20)
BATTERY = Filed(
    "xiaomi-14-pro", "Xiaomi 14 Pro", " 4900 per the maker ", "battery.capacity_mah", "4900"
)


async def test_reports_are_decided_once_and_kept_across_restarts(database_url: str) -> None:
    db = await Database.open(database_url)
    reports = Reports(db, per_hour=5)
    first = await reports.file(MEMBER, BATTERY)
    second = await reports.file(MEMBER, Filed("pixel-8", "Google Pixel 8", "weight"))
    assert first.problem == "4900 per the maker"

    accepted = await reports.decide(first.id, ACCEPTED, CURATOR, version=7)
    again = await reports.decide(first.id, REJECTED, MEMBER)
    assert accepted is not None
    assert (accepted.status, accepted.decided_by_name, accepted.version_number) == (
        ACCEPTED,
        "curator",
        7,
    )
    assert again is None
    await db.close()

    db = await Database.open(database_url)  # a restart
    reports = Reports(db, per_hour=5)
    await reports.load()
    assert reports.has_news(MEMBER.id)
    assert [r.id for r in await reports.open(10)] == [second.id]
    assert await reports.take_outcomes(MEMBER.id) == [
        "Your report #1 on Xiaomi 14 Pro was accepted by curator: the fix is in catalog version 7."
    ]
    assert await reports.take_outcomes(MEMBER.id) == []
    assert not reports.has_news(MEMBER.id)
    kept = await reports.get(first.id)
    assert kept is not None
    assert kept.status == ACCEPTED
    await db.close()


async def test_a_member_files_at_most_per_hour_reports(database_url: str) -> None:
    db = await Database.open(database_url)
    reports = Reports(db, per_hour=2)
    await reports.file(MEMBER, BATTERY)
    await reports.file(MEMBER, BATTERY)
    with pytest.raises(ReportRefused, match="you filed 2 reports in the last hour"):
        await reports.file(MEMBER, BATTERY)
    await reports.file(CURATOR, BATTERY)  # the limit is per member
    async with db.session() as session:
        entries = await audit.entries(session)
    await db.close()
    assert [(e.action, e.outcome) for e in entries[:2]] == [
        ("report", "done"),
        ("report", "refused"),
    ]


@pytest.mark.parametrize(
    ("filed", "why"),
    [
        (Filed("a", "A", "   "), "say what is wrong"),
        (Filed("a", "A", "x" * 1001), "at most 1,000 characters"),
        (Filed("a", "A", "x", "battery.capacity_mah"), "give both the field and its right value"),
        (Filed("a", "A", "x", "battery.mah", "1"), "unknown field 'mah'"),
        (Filed("a", "A", "x", source_url="javascript:alert(1)"), r"must be an http\(s\) link"),
    ],
)
def test_a_report_must_say_what_is_wrong(filed: Filed, why: str) -> None:
    with pytest.raises(ReportRefused, match=why):
        checked(filed)
