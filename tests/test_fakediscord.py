"""A real discord.py bot against FakeDiscord: gateway, REST, faults, resumes and interactions."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import aiohttp
import discord
import pytest
import yarl
from discord import app_commands
from discord.ext import commands

from tests.fakediscord import FakeDiscord
from tests.fakediscord.ratelimits import RateLimit

MESSAGES = r"/channels/\d+/messages"


class PickView(discord.ui.View):
    @discord.ui.button(label="Pick", custom_id="phone:pick")
    async def pick(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await interaction.response.edit_message(content="Picked Pixel 8", view=None)


async def spec(ctx: commands.Context[commands.Bot], *, phone: str) -> None:
    await ctx.send(embed=discord.Embed(title=phone, description="6.2-inch OLED"))


async def pick(ctx: commands.Context[commands.Bot]) -> None:
    await ctx.send("Which one?", view=PickView())


async def ping(interaction: discord.Interaction) -> None:
    await interaction.response.send_message(f"pong {interaction.user.name}", ephemeral=True)


async def phone_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice]:
    names = ["Pixel 8", "Pixel 8 Pro", "Galaxy S24"]
    return [app_commands.Choice(name=n, value=n) for n in names if current.lower() in n.lower()]


async def spec_slash(interaction: discord.Interaction, phone: str) -> None:
    await interaction.response.send_message(phone)


class QuickBot(commands.Bot):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """No pause: discord.py's default sleeps 5 s before every IDENTIFY but the first."""


def make_bot() -> commands.Bot:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = QuickBot(command_prefix="!", intents=intents, guild_ready_timeout=0.05)
    bot.add_command(commands.Command(spec))
    bot.add_command(commands.Command(pick))
    bot.tree.add_command(app_commands.Command(name="ping", description="Ping", callback=ping))
    slash = app_commands.Command(name="spec", description="A phone's specs", callback=spec_slash)
    slash.autocomplete("phone")(phone_names)
    bot.tree.add_command(slash)
    return bot


