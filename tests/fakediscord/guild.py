"""The guilds a FakeDiscord serves: users, roles, a text channel each, and their payloads."""

from __future__ import annotations

import enum
import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000


def now_iso() -> str:
    """A timestamp formatted the way Discord sends them."""
    return datetime.now(UTC).isoformat()


class Snowflakes:
    """Unique, increasing ids whose embedded time is now.

    discord.py derives `created_at` (and message ordering) from the id, so ids must carry a
    plausible timestamp rather than being small counters.
    """

    def __init__(self) -> None:
        self._counter = itertools.count()

    def next(self) -> int:
        elapsed_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return (elapsed_ms << 22) | (next(self._counter) % 4096)

    def on_shard(self, shard: int, shard_count: int) -> int:
        """An id of a guild that Discord places on `shard` of `shard_count`:
        `(guild_id >> 22) % shard_count == shard` (its time a few milliseconds back)."""
        elapsed_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        elapsed_ms -= (elapsed_ms - shard) % shard_count
        return (elapsed_ms << 22) | (next(self._counter) % 4096)


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard whose gateway session receives a guild's events (Discord's formula)."""
    return (guild_id >> 22) % shard_count


class Permission(enum.IntFlag):
    """The permission bits the test guild uses."""

    CREATE_INSTANT_INVITE = 1 << 0
    ADMINISTRATOR = 1 << 3
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    USE_EXTERNAL_EMOJIS = 1 << 18
    CHANGE_NICKNAME = 1 << 26
    USE_APPLICATION_COMMANDS = 1 << 31
    SEND_MESSAGES_IN_THREADS = 1 << 38


ALL_PERMISSIONS = (1 << 53) - 1
EVERYONE_PERMISSIONS = (
    Permission.CREATE_INSTANT_INVITE
    | Permission.ADD_REACTIONS
    | Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
    | Permission.READ_MESSAGE_HISTORY
    | Permission.USE_EXTERNAL_EMOJIS
    | Permission.CHANGE_NICKNAME
    | Permission.USE_APPLICATION_COMMANDS
    | Permission.SEND_MESSAGES_IN_THREADS
)


@dataclass(frozen=True)
class Role:
    id: int
    name: str
    permissions: int
    position: int

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }


@dataclass(frozen=True)
class User:
    id: int
    username: str
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": None if self.bot else self.username,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }


@dataclass(frozen=True)
class Member:
    user: User
    role_keys: tuple[str, ...]


@dataclass
class FakeGuild:
    """The guild, keyed by short names tests use: members "bot", "member", "moderator" (role
    Moderator, MANAGE_GUILD), "helper" (role Helpers, MANAGE_MESSAGES only) and "owner" (owns the
    application, so `bot.is_owner()` is true; no roles); roles "everyone", "moderator", "helpers".

    The guild's owner (`owner_id`) is a user outside the member list on purpose: discord.py grants
    the guild owner every permission, which would hide role-based permission checks.

    Further guilds of the same server pass the first one's `users` (the same bot and members, as
    on Discord) and the `shard` (index, count) their id must fall on.
    """

    snowflakes: Snowflakes
    bot_name: str
    name: str
    users: dict[str, User] | None = None
    shard: tuple[int, int] = (0, 1)
    id: int = 0
    channel_id: int = 0
    owner_id: int = 0
    joined_at: str = field(default_factory=now_iso)
    roles: dict[str, Role] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)
    denied: dict[str, int] = field(default_factory=dict)
    """Permissions each member is denied in the channel (a member permission overwrite)."""

    def __post_init__(self) -> None:
        new_id = self.snowflakes.next
        self.id = self.snowflakes.on_shard(*self.shard)
        self.channel_id, self.owner_id = new_id(), new_id()
        self.roles = {
            # Discord gives @everyone the guild's own id.
            "everyone": Role(self.id, "@everyone", EVERYONE_PERMISSIONS, 0),
            "helpers": Role(new_id(), "Helpers", Permission.MANAGE_MESSAGES, 1),
            "moderator": Role(new_id(), "Moderator", Permission.MANAGE_GUILD, 2),
        }
        users = self.users or {
            "bot": User(new_id(), self.bot_name, bot=True),
            **{key: User(new_id(), key) for key in ("member", "moderator", "helper", "owner")},
        }
        self.users = users
        roles = {"moderator": ("moderator",), "helper": ("helpers",)}
        self.members = {key: Member(user, roles.get(key, ())) for key, user in users.items()}

    @property
    def bot_user(self) -> User:
        return self.members["bot"].user

    def member(self, key: str) -> Member:
        try:
            return self.members[key]
        except KeyError:
            raise ValueError(
                f"unknown member {key!r}; choose from {sorted(self.members)}"
            ) from None

    def permissions(self, key: str) -> int:
        """Guild-level permissions of a member: @everyone plus each of its roles."""
        permissions = self.roles["everyone"].permissions
        for role_key in self.member(key).role_keys:
            permissions |= self.roles[role_key].permissions
        return ALL_PERMISSIONS if permissions & Permission.ADMINISTRATOR else permissions

    def channel_permissions(self, key: str) -> int:
        """A member's permissions in the channel: the guild's, less what the channel denies."""
        permissions = self.permissions(key)
        if permissions & Permission.ADMINISTRATOR:
            return permissions
        return permissions & ~self.denied.get(key, 0)

    def member_payload(self, key: str, *, with_user: bool = True) -> dict[str, Any]:
        member = self.member(key)
        payload: dict[str, Any] = {
            "nick": None,
            "avatar": None,
            "roles": [str(self.roles[role].id) for role in member.role_keys],
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_user:
            payload["user"] = member.user.payload()
        return payload

    def channel_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.channel_id),
            "type": 0,
            "guild_id": str(self.id),
            "name": "general",
            "position": 0,
            "permission_overwrites": [
                {"id": str(self.member(key).user.id), "type": 1, "allow": "0", "deny": str(bits)}
                for key, bits in self.denied.items()
            ],
            "topic": None,
            "nsfw": False,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "parent_id": None,
            "flags": 0,
        }

    def members_matching(
        self, *, user_ids: list[str] | None, query: str | None, limit: int
    ) -> list[dict[str, Any]]:
        """The members a REQUEST_GUILD_MEMBERS asks for (by ids, or by name prefix)."""
        wanted = {str(user_id) for user_id in user_ids or ()}
        prefix = (query or "").lower()
        keys = [
            key
            for key, member in self.members.items()
            if (
                str(member.user.id) in wanted
                if wanted
                else member.user.username.lower().startswith(prefix)
            )
        ]
        return [self.member_payload(key) for key in keys[: limit or None]]

    def guild_create_payload(self) -> dict[str, Any]:
        members = [self.member_payload(key) for key in self.members]
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "vanity_url_code": None,
            "features": [],
            "emojis": [],
            "stickers": [],
            "roles": [role.payload() for role in self.roles.values()],
            "joined_at": self.joined_at,
            "large": False,
            "unavailable": False,
            # Equal to the members sent, so discord.py considers the guild chunked.
            "member_count": len(members),
            "members": members,
            "channels": [self.channel_payload()],
            "threads": [],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }


class Guilds:
    """Every guild of a FakeDiscord, found by id, channel or shard."""

    def __init__(self, guilds: list[FakeGuild]) -> None:
        self.all = guilds

    def by_channel(self, channel_id: int) -> FakeGuild | None:
        return next((guild for guild in self.all if guild.channel_id == channel_id), None)

    def by_id(self, guild_id: int) -> FakeGuild | None:
        return next((guild for guild in self.all if guild.id == guild_id), None)

    def on_shard(self, shard: int, shard_count: int) -> list[FakeGuild]:
        return [guild for guild in self.all if shard_of(guild.id, shard_count) == shard]
