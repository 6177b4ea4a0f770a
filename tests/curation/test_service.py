"""The `Curation` service on SQLite and PostgreSQL, with a real data file: versions from the
host file, proposals, stale refusals, rollback, and the live file written atomically."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.catalog import CatalogError, load_catalog
from bot.curation.fields import FieldError
from bot.curation.proposals import Refused
from bot.curation.service import Curation, Stale
from bot.db import Database, audit, versions
from bot.db.actor import Actor
from tests.e2e.harness import BUNDLED_DATA, phones_in

ALICE = Actor(1, "alice", 10, 20)
BOB = Actor(2, "bob", 10, 20)


@pytest.fixture
async def curation(database_url: str, tmp_path: Path) -> AsyncIterator[Curation]:
    data = tmp_path / "specs.yaml"
    data.write_bytes(BUNDLED_DATA.read_bytes())
    db = await Database.open(database_url)
    service = Curation(db, data)
    await service.record_host_file()
    yield service
    await db.close()


async def _swap() -> None:
    """What the bot's reload does, minus the bot: nothing to swap in these tests."""


def battery(path: Path, phone_id: str) -> int:
    phone = load_catalog(path).by_id[phone_id]
    assert phone.battery is not None
    return phone.battery.capacity_mah


async def test_the_host_file_is_version_1_and_a_hand_edit_the_next(curation: Curation) -> None:
    first, data = await curation.latest()
    assert (first.number, first.author_name, first.author_id) == (1, "host file", None)
    assert data == BUNDLED_DATA.read_bytes()
    assert await curation.record_host_file() is None  # unchanged: nothing recorded

    text = curation.data_path.read_text()
    curation.data_path.write_text(text.replace("capacity_mah: 4880,", "capacity_mah: 4900,"))
    edited = await curation.record_host_file()

    assert edited is not None
    assert edited.number == 2
    assert edited.author_name == "host file"
    assert edited.summary == "edited on the host: 1 field changed in 1"


async def test_set_diffs_one_field_and_applies_as_a_new_version(curation: Curation) -> None:
    proposal = await curation.propose_set("xiaomi-14-pro", "battery.capacity_mah", "5000", "src")

    assert proposal.changes.lines() == ["~ Xiaomi 14 Pro battery.capacity_mah: 4880 -> 5000"]
    assert curation.data_path.read_bytes() == BUNDLED_DATA.read_bytes()  # nothing yet
    version = await curation.apply(proposal, ALICE, _swap)

    assert (version.number, version.author_name, version.reason) == (2, "alice", "src")
    assert version.summary == "set: 1 field changed in 1"
    assert battery(curation.data_path, "xiaomi-14-pro") == 5000
    assert curation.data_path.read_bytes().startswith(b"# PhoneSpec bundled catalog")
    assert not list(curation.data_path.parent.glob(".specs.yaml.*"))  # no temporary file left


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("battery.capcity_mah", "5000", "unknown field 'capcity_mah'"),
        ("battery.capacity_mah", "lots", 'expected a whole number, got "lots"'),
        ("battery.capacity_mah", "99", "out of range"),
        ("display.size_in.x", "6", "size_in has no fields inside it"),
        ("cameras[9].mp", "50", "there are only"),
    ],
)
async def test_a_bad_set_is_refused_and_changes_nothing(
    curation: Curation, field: str, value: str, message: str
) -> None:
    with pytest.raises((FieldError, CatalogError)) as refused:
        await curation.propose_set("xiaomi-14-pro", field, value)
    assert message in str(refused.value) or any(
        message in str(p) for p in getattr(refused.value, "problems", ())
    )
    assert (await curation.latest())[0].number == 1


async def test_a_proposal_made_before_another_change_is_stale(curation: Curation) -> None:
    first = await curation.propose_set("xiaomi-14-pro", "battery.capacity_mah", "5000")
    second = await curation.propose_set("xiaomi-14-pro", "os", "HyperOS 2")
    await curation.apply(second, BOB, _swap)

    with pytest.raises(Stale, match="changed by bob since you started"):
        await curation.apply(first, ALICE, _swap)

    latest, _ = await curation.latest()
    assert latest.number == 2
    assert battery(curation.data_path, "xiaomi-14-pro") == 4880
    async with curation.db.session() as session:
        entries = await audit.entries(session)
    assert (entries[0].action, entries[0].outcome, entries[0].actor_name) == (
        "set",
        "refused",
        "alice",
    )


async def test_two_confirms_never_interleave(curation: Curation) -> None:
    """Both prepared against version 1 and confirmed at once: one applies, one is stale."""
    one = await curation.propose_set("xiaomi-14-pro", "battery.capacity_mah", "5000")
    two = await curation.propose_set("xiaomi-14-pro", "battery.capacity_mah", "5100")
    results = await asyncio.gather(
        curation.apply(one, ALICE, _swap), curation.apply(two, BOB, _swap), return_exceptions=True
    )

    assert sorted(type(r).__name__ for r in results) == ["Stale", "Version"]
    assert battery(curation.data_path, "xiaomi-14-pro") in (5000, 5100)


