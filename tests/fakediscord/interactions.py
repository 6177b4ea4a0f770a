"""Application commands the bot synced, and the interactions the server hands out."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .guild import FakeGuild, Snowflakes
from .messages import find_component

APPLICATION_COMMAND = 2
COMPONENT = 3
AUTOCOMPLETE = 4

SUB_COMMAND = 1
SUB_COMMAND_GROUP = 2
OPTION_STRING = 3
OPTION_INTEGER = 4
OPTION_BOOLEAN = 5
OPTION_NUMBER = 10
OPTION_ATTACHMENT = 11

BUTTON = 2
STRING_SELECT = 3

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024

OptionValue = str | int | float | bool


@dataclass
class IssuedInteraction:
    """An interaction the server dispatched, and how the bot has answered it so far.

    `message_id` is the message a component belongs to; `original_message_id` is what
    `/webhooks/{app}/{token}/messages/@original` refers to once the bot responded.
    """

    id: int
    token: str
    type: int
    author: str
    message_id: int | None = None
    channel_id: int = 0
    response_type: int | None = None
    original_message_id: int | None = None


class Interactions:
    def __init__(self) -> None:
        self._by_id: dict[int, IssuedInteraction] = {}

    def issue(
        self,
        interaction_id: int,
        type_: int,
        author: str,
        message_id: int | None,
        channel_id: int,
    ) -> IssuedInteraction:
        token = secrets.token_urlsafe(24)
        issued = IssuedInteraction(interaction_id, token, type_, author, message_id, channel_id)
        self._by_id[interaction_id] = issued
        return issued

    def get(self, interaction_id: int, token: str) -> IssuedInteraction | None:
        issued = self._by_id.get(interaction_id)
        return issued if issued is not None and issued.token == token else None

    def by_token(self, token: str) -> IssuedInteraction | None:
        return next((issued for issued in self._by_id.values() if issued.token == token), None)


class CommandRegistry:
    """Commands stored by `PUT .../commands`, global (scope None) or per guild.

    A command keeps its id across syncs, as on Discord, so ids the bot cached stay valid.
    """

    def __init__(self, snowflakes: Snowflakes, application_id: int) -> None:
        self._snowflakes = snowflakes
        self._application_id = application_id
        self._scopes: dict[int | None, list[dict[str, Any]]] = {}
        self._ids: dict[tuple[int | None, str, int], int] = {}

    def replace(
        self, guild_id: int | None, payloads: Sequence[Mapping[str, Any]]
    ) -> list[dict[str, Any]]:
        self._scopes[guild_id] = [self._stored(guild_id, payload) for payload in payloads]
        return self._scopes[guild_id]

    def list(self, guild_id: int | None) -> list[dict[str, Any]]:
        return self._scopes.get(guild_id, [])

    def find(self, name: str, guild_id: int) -> tuple[dict[str, Any] | None, int | None]:
        """The chat-input command `name` and its guild scope; guild commands shadow global ones."""
        for scope in (guild_id, None):
            for command in self._scopes.get(scope, ()):
                if command["name"] == name and command["type"] == 1:
                    return command, scope
        return None, None

    def _stored(self, guild_id: int | None, payload: Mapping[str, Any]) -> dict[str, Any]:
        type_ = payload.get("type", 1)
        key = (guild_id, payload["name"], type_)
        if key not in self._ids:
            self._ids[key] = self._snowflakes.next()
        command = {
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            "contexts": None,
            "integration_types": [0],
            **payload,
            "type": type_,
            "id": str(self._ids[key]),
            "application_id": str(self._application_id),
            "version": str(self._snowflakes.next()),
        }
        if guild_id is not None:
            command["guild_id"] = str(guild_id)
        return command


def option_type(value: OptionValue) -> int:
    if isinstance(value, bool):  # before int: bool is an int subclass
        return OPTION_BOOLEAN
    if isinstance(value, int):
        return OPTION_INTEGER
    if isinstance(value, float):
        return OPTION_NUMBER
    return OPTION_STRING


def command_data(
    name: str,
    options: Mapping[str, OptionValue],
    *,
    command_id: int,
    guild_id: int | None,
    focused: str | None = None,
    attachments: Mapping[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """`data` of a chat-input command interaction.

    `name` may name a subcommand ("catalog reload") or one in a group ("admin catalog reload"),
    as Discord nests those as options of type 1 and 2. `attachments` are attachment options
    (their payloads, by option name), sent as ids with the payloads under `resolved`.
    """
    root, *path = name.split()
    attachments = attachments or {}
    nested: list[dict[str, Any]] = [
        {"name": key, "type": option_type(value), "value": value}
        | ({"focused": True} if key == focused else {})
        for key, value in options.items()
    ]
    nested += [
        {"name": key, "type": OPTION_ATTACHMENT, "value": attachment["id"]}
        for key, attachment in attachments.items()
    ]
    for depth, part in reversed(list(enumerate(path))):
        kind = SUB_COMMAND if depth == len(path) - 1 else SUB_COMMAND_GROUP
        nested = [{"name": part, "type": kind, "options": nested}]
    data: dict[str, Any] = {"id": str(command_id), "name": root, "type": 1, "options": nested}
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    if attachments:
        data["resolved"] = {"attachments": {a["id"]: a for a in attachments.values()}}
    return data


def component_data(
    message: Mapping[str, Any], custom_id: str, values: Sequence[str] | None
) -> dict[str, Any]:
    """`data` of a component interaction; the component type is read from the message when the
    component is found there, else guessed (values given: string select, otherwise button)."""
    component = find_component(message["components"], custom_id)
    guessed = BUTTON if values is None else STRING_SELECT
    data: dict[str, Any] = {
        "custom_id": custom_id,
        "component_type": component["type"] if component else guessed,
    }
    if values is not None:
        data["values"] = list(values)
    return data


def interaction_payload(
    guild: FakeGuild,
    issued: IssuedInteraction,
    data: Mapping[str, Any],
    message: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """An INTERACTION_CREATE payload; `member.permissions` and `app_permissions` are computed from
    the roles and the channel's overwrites."""
    payload: dict[str, Any] = {
        "id": str(issued.id),
        "application_id": str(guild.bot_user.id),
        "type": issued.type,
        "data": dict(data),
        "guild_id": str(guild.id),
        "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
        "channel_id": str(guild.channel_id),
        "channel": guild.channel_payload(),
        "member": guild.member_payload(issued.author)
        | {"permissions": str(guild.channel_permissions(issued.author))},
        "token": issued.token,
        "version": 1,
        "locale": "en-US",
        "guild_locale": "en-US",
        "app_permissions": str(guild.channel_permissions("bot")),
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(guild.id)},
        "context": 0,
        # Required by discord.py 2.7 (Interaction.filesize_limit), although not in the docs table.
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    }
    if message is not None:
        payload["message"] = dict(message)
    return payload
