"""One router: what a message asks, and the reply, for Discord and the console alike.

`read` decides what a message is: a prefix command (`!spec ...`, the command name followed by
any whitespace, a newline too), a command or a question after a mention of the bot (at the
start or anywhere in the message), or `[[phone]]` look-ups. `route` answers it with the shared
answers. The Discord cog and the console call these two and nothing else to route a message,
so both answer every message the same way.

Commands that need Discord itself (`reload`, `sync`) are recognised but not answered here: the
caller handles them (`Routed.reply` is None).

What a server chose about how answers look (the comparison image, a price currency) reaches the
answers as `Preferences`: the cog passes its server's, the console and `ask` their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot import answers
from bot.catalog import Catalog
from bot.preferences import DEFAULT, Preferences
from bot.replies import Reply

OWN_HANDLING = frozenset({"reload", "sync"})
"""Commands the caller answers itself: moderators' reload, the owner's sync."""

BOT_NAMES = re.compile(r"^\s*(?:@phonespec\b|@bot\b|<@!?\d+>)[\s,:]*", re.IGNORECASE)
"""How the console types a mention of the bot (it has no user id: any mention first is it)."""
_TYPED_ANYWHERE = re.compile(r"(?<!\S)@(?:phonespec|bot)\b[\s,:]*", re.IGNORECASE)
"""The console's typed mention in the middle of a message, as a Discord mention may be."""
_MENTION = re.compile(r"<@!?(\d+)>")
_WHITESPACE = re.compile(r"\s+")

Answer = Callable[[Catalog, str, Preferences], Reply]
_REQUIRED = {"spec": "phone", "compare": "phones", "search": "words"}
"""Commands that need an argument, and its name in the usage note."""


@dataclass(frozen=True)
class Routed:
    """What a message asks: a command (canonical name) or "question" or "inline", and the
    text it is about; `explain` False for a reply to the bot that asks nothing."""

    command: str
    argument: str
    explain: bool = True


def _commands(prefix: str) -> dict[str, Answer]:
    """The commands the router answers."""
    return {
        "spec": lambda catalog, text, prefs: answers.spec(catalog, text, prefs=prefs),
        "compare": lambda catalog, text, prefs: answers.compare(catalog, text, prefs=prefs),
        "news": lambda catalog, text, prefs: answers.news(catalog, text, prefs=prefs),
        "phones": lambda catalog, text, prefs: answers.phones(catalog, text, prefs=prefs),
        "search": lambda catalog, text, _: answers.search(catalog, text),
        "find": lambda catalog, text, prefs: answers.find(catalog, text, prefs=prefs),
        "help": lambda catalog, _, __: answers.help_reply(prefix),
    }


def command_name(word: str) -> str | None:
    """The canonical command a typed name stands for ("vs": compare), None if none."""
    word = word.casefold()
    for name in (*_commands("!"), *OWN_HANDLING):
        if word == name or word in answers.ALIASES.get(name, ()):
            return name
    return None


def read(
    text: str, *, prefix: str, bot_id: int | None = None, replying_to_bot: bool = False
) -> Routed | None:
    """What `text` asks of the bot, or None when it asks nothing of it.

    `bot_id`: the bot's user id on Discord (its `<@id>` mention); the console types
    "@PhoneSpec". `replying_to_bot`: a reply to one of the bot's messages, which pings it
    without typing a mention.
    """
    text = text.strip()
    if not text:
        return None
    if prefix and text.startswith(prefix):
        routed = _command(text[len(prefix) :])
        if routed is not None:
            return routed
    addressed, rest = _addressed(text, bot_id)
    if addressed:
        return _command(rest) or Routed("question", rest)
    if replying_to_bot:
        return Routed("question", text, explain=False)
    if answers.may_hold_inline(text):
        return Routed("inline", text)
    return None


def _command(text: str) -> Routed | None:
    parts = _WHITESPACE.split(text.lstrip(), maxsplit=1)
    command = command_name(parts[0]) if parts[0] else None
    if command is None:
        return None
    return Routed(command, parts[1].strip() if len(parts) > 1 else "")


def _addressed(text: str, bot_id: int | None) -> tuple[bool, str]:
    """Whether the message mentions the bot (typed, anywhere), and the text without it."""
    typed = BOT_NAMES.match(text) if bot_id is None else None
    if typed:
        return True, text[typed.end() :].strip()
    if bot_id is None:
        typed = _TYPED_ANYWHERE.search(text)
        if typed is None:
            return False, text
        return True, f"{text[: typed.start()]} {text[typed.end() :]}".strip().strip(",:").strip()
    mine = [m for m in _MENTION.finditer(text) if int(m.group(1)) == bot_id]
    if not mine:
        return False, text
    for m in reversed(mine):
        text = text[: m.start()] + " " + text[m.end() :]
    return True, text.strip().strip(",:").strip()


def route(
    catalog: Catalog, routed: Routed, *, prefix: str, prefs: Preferences = DEFAULT
) -> Reply | None:
    """The reply to what `read` found, shown as `prefs` says; None for a command the caller
    handles itself (`OWN_HANDLING`) and for a question that asks nothing."""
    if routed.command in OWN_HANDLING:
        return None
    if routed.command == "question":
        return answers.question(catalog, routed.argument, explain=routed.explain, prefs=prefs)
    if routed.command == "inline":
        return answers.inline(catalog, routed.argument, prefs=prefs)
    needed = _REQUIRED.get(routed.command)
    if needed and not answers.without_mentions(routed.argument):
        usage = answers.usage(routed.command, prefix)
        return Reply(content=f"Missing *{needed}*. Usage: {usage}")
    return _commands(prefix)[routed.command](catalog, routed.argument, prefs)


def respond(
    catalog: Catalog,
    text: str,
    *,
    prefix: str,
    bot_id: int | None = None,
    prefs: Preferences = DEFAULT,
) -> tuple[Routed | None, Reply | None]:
    """`read` and `route` in one: what the message asks, and the reply."""
    routed = read(text, prefix=prefix, bot_id=bot_id)
    if routed is None:
        return None, None
    return routed, route(catalog, routed, prefix=prefix, prefs=prefs)
