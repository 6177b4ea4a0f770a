"""The gateway websocket: HELLO, heartbeats, IDENTIFY/RESUME sessions and event dispatch.

A client that IDENTIFYs with `shard: [id, count]` gets the events of the guilds Discord places
on that shard (`(guild_id >> 22) % count == id`), so several bot processes, each running some
shards, each get their own servers' events; events of no guild (DMs) go to shard 0.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .guild import FakeGuild, Guilds, shard_of
from .messages import MESSAGE_CONTENT_INTENT

log = logging.getLogger(__name__)

DISPATCH = 0
HEARTBEAT = 1
IDENTIFY = 2
RESUME = 6
REQUEST_GUILD_MEMBERS = 8
INVALID_SESSION = 9
HELLO = 10
HEARTBEAT_ACK = 11

HEARTBEAT_INTERVAL_MS = 41_250
GOING_AWAY = 1001
DISALLOWED_INTENTS = 4014
# GATEWAY_GUILD_MEMBERS_LIMITED | GATEWAY_MESSAGE_CONTENT_LIMITED, as for an unverified bot.
APPLICATION_FLAGS = (1 << 15) | (1 << 19)


@dataclass(eq=False)  # hashed by identity: kept in a set
class Connection:
    ws: web.WebSocketResponse
    request: web.Request


@dataclass
class Session:
    """One IDENTIFY: its sequence numbers and every event, kept for replay on RESUME."""

    id: str
    intents: int
    connection: Connection | None
    shard: tuple[int, int] = (0, 1)
    """(shard id, shard count) as the client identified."""
    seq: int = 0
    sent: list[dict[str, Any]] = field(default_factory=list)
    resumable: bool = True


class Gateway:
    """Serves one bot session per shard; a new IDENTIFY replaces that shard's session."""

    def __init__(self, guilds: Guilds, *, message_content_allowed: bool = True) -> None:
        self._guilds = guilds
        self._message_content_allowed = message_content_allowed
        """False as for an unverified bot whose owner did not enable the intent: an IDENTIFY
        asking for it is closed with 4014, as Discord closes it."""
        self._sessions: dict[int, Session] = {}
        self._connections: set[Connection] = set()
        self._lock = asyncio.Lock()
        self.frames: list[dict[str, Any]] = []
        """Every frame the client sent, heartbeats included."""
        self._ready: dict[int, asyncio.Event] = {}
        self._moved: dict[int, int] = {}
        """Guilds handed over to another shard than their id's (guild id -> shard)."""
        self._handlers: dict[int, Callable[[Connection, Any], Awaitable[None]]] = {
            HEARTBEAT: self._heartbeat,
            IDENTIFY: self._identify,
            RESUME: self._resume,
            REQUEST_GUILD_MEMBERS: self._request_members,
        }

    def ready(self, shard: int = 0) -> asyncio.Event:
        """Set once the client has identified (guilds sent) or resumed on `shard`, cleared on
        disconnect."""
        return self._ready.setdefault(shard, asyncio.Event())

    def intents(self, guild: FakeGuild) -> int:
        """The intents of the session that receives `guild`'s events."""
        session = self._session_for(guild.id)
        return session.intents if session else 0

    def _session_for(self, guild_id: int | None) -> Session | None:
        if guild_id in self._moved:
            return self._sessions.get(self._moved[guild_id])
        for session in self._sessions.values():
            shard, count = session.shard
            if (shard_of(guild_id, count) if guild_id is not None else 0) == shard:
                return session
        return None

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """aiohttp handler for `/gateway/`; plain JSON text frames, whatever `compress` asks."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        connection = Connection(ws, request)
        self._connections.add(connection)
        try:
            await _send(ws, {"op": HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}})
            async for message in ws:
                if message.type is WSMsgType.TEXT:
                    await self._receive(connection, json.loads(message.data))
        finally:
            self._connections.discard(connection)
            self._detach(connection)
        return ws

    async def dispatch(self, event: str, data: Any) -> int:
        """Send a DISPATCH to the session of the event's guild, or keep it for replay while
        that session is disconnected."""
        guild_id = data.get("guild_id") if isinstance(data, dict) else None
        async with self._lock:
            session = self._session_for(int(guild_id) if guild_id else None)
            if session is None:
                raise RuntimeError(f"cannot dispatch {event}: no session has its guild's shard")
            return await self._dispatch_locked(session, event, data)

    async def move(self, guild: FakeGuild, shard: int) -> None:
        """From now on send `guild`'s events to the session of `shard`, which first gets the
        guild (GUILD_CREATE), as a process taking a guild over after a resharding would."""
        async with self._lock:
            self._moved[guild.id] = shard
            session = self._sessions[shard]
            await self._dispatch_locked(session, "GUILD_CREATE", guild.guild_create_payload())

    async def drop(self, *, resumable: bool, shard: int = 0) -> None:
        """Cut the TCP connection without a close frame, like a network failure."""
        session = self._sessions.get(shard)
        if session is None or session.connection is None:
            raise RuntimeError("no gateway connection to drop")
        connection = session.connection
        session.resumable = resumable
        self._detach(connection)
        transport = connection.request.transport
        if transport is not None:
            transport.abort()

    async def close_all(self) -> None:
        for connection in list(self._connections):
            await connection.ws.close(code=GOING_AWAY)

    async def _receive(self, connection: Connection, frame: dict[str, Any]) -> None:
        self.frames.append(frame)
        handler = self._handlers.get(frame.get("op", -1))
        if handler is None:
            log.info("gateway op %s from the client is recorded but not answered", frame.get("op"))
            return
        await handler(connection, frame.get("d"))

    async def _heartbeat(self, connection: Connection, _: Any) -> None:
        await _send(connection.ws, {"op": HEARTBEAT_ACK, "d": None})

    async def _identify(self, connection: Connection, data: dict[str, Any]) -> None:
        if not self._message_content_allowed and data.get("intents", 0) & MESSAGE_CONTENT_INTENT:
            await connection.ws.close(code=DISALLOWED_INTENTS, message=b"Disallowed intent(s).")
            return
        shard, count = data.get("shard") or (0, 1)
        session = Session(uuid.uuid4().hex, data.get("intents", 0), connection, (shard, count))
        guilds = self._guilds.on_shard(shard, count)
        async with self._lock:
            self._sessions[shard] = session
            ready = self._ready_payload(session, connection, data, guilds)
            await self._dispatch_locked(session, "READY", ready)
            for guild in guilds:
                await self._dispatch_locked(session, "GUILD_CREATE", guild.guild_create_payload())
        self.ready(shard).set()

    async def _resume(self, connection: Connection, data: dict[str, Any]) -> None:
        session = next((s for s in self._sessions.values() if s.id == data.get("session_id")), None)
        if session is None or not session.resumable:
            await _send(connection.ws, {"op": INVALID_SESSION, "d": False})
            return
        async with self._lock:
            session.connection = connection
            last_seen = data.get("seq") or 0
            for frame in session.sent:
                if frame["s"] > last_seen:
                    await _send(connection.ws, frame)
            await self._dispatch_locked(session, "RESUMED", {})
        self.ready(session.shard[0]).set()

    async def _request_members(self, connection: Connection, data: dict[str, Any]) -> None:
        guild = self._guilds.by_id(int(data.get("guild_id") or 0)) or self._guilds.all[0]
        members = guild.members_matching(
            user_ids=data.get("user_ids"), query=data.get("query"), limit=data.get("limit", 0)
        )
        found = {member["user"]["id"] for member in members}
        chunk = {
            "guild_id": str(guild.id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [uid for uid in data.get("user_ids") or () if str(uid) not in found],
            "presences": [],
        }
        if "nonce" in data:
            chunk["nonce"] = data["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    async def _dispatch_locked(self, session: Session, event: str, data: Any) -> int:
        session.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.sent.append(frame)
        if session.connection is not None:
            try:
                await _send(session.connection.ws, frame)
            except ConnectionResetError:
                self._detach(session.connection)
        return session.seq

    def _detach(self, connection: Connection) -> None:
        for shard, session in self._sessions.items():
            if session.connection is connection:
                session.connection = None
                self.ready(shard).clear()

    def _ready_payload(
        self,
        session: Session,
        connection: Connection,
        identify: dict[str, Any],
        guilds: list[FakeGuild],
    ) -> dict[str, Any]:
        resume_url = connection.request.url.with_scheme("ws").with_query(None)
        bot_user = self._guilds.all[0].bot_user
        payload = {
            "v": 10,
            "user": bot_user.payload() | {"verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(guild.id), "unavailable": True} for guild in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": str(resume_url),
            "application": {"id": str(bot_user.id), "flags": APPLICATION_FLAGS},
            "private_channels": [],
            "relationships": [],
            "presences": [],
        }
        if "shard" in identify:
            payload["shard"] = identify["shard"]
        return payload


async def _send(ws: web.WebSocketResponse, frame: dict[str, Any]) -> None:
    await ws.send_str(json.dumps(frame))
