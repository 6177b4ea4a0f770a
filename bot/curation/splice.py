"""Writing a changed catalog by replacing only the text of the records that changed.

The rest of the file keeps its bytes: comments, flow-style mappings, quoting and order, so a
one-field fix is a few-line change in the file (and in `git diff`), not a rewrite. A file whose
records are not block items on lines of their own ("phones: [{...}]"), or a change that removes
records, is written whole instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from bot import yamlfile
from bot.curation.documents import RECORDS, Document, dump, header, records

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
Edit = tuple[int, int, str]
"""Lines [first, end) of the file (0-based) replaced by a text."""


@dataclass(frozen=True)
class _Span:
    first: int
    end: int
    indent: int
    """The column (0-based) of the item's "- "."""


def write(current: bytes, old: Document, new: Document) -> bytes:
    """`new` as YAML text, keeping every line of `current` (whose document is `old`) that does
    not hold a changed record."""
    lines = current.decode("utf-8").splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    edits = _edits(current, lines, old, new)
    if edits is None:
        return dump(new, header(current))
    for first, end, text in sorted(edits, reverse=True):
        lines[first:end] = [text]
    return "".join(lines).encode("utf-8")


def _edits(current: bytes, lines: list[str], old: Document, new: Document) -> list[Edit] | None:
    paths = [(key,) for key in old]
    paths += [(kind, i) for kind in RECORDS for i in range(len(old.get(kind) or ()))]
    found = yamlfile.positions(current, paths)
    edits: list[Edit] = []
    for kind in RECORDS:
        spans = _spans(found, lines, old, kind)
        changed = None if spans is None else _record_edits(kind, old, new, spans)
        if changed is None:
            return None
        edits += changed
    updated = _updated_edit(found, lines, old, new)
    return None if updated is None else edits + updated


def _spans(
    found: dict[yamlfile.Path, yamlfile.Located], lines: list[str], old: Document, kind: str
) -> dict[Any, _Span] | None:
    """Each record's lines, by id; None when the records are not block items of their own."""
    items = records(old, kind)
    if len(items) != len(old.get(kind) or ()):
        return None
    starts = []
    for i in range(len(items)):
        located = found.get((kind, i))
        if located is None:
            return None
        line, indent = located.value.line - 1, located.value.column - 3
        if indent < 0 or lines[line][indent : indent + 2] != "- ":
            return None
        if starts and line <= starts[-1][0]:
            return None
        starts.append((line, indent))
    if not starts:
        return {}
    keys = [found[(key,)].key for key in old if (key,) in found]
    after = [key.line - 1 for key in keys if key is not None and key.line - 1 > starts[-1][0]]
    ends = [line for line, _ in starts[1:]] + [min(after, default=len(lines))]
    spans = {}
    for item, (first, indent), end in zip(items, starts, ends, strict=True):
        while end - 1 > first and (
            not lines[end - 1].strip() or lines[end - 1].lstrip()[:1] == "#"
        ):
            end -= 1  # blank lines and comments after a record are not part of it
        spans[item.get("id")] = _Span(first, end, indent)
    return spans


def _record_edits(
    kind: str, old: Document, new: Document, spans: dict[Any, _Span]
) -> list[Edit] | None:
    """Changed records replaced in place, added ones after the last; None if any is removed
    or there is no record of this kind to add after."""
    before = {record.get("id"): record for record in records(old, kind)}
    after = records(new, kind)
    if len(after) != len(new.get(kind) or ()) or not before.keys() <= {r.get("id") for r in after}:
        return None
    edits: list[Edit] = []
    added: list[str] = []
    for record in after:
        key = record.get("id")
        if key not in before:
            added.append(_item(record, 0))
        elif record != before[key]:
            span = spans[key]
            edits.append((span.first, span.end, _item(record, span.indent)))
    if added:
        if not spans:
            return None
        last = max(spans.values(), key=lambda span: span.first)
        indent = " " * last.indent
        text = "".join("".join(indent + line for line in item.splitlines(True)) for item in added)
        edits.append((last.end, last.end, text))
    return edits


def _updated_edit(
    found: dict[yamlfile.Path, yamlfile.Located], lines: list[str], old: Document, new: Document
) -> list[Edit] | None:
    """The `updated:` line set to the new date (added when the file has none)."""
    if new.get("updated") == old.get("updated"):
        return []
    text = yaml.dump({"updated": new.get("updated")}, Dumper=_Dumper)
    located = found.get(("updated",))
    if located is None or located.key is None:
        first = len(header("".join(lines).encode("utf-8")).splitlines())
        return [(first, first, text + "\n")]
    line = located.key.line - 1
    if located.key.column != 1 or located.value.line - 1 != line:
        return None
    return [(line, line + 1, text)]


def _between_records(line: str) -> bool:
    """Blank lines and comments after a record are not part of it: they stay."""
    return not line.strip() or line.lstrip().startswith("#")


def _item(record: dict[str, Any], indent: int) -> str:
    text = yaml.dump([record], Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return "".join(" " * indent + line for line in text.splitlines(keepends=True))
