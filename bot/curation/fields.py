"""`!catalog set <phone> <field.path> <value>`: read the path against the schema, parse the value
as YAML, and set it in the document. The whole catalog is validated afterwards as always."""

from __future__ import annotations

import copy
import difflib
import itertools
import re
import types
import typing
from typing import Any

from pydantic import BaseModel

from bot import yamlfile
from bot.curation.documents import Document, phone
from bot.models import Phone

MAX_PATH = 100
MAX_VALUE = 500
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d{1,3})\])?$")


class FieldError(ValueError):
    """The path or value cannot be set; the message says why."""


Step = str | int


def parse_path(text: str) -> tuple[Step, ...]:
    """`cameras[0].mp` -> ("cameras", 0, "mp"), checked against the phone schema."""
    if len(text) > MAX_PATH:
        raise FieldError(f"a field path is at most {MAX_PATH} characters")
    steps: list[Step] = []
    model: type[BaseModel] | None = Phone
    free_keys = False  # inside a mapping of any keys, such as price: {USD: 999}
    parts = text.split(".")
    for number, part in enumerate(parts, 1):
        match = _STEP.match(part)
        if match is None:
            raise FieldError(f"'{text}' is not a field path such as battery.capacity_mah")
        name, index = match[1], match[2]
        if free_keys and model is None:
            steps.append(name)
            free_keys = False
        elif model is None:
            raise FieldError(f"{steps[-1]} has no fields inside it")
        elif name not in model.model_fields:
            raise FieldError(_unknown(text, name, model))
        else:
            steps.append(name)
            annotation = model.model_fields[name].annotation
            model, free_keys = _record_model(annotation), _is_mapping(annotation)
            if index is not None:
                if not _is_sequence(annotation):
                    raise FieldError(f"{name} is not a list; drop the [{index}]")
                steps.append(int(index))
                model = _item_model(annotation)
        if number < len(parts) and model is None and not free_keys:
            raise FieldError(f"{name} has no fields inside it")
    if steps == ["id"]:
        raise FieldError("a phone's id cannot be changed with set (import the phone instead)")
    return tuple(steps)


def parse_value(text: str) -> Any:
    """The value as YAML reads it (`4880` a number, `true`, `2024-01-02` a date, `null` unknown)."""
    if len(text) > MAX_VALUE:
        raise FieldError(f"a value is at most {MAX_VALUE} characters")
    try:
        return yamlfile.load(text.encode("utf-8"))
    except yamlfile.YamlError as exc:
        raise FieldError(f"cannot read the value: {exc.message}") from None


def set_field(document: Document, phone_id: str, path: tuple[Step, ...], value: Any) -> Document:
    """A copy of `document` with the phone's field at `path` set (removed when `value` is None)."""
    changed = copy.deepcopy(document)
    record = phone(changed, phone_id)
    if record is None:
        raise FieldError(f"no phone with id '{phone_id}' in the catalog")
    parent: Any = record
    for step, following in itertools.pairwise(path):
        parent = _child(parent, step, following)
    _assign(parent, path[-1], value)
    return changed


def _child(parent: Any, step: Step, following: Step) -> Any:
    if isinstance(step, int):
        if step >= len(parent):
            raise FieldError(f"there are only {len(parent)} items; the first is [0]")
        return parent[step]
    if parent.get(step) is None:
        parent[step] = [] if isinstance(following, int) else {}
    return parent[step]


def _assign(parent: Any, step: Step, value: Any) -> None:
    if isinstance(step, int):
        if step > len(parent):
            raise FieldError(f"there are only {len(parent)} items; [{len(parent)}] adds one")
        if step == len(parent):
            parent.append(value)
        elif value is None:
            del parent[step]
        else:
            parent[step] = value
    elif value is None:
        parent.pop(step, None)
    else:
        parent[step] = value


def _unknown(text: str, name: str, model: type[BaseModel]) -> str:
    close = difflib.get_close_matches(name, list(model.model_fields), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    known = ", ".join(model.model_fields)
    return f"unknown field '{name}' in '{text}'{hint}; fields here: {known}"


def _arguments(annotation: Any) -> tuple[Any, ...]:
    """The types inside `X | None`, `Annotated[X, ...]`, `tuple[X, ...]`: unwrapped."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _arguments(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return tuple(a for arg in typing.get_args(annotation) for a in _arguments(arg))
    return (annotation,)


def _record_model(annotation: Any) -> type[BaseModel] | None:
    for kind in _arguments(annotation):
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            return kind
    return None


def _item_model(annotation: Any) -> type[BaseModel] | None:
    for kind in _arguments(annotation):
        if typing.get_origin(kind) is tuple:
            return _record_model(typing.get_args(kind)[0])
    return None


def _is_sequence(annotation: Any) -> bool:
    return any(typing.get_origin(kind) is tuple for kind in _arguments(annotation))


def _is_mapping(annotation: Any) -> bool:
    return any(typing.get_origin(kind) is dict for kind in _arguments(annotation))
