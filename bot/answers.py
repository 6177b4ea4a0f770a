"""What each command answers, given the catalog: the logic the cogs and the console share.

Every function here is pure: it takes a `Catalog` and the user's words and returns a `Reply`.
The cogs parse Discord's input and send the reply; the console prints it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from rapidfuzz import process, utils

from bot import embeds
from bot.catalog import Catalog, CatalogDiff, CatalogError
from bot.comparison import compare_reply
from bot.embeds import CONTENT_MAX, Topic, escape, quoted, topic_for
from bot.matching import (
    FULL_SCORE,
    MAX_MESSAGE_WORDS,
    MAX_QUERY_CHARS,
    Candidate,
    Match,
    Mention,
    Outcome,
)
from bot.models import Phone
from bot.replies import Choice, Reply

MAX_COMPARED = 3
MAX_INLINE = 3
MAX_CHOICES = 25  # a Discord select menu holds at most 25 options
MAX_BRAND_CHARS = 40  # `phones <brand>`: longer text is not looked for fuzzily
MAX_BRANDS_SHOWN = 30  # brands listed when the one asked for is unknown

# Applied to text whose whitespace is already single spaces: `\s*` around the separators made a
# long run of spaces quadratic to split.
_COMPARE_SPLIT = re.compile(r"(?:,|;|\bvs\.?(?=\s|$)|\bversus\b|\band\b|&|\bor\b)", re.I)
MAX_COMPARE_CHARS = 3 * MAX_QUERY_CHARS + 50  # three queries and their separators
_INLINE = re.compile(r"\[\[([^\[\]\n]{1,100})\]\]")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
"""Code blocks and spans: `df[[cols]]` in code is not a look-up."""


# --- finding the phone, or saying why not -------------------------------------------------


_DISCORD_MARKUP = re.compile(r"<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b")


def without_mentions(text: str) -> str:
    return _DISCORD_MARKUP.sub(" ", text).strip()


def resolve(catalog: Catalog, query: str) -> Match:
    """The index's verdict, with an exact phone id (from autocomplete) always found.

    Mentions typed into a query ("xiaomi 14 pro <@123>") are not part of the phone's name.
    """
    query = without_mentions(query)
    phone = catalog.by_id.get(query)
    if phone is not None:
        return Match(query, Outcome.FOUND, (Candidate(phone, FULL_SCORE),))
    return catalog.index.find(query)


def _unresolved(catalog: Catalog, match: Match, then: Callable[[Phone], Reply]) -> Reply:
    """The reply when `match` is not one confident phone: choices, or a not-found note."""
    phones = [c.phone for c in match.candidates]
    if match.outcome is Outcome.AMBIGUOUS:
        return Reply(
            content=embeds.ambiguous_text(match.query, phones),
            choices=_choices(phones),
            choose=lambda phone_id: then(catalog.by_id[phone_id]),
        )
    return Reply(content=embeds.not_found_text(match.query, phones[:3]))


def _choices(phones: Sequence[Phone]) -> tuple[Choice, ...]:
    return tuple(
        Choice(label=p.name[:100], value=p.id, description=_choice_line(p))
        for p in phones[:MAX_CHOICES]
    )


def _choice_line(phone: Phone) -> str:
    parts = [str(phone.launched.year)]
    if phone.chipset:
        parts.append(phone.chipset.name)
    return " · ".join(parts)[:100]


WHICH_PHONE = "Which phone? Try `spec xiaomi 14 pro` or `spec pixel 8 battery`."


def _with_phone(catalog: Catalog, query: str, then: Callable[[Phone], Reply]) -> Reply:
    if not without_mentions(query):
        return Reply(content=WHICH_PHONE)
    return _answer(catalog, resolve(catalog, query), then)


def _answer(catalog: Catalog, match: Match, then: Callable[[Phone], Reply]) -> Reply:
    """`then(phone)` when `match` found one phone; otherwise choices or a not-found note."""
    if match.outcome is Outcome.FOUND and match.phone is not None:
        return then(match.phone)
    return _unresolved(catalog, match, then)


# --- spec --------------------------------------------------------------------------------


def split_topic(text: str) -> tuple[str, Topic | None]:
    """ "xiaomi 14 pro battery" -> ("xiaomi 14 pro", BATTERY): topic words count only at the end."""
    words = text.split()
    for size in (2, 1):
        if len(words) > size:
            topic = topic_for(" ".join(words[-size:]))
            if topic is not None:
                return " ".join(words[:-size]), topic
    return text.strip(), None


def spec(catalog: Catalog, text: str, topic: Topic | None = None) -> Reply:
    """`spec <phone> [topic]`: the spec sheet, or just one topic of it."""
    if topic is None:
        query, topic = split_topic(text)
        if topic is None or not _names_the_phone(catalog, text, query):
            text = query
        else:
            topic = None
    return _with_phone(catalog, text, lambda phone: spec_of(catalog, phone, topic))


_NAME_WORD = re.compile(r"[^\W_]+")


def _names_the_phone(catalog: Catalog, text: str, query: str) -> bool:
    """Whether the words `split_topic` read as a topic belong to a phone's name: "pixel 4a 5g"
    is the Pixel 4a (5G), not the Pixel 4a's connectivity."""
    phone = catalog.index.identify(without_mentions(text))
    if phone is None:
        return False
    named = {word for name in (phone.name, *phone.aliases) for word in _words(name)}
    return set(_words(text)) - set(_words(query)) <= named