async def test_rollback_makes_a_new_version_equal_to_an_old_one(curation: Curation) -> None:
    change = await curation.propose_set("xiaomi-14-pro", "battery.capacity_mah", "5000")
    await curation.apply(change, ALICE, _swap)
    rollback = await curation.propose_rollback(1, "wrong source")

    assert rollback.changes.lines() == ["~ Xiaomi 14 Pro battery.capacity_mah: 5000 -> 4880"]
    version = await curation.apply(rollback, BOB, _swap)

    assert version.number == 3
    assert curation.data_path.read_bytes() == BUNDLED_DATA.read_bytes()
    history, total = await curation.history(0, 10)
    assert [v.number for v in history] == [3, 2, 1]
    assert total == 3
    with pytest.raises(Refused, match="there is no version 7"):
        await curation.propose_rollback(7)
    with pytest.raises(Refused, match="current version already"):
        await curation.propose_rollback(3)


PARTIAL = b"""\
phones:
- id: xiaomi-14-pro
  brand: Xiaomi
  model: 14 Pro
  series: xiaomi-14-series
  released: 2023-10-31
  battery: {capacity_mah: 4900}
  sources: [https://example.com/xiaomi-14-pro]
- id: phonespec-test-one
  brand: PhoneSpec
  model: Test One
  released: 2026-01-15
  battery: {capacity_mah: 6100}
  sources: [https://example.com/one]
"""


async def test_a_partial_file_adds_and_replaces_phones(curation: Curation) -> None:
    proposal = await curation.propose_import(PARTIAL, "fix.yaml", replace=False)

    assert proposal.changes.added == ("PhoneSpec Test One (phonespec-test-one)",)
    lines = proposal.changes.lines()
    assert "~ Xiaomi 14 Pro battery.capacity_mah: 4880 -> 4900" in lines
    assert "~ Xiaomi 14 Pro battery.wired_w: 120 -> (none)" in lines
    await curation.apply(proposal, ALICE, _swap)
    catalog = load_catalog(curation.data_path)
    assert len(catalog.phones) == phones_in(BUNDLED_DATA) + 1
    assert battery(curation.data_path, "phonespec-test-one") == 6100


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (b"phones: [\n", "fix.yaml:2:1: YAML syntax error"),
        (b"phones:\n- id: caf\xe9\n", "fix.yaml:2:10: not UTF-8 text (byte 0xe9)"),
        (b"a: &x [1]\nb: *x\n", "fix.yaml:1:4: YAML anchors and aliases"),
        (b"a: !!python/object x\n", "fix.yaml:1:4: YAML tags"),
        (b"- just\n- a list\n", "fix.yaml:1:1: expected a mapping"),
        (
            PARTIAL.replace(b"series: xiaomi-14-series", b"series: no-such-series"),
            "fix.yaml:5:11: phones[0].series: unknown series 'no-such-series'",
        ),
        (PARTIAL.replace(b"capacity_mah: 6100", b"capacity_mah: lots"), "fix.yaml:13:"),
    ],
)
async def test_a_bad_import_is_refused_with_where_and_changes_nothing(
    curation: Curation, upload: bytes, message: str
) -> None:
    with pytest.raises(CatalogError) as refused:
        await curation.propose_import(upload, "fix.yaml", replace=False)
    assert message in "\n".join(str(p) for p in refused.value.problems)
    assert (await curation.latest())[0].number == 1


async def test_a_hand_edit_since_the_proposal_is_kept_and_the_proposal_stale(
    curation: Curation,
) -> None:
    proposal = await curation.propose_set("xiaomi-14-pro", "battery.capacity_mah", "5000")
    edited = curation.data_path.read_text().replace("capacity_mah: 4880,", "capacity_mah: 4890,")
    curation.data_path.write_text(edited)

    with pytest.raises(Stale, match="changed by host file since you started"):
        await curation.apply(proposal, ALICE, _swap)

    assert curation.data_path.read_text() == edited
    latest, data = await curation.latest()
    assert (latest.number, latest.author_name) == (2, "host file")
    assert data == edited.encode()


async def test_a_process_behind_catches_up_from_the_database(
    curation: Curation, tmp_path: Path
) -> None:
    """Another host's process, its own data file still version 1, loads version 2: the file is
    written from the database (hash checked) and swapped in; then there is nothing to do."""
    other_file = tmp_path / "other" / "specs.yaml"
    other_file.parent.mkdir()
    other_file.write_bytes(BUNDLED_DATA.read_bytes())
    other = Curation(curation.db, other_file)
    proposal = await curation.propose_set("xiaomi-14-pro", "battery.capacity_mah", "5000")
    version = await curation.apply(proposal, ALICE, _swap)
    served = [versions.sha256(BUNDLED_DATA.read_bytes())]

    async def swap() -> None:
        served.append(versions.sha256(other_file.read_bytes()))

    caught = await other.catch_up(lambda: served[-1], swap)

    assert caught == version
    assert other_file.read_bytes() == curation.data_path.read_bytes()
    assert served[-1] == version.sha256
    assert await other.catch_up(lambda: served[-1], swap) is None
    assert len(served) == 2  # swapped once


async def test_a_file_no_version_has_is_never_overwritten_by_a_catch_up(
    curation: Curation,
) -> None:
    """A hand edit (or a change another process is writing now) is left for the host-file
    recording, not replaced by the newest version."""
    text = curation.data_path.read_text()
    edited = text.replace("capacity_mah: 4880,", "capacity_mah: 4900,")
    curation.data_path.write_text(edited)
    swaps: list[None] = []

    async def swap() -> None:
        swaps.append(None)

    assert await curation.catch_up(lambda: "an older hash", swap) is None
    assert curation.data_path.read_text() == edited
    assert swaps == []
