"""The gateway websocket: HELLO, heartbeats, IDENTIFY/RESUME sessions and event dispatch."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .guild import FakeGuild
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
    seq: int = 0
    sent: list[dict[str, Any]] = field(default_factory=list)
    resumable: bool = True


class Gateway:
    """Serves one bot session at a time; a new IDENTIFY replaces the previous session."""

    def __init__(self, guild: FakeGuild, *, message_content_allowed: bool = True) -> None:
        self._guild = guild
        self._message_content_allowed = message_content_allowed
        """False as for an unverified bot whose owner did not enable the intent: an IDENTIFY
        asking for it is closed with 4014, as Discord closes it."""
        self._session: Session | None = None
        self._connections: set[Connection] = set()
        self._lock = asyncio.Lock()
        self.frames: list[dict[str, Any]] = []
        """Every frame the client sent, heartbeats included."""
        self.ready = asyncio.Event()
        """Set once the client has identified (guild sent) or resumed, cleared on disconnect."""
        self._handlers: dict[int, Callable[[Connection, Any], Awaitable[None]]] = {
            HEARTBEAT: self._heartbeat,
            IDENTIFY: self._identify,
            RESUME: self._resume,
            REQUEST_GUILD_MEMBERS: self._request_members,
        }

    @property
    def intents(self) -> int:
        return self._session.intents if self._session else 0

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
        """Send a DISPATCH to the bot, or keep it for replay while it is disconnected."""
        async with self._lock:
            return await self._dispatch_locked(event, data)

    async def drop(self, *, resumable: bool) -> None:
        """Cut the TCP connection without a close frame, like a network failure."""
        session = self._session
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
        session = Session(uuid.uuid4().hex, data.get("intents", 0), connection)
        async with self._lock:
            self._session = session
            ready = self._ready_payload(session, connection, data)
            await self._dispatch_locked("READY", ready)
            await self._dispatch_locked("GUILD_CREATE", self._guild.guild_create_payload())
        self.ready.set()

    async def _resume(self, connection: Connection, data: dict[str, Any]) -> None:
        session = self._session
        if session is None or not session.resumable or data.get("session_id") != session.id:
            await _send(connection.ws, {"op": INVALID_SESSION, "d": False})
            return
        async with self._lock:
            session.connection = connection
            last_seen = data.get("seq") or 0
            for frame in session.sent:
                if frame["s"] > last_seen:
                    await _send(connection.ws, frame)
            await self._dispatch_locked("RESUMED", {})
        self.ready.set()

    async def _request_members(self, connection: Connection, data: dict[str, Any]) -> None:
        members = self._guild.members_matching(
            user_ids=data.get("user_ids"), query=data.get("query"), limit=data.get("limit", 0)
        )
        found = {member["user"]["id"] for member in members}
        chunk = {
            "guild_id": str(self._guild.id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [uid for uid in data.get("user_ids") or () if str(uid) not in found],
            "presences": [],
        }
        if "nonce" in data:
            chunk["nonce"] = data["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    async def _dispatch_locked(self, event: str, data: Any) -> int:
        session = self._session
        if session is None:
            raise RuntimeError(f"cannot dispatch {event}: no bot has identified yet")
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
        if self._session is not None and self._session.connection is connection:
            self._session.connection = None
            self.ready.clear()

    def _ready_payload(
        self, session: Session, connection: Connection, identify: dict[str, Any]
    ) -> dict[str, Any]:
        resume_url = connection.request.url.with_scheme("ws").with_query(None)
        payload = {
            "v": 10,
            "user": self._guild.bot_user.payload() | {"verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(self._guild.id), "unavailable": True}],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": str(resume_url),
            "application": {"id": str(self._guild.bot_user.id), "flags": APPLICATION_FLAGS},
            "private_channels": [],
            "relationships": [],
            "presences": [],
        }
        if "shard" in identify:
            payload["shard"] = identify["shard"]
        return payload


async def _send(ws: web.WebSocketResponse, frame: dict[str, Any]) -> None:
    await ws.send_str(json.dumps(frame))
