"""Pure rules: who may curate, which uploads are fetched, and how diffs read."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.catalog import CatalogError, Problem
from bot.curation import uploads
from bot.curation.diff import diff_documents
from bot.curation.permissions import CuratorRule
from bot.curation.validation import problems_text

HOME = CuratorRule(home_guild_id=100, role_ids=frozenset({7, 8}))


@pytest.mark.parametrize(
    ("rule", "is_owner", "roles", "allowed"),
    [
        (HOME, True, None, True),  # owners, anywhere
        (HOME, False, [8], True),  # a curator role in the home server
        (HOME, False, [9], False),  # other roles, even Manage Server ones
        (HOME, False, None, False),  # not a member of the home server
        (CuratorRule(None, frozenset({7})), False, [7], False),  # no home server set
    ],
)
def test_curators_are_owners_and_curator_roles_in_the_home_server(
    rule: CuratorRule, is_owner: bool, roles: list[int] | None, allowed: bool
) -> None:
    assert rule.allows(is_owner=is_owner, home_roles=roles) is allowed


def test_refusals_name_who_may() -> None:
    assert HOME.who(["Curators", "Mods"], "Phone Lab") == (
        "the bot's owners and members with @Curators or @Mods in Phone Lab"
    )
    assert CuratorRule(None, frozenset()).who([], None) == (
        "the bot's owners (no curator roles are set up)"
    )


CDN = "https://cdn.discordapp.com/attachments/1/2/fix.yaml"


@pytest.mark.parametrize(
    ("url", "size", "name", "why"),
    [
        (CDN, 1000, "fix.yaml", None),
        (CDN, 5 * 1024 * 1024 + 1, "fix.yaml", "the limit is 5,242,880 (5 MB)"),
        ("https://evil.example/fix.yaml", 10, "fix.yaml", "not on Discord's CDN (evil.example)"),
        ("file:///etc/passwd", 10, "fix.yaml", "not on Discord's CDN"),
        (CDN, 10, "fix.txt", "attach a .yaml file"),
    ],
)
def test_only_small_yaml_files_on_discords_cdn_are_fetched(
    url: str, size: int, name: str, why: str | None
) -> None:
    refusal = uploads.refusal(url, size, name, uploads.allowed_hosts(None))
    assert refusal == why if why is None else why in (refusal or "")


def test_with_an_api_base_its_host_is_the_only_one_allowed() -> None:
    hosts = uploads.allowed_hosts("http://127.0.0.1:8080/api/v10")
    assert hosts == {"127.0.0.1"}
    assert uploads.refusal(CDN, 10, "a.yaml", hosts) is not None


def test_a_diff_lists_added_removed_and_changed_fields() -> None:
    old = {
        "phones": [
            {"id": "a", "brand": "X", "model": "One", "battery": {"capacity_mah": 4800}},
            {"id": "b", "brand": "X", "model": "Two"},
        ],
        "series": [{"id": "s", "name": "S", "news": []}],
    }
    new = {
        "updated": dt.date(2026, 1, 1),
        "phones": [
            {"id": "a", "brand": "X", "model": "One", "battery": {"capacity_mah": 4880}},
            {"id": "c", "brand": "Y", "model": "Three", "aliases": ["3"]},
        ],
        "series": [{"id": "s", "name": "S", "news": [{"date": dt.date(2026, 1, 1)}]}],
    }
    changes = diff_documents(old, new)
    assert changes.lines() == [
        "+ added Y Three (c)",
        "- removed X Two (b)",
        "~ X One battery.capacity_mah: 4800 -> 4880",
        "~ series S news[0].date: (none) -> 2026-01-01",
    ]
    assert changes.summary() == "1 added, 1 removed, 2 fields changed in 2"


def test_ten_problems_are_listed_and_the_rest_counted() -> None:
    error = CatalogError(Problem("f.yaml", i, 1, "phones", f"problem {i}") for i in range(1, 13))
    lines = problems_text(error).splitlines()
    assert lines[0] == "f.yaml:1:1: phones: problem 1"
    assert lines[9] == "f.yaml:10:1: phones: problem 10"
    assert lines[10:] == ["... and 2 more problems"]
