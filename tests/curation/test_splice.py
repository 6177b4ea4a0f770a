"""Writing a change keeps the file's other lines: a one-field fix is a few-line diff."""

from __future__ import annotations

import datetime as dt
import difflib

from bot.curation import documents, fields, splice
from tests.e2e.harness import BUNDLED_DATA

TODAY = dt.date(2030, 1, 2)
NEW_PHONE = {
    "id": "phonespec-test-one",
    "brand": "PhoneSpec",
    "model": "Test One",
    "released": dt.date(2026, 1, 15),
    "sources": ["https://example.com/one"],
}


def changed_lines(old: bytes, new: bytes) -> list[str]:
    diff = difflib.unified_diff(old.decode().splitlines(), new.decode().splitlines(), n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_a_set_rewrites_only_that_phone_and_the_date() -> None:
    current = BUNDLED_DATA.read_bytes()
    old = documents.parse(current)
    path = fields.parse_path("battery.capacity_mah")
    new = documents.stamped(fields.set_field(old, "xiaomi-14-pro", path, 4900), TODAY)

    written = splice.write(current, old, new)

    assert documents.parse(written) == new
    changes = changed_lines(current, written)
    assert "+updated: 2030-01-02" in changes
    assert "+  battery:" in changes  # the phone is written anew, in block style
    assert "+    capacity_mah: 4900" in changes
    assert len(changes) < 120  # one phone and the date, of 14,000 lines
    assert written.startswith(documents.header(current))


def test_a_merge_appends_new_phones_after_the_last() -> None:
    current = BUNDLED_DATA.read_bytes()
    old = documents.parse(current)
    merged = documents.merge(old, {"phones": [NEW_PHONE]}, today=TODAY).document

    written = splice.write(current, old, merged)

    assert documents.parse(written) == merged
    assert all(line.startswith("+") for line in changed_lines(current, written)[1:])


def test_records_on_one_line_are_written_whole() -> None:
    current = b"# mine\nphones: [{id: a, brand: B, model: M}]\n"
    old = documents.parse(current)
    new = {"updated": TODAY, "phones": [{"id": "a", "brand": "B", "model": "N"}]}

    written = splice.write(current, old, new)

    assert written.startswith(b"# mine\n")
    assert documents.parse(written) == new
