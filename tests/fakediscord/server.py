"""FakeDiscord: a Discord-compatible gateway and REST server on 127.0.0.1 for end-to-end tests."""

from __future__ import annotations

import asyncio
import copy
import functools
import threading
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from typing import Any, Concatenate, ParamSpec, Self, TypeVar

from aiohttp import web

from .gateway import Gateway
from .guild import FakeGuild, Guilds, Snowflakes
from .interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    COMPONENT,
    CommandRegistry,
    Interactions,
    IssuedInteraction,
    OptionValue,
    command_data,
    component_data,
    interaction_payload,
)
from .messages import MemberFile, Messages, member_message, without_content
from .ratelimits import TEST_DEFAULT, Buckets, RateLimit
from .recording import Faults, Request, RequestLog, RequestMatch
from .rest import API_PREFIX, GATEWAY_ROUTE, Rest

P = ParamSpec("P")
R = TypeVar("R")

MAX_UPLOAD_BYTES = 25 * 1024 * 1024


def on_server_loop(
    method: Callable[Concatenate[FakeDiscord, P], Coroutine[Any, Any, R]],
) -> Callable[Concatenate[FakeDiscord, P], Awaitable[R]]:
    """Run the coroutine on the server's event loop, awaiting it from whichever loop calls.

    The server may live in the test's loop or in its own thread; either way its state is only
    touched from its own loop, and tests await the same methods in both set-ups.
    """

    @functools.wraps(method)
    async def wrapper(self: FakeDiscord, *args: P.args, **kwargs: P.kwargs) -> R:
        loop = self._require_loop()
        coroutine = method(self, *args, **kwargs)
        if asyncio.get_running_loop() is loop:
            return await coroutine
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, loop))

    return wrapper