def _words(text: str) -> list[str]:
    return _NAME_WORD.findall(text.casefold())


def spec_of(catalog: Catalog, phone: Phone, topic: Topic | None = None) -> Reply:
    if topic is None:
        return Reply(embeds=(embeds.spec_embed(phone, catalog.updated),), report=phone.id)
    return Reply(embeds=(embeds.topic_embed(phone, topic, catalog.updated),), report=phone.id)


# --- compare -----------------------------------------------------------------------------


def split_phones(text: str) -> list[str]:
    """ "a vs b", "a, b", "a and b" -> the phone queries; parts that are empty, or nothing but
    mentions ("@everyone vs @here"), are dropped."""
    text = " ".join(text.split())[:MAX_COMPARE_CHARS]
    parts = (part.strip() for part in _COMPARE_SPLIT.split(text))
    return [part for part in parts if part and without_mentions(part)]


TEXT_FLAG = re.compile(r"(?<!\S)(?:--|—|–)text(?!\S)", re.I)
"""`compare a vs b --text`: no image, the text embed only ("—text": phones turn "--" into a
dash as you type)."""


def compare(catalog: Catalog, text: str, *, image: bool = True) -> Reply:
    """`compare a vs b [vs c] [topic] [--text]`: phones side by side, better values marked;
    a topic at the end ("battery") keeps only its rows. `image` False (or `--text`) sends no
    image card (the hook for a per-server setting)."""
    if TEXT_FLAG.search(text):
        text, image = TEXT_FLAG.sub(" ", text), False
    text, topic = _compare_topic(catalog, text)
    queries = split_phones(text)
    if len(queries) < 2:
        found = catalog.index.mentions(text, limit=MAX_COMPARED + 1)
        queries = [m.phone.id for m in found] if len(found) >= 2 else queries
    return compare_queries(catalog, queries, topic, image=image)


def _compare_topic(catalog: Catalog, text: str) -> tuple[str, Topic | None]:
    """ "a vs b battery" -> ("a vs b", BATTERY), unless the words belong to the last phone's
    name ("pixel 8 vs pixel 4a 5g")."""
    rest, topic = split_topic(text)
    parts = split_phones(text)
    if topic is None or not parts:
        return text, None
    last, _ = split_topic(parts[-1])
    return (text, None) if _names_the_phone(catalog, parts[-1], last) else (rest, topic)


