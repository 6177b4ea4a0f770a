"""The REST API under /api/v10: recording middleware, fault injection and the endpoints."""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, hdrs, web
from aiohttp.typedefs import Handler

from .guild import FakeGuild, Guilds, Permission
from .interactions import APPLICATION_COMMAND, CommandRegistry, Interactions, IssuedInteraction
from .limits import (
    Violation,
    choice_violations,
    invalid_form_body,
    is_empty_message,
    message_violations,
)
from .messages import LOADING_FLAG, Messages
from .ratelimits import Buckets
from .recording import Fault, Faults, Request, RequestLog, UploadedFile

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
GATEWAY_ROUTE = "gateway"
EPHEMERAL_FLAG = 1 << 6

CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9

CHANNEL = r"/channels/{channel_id:\d+}"
MESSAGE = CHANNEL + r"/messages/{message_id:\d+}"
COMMANDS = r"/applications/{application_id:\d+}/commands"
GUILD_COMMANDS = r"/applications/{application_id:\d+}/guilds/{guild_id:\d+}/commands"
WEBHOOK = r"/webhooks/{application_id:\d+}/{token}"
WEBHOOK_MESSAGE = WEBHOOK + r"/messages/{message_id:@original|\d+}"


@dataclass(frozen=True)
class Body:
    json: Any
    files: tuple[UploadedFile, ...]


BODY = web.RequestKey("body", Body)