@contextlib.contextmanager
def pointed_at(server: FakeDiscord, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The two class attributes that send discord.py to the fake server (restored after)."""
    with monkeypatch.context() as patch:
        patch.setattr(discord.http.Route, "BASE", server.api_base)
        patch.setattr(
            discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(server.gateway_url)
        )
        yield


@contextlib.asynccontextmanager
async def running(bot: commands.Bot) -> AsyncIterator[commands.Bot]:
    task = asyncio.create_task(bot.start("fake-token"))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 3)
        yield bot
    finally:
        await bot.close()
        await task


@pytest.fixture
async def server() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        yield server
        assert not server.unknown_requests, "the bot used endpoints FakeDiscord lacks"


@pytest.fixture
async def bot(server: FakeDiscord, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[commands.Bot]:
    with pointed_at(server, monkeypatch):
        async with running(make_bot()) as bot:
            yield bot


async def test_ready_shows_the_guild_with_roles_and_members(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    """READY and GUILD_CREATE give the bot the guild; members come by REQUEST_GUILD_MEMBERS."""
    guild = bot.get_guild(server.guild_id)
    assert guild is not None
    assert bot.user is not None
    assert bot.user.id == server.application_id
    assert {role.name for role in guild.roles} == {"@everyone", "Moderator", "Helpers"}
    assert not guild.default_role.permissions.manage_guild
    assert guild.member_count == 5
    assert guild.get_channel(server.channel_id) is not None

    ids = [server.user_id(name) for name in ("member", "moderator", "helper")]
    member, moderator, helper = sorted(
        await guild.query_members(user_ids=ids), key=lambda m: ids.index(m.id)
    )
    assert moderator.guild_permissions.manage_guild
    assert not member.guild_permissions.manage_guild
    assert [role.name for role in helper.roles[1:]] == ["Helpers"]
    assert not helper.guild_permissions.manage_guild


async def test_a_message_reaches_the_bot_and_its_embed_reply_is_recorded(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    received: list[discord.Message] = []

    async def on_message(message: discord.Message) -> None:
        received.append(message)

    bot.add_listener(on_message)

    await server.send_message("!spec Pixel 8", author="moderator")
    reply = await server.wait_for_bot_message()

    assert received[0].content == "!spec Pixel 8"
    assert received[0].author.name == "moderator"
    assert reply.json["embeds"][0]["title"] == "Pixel 8"
    assert reply.headers["Authorization"] == "Bot fake-token"
    assert reply.response["author"]["id"] == str(server.application_id)


async def test_the_bot_ignores_an_event_discord_py_does_not_know(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    await server.dispatch("NEW_FEATURE_UPDATE", {"id": "1"})
    await server.send_message("!spec Pixel 8")

    reply = await server.wait_for_bot_message()

    assert reply.json["embeds"][0]["title"] == "Pixel 8"


async def test_a_rate_limited_send_is_retried_after_retry_after(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    server.fail_next("POST", MESSAGES, status=429, retry_after=0.2)

    await server.send_message("!spec Pixel 8")
    reply = await server.wait_for_bot_message()

    first, second = [r for r in server.requests if r.method == "POST" and r.path == reply.path]
    assert (first.status, first.injected, second.status) == (429, True, 200)
    assert second.received_at - first.received_at >= 0.2


async def test_the_bot_learns_a_bucket_from_the_headers_and_waits_out_its_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Discord's X-RateLimit headers on every response: two replies per second allowed, four
    asked for, so the bot sends two, waits for the window to reset, and sends the rest."""
    async with FakeDiscord(rate_limit=RateLimit(2, 1.0)) as server:
        with pointed_at(server, monkeypatch):
            async with running(make_bot()):
                for _ in range(4):
                    await server.send_message("!spec Pixel 8")
                replies = [await server.wait_for_bot_message(timeout=10) for _ in range(4)]

    assert all(reply.status == 200 for reply in replies), [r.status for r in replies]
    first, _, third, _ = sorted(reply.received_at for reply in replies)
    assert third - first >= 0.5  # the third waited for the bucket's window to reset


@pytest.mark.parametrize(("resumable", "reconnect_ops"), [(True, [6]), (False, [6, 2])])
async def test_the_bot_answers_after_the_gateway_drops(
    server: FakeDiscord, bot: commands.Bot, resumable: bool, reconnect_ops: list[int]
) -> None:
    """A resumable drop is RESUMEd and missed events replayed; otherwise the bot re-IDENTIFYs."""
    await server.drop_gateway(resumable=resumable)
    if not resumable:  # events sent to an invalidated session are lost, as on Discord
        await server.wait_until_ready()
    await server.send_message("!spec Galaxy S24")

    reply = await server.wait_for_bot_message()

    assert reply.json["embeds"][0]["title"] == "Galaxy S24"
    ops = [frame["op"] for frame in server.gateway_frames if frame["op"] in (2, 6)]
    assert ops == [2, *reconnect_ops]


async def test_a_slash_command_reaches_the_bot_and_its_response_is_recorded(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    guild = discord.Object(server.guild_id)
    bot.tree.copy_global_to(guild=guild)
    await bot.tree.sync(guild=guild)
    assert {c["name"] for c in server.commands(guild=True)} == {"ping", "spec"}

    interaction = await server.send_command("ping", author="helper")
    callback = await server.wait_for_interaction_response(interaction)

    assert callback.json["type"] == 4
    assert callback.json["data"]["content"] == "pong helper"
    assert callback.json["data"]["flags"] == 64  # ephemeral
    assert callback.query["with_response"] == "1"
    assert callback.response["resource"]["message"]["content"] == "pong helper"


async def test_autocomplete_and_a_button_reach_the_bot(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    typing = await server.send_autocomplete("spec", {"phone": "pixel"}, focused="phone")
    choices = (await server.wait_for_interaction_response(typing)).json["data"]["choices"]
    assert [choice["name"] for choice in choices] == ["Pixel 8", "Pixel 8 Pro"]

    await server.send_message("!pick")
    question = await server.wait_for_bot_message()
    press = await server.send_component(int(question.response["id"]), "phone:pick")
    callback = await server.wait_for_interaction_response(press)

    assert callback.json["type"] == 7
    assert server.messages()[-1]["content"] == "Picked Pixel 8"
    assert server.messages()[-1]["components"] == []


async def test_a_server_in_a_thread_serves_a_bot_in_another_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with FakeDiscord() as server, pointed_at(server, monkeypatch):
        async with running(make_bot()):
            await server.send_message("!spec Pixel 8")
            reply = await server.wait_for_bot_message()
    assert reply.json["embeds"][0]["title"] == "Pixel 8"


async def test_unknown_endpoints_answer_404_and_are_recorded() -> None:
    async with FakeDiscord() as server, aiohttp.ClientSession() as session:
        async with session.get(f"{server.api_base}/guilds/1/bans") as response:
            assert response.status == 404
            assert response.headers["Content-Type"] == "application/json"
        [unknown] = server.unknown_requests
    assert (unknown.method, unknown.path) == ("GET", "/guilds/1/bans")


class QuickShardedBot(commands.AutoShardedBot):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """No pause between shards' IDENTIFYs."""


async def test_each_guild_goes_to_the_shard_discord_would_place_it_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two processes' worth of shards (0 and 1 of 2) each get their own guild, and the events
    of that guild only; a guild handed over to the other shard goes there from then on."""
    async with FakeDiscord(guilds=2) as server:
        first, second = server.guilds.all
        assert [(guild.id >> 22) % 2 for guild in (first, second)] == [0, 1]
        assert first.users == second.users  # the same bot and members in both
        with pointed_at(server, monkeypatch):
            bots = [make_sharded(shard) for shard in (0, 1)]
            heard: list[list[tuple[int, str]]] = [[], []]
            for bot, log in zip(bots, heard, strict=True):
                bot.add_listener(_recorder(log), "on_message")
            async with running(bots[0]), running(bots[1]):
                assert [[g.id for g in bot.guilds] for bot in bots] == [[first.id], [second.id]]
                await server.send_message("in the first", guild=0)
                await server.send_message("in the second", guild=1)
                await server.move_guild(0, shard=1)
                await server.send_message("moved", guild=0)
                await asyncio.sleep(0.3)
                assert bots[1].get_guild(first.id) is not None
    assert heard == [
        [(first.id, "in the first")],
        [(second.id, "in the second"), (first.id, "moved")],
    ]


def make_sharded(shard: int) -> commands.Bot:
    intents = discord.Intents.default()
    intents.message_content = True
    return QuickShardedBot(
        command_prefix="!",
        intents=intents,
        shard_count=2,
        shard_ids=[shard],
        guild_ready_timeout=0.05,
    )


def _recorder(log: list[tuple[int, str]]) -> Callable[[discord.Message], Awaitable[None]]:
    async def on_message(message: discord.Message) -> None:
        assert message.guild is not None
        log.append((message.guild.id, message.content))

    return on_message
