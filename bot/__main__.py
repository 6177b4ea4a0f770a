"""Command line.

- `python -m bot [--sync]`: with a token, run the Discord bot; without one, the offline console.
- `python -m bot ask [--data PATH] [--json] [--currency CODE] MESSAGE... | -`: answer messages
  once (prices in CODE first, as in a server that chose it; default `PRICE_CURRENCY`).
- `python -m bot check [PATH]`: validate spec data (exit 0 valid, 1 invalid, 2 usage error).
- `python -m bot audit [PATH]`: list conflicts, implausible values and missing fields, and how
  many phones have model numbers, codenames or identifiers (exit 0 when there is no conflict
  nor implausible value, 1 otherwise).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import discord
from pydantic import ValidationError

from bot.catalog import Catalog, CatalogError, collector_paused
from bot.catalogcache import CatalogCache, load_cached
from bot.config import Settings
from bot.console import Console, render, run_console
from bot.preferences import Preferences
from bot.prices import CurrencyError, check_currency, currencies_of

log = logging.getLogger("bot")

NO_TOKEN = """\
No DISCORD_TOKEN set, so PhoneSpec runs offline: type a message as you would in Discord
(`!spec xiaomi 14 pro`, `!compare xiaomi 14 pro vs pixel 8 pro`, `@PhoneSpec how heavy is the
mate 60 pro?`, `[[pixel 8]]`); end with Ctrl-D. To connect to Discord, put DISCORD_TOKEN=... in
the environment or in .env (see .env.example).
"""


BAD_TOKEN = """\
Discord refused DISCORD_TOKEN. Copy the bot's token again (Bot > Reset Token at
https://discord.com/developers/applications) into .env or the environment."""

NO_MESSAGE_CONTENT = (
    "Discord refused the Message Content intent (close code 4014): enable it at"
    " https://discord.com/developers/applications (Bot > Privileged Gateway Intents) and restart,"
    " or set MESSAGE_CONTENT=false to run on slash commands, mentions and DMs only."
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="PhoneSpec: smartphone specs on Discord."
    )
    parser.add_argument("--sync", action="store_true", help="sync slash commands at start-up")
    commands = parser.add_subparsers(dest="command")
    check = commands.add_parser("check", help="validate spec data and print a one-line summary")
    check.add_argument("path", nargs="?", type=Path, help="a YAML file or a directory of them")
    audit = commands.add_parser("audit", help="list conflicts, implausible and missing values")
    audit.add_argument("path", nargs="?", type=Path, help="a YAML file or a directory of them")
    ask = commands.add_parser("ask", help="answer each message once, as the bot would")
    ask.add_argument("messages", nargs="+", help="messages; '-' reads one a line from stdin")
    ask.add_argument("--data", type=Path, help="spec data (default: DATA_PATH)")
    ask.add_argument("--json", action="store_true", help="print the Discord message payloads")
    ask.add_argument(
        "--currency",
        help="show prices in this currency first, e.g. EUR; none: each phone's own order"
        " (default: PRICE_CURRENCY)",
    )
    return parser


def check(path: Path) -> int:
    """Validate `path`; print the summary (exit 0) or every problem (exit 1)."""
    catalog = _load(path)
    if catalog is None:
        return 1
    print(f"{path}: OK: {catalog.summary()}")
    return 0


def audit(path: Path) -> int:
    """Print every finding of `bot.audit` and a count per kind; exit 1 on any error."""
    from bot.audit import audit as findings_of
    from bot.audit import identity_coverage

    catalog = _load(path)
    if catalog is None:
        return 1
    findings = findings_of(catalog.phones, catalog.updated.date())
    for finding in findings:
        print(finding)
    kinds = Counter(finding.kind for finding in findings)
    errors = sum(1 for finding in findings if finding.is_error)
    counts = ", ".join(f"{kinds[kind]} {kind}" for kind in ("conflict", "implausible", "missing"))
    for coverage in identity_coverage(catalog.phones):
        print(coverage)
    print(f"{path}: {len(catalog.phones)} phones: {counts} ({errors} to resolve)")
    return 1 if errors else 0


