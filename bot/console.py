"""The offline console: type what you would type in Discord, read what the bot would answer.

It routes a line the way the Discord bot does (prefix commands, a mention question, `[[phone]]`)
and calls the very same functions in `bot.answers`; only the rendering differs (text, not embeds).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bot import answers
from bot.catalog import Catalog, CatalogError, diff_catalogs, load_catalog
from bot.embeds import embed_text, plain_text
from bot.replies import Picture, Reply

PICTURES = Path(tempfile.gettempdir()) / "phonespec"
"""Where the console writes the images Discord would attach."""

MENTION = re.compile(r"^\s*(?:@phonespec|@bot|<@!?\d+>)[\s,:]*", re.I)

Command = Callable[[Catalog, str], Reply]


def _help_for(prefix: str) -> Command:
    return lambda catalog, _: answers.help_reply(prefix)


@dataclass
class Console:
    """A conversation with the bot, offline. Holds the catalog and the last menu or pages."""

    catalog: Catalog
    data_path: Path
    prefix: str = "!"
    pending: Reply | None = None
    page: int = 0
    commands: dict[str, Command] = field(init=False)

    def __post_init__(self) -> None:
        table: dict[str, Command] = {
            "spec": answers.spec,
            "compare": answers.compare,
            "news": answers.news,
            "phones": answers.phones,
            "search": answers.search,
            "help": _help_for(self.prefix),
            "reload": lambda catalog, _: self.reload(),
        }
        self.commands = {
            alias: command
            for name, command in table.items()
            for alias in (name, *answers.ALIASES.get(name, ()))
        }

    def respond(self, line: str) -> Reply | None:
        """The bot's reply to one message, or None when the bot would stay silent."""
        text = line.strip()
        if not text:
            return None
        follow_up = self._follow_up(text)
        if follow_up is not None:
            return follow_up
        # As on Discord: a command after the prefix or the mention; else a mention is a question,
        # and any other message (an unknown command too) may hold [[phone]] look-ups.
        mention = MENTION.match(text)
        if text.startswith(self.prefix) or mention:
            command_text = text[mention.end() :] if mention else text[len(self.prefix) :]
            reply = self._command(command_text)
            if reply is None and mention:
                reply = answers.question(self.catalog, command_text)
            if reply is not None:
                return self._remember(reply)
        return self._remember(answers.inline(self.catalog, text))

    def _command(self, text: str) -> Reply | None:
        """The command's reply, or None when `text` names no command."""
        name, _, rest = text.strip().partition(" ")
        command = self.commands.get(name.lower())
        return command(self.catalog, rest.strip()) if command else None

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
    """A reply as readable text: content, embeds as text blocks, the path of its image (written
    into `pictures`; None writes none) and how to use any controls."""
    if reply is None:
        return "(no reply)"
    parts = [plain_text(reply.content)] if reply.content else []
    parts += [embed_text(embed) for embed in reply.embeds]
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
