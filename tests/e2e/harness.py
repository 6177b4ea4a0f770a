"""What the end-to-end tests share: settings for a bot aimed at FakeDiscord, and readers for
what it sent."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot.config import Settings
from tests.fakediscord import FakeDiscord
from tests.fakediscord.recording import Request

REPO = Path(__file__).resolve().parents[2]
BUNDLED_DATA = REPO / "data" / "specs.yaml"
MESSAGES = r"/channels/\d+/messages"
NO_PINGS = {"parse": []}
"""What `discord.AllowedMentions.none()` sends: nobody is pinged, whatever the text says."""


def settings_for(server: FakeDiscord, data_path: Path, **overrides: Any) -> Settings:
    """Every setting explicit (no `.env`, nothing from the environment that matters)."""
    values: dict[str, Any] = {
        "discord_token": "test-token",
        "command_prefix": "!",
        "data_path": data_path,
        # The test guild is the home server; its Helpers are curators, its Moderators (Manage
        # Server) are not.
        "home_guild_id": server.guild_id,
        "curator_role_ids": (server.guild.roles["helpers"].id,),
        "database_url": f"sqlite+aiosqlite:///{data_path.parent / 'phonespec.db'}",
        "review_channel_id": server.channel_id,
        "owner_ids": (),
        "log_level": "INFO",
        "dev_guild_id": None,
        "sync_commands_on_start": False,
        "auto_reload": False,
        # High enough that no test is slowed or dropped by the per-user cooldown.
        "cooldown_commands": 10_000,
        "cooldown_seconds": 1.0,
        "discord_api_base": server.api_base,
        "discord_gateway_url": server.gateway_url,
        "shard_count": None,
        "shard_ids": (),
    }
    return Settings(_env_file=None, **(values | overrides))  # type: ignore[call-arg]


def embeds_of(request: Request) -> list[dict[str, Any]]:
    """The embeds of a message the bot posted, or of an interaction callback's message."""
    body = request.json or {}
    return list(body.get("data", body).get("embeds") or [])


def content_of(request: Request) -> str:
    body = request.json or {}
    return body.get("data", body).get("content") or ""


def components_of(request: Request) -> list[dict[str, Any]]:
    """The interactive components (buttons, selects) of a posted message, rows flattened."""
    body = request.json or {}
    rows = body.get("data", body).get("components") or []
    return [component for row in rows for component in row.get("components", [])]


def text_of(request: Request) -> str:
    """Everything a reader sees: content, and each embed's author, title, description, fields
    and footer, one per line."""
    lines = [content_of(request)]
    for embed in embeds_of(request):
        lines += [(embed.get("author") or {}).get("name", ""), embed.get("title", "")]
        lines.append(embed.get("description", ""))
        for field in embed.get("fields") or ():
            lines += [field["name"], field["value"]]
        lines.append((embed.get("footer") or {}).get("text", ""))
    return "\n".join(line for line in lines if line)


def battery_of(request: Request) -> int:
    """The capacity a spec reply states in its "Battery & charging" field."""
    [embed] = embeds_of(request)
    [field] = [f for f in embed["fields"] if f["name"].startswith("Battery")]
    found = re.match(r"(\d+) mAh", field["value"])
    assert found, field
    return int(found[1])


def phones_in(path: Path) -> int:
    """How many phones a data file holds (one `- id:` line each before `series:`)."""
    return path.read_text().split("\nseries:\n")[0].count("\n- id: ")


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the data"
    return text.replace(old, new)