def _load(path: Path, cache: CatalogCache | None = None) -> Catalog | None:
    """The catalog at `path`, or None after printing why not; single-threaded (the CLI, start-up
    before the event loop), so the collector may pause meanwhile."""
    try:
        with collector_paused():
            return load_cached(path, cache)
    except CatalogError as exc:
        print(exc, file=sys.stderr)
        return None


def ask(
    messages: Iterable[str], data: Path, settings: Settings, as_json: bool, currency: str | None
) -> int:
    """Print the reply to each message: readable text, or one JSON payload per line.
    `currency`: as typed after `--currency` (None: `PRICE_CURRENCY`)."""
    catalog = _load(data)
    if catalog is None:
        return 1
    prefs = _preferences(settings)
    if currency is not None:
        try:
            chosen = check_currency(currency, currencies_of(catalog.phones))
        except CurrencyError as exc:
            print(f"--currency: {exc}", file=sys.stderr)
            return 2
        prefs = replace(prefs, currency=chosen)
    from bot.views import payload

    console = Console(catalog, data, settings.command_prefix, prefs=prefs)
    for message in messages:
        reply = console.respond(message)
        if as_json:
            print(json.dumps(payload(reply) if reply else None, ensure_ascii=False))
        else:
            print(render(reply), end="\n\n")
    return 0


def _preferences(settings: Settings) -> Preferences:
    """What a server that chose nothing gets: the `.env` defaults (`bot.serversettings`)."""
    return Preferences(image=settings.compare_image, currency=settings.price_currency)


def _messages(arguments: Sequence[str]) -> Iterable[str]:
    for argument in arguments:
        if argument == "-":
            yield from (line.rstrip("\n") for line in sys.stdin if line.strip())
        else:
            yield argument


def run(settings: Settings) -> int:
    """The Discord bot when a token is set, else the offline console on standard input."""
    catalog = _load(settings.data_path, CatalogCache(settings.catalog_cache))
    if catalog is None:
        return 1
    if settings.token is None:
        print(NO_TOKEN, file=sys.stderr)
        prefs = _preferences(settings)
        console = Console(catalog, settings.data_path, settings.command_prefix, prefs=prefs)
        prompt = "> " if sys.stdin.isatty() else ""
        run_console(console, sys.stdin, sys.stdout, prompt=prompt)
        return 0
    from bot.client import run as run_bot

    discord.utils.setup_logging(level=logging.getLevelNamesMapping()[settings.log_level])
    try:
        asyncio.run(run_bot(settings, catalog))
    except discord.LoginFailure:
        print(BAD_TOKEN, file=sys.stderr)
        return 1
    except discord.PrivilegedIntentsRequired:
        log.error(NO_MESSAGE_CONTENT)  # one line in the bot's log, where an operator looks
        return 1
    return 0


def _settings() -> Settings | None:
    """The settings, or None after printing which ones are wrong (a person reads this)."""
    try:
        return Settings()
    except ValidationError as exc:
        lines = [
            f"  {'.'.join(map(str, error['loc'])).upper()}: "
            + error["msg"].removeprefix("Value error, ")
            for error in exc.errors()
        ]
        print("Invalid settings (environment or .env):", *lines, sep="\n", file=sys.stderr)
        return None


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`python -m bot ask ... | head`): stop quietly, as the Python docs
        # advise, sending what is still buffered nowhere instead of raising at exit too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    settings = _settings()
    if settings is None:
        return 2
    if args.sync:
        settings = settings.model_copy(update={"sync_commands_on_start": True})
    if args.command == "check":
        return check(args.path or settings.data_path)
    if args.command == "audit":
        return audit(args.path or settings.data_path)
    if args.command == "ask":
        data = args.data or settings.data_path
        return ask(_messages(args.messages), data, settings, args.json, args.currency)
    try:
        return run(settings)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
