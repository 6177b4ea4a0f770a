"""The environment for running `python -m bot` as a separate process against a FakeDiscord."""

from __future__ import annotations

import os
from pathlib import Path

from bot.config import Settings
from tests.fakediscord.server import FakeDiscord

REPO = Path(__file__).resolve().parents[2]


def bot_environment(server: FakeDiscord, data_path: Path, **settings: str) -> dict[str, str]:
    """This process's environment without any PhoneSpec setting a developer may have exported,
    plus what points the bot at `server` and serves `data_path`; `settings` add or override
    (``COOLDOWN_COMMANDS="1000"``)."""
    ours = {name.upper() for name in Settings.model_fields}
    env = {key: value for key, value in os.environ.items() if key.upper() not in ours}
    return env | {
        "DISCORD_TOKEN": "test-token",
        "DISCORD_API_BASE": server.api_base,
        "DISCORD_GATEWAY_URL": server.gateway_url,
        "DATA_PATH": str(data_path),
        "LOG_LEVEL": "INFO",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
        **settings,
    }