def compare_queries(
    catalog: Catalog, queries: Sequence[str], topic: Topic | None = None, *, image: bool = True
) -> Reply:
    """Compare what each query finds; the first unclear one is asked about first."""
    queries = [query for query in queries if without_mentions(query)]
    if len(queries) < 2:
        return Reply(
            content="Name two or three phones, e.g. `compare xiaomi 14 pro vs pixel 8 pro`."
        )
    if len(queries) > MAX_COMPARED:
        return Reply(content=f"I compare at most {MAX_COMPARED} phones at a time.")
    phones: list[Phone] = []
    for position, query in enumerate(queries):
        match = resolve(catalog, query)
        if match.outcome is not Outcome.FOUND or match.phone is None:

            def retry(phone: Phone, position: int = position) -> Reply:
                chosen = [*queries[:position], phone.id, *queries[position + 1 :]]
                return compare_queries(catalog, chosen, topic, image=image)

            return _unresolved(catalog, match, retry)
        phones.append(match.phone)
    # By id: a Phone is not hashable (its price is a dict), so dict.fromkeys(phones) raises.
    unique = list({phone.id: phone for phone in phones}.values())
    if len(unique) < 2:
        name = escape(unique[0].name)
        return Reply(content=f"Those are all the {name}: name two different phones.")
    return compare_reply(unique, catalog.updated, topic, image=image)


# --- news --------------------------------------------------------------------------------


def news(catalog: Catalog, text: str = "") -> Reply:
    """`news [phone]`: the phone's and its series' launch news, or the latest across the catalog."""
    if not text.strip():
        latest = catalog.latest_news()
        if not latest:
            return Reply(content="The catalog has no news yet.")
        return Reply(embeds=tuple(embeds.latest_news_embeds(latest)))
    return _with_phone(catalog, text, lambda phone: news_of(catalog, phone))


ANNOUNCED_BEFORE_RELEASE = dt.timedelta(days=45)
"""How long before its release a phone known only by its release date may have been shown."""


def news_of(catalog: Catalog, phone: Phone) -> Reply:
    """The phone's launch card (from its data), then its news and the series news that is not
    older than the phone: a later phone of the series did not "sell a million in a week"."""
    items = [
        item
        for item in catalog.news_for(phone)
        if item in phone.news or item.date >= first_shown(phone)
    ]
    launch = embeds.launch_embed(phone)
    return Reply(embeds=tuple(embeds.news_embeds(phone.name, items, launch=launch)))


def first_shown(phone: Phone) -> dt.date:
    """The earliest day news can be about the phone: its announcement, or with only a release
    date known, some weeks before it (the S25 Ultra's Unpacked came two weeks before its sale)."""
    return phone.announced or phone.launched - ANNOUNCED_BEFORE_RELEASE


# --- lists -------------------------------------------------------------------------------


def phones(catalog: Catalog, brand: str = "") -> Reply:
    """`phones [brand]`: every phone (of a brand), newest first, in pages."""
    if not brand.strip():
        title = f"All phones ({len(catalog.phones)})"
        return Reply(pages=embeds.list_pages(title, catalog.newest))
    brand = " ".join(brand.split())
    listed = catalog.phones_of(brand)
    if listed:
        return Reply(pages=embeds.list_pages(f"{listed[0].brand} phones", listed))
    close = []
    if len(brand) <= MAX_BRAND_CHARS:  # longer is no brand's typo; fuzzy scoring it is costly
        close = process.extract(brand, catalog.brands, processor=utils.default_process, limit=3)
    hint = ", ".join(name for name, score, _ in close if score >= 60)
    if not hint:
        shown = catalog.brands[:MAX_BRANDS_SHOWN]
        hint = ", ".join(shown) + (", …" if len(catalog.brands) > len(shown) else "")
    return Reply(content=f"No brand called {quoted(brand)} in the catalog. Brands: {hint}.")


def search(catalog: Catalog, text: str) -> Reply:
    """`search <text>`: every phone the words could mean, best first, in pages."""
    if not text.strip():
        return Reply(content="Search for what? Try `search galaxy s2` or `search pixel`.")
    found = catalog.index.suggest(text, limit=100)
    if not found:
        return Reply(content=f"Nothing in the catalog matches {quoted(text)}.")
    title = f"Search: {' '.join(text.split())[:80]}"
    return Reply(pages=embeds.list_pages(title, found))


# --- plain-language questions and [[inline]] look-ups --------------------------------------


