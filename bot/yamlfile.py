"""Safe, fast, position-aware reading of the YAML that moderators write.

PyYAML's C parser does the parsing; this module turns its event stream into plain Python values
itself instead of going through PyYAML's composer and constructor. That one loop is several times
faster (the composer allocates a node per scalar, and the constructor's generic dispatch costs more
than the parsing), and it is also where the safety rules are easiest to hold:

- no anchors or aliases, so an alias bomb cannot expand (`&a [*b, *b, ...]`);
- no tags, so nothing but plain data can be built;
- nesting deeper than `MAX_DEPTH` is refused before it is built;
- a duplicate key is an error, never a silently dropped value.

Every refusal carries the line and column it was found at. When validation later finds a problem
at a field path (`phones[3].battery`), `positions()` reads the text again to tell where it is.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from yaml import events as ev

# libyaml's parser when PyYAML was built with it; otherwise the same behaviour, slower.
_FastParser = getattr(yaml, "CSafeLoader", None)

MAX_DEPTH = 32

PathKey = str | int
Path = tuple[PathKey, ...]


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in a text file."""

    line: int
    column: int


class YamlError(ValueError):
    """The text is not a spec file PhoneSpec will read; `position` says where."""

    def __init__(self, message: str, position: Position | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


@dataclass(frozen=True)
class Located:
    """Where a path sits: its key (for mapping entries) and its value."""

    key: Position | None
    value: Position


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def position_at(data: bytes, offset: int) -> Position:
    """The line and column (in characters, as YAML marks count) of byte `offset` in `data`."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace"))
    return Position(data.count(b"\n", 0, offset) + 1, column + 1)


def _events(data: bytes, pure: bool) -> Iterator[ev.Event]:
    """The parser's events; `pure` uses PyYAML's pure-Python parser (for benchmarks)."""
    pure = pure or _FastParser is None
    parser: Any = None
    try:
        # The pure parser reads (and may refuse) the first characters as it starts.
        parser = yaml.SafeLoader(data) if pure else _FastParser(data)
        next_event = parser.get_event  # one call per event; check_event() would double it
        while True:
            event = next_event()
            if event is None or type(event) is ev.StreamEndEvent:
                return
            yield event
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, data) from exc
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, data) from exc
    except yaml.YAMLError as exc:
        raise YamlError(f"not valid YAML: {exc}") from exc
    finally:
        if parser is not None:
            parser.dispose()


def _syntax_error(exc: yaml.MarkedYAMLError, data: bytes) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "not valid YAML"
    if mark is not None and _char_at(data, mark.line, mark.column) == "\t":
        problem = "a tab character; YAML indents with spaces only"
    elif "nesting depth" in problem:
        problem = f"nested more than {MAX_DEPTH} levels deep"
    elif exc.context:
        problem = f"{problem} ({exc.context})"
    return YamlError(f"YAML syntax error: {problem}", _position(mark) if mark else None)


def _reader_error(exc: yaml.reader.ReaderError, data: bytes) -> YamlError:
    """A character YAML does not allow (a control character, a broken UTF-8 byte), and where.

    libyaml counts the position in bytes. So does PyYAML's pure parser for bytes it cannot
    decode, but it counts characters in the text it decoded (`encoding` "unicode").
    """
    offset = exc.position
    if exc.encoding == "unicode":
        offset = len(data.decode("utf-8", "replace")[:offset].encode())
    where = position_at(data, offset)
    return YamlError(f"not valid YAML: {exc.reason} (#x{exc.character:04x})", where)


def _char_at(data: bytes, line: int, column: int) -> str:
    lines = data.split(b"\n", line + 1)
    text = lines[line].decode("utf-8", "replace") if line < len(lines) else ""
    return text[column : column + 1]


_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_FLOAT = re.compile(
    r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BOOLS = {
    **dict.fromkeys(("true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"), True),
    **dict.fromkeys(("false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"), False),
}
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
# A plain scalar starting with any other character is text: the common case, decided at once.
_MAYBE_TYPED = frozenset("0123456789+-.~tTfFyYnNoO")


def _plain_scalar(text: str, mark: Any) -> Any:
    """Resolve an unquoted scalar the way YAML 1.1 (and PyYAML's SafeLoader) does."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT.match(text):
        try:
            return int(text.replace("_", ""))
        except ValueError:  # Python refuses to read integers of more than 4,300 digits
            raise YamlError(
                f"a number of {len(text):,} digits is too long to read", _position(mark)
            ) from None
    if _FLOAT.match(text):
        return float(text.replace("_", ""))
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise YamlError(f"{text!r} is not a real date", _position(mark)) from None
    return text


def _refuse(event: ev.NodeEvent) -> None:
    """Anchors, aliases and tags: plain data only, so nothing can expand or build objects."""
    where = _position(event.start_mark)
    if event.anchor is not None:
        raise YamlError(
            f"YAML anchors and aliases (&{event.anchor} / *{event.anchor}) are not allowed;"
            " write the value out",
            where,
        )
    raise YamlError(f"YAML tags such as {event.tag!r} are not allowed; write a plain value", where)


Each = tuple[str, Callable[[int, Any], Any]]
"""A top-level key whose list items are handed, each as soon as it is read, to a function
(with its position) that returns what the list keeps in its place."""


class _Builder:
    """Builds values from events with an explicit stack (no recursion, so no depth crash).

    With `track`, it also records where each of those paths sits, for error messages. With
    `each`, it hands every mapping or list in one top-level list over as soon as it is complete.
    `run` is the loader's hot loop: one pass per event, with the common cases (a plain word, a
    key) first.
    """

    def __init__(self, track: frozenset[Path] | None = None, each: Each | None = None) -> None:
        self.track = track
        self.found: dict[Path, Located] = {}
        self.each = each

    def run(self, events: Iterable[ev.Event]) -> Any:
        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        items: list[Any] | None = None  # the list whose items go to `each`, once it is read
        for event in events:
            kind = type(event)
            if kind is ev.ScalarEvent:
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    _refuse(event)
                value = event.value
                plain = not event.style and event.implicit[0]
                if plain and (not value or value[0] in _MAYBE_TYPED):
                    value = _plain_scalar(value, event.start_mark)
            elif kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
                if event.anchor is not None or (event.tag is not None and not event.implicit):
                    _refuse(event)
                if len(stack) >= MAX_DEPTH:
                    where = _position(event.start_mark)
                    raise YamlError(f"nested more than {MAX_DEPTH} levels deep", where)
                value = {} if kind is ev.MappingStartEvent else []
            elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                stack.pop()
                if len(stack) == 2 and stack[1].container is items:
                    items[-1] = self.each[1](len(items) - 1, items[-1])  # type: ignore[index]
                continue
            elif kind is ev.AliasEvent:
                _refuse(event)
            else:
                if kind is ev.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise YamlError(
                            "more than one YAML document ('---'); put everything in one",
                            _position(event.start_mark),
                        )
                continue

            path: Path = ()
            if not stack:
                root = value
                if self.track is not None and () in self.track:
                    self.found[()] = Located(None, _position(event.start_mark))
            else:
                frame = stack[-1]
                if frame.is_list:
                    key: PathKey = len(frame.container)
                    key_mark = None
                    frame.container.append(value)
                elif frame.key is _NO_KEY:
                    # A key is the word as written: `yes:` is "yes" and `1_000:` is "1_000",
                    # not the True and 1000 that YAML 1.1 reads as values.
                    written = event.value if kind is ev.ScalarEvent else value
                    frame.take_key(written, event.start_mark)
                    continue
                else:
                    key, key_mark = frame.key, frame.key_mark
                    frame.key = _NO_KEY
                    frame.container[key] = value
                    if len(stack) == 1 and self.each and key == self.each[0]:
                        items = value if type(value) is list else None
                if self.track is not None:
                    path = self._record(frame.path, key, key_mark, event.start_mark)
            if type(value) is dict or type(value) is list:
                stack.append(_Frame(value, path))
        return root

    def _record(self, parent: Path, key: PathKey, key_mark: Any, mark: Any) -> Path:
        path = (*parent, key)
        if path in self.track:  # type: ignore[operator]
            key_at = _position(key_mark) if key_mark is not None else None
            self.found[path] = Located(key_at, _position(mark))
        return path


_NO_KEY: Any = object()


class _Frame:
    """One open mapping or sequence, and the key waiting for its value."""

    __slots__ = ("container", "is_list", "key", "key_mark", "key_marks", "path")

    def __init__(self, container: Any, path: Path) -> None:
        self.container = container
        self.is_list = type(container) is list
        self.path = path
        self.key: Any = _NO_KEY
        self.key_mark: Any = None
        self.key_marks: dict[str, Any] = {}

    def take_key(self, key: str | dict | list, mark: Any) -> None:
        if type(key) is not str:
            raise YamlError("a mapping key must be a plain word", _position(mark))
        if not key:
            raise YamlError("a mapping key is empty", _position(mark))
        if key in self.container:
            first = self.key_marks[key].line + 1
            raise YamlError(f"duplicate key '{key}' (first at line {first})", _position(mark))
        # Every phone repeats the same few dozen keys: one shared string each saves memory.
        key = sys.intern(key)
        self.key_marks[key] = mark
        self.key, self.key_mark = key, mark


def load(data: bytes, *, pure: bool = False, each: Each | None = None) -> Any:
    """Parse one YAML document into dicts, lists and scalars, or raise `YamlError`.

    `each=(key, take)`: every mapping or list item of the top-level `key`'s list is replaced,
    as soon as it is read, by `take(position, item)` (scalar items stay as they are): a caller
    can turn each item into what it keeps before the next is built, so the plain data of the
    whole list never exists at once.
    """
    return _Builder(each=each).run(_events(data, pure))


def positions(data: bytes, paths: Iterable[Path]) -> dict[Path, Located]:
    """Where each of `paths` (and each of their parents) sits in `data`; missing paths are absent.

    Only called when something is wrong, so it may read the whole text again.
    """
    wanted = {tuple(path[:end]) for path in paths for end in range(len(path) + 1)}
    builder = _Builder(frozenset(wanted))
    builder.run(_events(data, pure=False))
    return builder.found
