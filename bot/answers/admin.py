"""`help`, and the replies to a moderator's `reload`."""

from __future__ import annotations

from bot.catalog import Catalog, CatalogDiff, CatalogError
from bot.embeds import CONTENT_MAX
from bot.replies import Reply

# --- help --------------------------------------------------------------------------------

ALIASES: dict[str, tuple[str, ...]] = {
    "spec": ("specs", "phone"),
    "compare": ("vs", "versus"),
    "news": ("launch",),
    "phones": ("list",),
    "search": (),
    "find": ("filter", "rank"),
    "help": ("commands",),
}
"""Other names each command answers to, for the Discord bot and the console alike."""

COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("spec <phone> [topic]", "spec xiaomi 14 pro", "the spec sheet; add a topic for one answer"),
    ("spec <phone> <topic>", "spec pixel 8 pro battery", "battery, camera, display, charging…"),
    (
        "compare <a> vs <b> [vs <c>] [topic]",
        "compare xiaomi 14 pro vs pixel 8 pro",
        "side by side, as an image (`--text`: text only); a topic keeps its rows",
    ),
    ("news [phone]", "news xiaomi 14", "launch news for a phone and its series, or the latest"),
    ("phones [brand]", "phones samsung", "every phone, or one brand's, newest first"),
    ("search <words>", "search galaxy s2", "every phone the words could mean"),
    (
        "find <criteria>",
        "find 120hz under 190g lightest",
        "phones by their specs, ranked: battery, charging, weight, price in a currency, year…",
    ),
    (
        "report <phone> <what is wrong> [field value source]",
        'report "pixel 8" "weight is 187 g"',
        "report a mistake; curators review it",
    ),
    ("catalog export|history|diff <v> [w]", "catalog history", "the catalog's versions"),
    (
        "catalog import|set|rollback",
        "catalog set xiaomi-14-pro os HyperOS",
        "curators: change the catalog after a diff and Confirm",
    ),
    ("reload", "reload", "curators: re-read the spec data"),
)


def usage(command: str, prefix: str) -> str | None:
    """How to call a command, with an example: "`!spec <phone> [topic]`, e.g. `!spec xiaomi
    14 pro`"; None for a command the help does not list."""
    for call, example, _ in COMMANDS:
        if call.split()[0] == command:
            return f"`{prefix}{call}`, e.g. `{prefix}{example}`"
    return None


NO_MESSAGE_CONTENT_HELP = (
    "This bot runs without Discord's Message Content intent, so it cannot read `{prefix}`"
    " commands or `[[phone]]` cards: use the slash commands (`/spec`, `/compare`…), mention me"
    " with the command (`@PhoneSpec spec xiaomi 14 pro`), or DM me."
)


def help_reply(prefix: str, *, message_content: bool = True) -> Reply:
    """`help`: every command with an example, and the other ways to ask. Without the Message
    Content intent (`message_content` false) it says which of them the bot cannot read."""
    inline = "Inline cards: `[[xiaomi 14 pro]]` anywhere in a message (up to 3)."
    fields = [
        {"name": f"{prefix}{usage}", "value": f"{what}\n`{prefix}{example}`", "inline": False}
        for usage, example, what in COMMANDS
    ]
    fields.append(
        {
            "name": "Ask in plain words",
            "value": "Mention me: `@PhoneSpec how heavy is the mate 60 pro?`"
            + (f"\n{inline}" if message_content else ""),
            "inline": False,
        }
    )
    description = "Every command also works as a slash command (`/spec`, `/compare`…)."
    if not message_content:
        description = NO_MESSAGE_CONTENT_HELP.format(prefix=prefix)
    embed = {"title": "PhoneSpec commands", "description": description, "fields": fields}
    return Reply(embeds=(embed,))


# --- reload ------------------------------------------------------------------------------

MAX_SHOWN_PROBLEMS = 10


def reloaded_reply(catalog: Catalog, diff: CatalogDiff) -> Reply:
    """What changed, after a successful reload."""
    lines = [f"Reloaded: {catalog.summary()}.", f"Changes: {diff.summary()}."]
    for label, ids in (("Added", diff.added), ("Changed", diff.changed), ("Removed", diff.removed)):
        if ids:
            shown = ", ".join(ids[:15]) + (f" and {len(ids) - 15} more" if len(ids) > 15 else "")
            lines.append(f"{label}: {shown}")
    return Reply(content="\n".join(lines))


def refused_reply(error: CatalogError, kept: Catalog) -> Reply:
    """The errors in a code block (the first ten, or fewer when they are long, then a count),
    and that the old catalog still serves; always within one message."""
    problems = [_code_line(str(problem)) for problem in error.problems]
    count = len(problems)
    head = (
        f"Reload refused: {count} problem{'s' if count != 1 else ''} in the data. "
        f"Still serving the previous catalog ({kept.summary()}).\n```\n"
    )
    room = CONTENT_MAX - len(head) - len(f"\n… and {count} more\n```")
    shown: list[str] = []
    for problem in problems[:MAX_SHOWN_PROBLEMS]:
        room -= len(problem) + 1
        if room < 0:
            break
        shown.append(problem)
    more = count - len(shown)
    tail = f"\n… and {more} more" if more > 0 else ""
    return Reply(content=head + "\n".join(shown) + tail + "\n```")


def _code_line(text: str, limit: int = 500) -> str:
    """Text that stays inside a code block: no closing fence, bounded length."""
    text = text.replace("```", "`\u200b`\u200b`")
    return text if len(text) <= limit else text[: limit - 1] + "…"
