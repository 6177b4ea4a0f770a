"""Messages in the fake guilds: built from member events or bot payloads, stored, edited."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .guild import FakeGuild, Guilds, Snowflakes, now_iso
from .recording import UploadedFile

MESSAGE_CONTENT_INTENT = 1 << 15
LOADING_FLAG = 1 << 7
REPLY_TYPE = 19
EDITABLE_FIELDS = ("content", "embeds", "components", "flags", "poll")


@dataclass(frozen=True)
class MemberFile:
    """A file a member attaches. The server serves `data` over HTTP at a CDN-like path, unless
    `url` says the file is elsewhere; `size` is the size Discord states (default: the data's)."""

    filename: str
    data: bytes = b""
    size: int | None = None
    url: str | None = None


def member_message(
    guild: FakeGuild,
    message_id: int,
    author: str,
    content: str,
    mentions: Sequence[str],
    attachments: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """A MESSAGE_CREATE payload for a message a member typed in the channel."""
    return {
        "id": str(message_id),
        "channel_id": str(guild.channel_id),
        "guild_id": str(guild.id),
        "author": guild.member(author).user.payload(),
        "member": guild.member_payload(author, with_user=False),
        "content": content,
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [
            {
                **guild.member(key).user.payload(),
                "member": guild.member_payload(key, with_user=False),
            }
            for key in mentions
        ],
        "mention_roles": [],
        "attachments": list(attachments),
        "embeds": [],
        "components": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
    }


def without_content(message: dict[str, Any], intents: int, bot_id: int) -> dict[str, Any]:
    """What a bot receives: Discord blanks the content of messages that do not mention it unless
    it asked for the privileged MESSAGE_CONTENT intent."""
    mentioned = any(int(user["id"]) == bot_id for user in message["mentions"])
    if intents & MESSAGE_CONTENT_INTENT or mentioned:
        return message
    return {**message, "content": "", "embeds": [], "attachments": [], "components": []}


def find_component(
    components: Sequence[Mapping[str, Any]], custom_id: str
) -> Mapping[str, Any] | None:
    """The component with `custom_id`, searched through rows, containers and accessories."""
    for component in components:
        if component.get("custom_id") == custom_id:
            return component
        children = list(component.get("components", ()))
        if "accessory" in component:
            children.append(component["accessory"])
        found = find_component(children, custom_id)
        if found is not None:
            return found
    return None


class Messages:
    """Every message the server knows, by id, authored by members or by the bot."""

    def __init__(self, guilds: Guilds, snowflakes: Snowflakes) -> None:
        self._guilds = guilds
        self._snowflakes = snowflakes
        self._by_id: dict[int, dict[str, Any]] = {}
        self._files: dict[int, bytes] = {}
        self.attachment_base = ""
        """Origin (http://127.0.0.1:PORT) of attachment URLs, set once the server listens."""

    def add(self, message: dict[str, Any]) -> None:
        self._by_id[int(message["id"])] = message

    def get(self, message_id: int) -> dict[str, Any] | None:
        return self._by_id.get(message_id)

    def delete(self, message_id: int) -> bool:
        return self._by_id.pop(message_id, None) is not None

    def in_channel(self, channel_id: int) -> list[dict[str, Any]]:
        channel = str(channel_id)
        return [message for message in self._by_id.values() if message["channel_id"] == channel]

    def create(
        self,
        channel_id: int,
        payload: Mapping[str, Any],
        files: Sequence[UploadedFile],
        **extra: Any,
    ) -> dict[str, Any]:
        """Store and return the message the bot sends with `payload`; `extra` adds or overrides
        fields (webhook_id, interaction_metadata, ...)."""
        message_id = self._snowflakes.next()
        guild = self._guild_of(channel_id)
        message = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "guild_id": str(guild.id),
            "author": guild.bot_user.payload(),
            "content": payload.get("content") or "",
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": bool(payload.get("tts")),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": list(self._attachments(channel_id, payload, files, existing=[])),
            "embeds": payload.get("embeds") or [],
            "components": payload.get("components") or [],
            "pinned": False,
            "type": 0,
            "flags": payload.get("flags") or 0,
            **self._reference(guild, payload.get("message_reference")),
            **extra,
        }
        self.add(message)
        return message

    def edit(
        self, message: dict[str, Any], payload: Mapping[str, Any], files: Sequence[UploadedFile]
    ) -> dict[str, Any]:
        """Apply an edit in place; fields absent from `payload` are kept, as on Discord."""
        message.update({key: payload[key] for key in EDITABLE_FIELDS if key in payload})
        if "attachments" in payload or files:
            channel_id = int(message["channel_id"])
            existing = message["attachments"]
            message["attachments"] = list(self._attachments(channel_id, payload, files, existing))
        message["edited_timestamp"] = now_iso()
        return message

    def _guild_of(self, channel_id: int) -> FakeGuild:
        guild = self._guilds.by_channel(channel_id)
        assert guild is not None, f"no guild has channel {channel_id}"  # REST checked it
        return guild

    def _reference(self, guild: FakeGuild, reference: Mapping[str, Any] | None) -> dict[str, Any]:
        if not reference:
            return {}
        referenced = self._by_id.get(int(reference["message_id"]))
        return {
            "type": REPLY_TYPE,
            "message_reference": {"type": 0, "guild_id": str(guild.id), **reference},
            "referenced_message": referenced,
        }

    def _attachments(
        self,
        channel_id: int,
        payload: Mapping[str, Any],
        files: Sequence[UploadedFile],
        existing: Sequence[Mapping[str, Any]],
    ) -> Iterator[dict[str, Any]]:
        """Resolve `payload["attachments"]` the way Discord does: an entry whose id is an upload
        index (`files[N]`) is a new file, any other id keeps an existing attachment. Without that
        list, existing attachments stay and every upload is added."""
        uploads = {int(file.field[6:-1]): file for file in files if file.field.startswith("files[")}
        if "attachments" not in payload:
            yield from existing
            for file in files:
                yield self._attachment(channel_id, file)
            return
        kept = {attachment["id"]: attachment for attachment in existing}
        for entry in payload["attachments"]:
            upload = uploads.get(int(entry["id"]))
            if upload is not None:
                yield self._attachment(channel_id, upload, entry.get("description"))
            elif str(entry["id"]) in kept:
                yield kept[str(entry["id"])]

    def file(self, attachment_id: int) -> bytes | None:
        """The bytes of an attachment, as the CDN serves them."""
        return self._files.get(attachment_id)

    def member_attachment(self, channel_id: int, file: MemberFile) -> dict[str, Any]:
        """The attachment payload of a member's file, its bytes stored to be served."""
        upload = UploadedFile("files[0]", file.filename, "application/x-yaml", file.data)
        attachment = self._attachment(channel_id, upload)
        if file.size is not None:
            attachment["size"] = file.size
        if file.url is not None:
            attachment["url"] = attachment["proxy_url"] = file.url
        return attachment

    def _attachment(
        self, channel_id: int, file: UploadedFile, description: str | None = None
    ) -> dict[str, Any]:
        attachment_id = self._snowflakes.next()
        self._files[attachment_id] = file.data
        url = f"{self.attachment_base}/attachments/{channel_id}/{attachment_id}/{file.filename}"
        return {
            "id": str(attachment_id),
            "filename": file.filename or "file",
            "description": description,
            "content_type": file.content_type,
            "size": len(file.data),
            "url": url,
            "proxy_url": url,
        }
