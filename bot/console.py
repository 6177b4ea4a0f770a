"""The offline console: type what you would type in Discord, read what the bot would answer.

It routes a line the way the Discord bot does (prefix commands, a mention question, `[[phone]]`)
and calls the very same functions in `bot.answers`; only the rendering differs (text, not embeds).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot import answers, router
from bot.catalog import Catalog, CatalogError, diff_catalogs, load_catalog
from bot.embeds import embed_text, fit_embeds, plain_text
from bot.preferences import DEFAULT, Preferences
from bot.replies import Picture, Reply

PICTURES = Path(tempfile.gettempdir()) / "phonespec"
"""Where the console writes the images Discord would attach."""


@dataclass
class Console:
    """A conversation with the bot, offline. Holds the catalog and the last menu or pages."""

    catalog: Catalog
    data_path: Path
    prefix: str = "!"
    bot_id: int | None = None
    """The bot's user id, for `<@id>` mentions anywhere (None: a mention first is the bot)."""
    prefs: Preferences = DEFAULT
    """How answers are shown, as a server's settings would say (`PRICE_CURRENCY`...)."""
    pending: Reply | None = None
    page: int = 0

    def respond(self, line: str) -> Reply | None:
        """The bot's reply to one message, or None when the bot would stay silent. Routed by
        `bot.router`, exactly as the Discord bot routes it."""
        text = line.strip()
        if not text:
            return None
        follow_up = self._follow_up(text)
        if follow_up is not None:
            return follow_up
        routed = router.read(text, prefix=self.prefix, bot_id=self.bot_id)
        if routed is None:
            return None
        if routed.command == "reload":
            return self._remember(self.reload())
        reply = router.route(self.catalog, routed, prefix=self.prefix, prefs=self.prefs)
        return self._remember(reply)

    def _follow_up(self, text: str) -> Reply | None:
        """A number picks from the last menu; "more"/"back" turn the last pages."""
        pending = self.pending
        if pending is None:
            return None
        if pending.choose and text.isdigit() and 1 <= int(text) <= len(pending.choices):
            self.pending = None  # on Discord the answer replaces the menu
            return self._remember(pending.choose(pending.choices[int(text) - 1].value))
        if len(pending.pages) > 1 and text.lower() in ("more", "next", "back", "previous"):
            step = -1 if text.lower() in ("back", "previous") else 1
            self.page = max(0, min(self.page + step, len(pending.pages) - 1))
            return Reply(embeds=(pending.pages[self.page],))
        return None

    def _remember(self, reply: Reply | None) -> Reply | None:
        if reply is not None and (reply.choices or len(reply.pages) > 1):
            self.pending, self.page = reply, 0
        return reply

    def reload(self) -> Reply:
        """Re-read the data file; on errors keep the current catalog, as the bot does."""
        try:
            new = load_catalog(self.data_path)
        except CatalogError as exc:
            return answers.refused_reply(exc, self.catalog)
        diff = diff_catalogs(self.catalog, new)
        self.catalog = new
        return answers.reloaded_reply(new, diff)


def render(reply: Reply | None, pictures: Path | None = PICTURES) -> str:
    """A reply as readable text: content, embeds as text blocks (fitted as Discord would get
    them), the path of its image (written into `pictures`; None writes none) and how to use
    any controls."""
    if reply is None:
        return "(no reply)"
    parts = [plain_text(reply.content)] if reply.content else []
    parts += [embed_text(embed) for embed in fit_embeds(reply.embeds)]
    if reply.picture is not None and pictures is not None:
        parts.append(f"Image: {save_picture(reply.picture, pictures)}")
    if reply.choices:
        options = "\n".join(f"  {i}. {c.label}" for i, c in enumerate(reply.choices, 1))
        parts.append(f"Choose one by typing its number:\n{options}")
    if len(reply.pages) > 1:
        parts.append(f"(page 1/{len(reply.pages)}: type 'more' for the next page)")
    return "\n\n".join(parts)


def save_picture(picture: Picture, directory: Path) -> Path:
    """Write the image Discord would attach and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / picture.filename
    path.write_bytes(picture.render())
    return path


def run_console(console: Console, lines: Iterable[str], out: TextIO, *, prompt: str = "") -> None:
    """Answer each line until the input ends."""
    if prompt:
        out.write(prompt)
        out.flush()
    for line in lines:
        if line.strip():
            out.write(render(console.respond(line)) + "\n\n")
        if prompt:
            out.write(prompt)
        out.flush()
