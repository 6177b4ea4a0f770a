"""One spec file's data checked against the models, and what is wrong with it in plain words.

`PhoneByPhone` validates the phones one at a time, as the YAML reader completes each, with the
same checks and errors as validating the whole file at once; `explain` turns pydantic's errors
into `Problem`s that name the line, the column and the field (`bot.catalog` reads the files and
raises them as a `CatalogError`).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from bot import yamlfile
from bot.models import KNOWN_KEYS, Phone, Record, SpecFile

MAX_PROBLEMS = 200
"""Beyond this many, the rest are counted, not listed or located: the first ones are what a
moderator fixes."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, where it is, in words a moderator can act on."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class PhoneByPhone:
    """`SpecFile.model_validate`, a phone at a time as the YAML reader completes each one.

    A phone's plain data is dropped as soon as it is a model, so the plain data of the whole
    catalog never exists beside its models: at 10,000 phones it did, and that was the load's
    peak (170 MB, over the 150 MB the issue allows). The checks are the same, and so are the
    errors and their order (a phone's locations start at `phones` and its position).
    """

    def __init__(self) -> None:
        self.errors: list[Any] = []

    def validate(self, number: int, item: object) -> Phone | object:
        """What the file's list of phones keeps: the model, or `_REFUSED`."""
        phone = self._phone(number, item)
        return _REFUSED if phone is None else phone

    def spec_file(self, raw: dict[str, Any]) -> tuple[SpecFile | None, list[Any]]:
        """The whole file checked, its phones already models; or pydantic's errors."""
        phones = raw.get("phones")
        if not isinstance(phones, list):
            return _checked(SpecFile, raw)
        for number, item in enumerate(phones):  # items that are no mapping were not handed over
            if not isinstance(item, Phone) and item is not _REFUSED:
                self._phone(number, item)
        errors = self.errors
        spec, found = _checked(SpecFile, {**raw, "phones": [] if errors else phones})
        errors = sorted([*errors, *found], key=_reported)
        return (None, errors) if errors else (spec, [])

    def _phone(self, number: int, item: object) -> Phone | None:
        phone, found = _checked(Phone, item)
        self.errors += [{**error, "loc": ("phones", number, *error["loc"])} for error in found]
        return phone


_REFUSED: Any = object()
"""Kept in the list of phones in place of one whose errors are recorded."""
_FIELD_ORDER = {name: order for order, name in enumerate(SpecFile.model_fields)}


def _reported(error: Mapping[str, Any]) -> tuple[int, int]:
    """Where pydantic reports an error of a whole file: field by field in the model's order,
    then unknown keys; a list's items in order (each item's own errors keep theirs)."""
    loc = error["loc"]
    item = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else -1
    return _FIELD_ORDER.get(loc[0], len(_FIELD_ORDER)), item


def _checked(model: type[Record], data: object) -> tuple[Any, list[Any]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, exc.errors(include_url=False)


def explain(name: str, data: bytes, errors: list[Any]) -> list[Problem]:
    """Turn pydantic's errors about file `name` (its bytes: `data`) into `Problem`s with
    positions and plain words.

    Only the first `MAX_PROBLEMS` are located and worded (the rest are only counted when shown):
    a file of 100,000 mistakes costs no more to explain than one of 200.
    """
    errors = [error for error in errors if not _failed_items(error)]
    shown = errors[:MAX_PROBLEMS]
    paths = [_data_path(error["loc"]) for error in shown]
    found = yamlfile.positions(data, paths)
    problems = []
    for error, path in zip(shown, paths, strict=True):
        about_key = error["type"] == "extra_forbidden" or error["loc"][-1] == "[key]"
        line, column = line_and_column(found, path, key=about_key)
        message = _message(error, path, about_key)
        problems.append(Problem(name, line, column, field_name(path), message))
    for error in errors[MAX_PROBLEMS:]:
        path = _data_path(error["loc"])
        problems.append(Problem(name, None, None, field_name(path), error["msg"]))
    return problems


def _failed_items(error: Mapping[str, Any]) -> bool:
    """Whether a "too short" list only lacks the items that failed (each reported already).

    pydantic counts the items left after validation: `sources: [ftp://x]` fails its URL and
    then again as a list with "at least 1 item".
    """
    if error["type"] != "too_short" or not isinstance(error.get("input"), list):
        return False
    return len(error["input"]) >= error["ctx"]["min_length"]


def _data_path(loc: tuple[Any, ...]) -> yamlfile.Path:
    """pydantic's location minus the names it adds for validators and unions."""
    return tuple(
        part
        for part in loc
        if isinstance(part, int) or not (part.startswith("function-") or "[" in part)
    )


def line_and_column(
    found: Mapping[yamlfile.Path, yamlfile.Located], path: yamlfile.Path, *, key: bool = False
) -> tuple[int | None, int | None]:
    """The position of `path`, or of its nearest parent that exists (a missing key's mapping)."""
    for end in range(len(path), -1, -1):
        located = found.get(path[:end])
        if located is not None:
            position = located.key if key and located.key and end == len(path) else located.value
            return position.line, position.column
    return None, None


def field_name(path: yamlfile.Path) -> str:
    """A data path as a moderator reads it: `phones[3].battery.capacity_mah`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


_KIND_WORDS = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD)",  # a number of seconds, or a time of day
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def _message(error: Mapping[str, Any], path: yamlfile.Path, about_key: bool) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    # The field a list item or a mapping key belongs to: "aliases", not 0; "price", not "usd".
    named = [part for part in path[: -1 if about_key else None] if isinstance(part, str)]
    name = named[-1] if named else "value"
    if kind == "extra_forbidden":
        return _unknown_key(str(path[-1]))
    if kind == "missing":
        return f"missing required key '{name}'"
    if kind in _KIND_WORDS:
        return f"expected {_KIND_WORDS[kind]}, got {_shown(value)}"
    if kind in _LIMIT_WORDS:
        limit = next(iter(ctx.values()), None)
        return f"{name} {_shown(value)} is out of range ({_LIMIT_WORDS[kind]} {limit:g})"
    if kind == "enum":
        return f"{_shown(value)} is not one of: {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return (
            f"{_shown(value)} is not in the expected form ({_PATTERN_WORDS.get(name, 'see docs')})"
        )
    subject = f"an item of {name}" if path and isinstance(path[-1], int) else name
    if kind in ("too_short", "string_too_short"):
        return f"{subject} must not be empty"
    if kind == "string_too_long":
        return f"{subject} is too long (at most {ctx['max_length']:,} characters)"
    if kind == "too_long":
        return f"{subject} is too long (at most {ctx['max_length']:,} items)"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return str(error["msg"])


_PATTERN_WORDS = {
    "id": "lowercase words joined by hyphens, such as 'xiaomi-14-pro'",
    "series": "a series id such as 'xiaomi-14-series'",
    "ip_rating": "such as IP68",
    "url": "an http(s) URL",
    "image_url": "an http(s) URL",
    "sources": "an http(s) URL",
    "price": "a three-letter currency code such as USD",
}


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 60 else f'"{value[:57]}..."'
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


_LIMIT_WORDS = {
    "greater_than_equal": "at least",
    "greater_than": "above",
    "less_than_equal": "at most",
    "less_than": "below",
}


def _unknown_key(name: str) -> str:
    close = difflib.get_close_matches(name, KNOWN_KEYS, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown key '{name}'{hint}"