class FakeDiscord:
    """A Discord server for one bot: a guild with roles, members and a text channel (or
    `guilds` of them, the same members in each, guild `i` on shard `i` when the bot runs
    `guilds` shards: methods take `guild=i`, the first by default).

    `async with FakeDiscord() as server:` serves from the current event loop (the bot runs in the
    same loop); `with FakeDiscord() as server:` serves from a background thread (the bot may run in
    another thread or process). All async methods can be awaited from any event loop.
    """

    def __init__(
        self,
        *,
        bot_name: str = "PhoneSpec",
        guild_name: str = "PhoneSpec Lab",
        message_content_allowed: bool = True,
        rate_limit: RateLimit = TEST_DEFAULT,
        guilds: int = 1,
    ) -> None:
        self._snowflakes = Snowflakes()
        self.guild = FakeGuild(
            self._snowflakes, bot_name=bot_name, name=guild_name, shard=(0, guilds)
        )
        more = [
            FakeGuild(
                self._snowflakes,
                bot_name=bot_name,
                name=f"{guild_name} {number + 1}",
                users=self.guild.users,
                shard=(number, guilds),
            )
            for number in range(1, guilds)
        ]
        self.guilds = Guilds([self.guild, *more])
        self._messages = Messages(self.guilds, self._snowflakes)
        self._interactions = Interactions()
        self._commands = CommandRegistry(self._snowflakes, self.guild.bot_user.id)
        self._requests = RequestLog()
        self._faults = Faults()
        self._gateway = Gateway(self.guilds, message_content_allowed=message_content_allowed)
        self._rest = Rest(
            self.guilds,
            self._messages,
            self._interactions,
            self._commands,
            self._requests,
            self._faults,
            Buckets(rate_limit),
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._origin = ""

    # --- lifecycle

    async def start(self) -> Self:
        """Listen on an ephemeral port of 127.0.0.1 from the running event loop."""
        self._loop = asyncio.get_running_loop()
        app = web.Application(middlewares=[self._rest.middleware], client_max_size=MAX_UPLOAD_BYTES)
        app.router.add_get("/gateway/", self._gateway.handle, name=GATEWAY_ROUTE)
        self._rest.add_routes(app.router)
        app.on_shutdown.append(lambda _: self._gateway.close_all())
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self._origin = f"http://{host}:{port}"
        self._messages.attachment_base = self._origin
        return self

    async def close(self) -> None:
        """Stop listening; open gateway connections are closed with 1001 (going away)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __enter__(self) -> Self:
        loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=loop.run_forever, name="fakediscord", daemon=True)
        self._thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self.start(), loop).result(timeout=10)
        except BaseException:
            self._stop_thread(loop)
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        loop = self._require_loop()
        try:
            asyncio.run_coroutine_threadsafe(self.close(), loop).result(timeout=10)
        finally:
            self._stop_thread(loop)

    def _stop_thread(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        loop.close()

    def _require_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            raise RuntimeError("FakeDiscord is not running: use `async with` or `with` first")
        return self._loop

    # --- addresses and ids

    @property
    def api_base(self) -> str:
        """The value for `discord.http.Route.BASE`."""
        return f"{self._origin}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """The value for `discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY` (as a yarl.URL)."""
        return self._origin.replace("http://", "ws://", 1) + "/gateway/"

    @property
    def application_id(self) -> int:
        return self.guild.bot_user.id

    @property
    def guild_id(self) -> int:
        return self.guild.id

    @property
    def channel_id(self) -> int:
        return self.guild.channel_id

    @property
    def refused_for_rate_limits(self) -> int:
        """How many requests got a 429 from their bucket so far (injected faults excluded)."""
        return self._rest.buckets.refused

    def user_id(self, member: str) -> int:
        return self.guild.member(member).user.id

    def mention(self, member: str) -> str:
        """Text that mentions a member, e.g. `f"{server.mention('bot')} spec pixel 8"`."""
        return f"<@{self.user_id(member)}>"

    # --- what the bot did

    @property
    def requests(self) -> list[Request]:
        """Every REST request so far, in arrival order (snapshot)."""
        return list(self._requests.requests)

    @property
    def unknown_requests(self) -> list[Request]:
        """Requests to endpoints the server does not implement (answered 404)."""
        return list(self._requests.unknown)

    @property
    def gateway_frames(self) -> list[dict[str, Any]]:
        """Every gateway frame the bot sent (IDENTIFY, RESUME, heartbeats, presence...)."""
        return list(self._gateway.frames)

    def messages(self, guild: int = 0) -> list[dict[str, Any]]:
        """Copies of every message in the guild's channel as it is now (after edits and
        deletions), oldest first: the members', the bot's and its interaction responses."""
        return copy.deepcopy(self._messages.in_channel(self.guilds.all[guild].channel_id))

    def commands(self, *, guild: bool = False) -> list[dict[str, Any]]:
        """Application commands the bot synced, globally or to the test guild."""
        return copy.deepcopy(self._commands.list(self.guild_id if guild else None))

    def fail_next(
        self,
        method: str,
        path_pattern: str,
        *,
        status: int = 429,
        retry_after: float = 0.2,
        times: int = 1,
    ) -> None:
        """Answer the next `times` requests matching `method` and `path_pattern` (a regex matched
        against the whole path relative to the API base) with `status` instead.

        429 carries `retry_after` and the headers discord.py needs to wait and retry; discord.py
        also retries 500/502/504, but only after sleeping 1 s, 3 s, 5 s...
        """
        self._faults.add(method, path_pattern, status=status, retry_after=retry_after, times=times)

    # --- waiting (each takes `timeout`, ASYNC109: see RequestLog.wait_for)

    @on_server_loop
    async def wait_until_ready(self, timeout: float = 5, shard: int = 0) -> None:  # noqa: ASYNC109
        """Until the bot has identified on `shard` and received its guilds (or resumed).
        discord.py fires `on_ready` only `guild_ready_timeout` seconds later."""
        try:
            await asyncio.wait_for(self._gateway.ready(shard).wait(), timeout)
        except TimeoutError:
            raise TimeoutError(f"the bot did not identify within {timeout}s") from None

    @on_server_loop
    async def wait_for_request(self, match: RequestMatch, timeout: float = 5) -> Request:  # noqa: ASYNC109
        """The oldest request matching `match` that no earlier wait returned; waits if none."""
        return await self._requests.wait_for(match, timeout)

    async def wait_for_bot_message(self, timeout: float = 5, guild: int = 0) -> Request:  # noqa: ASYNC109
        """The bot's next `POST /channels/{id}/messages` in the guild's channel."""
        path = f"/channels/{self.guilds.all[guild].channel_id}/messages"
        return await self.wait_for_request(("POST", path), timeout)

    async def wait_for_interaction_response(
        self,
        interaction: IssuedInteraction | None = None,
        timeout: float = 5,  # noqa: ASYNC109
    ) -> Request:
        """The next interaction callback, of `interaction` if given."""
        interaction_id = r"\d+" if interaction is None else str(interaction.id)
        return await self.wait_for_request(
            ("POST", rf"/interactions/{interaction_id}/[^/]+/callback"), timeout
        )

    # --- events for the bot

    @on_server_loop
    async def dispatch(self, event: str, data: Any) -> int:
        """Send any gateway event (even one discord.py does not know); returns its sequence."""
        return await self._gateway.dispatch(event, data)

    @on_server_loop
    async def deny_in_channel(self, member: str, permissions: int) -> None:
        """Deny `member` some permissions in the channel (e.g. `Permission.ATTACH_FILES` to the
        bot), as a moderator editing the channel would: the bot gets CHANNEL_UPDATE."""
        self.guild.denied[member] = self.guild.denied.get(member, 0) | permissions
        await self._gateway.dispatch("CHANNEL_UPDATE", self.guild.channel_payload())

    @on_server_loop
    async def send_message(
        self,
        content: str,
        *,
        author: str = "member",
        mentions: Sequence[str] = (),
        files: Sequence[MemberFile] = (),
        guild: int = 0,
    ) -> int:
        """A member posts `content` in the guild's channel, with `files` attached; returns the
        message id.

        Like Discord, the bot receives empty content unless it identified with the
        message_content intent or is among `mentions`.
        """
        place = self.guilds.all[guild]
        message_id = self._snowflakes.next()
        attachments = [self._messages.member_attachment(place.channel_id, f) for f in files]
        message = member_message(place, message_id, author, content, mentions, attachments)
        self._messages.add(message)
        visible = without_content(message, self._gateway.intents(place), self.application_id)
        await self._gateway.dispatch("MESSAGE_CREATE", visible)
        return message_id

    @on_server_loop
    async def send_interaction(
        self,
        interaction_type: int,
        data: Mapping[str, Any],
        *,
        author: str = "member",
        message_id: int | None = None,
        guild: int = 0,
    ) -> IssuedInteraction:
        """Dispatch INTERACTION_CREATE of any type (5: modal submit...) with raw `data`;
        `message_id` is the message a component belongs to. Prefer `send_command`,
        `send_autocomplete` and `send_component`."""
        place = self.guilds.all[guild]
        place.member(author)  # fail early on an unknown member
        message = self._messages.get(message_id) if message_id else None
        interaction_id = self._snowflakes.next()
        issued = self._interactions.issue(
            interaction_id, interaction_type, author, message_id, place.channel_id
        )
        payload = interaction_payload(place, issued, data, message)
        await self._gateway.dispatch("INTERACTION_CREATE", payload)
        return issued

    @on_server_loop
    async def send_command(
        self,
        name: str,
        options: Mapping[str, OptionValue | MemberFile] | None = None,
        *,
        author: str = "member",
        guild: int = 0,
    ) -> IssuedInteraction:
        """A member runs slash command `name` ("spec", or "catalog reload" for a subcommand).

        The interaction names the guild only when the bot synced the command to the guild:
        discord.py looks a command up among guild commands only then.
        """
        data = self._command_data(name, options or {}, focused=None, guild=guild)
        return await self.send_interaction(APPLICATION_COMMAND, data, author=author, guild=guild)

    @on_server_loop
    async def send_autocomplete(
        self,
        name: str,
        options: Mapping[str, OptionValue],
        *,
        focused: str,
        author: str = "member",
        guild: int = 0,
    ) -> IssuedInteraction:
        """A member is typing option `focused` of command `name`; `options` holds what is typed."""
        data = self._command_data(name, options, focused=focused, guild=guild)
        return await self.send_interaction(AUTOCOMPLETE, data, author=author, guild=guild)

    @on_server_loop
    async def send_component(
        self,
        message_id: int,
        custom_id: str,
        *,
        values: Sequence[str] | None = None,
        author: str = "member",
    ) -> IssuedInteraction:
        """A member presses button `custom_id` (or picks `values` in a select) on a message."""
        message = self._messages.get(message_id)
        if message is None:
            raise ValueError(f"no message {message_id} on the server")
        data = component_data(message, custom_id, values)
        place = self.guilds.by_channel(int(message["channel_id"])) or self.guild
        return await self.send_interaction(
            COMPONENT,
            data,
            author=author,
            message_id=message_id,
            guild=self.guilds.all.index(place),
        )

    def _command_data(
        self,
        name: str,
        options: Mapping[str, OptionValue | MemberFile],
        *,
        focused: str | None,
        guild: int,
    ) -> dict[str, Any]:
        """The command's data; a `MemberFile` option is an attachment, served like a member's."""
        place = self.guilds.all[guild]
        command, guild_id = self._commands.find(name.split()[0], place.id)
        command_id = int(command["id"]) if command else self._snowflakes.next()
        attachments = {
            key: self._messages.member_attachment(place.channel_id, value)
            for key, value in options.items()
            if isinstance(value, MemberFile)
        }
        plain = {k: v for k, v in options.items() if not isinstance(v, MemberFile)}
        return command_data(
            name,
            plain,
            command_id=command_id,
            guild_id=guild_id,
            focused=focused,
            attachments=attachments,
        )

    @on_server_loop
    async def move_guild(self, guild: int, shard: int) -> None:
        """Hand guild number `guild` over to the bot session of `shard` (the guild is sent to
        it; its events go there from now on), as after a resharding: another process then
        serves that server."""
        await self._gateway.move(self.guilds.all[guild], shard)

    @on_server_loop
    async def drop_gateway(self, *, resumable: bool = True, shard: int = 0) -> None:
        """Cut the bot's gateway connection (of `shard`) abruptly. The bot should RESUME and get
        the events it missed; with `resumable=False` the RESUME is refused (op 9) and it must
        IDENTIFY."""
        await self._gateway.drop(resumable=resumable, shard=shard)
