"""MESSAGE_CONTENT=false: the bot runs on slash commands and mentions without the privileged
intent, and says in one log line what to do when Discord refuses the intent (close code 4014)."""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

import discord
import pytest

from bot.__main__ import NO_MESSAGE_CONTENT
from bot.config import Settings
from tests.e2e.harness import MESSAGES, content_of, embeds_of, settings_for, text_of
from tests.fakediscord import FakeDiscord
from tests.fakediscord.environment import bot_environment
from tests.fakediscord.messages import MESSAGE_CONTENT_INTENT

IDENTIFY = 2
START_TIMEOUT = 20  # imports and the catalog load, on a slow CI machine


@pytest.fixture
def settings(server: FakeDiscord, data_path: Path) -> Settings:
    return settings_for(server, data_path, message_content=False)


def posts(server: FakeDiscord) -> list[object]:
    return [r for r in server.requests if r.method == "POST" and re.fullmatch(MESSAGES, r.path)]


async def test_without_the_intent_the_bot_does_not_ask_for_it(
    server: FakeDiscord, bot: discord.Client
) -> None:
    [identify] = [frame for frame in server.gateway_frames if frame["op"] == IDENTIFY]
    assert not identify["d"]["intents"] & MESSAGE_CONTENT_INTENT


async def test_without_the_intent_mentions_and_slash_commands_are_answered(
    server: FakeDiscord, bot: discord.Client
) -> None:
    """A command after a mention works (Discord sends the text); so does a slash command."""
    await server.send_message(
        f"{server.mention('bot')} sync guild", author="owner", mentions=["bot"]
    )
    synced = await server.wait_for_bot_message()
    assert "slash commands" in content_of(synced)

    question = f"{server.mention('bot')} how big is the battery on the xiaomi 14 pro?"
    await server.send_message(question, mentions=["bot"])
    answered = await server.wait_for_bot_message()
    assert embeds_of(answered)[0]["title"] == "Xiaomi 14 Pro — battery"

    command = await server.send_command("spec", {"phone": "xiaomi-14-pro"})
    sheet = await server.wait_for_interaction_response(command)
    assert embeds_of(sheet)[0]["title"] == "Xiaomi 14 Pro"


async def test_without_the_intent_prefix_commands_and_cards_are_not_expected(
    server: FakeDiscord, bot: discord.Client
) -> None:
    """Discord blanks their text, so nothing answers them; a mention after them still works."""
    await server.send_message("!spec xiaomi 14 pro")
    await server.send_message("torn between the [[xiaomi 14 pro]] and [[pixel 8]]")
    await server.send_message(f"{server.mention('bot')} spec pixel 8", mentions=["bot"])
    reply = await server.wait_for_bot_message()
    await asyncio.sleep(0.2)  # an answer to the first two would have arrived by now

    assert embeds_of(reply)[0]["title"] == "Google Pixel 8"
    assert posts(server) == [reply]


async def test_help_says_what_needs_the_intent(server: FakeDiscord, bot: discord.Client) -> None:
    await server.send_message(f"{server.mention('bot')} help", mentions=["bot"])
    reply = await server.wait_for_bot_message()

    text = text_of(reply)
    assert "without Discord's Message Content intent" in text
    assert "`!` commands" in text
    assert "[[xiaomi 14 pro]]" not in text


async def test_a_refused_intent_is_one_log_line_saying_what_to_do(
    tmp_path: Path, data_path: Path
) -> None:
    """Discord closes the gateway with 4014: the bot exits 1 with one line, no traceback; with
    MESSAGE_CONTENT=false it then connects to the same Discord and answers a mention."""
    with FakeDiscord(message_content_allowed=False) as server:
        refused = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=tmp_path,
            env=bot_environment(server, data_path),
            stderr=asyncio.subprocess.PIPE,
        )
        _, stderr = await asyncio.wait_for(refused.communicate(), START_TIMEOUT)
        log = stderr.decode(errors="replace")

        assert refused.returncode == 1, log
        assert "Traceback" not in log, log
        assert [line for line in log.splitlines() if "4014" in line] == [
            line for line in log.splitlines() if NO_MESSAGE_CONTENT in line
        ]
        assert log.count(NO_MESSAGE_CONTENT) == 1, log

        env = bot_environment(server, data_path, MESSAGE_CONTENT="false")
        running = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
        )
        try:
            await server.wait_until_ready(timeout=START_TIMEOUT)
            await server.send_message(f"{server.mention('bot')} spec pixel 8", mentions=["bot"])
            reply = await server.wait_for_bot_message(timeout=10)
        finally:
            running.terminate()
            _, stderr = await asyncio.wait_for(running.communicate(), 15)

    assert embeds_of(reply)[0]["title"] == "Google Pixel 8"
    assert running.returncode == 0, stderr.decode(errors="replace")
