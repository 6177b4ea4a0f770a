"""The Discord bot: settings, the live catalog (swapped whole on reload), cogs, start-up."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import datetime as dt
import functools
import gc
import logging
import math
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.ext import commands
from watchfiles import Change, awatch

from bot import catalogpickle, status
from bot.catalog import Catalog, CatalogDiff, CatalogError, diffing
from bot.catalogcache import CatalogCache, load_pickled
from bot.config import Settings
from bot.context import PhoneSpecContext, server_prefix
from bot.curation.reporting import Reports
from bot.curation.service import Curation
from bot.db import Database, processes
from bot.serversettings import ServerSettings, ServerSettingsStore, defaults
from bot.stepwise import run_stepwise
from bot.sync import InStep

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.cogs.errors",
    "bot.cogs.specs",
    "bot.cogs.compare",
    "bot.cogs.news",
    "bot.cogs.questions",
    "bot.cogs.admin",
    "bot.cogs.curation",
    "bot.cogs.reports",
    "bot.cogs.help",
    "bot.cogs.settings",
    "bot.cogs.status",
)


def route_through(api_base: str | None, gateway_url: str | None) -> None:
    """Send REST and gateway traffic through a proxy (or a local test server) instead of Discord.

    discord.py reads both from class attributes, so this is process-wide by design.
    """
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def intents(settings: Settings) -> discord.Intents:
    """The default intents, plus Message Content unless MESSAGE_CONTENT=false: prefix commands
    and `[[phone]]` need it; slash commands, mentions and DMs work without (Discord sends the
    text of messages that mention the bot, and of DMs)."""
    chosen = discord.Intents.default()
    chosen.message_content = settings.message_content
    return chosen


def _drop_malformed_events(parsers: dict[str, Callable[[Any], None]]) -> None:
    """Log and drop a gateway event discord.py cannot parse, instead of dying of it.

    discord.py calls these parsers straight from the gateway reader, and an exception there (a
    MESSAGE_CREATE without `author`, a non-numeric id...) escapes `Client.start`: one malformed
    payload would otherwise end the whole bot.
    """

    def guarded(event: str, parse: Callable[[Any], None]) -> Callable[[Any], None]:
        @functools.wraps(parse)
        def parse_or_drop(data: Any) -> None:
            try:
                parse(data)
            except Exception:
                log.exception("dropped a malformed %s gateway event", event)

        return parse_or_drop

    for event, parse in list(parsers.items()):
        parsers[event] = guarded(event, parse)


async def adopt(pickled: bytes, known: Catalog | None = None) -> Catalog:
    """Unpickle a loaded catalog on this thread, a slice at a time, out of the collector's way;
    phones that `known` (the catalog in use) holds unchanged are shared, not built again.

    A 10,000-phone catalog is some 350,000 objects. Built in one call, even in a worker thread,
    they held answers back for a second or more (`bot.stepwise` says why); so the catalog comes
    in parts (`bot.catalogpickle`) that this, the event loop's thread, builds between answers.
    The cyclic collector would have made it worse: the heap grows by more than a quarter again
    and again while the catalog arrives, and each time a full collection went over all of it
    with the GIL held. So this thread, which owns the process, first collects what is garbage
    now (cheap: the live catalog is frozen), holds off *full* collections alone while the
    catalog arrives, and freezes it once it is there, as the gc docs advise for long-lived
    data. The young generations keep being collected meanwhile, and once more just before the
    freeze, so the garbage that answering messages makes during a reload is freed as usual
    rather than frozen with the catalog. Reference counting still frees a frozen catalog (it
    holds no cycles) once it is replaced.
    """
    gc.collect()
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, NO_FULL_COLLECTIONS)
    try:
        catalog = await run_stepwise(catalogpickle.loading(pickled, known))
        gc.collect(1)
        gc.freeze()
    finally:
        gc.set_threshold(young, middle, old)
    return catalog


async def release(retired: list[Catalog]) -> None:
    """Free a replaced catalog a slice at a time, between answers (`catalogpickle.releasing`).

    `retired` holds the only reference the caller had, so that this function can drop it.
    Then glibc is asked to give the pages now free back to the system: a catalog's tables
    and arrays come from its heap, which otherwise keeps them (Linux; elsewhere nothing).
    """
    await run_stepwise(catalogpickle.releasing(retired))
    if _LIBC is not None and hasattr(_LIBC, "malloc_trim"):
        _LIBC.malloc_trim(0)


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


_LIBC = _libc()


NO_FULL_COLLECTIONS = 1 << 30
"""A threshold for the oldest generation that no reload reaches (middle collections count)."""


class PhoneSpecMixin:
    """What the plain and the auto-sharded bot share. `catalog` is replaced, never mutated."""

    settings: Settings
    catalog: Catalog
    db: Database | None
    curation: Curation | None
    """Catalog versions; None when DATA_PATH is a folder (curating edits one file)."""
    reports: Reports | None
    server_settings: ServerSettingsStore | None
    """Each server's `/settings`; None until the database is open (the defaults apply)."""

    def _setup_state(self, settings: Settings, catalog: Catalog) -> None:
        self.settings = settings
        self.catalog = catalog
        self.db = None
        self.curation = None
        self.reports = None
        self.server_settings = None
        self._reload_lock = asyncio.Lock()
        self._catalog_cache = CatalogCache(settings.catalog_cache)
        self._watcher: asyncio.Task[None] | None = None
        self.in_step: InStep | None = None
        self.started_at = dt.datetime.now(dt.UTC)
        _drop_malformed_events(self._connection.parsers)  # type: ignore[attr-defined]

    async def setup_hook(self) -> None:
        await self._open_database()
        for extension in EXTENSIONS:
            await self.load_extension(extension)  # type: ignore[attr-defined]
        if self.settings.sync_commands_on_start:
            await self.sync_commands(self.settings.dev_guild_id)
        if self.settings.auto_reload:
            self._watcher = asyncio.create_task(self._watch_data(), name="phonespec-auto-reload")

    async def _open_database(self) -> None:
        """Migrate the database, catch up with the other processes, and record the data file
        as a version if it was edited by hand."""
        self.db = await Database.open(self.settings.database)
        self.reports = Reports(self.db, self.settings.reports_per_hour)
        await self.reports.load()
        self.server_settings = ServerSettingsStore(self.db, self.settings)
        await self.server_settings.load()
        if self.settings.data_path.is_dir():
            log.warning("DATA_PATH is a folder: catalog versions and curation are off")
        else:
            self.curation = Curation(
                self.db,
                self.settings.data_path,
                pause_before_rename=self.settings.crash_test_pause_seconds,
            )
        self.in_step = InStep(self.settings, self, self.server_settings, self.curation)
        await self.in_step.start()  # the newest version first: a stale file is no hand edit
        if self.curation is not None:
            await self.curation.record_host_file()

    @property
    def catalog_sha256(self) -> str | None:
        """The hash of the data the served catalog was read from (`/status` names its version)."""
        return self.catalog.sha256

    def server_settings_for(self, guild_id: int | None) -> ServerSettings:
        """A server's settings (the defaults in DMs, or before the database is open)."""
        if self.server_settings is None:
            return defaults(self.settings)
        return self.server_settings.get(guild_id)

    async def heartbeat(self) -> None:
        """Write this process's line of `/status`."""
        if self.db is None:
            return
        latency = self.latency  # type: ignore[attr-defined]
        report = processes.Beat(
            process_id=status.process_id(),
            shards=status.shards_text(self.settings.shard_ids, self.settings.shard_count),
            guilds=len(self.guilds),  # type: ignore[attr-defined]
            latency_ms=latency * 1000 if math.isfinite(latency) else None,
            started_at=self.started_at,
            catalog=self.catalog.summary(),
            catalog_sha256=self.catalog_sha256,
            rss_mb=status.rss_mb(),
        )
        async with self.db.session.begin() as session:
            await processes.beat(session, report, dt.datetime.now(dt.UTC))

    async def get_context(self, origin: Any, *, cls: Any = PhoneSpecContext) -> Any:
        ctx = await super().get_context(origin, cls=cls)  # type: ignore[misc]
        if isinstance(ctx, PhoneSpecContext):
            ctx.server = self.server_settings_for(ctx.guild.id if ctx.guild else None)
        return ctx

    async def process_commands(self, message: discord.Message) -> None:
        """Commands, except in channels the server turned the bot off in."""
        if message.author.bot:
            return
        ctx = await self.get_context(message)
        if ctx.guild is not None and not ctx.server.answers_in(ctx.channel.id):
            return
        await self.invoke(ctx)  # type: ignore[attr-defined]

    async def sync_commands(self, guild_id: int | None) -> list[app_commands.AppCommand]:
        """Register slash commands with one guild (instant, for development) or globally."""
        tree = self.tree  # type: ignore[attr-defined]
        if guild_id:
            guild = discord.Object(id=guild_id)
            tree.copy_global_to(guild=guild)
            synced = await tree.sync(guild=guild)
        else:
            synced = await tree.sync()
        log.info("synced %d slash commands to %s", len(synced), guild_id or "all guilds")
        return synced

    async def reload_catalog(self) -> tuple[Catalog, CatalogDiff]:
        """Load and validate the data in another process (or take it from the cache of catalogs
        already validated), then swap it in with one assignment.

        Raises `CatalogError` (and keeps the current catalog) when the data is invalid.
        """
        async with self._reload_lock:
            path = self.settings.data_path
            # (the pickled bytes, tens of MB, held only while adopted: not through the release)
            new = await adopt(
                await asyncio.to_thread(load_pickled, path, self._catalog_cache), self.catalog
            )
            old, self.catalog = self.catalog, new
        diff = await run_stepwise(diffing(old, new))
        retired = [old]
        del old
        await release(retired)
        log.info("catalog reloaded: %s; %s", new.summary(), diff.summary())
        return new, diff

    async def _watch_data(self) -> None:
        """Reload whenever the data changes, however it is saved.

        The folder is watched, not the file: editors and `git checkout` save by writing a new
        file over the old one, and a watch on the old file hears nothing after the first save.
        """
        data = self.settings.data_path.absolute()
        is_folder = data.is_dir()

        def is_data(_: Change, path: str) -> bool:
            changed = Path(path)
            if is_folder:  # load_catalog reads the folder's YAML files only
                return changed.parent == data and changed.suffix in (".yaml", ".yml")
            return changed == data

        async for _ in awatch(data if is_folder else data.parent, watch_filter=is_data):
            try:
                await self.reload_catalog()
            except CatalogError as exc:
                log.warning("automatic reload refused, old catalog kept:\n%s", exc)
                continue
            if self.curation is not None:  # a hand edit becomes a version ("host file")
                await self.curation.record_host_file()

    async def close(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
        if self.in_step is not None:
            await self.in_step.close()
        if self.db is not None:  # first: `start` returns once the client is closed
            await self.db.close()
        await super().close()  # type: ignore[misc]


def _bot_options(settings: Settings) -> dict[str, Any]:
    return {
        "command_prefix": server_prefix,
        "intents": intents(settings),
        "allowed_mentions": discord.AllowedMentions.none(),
        # No handler reads past messages (edits, deletions): a cache of the last thousand would
        # be memory held for nothing, and objects living across reloads that keep the replaced
        # catalogs' memory from going back to the system.
        "max_messages": None,
        "owner_ids": set(settings.owner_ids) or None,
        "help_command": None,  # the help cog answers instead, with examples
        "case_insensitive": True,
        "strip_after_prefix": True,
    }


class PhoneSpecBot(PhoneSpecMixin, commands.Bot):
    def __init__(self, settings: Settings, catalog: Catalog, **options: Any) -> None:
        super().__init__(**_bot_options(settings), **options)
        self._setup_state(settings, catalog)


class ShardedPhoneSpecBot(PhoneSpecMixin, commands.AutoShardedBot):
    def __init__(self, settings: Settings, catalog: Catalog, **options: Any) -> None:
        shards = {"shard_count": settings.shard_count}
        if settings.shard_ids:
            shards["shard_ids"] = list(settings.shard_ids)
        super().__init__(**_bot_options(settings), **shards, **options)
        self._setup_state(settings, catalog)


PhoneSpec = PhoneSpecBot | ShardedPhoneSpecBot
"""The bot as cogs see it: a `commands.Bot` with `settings`, `catalog` and `reload_catalog()`."""


def create_bot(settings: Settings, catalog: Catalog, **options: Any) -> PhoneSpec:
    """The bot for these settings: auto-sharded when SHARD_COUNT is set."""
    route_through(settings.discord_api_base, settings.discord_gateway_url)
    if settings.shard_count:
        return ShardedPhoneSpecBot(settings, catalog, **options)
    return PhoneSpecBot(settings, catalog, **options)


async def run(settings: Settings, catalog: Catalog) -> None:
    """Connect and serve until stopped: Ctrl-C, or SIGTERM from a service manager."""
    gc.collect()
    gc.freeze()  # the catalog loaded at start-up, long-lived, out of the collector's way (`adopt`)
    bot = create_bot(settings, catalog)
    _close_on_sigterm(bot)
    async with bot:
        await bot.start(settings.token or "")


def _close_on_sigterm(bot: PhoneSpec) -> None:
    """`docker stop` and systemd send SIGTERM, whose default action kills the process at once,
    mid-reply, leaving the gateway session to time out; close the bot instead, as Ctrl-C does."""
    loop = asyncio.get_running_loop()
    closing: list[asyncio.Task[None]] = []  # a reference, so the task is not collected mid-way

    def close() -> None:
        closing.append(loop.create_task(bot.close()))

    with contextlib.suppress(NotImplementedError):  # Windows' event loops have no signal handlers
        loop.add_signal_handler(signal.SIGTERM, close)