def question(catalog: Catalog, text: str, *, explain: bool = True) -> Reply | None:
    """A message addressed to the bot: a topic about a phone, a comparison, or a spec sheet.

    When the message names no phone: how to ask, or None with `explain=False` (a reply to one
    of the bot's messages, such as "thanks!", pings the bot without asking anything).
    """
    mentions = catalog.index.mentions(text, limit=MAX_COMPARED + 1)
    words = re.findall(r"[a-z0-9+]+", _outside(text, mentions).lower())[:MAX_MESSAGE_WORDS]
    topic = _question_topic(words)
    if len(mentions) >= 2:
        return compare_queries(catalog, [m.phone.id for m in mentions[:MAX_COMPARED]])
    if len(mentions) == 1:
        return spec_of(catalog, mentions[0].phone, topic)
    remainder = " ".join(w for w in words if topic_for(w) is None and w not in _FILLER)
    if not remainder:
        return Reply(content=_QUESTION_HELP) if explain else None
    match = resolve(catalog, remainder)
    if match.outcome is Outcome.NOT_FOUND and not match.candidates:
        return Reply(content=_QUESTION_HELP) if explain else None
    return _answer(catalog, match, lambda phone: spec_of(catalog, phone, topic))


_QUESTION_HELP = (
    "Ask me about a phone, e.g. *how big is the battery on the xiaomi 14 pro?* "
    "or *xiaomi 14 pro vs pixel 8 pro*. `!help` lists every command."
)
_FILLER = frozenset(
    """a an the is are was were does do did how what whats what's which who when where why of on
    in for to with about its it's it has have get tell me show please much many big large the
    phone phones spec specs sheet does hey hi there i you can could would""".split()
)
# Words that name a topic only when nothing more specific does ("how *big* is the battery").
_WEAK_TOPICS = frozenset({"big", "when", "date", "how", "much"})


def _question_topic(words: Sequence[str]) -> Topic | None:
    """The first topic word, preferring any other to the weak ones."""
    found = [(word, topic) for word in words if (topic := topic_for(word)) is not None]
    strong = (topic for word, topic in found if word not in _WEAK_TOPICS)
    return next(strong, found[0][1] if found else None)


def _outside(text: str, mentions: Sequence[Mention]) -> str:
    """The text with the phone names cut out, so "pro" or "8" never reads as a topic word."""
    pieces, last = [], 0
    for mention in mentions:
        pieces.append(text[last : mention.start])
        last = mention.end
    pieces.append(text[last:])
    return " ".join(pieces)


def may_hold_inline(text: str) -> bool:
    """Whether `inline` could answer `text`: a cheap test made before the rate limit is spent."""
    return "[[" in text and "]]" in text


def inline(catalog: Catalog, text: str) -> Reply | None:
    """`[[phone]]` anywhere in a message: a compact card for each (at most three)."""
    queries = list(dict.fromkeys(_INLINE.findall(_CODE.sub(" ", text))))[:MAX_INLINE]
    if not queries:
        return None
    cards, notes = [], []
    for query in queries:
        match = resolve(catalog, query)
        if match.outcome is Outcome.FOUND and match.phone is not None:
            cards.append(embeds.card_embed(match.phone))
        elif match.outcome is Outcome.AMBIGUOUS:
            names = ", ".join(escape(c.phone.name) for c in match.candidates[:5])
            notes.append(f"[[{escape(query)}]] could be: {names}.")
        else:
            notes.append(f"[[{escape(query)}]]: no such phone in the catalog.")
    return Reply(content="\n".join(notes), embeds=tuple(cards))


# --- help --------------------------------------------------------------------------------

ALIASES: dict[str, tuple[str, ...]] = {
    "spec": ("specs", "phone"),
    "compare": ("vs", "versus"),
    "news": ("launch",),
    "phones": ("list",),
    "search": ("find",),
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
    fields = [
        {"name": f"{prefix}{usage}", "value": f"{what}\n`{prefix}{example}`", "inline": False}
        for usage, example, what in COMMANDS
    ]
    inline = "Inline cards: `[[xiaomi 14 pro]]` anywhere in a message (up to 3)."
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
    return Reply(embeds=(embeds.fit_embed(embed),))


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