class DiscordError(Exception):
    """An error answer in Discord's format, raised by endpoints and turned into a response."""

    def __init__(self, status: int, code: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.payload = {"code": code, "message": message, **extra}


def json_response(
    data: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    """A JSON response whose Content-Type is exactly `application/json`: discord.py ignores the
    body of any other (aiohttp's `json_response` appends `; charset=utf-8`)."""
    headers = {hdrs.CONTENT_TYPE: "application/json", **(headers or {})}
    return web.Response(body=json.dumps(data).encode(), status=status, headers=headers)


def response_json(response: web.StreamResponse) -> Any:
    body = response.body if isinstance(response, web.Response) else None
    if isinstance(body, bytes) and response.content_type == "application/json":
        return json.loads(body)
    return None


def reject_violations(violations: Sequence[Violation]) -> None:
    if violations:
        form = invalid_form_body(violations)
        raise DiscordError(400, form["code"], form["message"], errors=form["errors"])


def reject_invalid(
    payload: Mapping[str, Any], files: Sequence[UploadedFile], *, prefix: str = "", new: bool
) -> None:
    """Refuse a message payload the way Discord would; `new` is false for edits."""
    reject_violations(list(message_violations(payload, prefix)))
    if new and is_empty_message(payload, len(files)):
        raise DiscordError(400, 50006, "Cannot send an empty message")


def api_path(path: str) -> str:
    return path.removeprefix(API_PREFIX) if path.startswith(API_PREFIX + "/") else path


async def read_body(request: web.Request) -> Body:
    if request.content_type == "multipart/form-data":
        return await _read_multipart(request)
    text = await request.text()
    if text and request.content_type == "application/json":
        return Body(json.loads(text), ())
    return Body(text or None, ())


async def _read_multipart(request: web.Request) -> Body:
    payload: Any = None
    files: list[UploadedFile] = []
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "payload_json":
            payload = json.loads(await part.text())
        else:
            content_type = part.headers.get(hdrs.CONTENT_TYPE)
            data = bytes(await part.read())
            files.append(UploadedFile(part.name or "", part.filename, content_type, data))
    return Body(payload, tuple(files))


def fault_response(fault: Fault) -> web.Response:
    if fault.status != 429:
        return json_response({"message": f"{fault.status}: injected", "code": 0}, fault.status)
    retry_after = fault.retry_after
    headers = {
        "Retry-After": str(math.ceil(retry_after)),
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
        "X-RateLimit-Reset-After": f"{retry_after:.3f}",
        "X-RateLimit-Scope": "user",
        # discord.py treats a 429 without `Via` as a Cloudflare ban and gives up.
        "Via": "1.1 google",
    }
    body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": False}
    return json_response(body, 429, headers)


class Rest:
    def __init__(
        self,
        guilds: Guilds,
        messages: Messages,
        interactions: Interactions,
        commands: CommandRegistry,
        requests: RequestLog,
        faults: Faults,
        buckets: Buckets,
    ) -> None:
        self.buckets = buckets
        self._guilds = guilds
        self._guild = guilds.all[0]  # the application, its bot and owner: the same in each
        self._messages = messages
        self._interactions = interactions
        self._commands = commands
        self._requests = requests
        self._faults = faults
        self._app_id = self._guild.bot_user.id
        self._callbacks = {
            CHANNEL_MESSAGE: self._respond_with_message,
            DEFERRED_CHANNEL_MESSAGE: self._defer,
            DEFERRED_UPDATE_MESSAGE: self._defer_update,
            UPDATE_MESSAGE: self._update_message,
            AUTOCOMPLETE_RESULT: self._autocomplete_result,
            MODAL: self._open_modal,
        }

    def add_routes(self, router: web.UrlDispatcher) -> None:
        routes = [
            ("GET", "/users/@me", self._current_user),
            ("GET", "/oauth2/applications/@me", self._application),
            ("GET", "/gateway/bot", self._gateway_bot),
            ("GET", CHANNEL, self._channel),
            ("POST", CHANNEL + "/messages", self._create_message),
            ("POST", CHANNEL + "/typing", self._typing),
            ("GET", MESSAGE, self._get_message),
            ("PATCH", MESSAGE, self._edit_message),
            ("DELETE", MESSAGE, self._delete_message),
            ("GET", COMMANDS, self._list_commands),
            ("PUT", COMMANDS, self._replace_commands),
            ("GET", GUILD_COMMANDS, self._list_commands),
            ("PUT", GUILD_COMMANDS, self._replace_commands),
            ("POST", r"/interactions/{interaction_id:\d+}/{token}/callback", self._callback),
            ("POST", WEBHOOK, self._execute_webhook),
            ("GET", WEBHOOK_MESSAGE, self._get_webhook_message),
            ("PATCH", WEBHOOK_MESSAGE, self._edit_webhook_message),
            ("DELETE", WEBHOOK_MESSAGE, self._delete_webhook_message),
        ]
        for method, path, handler in routes:
            router.add_route(method, API_PREFIX + path, handler)
        # The CDN: files attached to messages, outside the API as on Discord.
        router.add_get(
            r"/attachments/{channel_id:\d+}/{attachment_id:\d+}/{filename}", self._attachment_file
        )

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Record every request except the gateway websocket, after answering it with an
        injected fault, a 404 for endpoints the server lacks, or the endpoint itself."""
        if request.match_info.route.name == GATEWAY_ROUTE:
            return await handler(request)
        received_at = time.monotonic()
        request[BODY] = body = await read_body(request)
        path = api_path(request.path)
        unknown = request.match_info.http_exception is not None
        fault = None if unknown else self._faults.take(request.method, path)
        response = await self._response(request, handler, unknown=unknown, fault=fault)
        record = Request(
            method=request.method,
            path=path,
            query=dict(request.query),
            json=body.json,
            files=body.files,
            headers=dict(request.headers),
            received_at=received_at,
            status=response.status,
            response=response_json(response),
            injected=fault is not None,
        )
        self._requests.record(record, unknown=unknown)
        return response

    async def _response(
        self, request: web.Request, handler: Handler, *, unknown: bool, fault: Fault | None
    ) -> web.StreamResponse:
        if unknown:
            log.warning("unknown endpoint %s %s", request.method, request.path)
            return json_response({"message": "404: Not Found", "code": 0}, 404)
        if fault is not None:
            return fault_response(fault)
        headers, retry_after = self._bucket_of(request)
        if retry_after is not None:
            body = {"message": "You are being rate limited.", "retry_after": retry_after}
            return json_response(body | {"global": False}, 429, headers)
        try:
            response = await handler(request)
        except DiscordError as error:
            log.warning("%s %s -> %s %s", request.method, request.path, error.status, error.payload)
            response = json_response(error.payload, error.status)
        response.headers.update(headers)
        return response

    def _bucket_of(self, request: web.Request) -> tuple[dict[str, str], float | None]:
        """Spend a request of the route's bucket for its major parameter, as Discord does."""
        info = request.match_info
        route = f"{request.method} {info.route.resource.canonical if info.route.resource else ''}"
        major = next(
            (
                info[key]
                for key in ("channel_id", "guild_id", "webhook_id", "interaction_id")
                if key in info
            ),
            "",
        )
        return self.buckets.take(route, major)

    # --- users, application, gateway, channels

    async def _current_user(self, request: web.Request) -> web.Response:
        return json_response(self._guild.bot_user.payload() | {"verified": True, "flags": 0})

    async def _application(self, request: web.Request) -> web.Response:
        owner = self._guild.member("owner").user
        return json_response(
            {
                "id": str(self._app_id),
                "name": self._guild.bot_name,
                "description": "",
                "icon": None,
                "bot_public": False,
                "bot_require_code_grant": False,
                "owner": owner.payload(),
                "team": None,
                "verify_key": "0" * 64,
                "flags": 0,
                "bot": self._guild.bot_user.payload(),
            }
        )

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        url = request.url.with_scheme("ws").with_path("/gateway/").with_query(None)
        limit = {"total": 1000, "remaining": 999, "reset_after": 86_400_000, "max_concurrency": 1}
        return json_response({"url": str(url), "shards": 1, "session_start_limit": limit})

    def _channel_id(self, request: web.Request) -> int:
        return self._channel_guild(request).channel_id

    def _channel_guild(self, request: web.Request) -> FakeGuild:
        guild = self._guilds.by_channel(int(request.match_info["channel_id"]))
        if guild is None:
            raise DiscordError(404, 10003, "Unknown Channel")
        return guild

    async def _channel(self, request: web.Request) -> web.Response:
        return json_response(self._channel_guild(request).channel_payload())

    async def _typing(self, request: web.Request) -> web.Response:
        self._channel_id(request)
        return web.Response(status=204)

    # --- channel messages

    async def _create_message(self, request: web.Request) -> web.Response:
        guild = self._channel_guild(request)
        body = request[BODY]
        payload = body.json or {}
        reject_invalid(payload, body.files, new=True)
        if body.files and not guild.channel_permissions("bot") & Permission.ATTACH_FILES:
            raise DiscordError(403, 50013, "Missing Permissions")
        return json_response(self._messages.create(guild.channel_id, payload, body.files))

    def _message(self, request: web.Request) -> dict[str, Any]:
        channel_id = self._channel_id(request)
        message = self._messages.get(int(request.match_info["message_id"]))
        if message is None or message["channel_id"] != str(channel_id):
            raise DiscordError(404, 10008, "Unknown Message")
        return message

    async def _attachment_file(self, request: web.Request) -> web.Response:
        data = self._messages.file(int(request.match_info["attachment_id"]))
        if data is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=data, content_type="application/octet-stream")

    async def _get_message(self, request: web.Request) -> web.Response:
        return json_response(self._message(request))

    async def _edit_message(self, request: web.Request) -> web.Response:
        message = self._message(request)
        if message["author"]["id"] != str(self._app_id):
            raise DiscordError(403, 50005, "Cannot edit a message authored by another user")
        body = request[BODY]
        reject_invalid(body.json or {}, body.files, new=False)
        return json_response(self._messages.edit(message, body.json or {}, body.files))

    async def _delete_message(self, request: web.Request) -> web.Response:
        self._messages.delete(int(self._message(request)["id"]))
        return web.Response(status=204)

    # --- application commands

    def _command_scope(self, request: web.Request) -> int | None:
        if int(request.match_info["application_id"]) != self._app_id:
            raise DiscordError(404, 10002, "Unknown Application")
        guild_id = request.match_info.get("guild_id")
        if guild_id is not None and self._guilds.by_id(int(guild_id)) is None:
            raise DiscordError(404, 10004, "Unknown Guild")
        return None if guild_id is None else int(guild_id)

    async def _list_commands(self, request: web.Request) -> web.Response:
        return json_response(self._commands.list(self._command_scope(request)))

    async def _replace_commands(self, request: web.Request) -> web.Response:
        scope = self._command_scope(request)
        payloads = request[BODY].json
        if not isinstance(payloads, list):
            raise DiscordError(400, 50109, "The request body contains invalid JSON.")
        return json_response(self._commands.replace(scope, payloads))

    # --- interaction callbacks

    async def _callback(self, request: web.Request) -> web.Response:
        issued = self._interactions.get(
            int(request.match_info["interaction_id"]), request.match_info["token"]
        )
        if issued is None:
            raise DiscordError(404, 10062, "Unknown interaction")
        if issued.response_type is not None:
            raise DiscordError(400, 40060, "Interaction has already been acknowledged.")
        body = request[BODY]
        callback_type = (body.json or {}).get("type")
        respond = self._callbacks.get(callback_type)
        if respond is None:
            raise DiscordError(400, 50035, f"Invalid interaction callback type {callback_type!r}")
        data = (body.json or {}).get("data") or {}
        message = respond(issued, data, body.files)
        issued.response_type = callback_type
        if request.query.get("with_response") not in ("1", "true", "True"):
            return web.Response(status=204)
        return json_response(self._callback_response(issued, callback_type, message))

    def _callback_response(
        self, issued: IssuedInteraction, callback_type: int, message: dict[str, Any] | None
    ) -> dict[str, Any]:
        flags = message["flags"] if message else 0
        interaction = {
            "id": str(issued.id),
            "type": issued.type,
            "response_message_id": message["id"] if message else None,
            "response_message_loading": bool(flags & LOADING_FLAG),
            "response_message_ephemeral": bool(flags & EPHEMERAL_FLAG),
        }
        resource: dict[str, Any] = {"type": callback_type}
        if message is not None:
            resource["message"] = message
        return {"interaction": interaction, "resource": resource}

    def _interaction_message(
        self, issued: IssuedInteraction, payload: Mapping[str, Any], files: Sequence[UploadedFile]
    ) -> dict[str, Any]:
        """A message sent as an interaction response or follow-up (a webhook message)."""
        guild = self._guilds.by_channel(issued.channel_id) or self._guild
        metadata = {
            "id": str(issued.id),
            "type": issued.type,
            "user": guild.member(issued.author).user.payload(),
            "authorizing_integration_owners": {"0": str(guild.id)},
        }
        return self._messages.create(
            guild.channel_id,
            payload,
            files,
            type=20 if issued.type == APPLICATION_COMMAND else 0,
            webhook_id=str(self._app_id),
            application_id=str(self._app_id),
            interaction_metadata=metadata,
        )

    def _respond_with_message(
        self, issued: IssuedInteraction, data: dict[str, Any], files: Sequence[UploadedFile]
    ) -> dict[str, Any]:
        reject_invalid(data, files, prefix="data.", new=True)
        message = self._interaction_message(issued, data, files)
        issued.original_message_id = int(message["id"])
        return message

    def _defer(
        self, issued: IssuedInteraction, data: dict[str, Any], files: Sequence[UploadedFile]
    ) -> dict[str, Any]:
        flags = (data.get("flags") or 0) | LOADING_FLAG
        message = self._interaction_message(issued, {"flags": flags}, ())
        issued.original_message_id = int(message["id"])
        return message

    def _component_message(self, issued: IssuedInteraction) -> dict[str, Any]:
        message = self._messages.get(issued.message_id) if issued.message_id else None
        if message is None:
            raise DiscordError(400, 50035, "This interaction has no message to update")
        issued.original_message_id = issued.message_id
        return message

    def _defer_update(
        self, issued: IssuedInteraction, data: dict[str, Any], files: Sequence[UploadedFile]
    ) -> dict[str, Any]:
        return self._component_message(issued)

    def _update_message(
        self, issued: IssuedInteraction, data: dict[str, Any], files: Sequence[UploadedFile]
    ) -> dict[str, Any]:
        message = self._component_message(issued)
        reject_invalid(data, files, prefix="data.", new=False)
        return self._messages.edit(message, data, files)

    def _autocomplete_result(
        self, issued: IssuedInteraction, data: dict[str, Any], files: Sequence[UploadedFile]
    ) -> None:
        reject_violations(list(choice_violations(data)))

    def _open_modal(
        self, issued: IssuedInteraction, data: dict[str, Any], files: Sequence[UploadedFile]
    ) -> None:
        """Nothing to store: the modal's submission arrives as a new interaction."""

    # --- webhooks: follow-ups and edits of interaction responses

    def _webhook_interaction(self, request: web.Request) -> IssuedInteraction:
        """The interaction whose token the webhook uses; it only works once acknowledged."""
        issued = self._interactions.by_token(request.match_info["token"])
        app_id = int(request.match_info["application_id"])
        if issued is None or app_id != self._app_id or issued.response_type is None:
            raise DiscordError(404, 10015, "Unknown Webhook")
        return issued

    def _webhook_message(self, request: web.Request) -> dict[str, Any]:
        issued = self._webhook_interaction(request)
        raw_id = request.match_info["message_id"]
        original = raw_id == "@original"
        message_id = issued.original_message_id if original else int(raw_id)
        message = self._messages.get(message_id) if message_id else None
        # @original of a component interaction is the component's message, not a webhook's.
        if message is None or not (original or message.get("webhook_id") == str(self._app_id)):
            raise DiscordError(404, 10008, "Unknown Message")
        return message

    async def _execute_webhook(self, request: web.Request) -> web.Response:
        issued = self._webhook_interaction(request)
        body = request[BODY]
        payload = body.json or {}
        reject_invalid(payload, body.files, new=True)
        message = self._interaction_message(issued, payload, body.files)
        if request.query.get("wait") not in ("1", "true", "True"):
            return web.Response(status=204)
        return json_response(message)

    async def _get_webhook_message(self, request: web.Request) -> web.Response:
        return json_response(self._webhook_message(request))

    async def _edit_webhook_message(self, request: web.Request) -> web.Response:
        message = self._webhook_message(request)
        body = request[BODY]
        reject_invalid(body.json or {}, body.files, new=False)
        edited = self._messages.edit(message, body.json or {}, body.files)
        edited["flags"] &= ~LOADING_FLAG  # an edit completes a deferred ("thinking") response
        return json_response(edited)

    async def _delete_webhook_message(self, request: web.Request) -> web.Response:
        self._messages.delete(int(self._webhook_message(request)["id"]))
        return web.Response(status=204)
