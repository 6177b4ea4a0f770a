"""Members' reports of mistakes: checked, rate-limited, stored, decided by curators, and the
outcome shown to the reporter the next time they use the bot (never an unsolicited DM)."""

from __future__ import annotations

import datetime as dt
import re

from bot.curation.fields import FieldError, parse_path
from bot.db import Database, audit, reports
from bot.db.actor import Actor
from bot.db.reports import ACCEPTED, Filed
from bot.db.tables import Report

MAX_PROBLEM = 1000
MAX_URL = 500
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


class ReportRefused(ValueError):
    """The report is not filed; the message says why."""


def checked(filed: Filed) -> Filed:
    """The report with its text trimmed, or `ReportRefused` saying what to fix."""
    problem = filed.problem.strip()
    if not problem:
        raise ReportRefused("say what is wrong")
    if len(problem) > MAX_PROBLEM:
        raise ReportRefused(f"say what is wrong in at most {MAX_PROBLEM:,} characters")
    if (filed.field is None) != (filed.value is None):
        raise ReportRefused("give both the field and its right value, or neither")
    if filed.field is not None:
        try:
            parse_path(filed.field)
        except FieldError as exc:
            raise ReportRefused(str(exc)) from None
    source = filed.source_url
    if source is not None and (len(source) > MAX_URL or not _URL.match(source)):
        raise ReportRefused("the source must be an http(s) link")
    return Filed(filed.phone_id, filed.phone_name, problem, filed.field, filed.value, source)


def outcome_line(report: Report) -> str:
    """What the reporter is told about a decided report."""
    what = f"Your report #{report.id} on {report.phone_name} was {report.status}"
    by = f" by {report.decided_by_name}"
    if report.status == ACCEPTED and report.version_number is not None:
        return f"{what}{by}: the fix is in catalog version {report.version_number}."
    return f"{what}{by}."


def review_text(report: Report) -> str:
    """The report as curators see it in the review channel."""
    lines = [
        f"**Report #{report.id}** on {report.phone_name} (`{report.phone_id}`) "
        f"by {report.reporter_name}:",
        f"> {report.problem}",
    ]
    if report.field is not None:
        lines.append(f"Proposed: `{report.field}` = `{report.value}`")
    if report.source_url:
        lines.append(f"Source: <{report.source_url}>")
    return "\n".join(lines)


class Reports:
    """Filing and deciding reports; remembers who has an outcome waiting, to tell them once."""

    def __init__(self, db: Database, per_hour: int) -> None:
        self.db = db
        self.per_hour = per_hour
        self._waiting: set[int] = set()

    async def load(self) -> None:
        """Who has a decided report not yet shown (after a restart too)."""
        async with self.db.session() as session:
            self._waiting = await reports.reporters_with_news(session)

    async def file(self, reporter: Actor, filed: Filed) -> Report:
        """Store a report, or `ReportRefused` (rate limit first, before any other work)."""
        assert reporter.id is not None
        hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        async with self.db.session() as session, session.begin():
            limited = await reports.filed_since(session, reporter.id, hour_ago) >= self.per_hour
            if not limited:
                report = await reports.add(session, reporter, checked(filed))
                await audit.record(session, reporter, "report", "done", f"report #{report.id}")
        if limited:
            plural = "s" if self.per_hour != 1 else ""
            why = f"you filed {self.per_hour} report{plural} in the last hour; try again later"
            async with self.db.session() as session, session.begin():
                await audit.record(session, reporter, "report", "refused", why)
            raise ReportRefused(why)
        return report

    async def get(self, report_id: int) -> Report | None:
        async with self.db.session() as session:
            return await reports.get(session, report_id)

    async def open(self, limit: int) -> list[Report]:
        async with self.db.session() as session:
            return await reports.open_reports(session, limit)

    async def reviewed_in(self, report_id: int, message_id: int) -> None:
        async with self.db.session() as session, session.begin():
            await reports.set_review_message(session, report_id, message_id)

    async def decide(
        self, report_id: int, status: str, curator: Actor, version: int | None = None
    ) -> Report | None:
        """Record the decision; None if the report was decided already (it keeps that one)."""
        async with self.db.session() as session, session.begin():
            if not await reports.decide(session, report_id, status, curator, version):
                await audit.record(session, curator, status, "refused", f"#{report_id} decided")
                return None
            await audit.record(session, curator, f"report {status}", "done", f"#{report_id}")
            report = await reports.get(session, report_id)
        assert report is not None
        self._waiting.add(report.reporter_id)
        return report

    def has_news(self, user_id: int) -> bool:
        return user_id in self._waiting

    async def take_outcomes(self, user_id: int) -> list[str]:
        """The lines to tell the member about their decided reports, once."""
        self._waiting.discard(user_id)
        async with self.db.session() as session, session.begin():
            decided = await reports.take_outcomes(session, user_id)
            return [outcome_line(report) for report in decided]
