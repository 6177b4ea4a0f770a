"""Discord's documented payload limits, so a bot that breaks one gets the 400 Discord would send.

Each check yields `Violation`s with a dotted path ("embeds.0.fields.3.value"), the error code and
the message Discord uses; `invalid_form_body` nests them the way Discord's error 50035 does, which
discord.py flattens back into "In embeds.0.fields.3.value: ...".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
EMBED_FIELDS_MAX = 25
ROWS_MAX = 5
ROW_CHILDREN_MAX = 5
SELECT_OPTIONS_MAX = 25
CHOICES_MAX = 25


class Violation(NamedTuple):
    path: str
    code: str
    message: str


def _too_long(path: str, value: Any, limit: int) -> Iterator[Violation]:
    if value is not None and len(value) > limit:
        yield Violation(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def _required(path: str, value: Any) -> Iterator[Violation]:
    if not value:
        yield Violation(path, "BASE_TYPE_REQUIRED", "This field is required")


def _embed_texts(embed: Mapping[str, Any]) -> Iterator[tuple[str, Any, int]]:
    """(path, text, limit) of every text in an embed that counts towards its size."""
    yield "title", embed.get("title"), 256
    yield "description", embed.get("description"), 4096
    yield "footer.text", (embed.get("footer") or {}).get("text"), 2048
    yield "author.name", (embed.get("author") or {}).get("name"), 256
    for index, embed_field in enumerate(embed.get("fields") or ()):
        yield f"fields.{index}.name", embed_field.get("name"), 256
        yield f"fields.{index}.value", embed_field.get("value"), 1024


def _embed_violations(path: str, embed: Mapping[str, Any]) -> Iterator[Violation]:
    yield from _too_long(f"{path}.fields", embed.get("fields"), EMBED_FIELDS_MAX)
    for index, embed_field in enumerate(embed.get("fields") or ()):
        yield from _required(f"{path}.fields.{index}.name", embed_field.get("name"))
        yield from _required(f"{path}.fields.{index}.value", embed_field.get("value"))
    for text_path, text, limit in _embed_texts(embed):
        yield from _too_long(f"{path}.{text_path}", text, limit)


def _component_violations(path: str, component: Mapping[str, Any]) -> Iterator[Violation]:
    yield from _too_long(f"{path}.custom_id", component.get("custom_id"), 100)
    yield from _too_long(f"{path}.label", component.get("label"), 80)
    yield from _too_long(f"{path}.options", component.get("options"), SELECT_OPTIONS_MAX)
    for index, option in enumerate(component.get("options") or ()):
        yield from _too_long(f"{path}.options.{index}.label", option.get("label"), 100)
        yield from _too_long(f"{path}.options.{index}.value", option.get("value"), 100)
        yield from _too_long(f"{path}.options.{index}.description", option.get("description"), 100)


def message_violations(payload: Mapping[str, Any], prefix: str = "") -> Iterator[Violation]:
    """Violations in a message create/edit payload (channel message, interaction or webhook)."""
    yield from _too_long(f"{prefix}content", payload.get("content"), CONTENT_MAX)
    embeds: Sequence[Mapping[str, Any]] = payload.get("embeds") or ()
    yield from _too_long(f"{prefix}embeds", embeds, EMBEDS_MAX)
    for index, embed in enumerate(embeds):
        yield from _embed_violations(f"{prefix}embeds.{index}", embed)
    total = sum(len(text or "") for embed in embeds for _, text, _ in _embed_texts(embed))
    if total > EMBED_TOTAL_MAX:
        message = f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}"
        yield Violation(f"{prefix}embeds", "MAX_EMBED_SIZE_EXCEEDED", message)
    rows: Sequence[Mapping[str, Any]] = payload.get("components") or ()
    yield from _too_long(f"{prefix}components", rows, ROWS_MAX)
    for row_index, row in enumerate(rows):
        children = row.get("components") or ()
        yield from _too_long(
            f"{prefix}components.{row_index}.components", children, ROW_CHILDREN_MAX
        )
        for index, child in enumerate(children):
            yield from _component_violations(
                f"{prefix}components.{row_index}.components.{index}", child
            )


def choice_violations(data: Mapping[str, Any]) -> Iterator[Violation]:
    """Violations in an autocomplete result (`data` of callback type 8)."""
    choices = data.get("choices") or ()
    yield from _too_long("data.choices", choices, CHOICES_MAX)
    for index, choice in enumerate(choices):
        yield from _required(f"data.choices.{index}.name", choice.get("name"))
        yield from _too_long(f"data.choices.{index}.name", choice.get("name"), 100)
        if isinstance(choice.get("value"), str):
            yield from _too_long(f"data.choices.{index}.value", choice["value"], 100)


def is_empty_message(payload: Mapping[str, Any], file_count: int) -> bool:
    """Discord refuses (50006) a new message with nothing to show."""
    shown = ("content", "embeds", "components", "sticker_ids", "poll")
    return not file_count and not any(payload.get(key) for key in shown)


def invalid_form_body(violations: Sequence[Violation]) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    for violation in violations:
        node = errors
        for part in violation.path.split("."):
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append(
            {"code": violation.code, "message": violation.message}
        )
    return {"code": 50035, "message": "Invalid Form Body", "errors": errors}
