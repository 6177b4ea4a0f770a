"""What the curation commands say: proposals with their diff, versions, history pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.curation.diff import CatalogChanges
from bot.curation.proposals import Proposal
from bot.db.tables import Report
from bot.db.versions import Version

SHOWN_LINES = 15
"""Diff lines shown in the message; a longer diff comes as an attached file, whole."""
MAX_SHOWN_CHARS = 1200
"""Room left in a 2,000-character message for the rest of the text."""
HISTORY_PAGE = 10


def diff_block(changes: CatalogChanges, limit: int = SHOWN_LINES) -> tuple[str, bytes | None]:
    """The first `limit` lines in a code block, and the whole diff as a file when it is longer."""
    lines = changes.lines()
    shown: list[str] = []
    for line in lines[:limit]:
        if sum(map(len, shown)) + len(line) > MAX_SHOWN_CHARS:
            break
        shown.append(_clean(line))
    block = "```diff\n" + "\n".join(shown) + "\n```"
    if len(shown) == len(lines):
        return block, None
    block += f"\n… {len(lines) - len(shown)} more lines in the attached diff."
    return block, ("\n".join(lines) + "\n").encode("utf-8")


def proposal_text(proposal: Proposal, timeout: float) -> tuple[str, bytes | None]:
    block, whole = diff_block(proposal.changes)
    minutes = f"{timeout / 60:g} minutes" if timeout >= 60 else f"{timeout:g} seconds"
    reason = f"\nReason: {_clean(proposal.reason)}" if proposal.reason else ""
    text = (
        f"**{proposal.action.capitalize()}** against version {proposal.base}: "
        f"{proposal.changes.summary()}.{reason}\n{block}\n"
        f"Confirm within {minutes} to apply it as version {proposal.base + 1}."
    )
    return text, whole


def version_line(version: Version) -> str:
    when = version.created_at.strftime("%Y-%m-%d %H:%M UTC")
    reason = f" — {_clean(version.reason)}" if version.reason else ""
    return (
        f"**v{version.number}** · {when} · {_clean(version.author_name)}: "
        f"{_clean(version.summary)}{reason}"
    )


def history_pages(versions: Sequence[Version], total: int) -> list[dict[str, Any]]:
    """Pages of versions, newest first."""
    lines = [version_line(v) for v in versions]
    return _pages("Catalog history", lines, f"{total} versions · newest first", "No versions yet.")


def report_pages(reports: Sequence[Report]) -> list[dict[str, Any]]:
    """Pages of open reports, oldest first."""
    lines = []
    for report in reports:
        proposed = f" · `{report.field}` = `{report.value}`" if report.field else ""
        lines.append(
            f"**#{report.id}** {_clean(report.phone_name)}{_clean(proposed)} · "
            f"{_clean(report.reporter_name)}: {_clean(report.problem)}"
        )
    footer = f"{len(reports)} open · Accept or Reject in the review channel"
    return _pages("Open reports", lines, footer, "No open reports.")


def _pages(title: str, lines: Sequence[str], footer: str, empty: str) -> list[dict[str, Any]]:
    """Embeds of `HISTORY_PAGE` lines each (one page saying `empty` when there are none)."""
    return [
        {
            "title": title,
            "description": "\n".join(lines[start : start + HISTORY_PAGE]) or empty,
            "footer": {"text": footer},
        }
        for start in range(0, max(len(lines), 1), HISTORY_PAGE)
    ]


def _clean(text: str) -> str:
    """User text inside our messages: no code-block breakouts, no mass pings, bounded."""
    text = text.replace("```", "'''").replace("@everyone", "@\u200beveryone")
    text = text.replace("@here", "@\u200bhere")
    return text if len(text) <= 200 else text[:197] + "..."
