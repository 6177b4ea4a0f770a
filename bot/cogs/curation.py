"""`catalog` commands: export, import, set, history, diff and rollback of the catalog.

The work happens in `bot.curation` (pure logic and the `Curation` service); this cog parses,
checks who may, and sends. Changes are shown as a diff with Confirm and Cancel buttons.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers import resolve
from bot.autocomplete import phone_choices
from bot.catalog import CatalogError
from bot.checks import actor_of, is_curator, user_cooldown
from bot.confirmation import files, offer
from bot.curation import texts, uploads
from bot.curation.documents import DocumentError
from bot.curation.fields import FieldError
from bot.curation.proposals import Proposal, Refused
from bot.curation.service import Curation
from bot.curation.validation import problems_text
from bot.db import audit
from bot.db.actor import Actor
from bot.replies import Reply
from bot.views import NO_PINGS, send_reply

if TYPE_CHECKING:
    from bot.client import PhoneSpec

log = logging.getLogger(__name__)

NO_CURATION = "Catalog versions need DATA_PATH to be one file; this bot serves a folder."
MAX_PROBLEM_TEXT = 1700


class CatalogCommands(commands.Cog):
    def __init__(self, bot: PhoneSpec) -> None:
        self.bot = bot

    @property
    def curation(self) -> Curation:
        if self.bot.curation is None:
            raise commands.UserInputError(NO_CURATION)
        return self.bot.curation

    @commands.hybrid_group(name="catalog")
    async def catalog(self, ctx: commands.Context[Any]) -> None:
        """The catalog's versions: export, import, set, history, diff, rollback."""
        subcommands = "|".join(sorted(c.name for c in self.catalog.commands))
        usage = f"Usage: `{ctx.clean_prefix}catalog {subcommands}`"
        await ctx.send(usage, allowed_mentions=NO_PINGS)

    @catalog.command(name="export")
    @user_cooldown()
    async def export(self, ctx: commands.Context[Any]) -> None:
        """The current catalog as a YAML file, with its version."""
        latest, data = await self.curation.latest()
        file = discord.File(io.BytesIO(data), filename=f"specs-v{latest.number}.yaml")
        text = (
            f"Catalog version {latest.number} ({self.bot.catalog.summary()}), "
            f"sha256 `{latest.sha256[:12]}`.\n{texts.version_line(latest)}"
        )
        await ctx.send(text, file=file, allowed_mentions=NO_PINGS)

    @catalog.command(name="import")
    @app_commands.describe(
        file="A .yaml file: a whole catalog, or only the phones and series to add or replace",
        mode="merge (default): add or replace what the file has; replace: the file is everything",
    )
    @is_curator()
    @user_cooldown()
    async def import_(
        self,
        ctx: commands.Context[Any],
        file: discord.Attachment,
        mode: Literal["merge", "replace"] = "merge",
    ) -> None:
        """Curators: import a YAML file; review its diff, then Confirm."""
        curation, actor = self.curation, actor_of(ctx)
        hosts = uploads.allowed_hosts(self.bot.settings.discord_api_base)
        why = uploads.refusal(file.url, file.size, file.filename, hosts)
        if why is not None:
            await self._refuse(ctx, actor, "import", f"Import refused: {why}.")
            return
        await ctx.defer()
        data = await file.read()
        if len(data) > uploads.MAX_UPLOAD_BYTES:
            await self._refuse(ctx, actor, "import", "Import refused: the file is over 5 MB.")
            return

        async def prepare() -> Proposal:
            return await curation.propose_import(data, file.filename, replace=mode == "replace")

        await self._propose(ctx, actor, "import", prepare)

    @catalog.command(name="set")
    @app_commands.describe(
        phone="The phone (its name or id)",
        field="The field path, e.g. battery.capacity_mah or cameras[0].mp",
        value="The new value; null makes it unknown",
        reason="Why (a source URL is best)",
    )
    @app_commands.autocomplete(phone=phone_choices)
    @is_curator()
    @user_cooldown()
    async def set_(
        self, ctx: commands.Context[Any], phone: str, field: str, value: str, *, reason: str = ""
    ) -> None:
        """Curators: change one field of one phone; review its diff, then Confirm."""
        actor = actor_of(ctx)
        found = resolve(self.bot.catalog, phone).phone
        if found is None:
            await self._refuse(
                ctx, actor, "set", f"Set refused: no single phone called *{phone[:100]}*."
            )
            return

        async def prepare() -> Proposal:
            return await self.curation.propose_set(found.id, field, value, reason)

        await self._propose(ctx, actor, "set", prepare)

    @catalog.command(name="rollback")
    @app_commands.describe(version="The version to bring back", reason="Why")
    @is_curator()
    @user_cooldown()
    async def rollback(self, ctx: commands.Context[Any], version: int, *, reason: str = "") -> None:
        """Curators: a new version equal to an old one; review its diff, then Confirm."""

        async def prepare() -> Proposal:
            return await self.curation.propose_rollback(version, reason)

        await self._propose(ctx, actor_of(ctx), "rollback", prepare)

    @catalog.command(name="history")
    @user_cooldown()
    async def history(self, ctx: commands.Context[Any]) -> None:
        """Who changed the catalog, when and why, newest first."""
        shown, total = await self.curation.history(0, texts.HISTORY_PAGE * 10)
        await send_reply(ctx, Reply(pages=texts.history_pages(shown, total)), ctx.author.id)

    @catalog.command(name="diff")
    @app_commands.describe(old="A version", new="A later version (default: the one after)")
    @user_cooldown()
    async def diff(self, ctx: commands.Context[Any], old: int, new: int | None = None) -> None:
        """What changed between two versions."""
        try:
            old, new, changes = await self.curation.compare(old, new)
        except Refused as exc:
            await ctx.send(f"{exc}.", allowed_mentions=NO_PINGS)
            return
        block, whole = texts.diff_block(changes)
        text = f"Version {old} -> {new}: {changes.summary()}.\n{block}"
        await ctx.send(text, allowed_mentions=NO_PINGS, **files(whole))

    @catalog.command(name="reports")
    @is_curator()
    @user_cooldown()
    async def reports(self, ctx: commands.Context[Any]) -> None:
        """Curators: the open reports of mistakes, oldest first."""
        if self.bot.reports is None:
            raise commands.UserInputError("Reports are off on this bot.")
        found = await self.bot.reports.open(texts.HISTORY_PAGE * 10)
        await send_reply(ctx, Reply(pages=texts.report_pages(found)), ctx.author.id)

    # --- proposing and applying

    async def _propose(
        self,
        ctx: commands.Context[Any],
        actor: Actor,
        action: str,
        prepare: Callable[[], Awaitable[Proposal]],
    ) -> None:
        refused = f"{action.capitalize()} refused"
        try:
            proposal = await prepare()
        except (DocumentError, FieldError, Refused) as exc:
            await self._refuse(ctx, actor, action, f"{refused}: {exc}")
            return
        except CatalogError as exc:
            listing = problems_text(exc)[:MAX_PROBLEM_TEXT]
            count = f"{len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''}"
            await self._refuse(ctx, actor, action, f"{refused}: {count}:\n```\n{listing}\n```")
            return
        await offer(self.bot, self.curation, ctx.send, actor, proposal)

    async def _refuse(
        self, ctx: commands.Context[Any], actor: Actor, action: str, text: str
    ) -> None:
        if self.bot.db is not None:
            await audit.note(self.bot.db, actor, action, "refused", text)
        await ctx.send(text, allowed_mentions=NO_PINGS)


async def setup(bot: PhoneSpec) -> None:
    await bot.add_cog(CatalogCommands(bot))
