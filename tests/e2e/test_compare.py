"""`!compare` through the local Discord: the image card attached where the bot may attach files,
the text embed where it may not, and `--text`."""

from __future__ import annotations

import io

import discord
from PIL import Image

from tests.e2e.harness import components_of, embeds_of
from tests.fakediscord import FakeDiscord, Request
from tests.fakediscord.guild import Permission

CARD = "xiaomi-14-pro-vs-pixel-8-pro.png"


def assert_card(reply: Request) -> None:
    """One PNG attached and shown as the embed's image, the verdict above it."""
    [upload] = reply.files
    assert upload.filename == CARD
    assert Image.open(io.BytesIO(upload.data)).format == "PNG"
    [embed] = embeds_of(reply)
    assert embed["title"] == "Xiaomi 14 Pro vs Google Pixel 8 Pro"
    assert embed["image"]["url"] == f"attachment://{CARD}"
    assert embed["description"].startswith("14 Pro wins more rows — 14 Pro: ")
    assert "data as of" in embed["footer"]["text"]


def assert_text_only(reply: Request) -> None:
    assert reply.files == ()
    [embed] = embeds_of(reply)
    assert "image" not in embed
    assert "\nBattery: 4880 mAh | **5050 mAh** ✅\n" in embed["description"]


async def test_compare_attaches_the_card(server: FakeDiscord, bot: discord.Client) -> None:
    await server.send_message("!compare xiaomi 14 pro vs pixel 8 pro")
    assert_card(await server.wait_for_bot_message())
    assert server.messages()[-1]["attachments"][0]["filename"] == CARD


async def test_compare_sends_text_where_the_bot_cannot_attach_files(
    server: FakeDiscord, bot: discord.Client
) -> None:
    """A channel that denies the bot Attach Files: the text embed, and no refused upload."""
    await server.deny_in_channel("bot", Permission.ATTACH_FILES)
    await server.send_message("!compare xiaomi 14 pro vs pixel 8 pro")
    assert_text_only(await server.wait_for_bot_message())
    assert all(request.status != 403 for request in server.requests)

    command = await server.send_command(
        "compare", {"first": "xiaomi-14-pro", "second": "pixel-8-pro"}
    )
    assert_text_only(await server.wait_for_interaction_response(command))


async def test_text_flag_turns_the_image_off(server: FakeDiscord, bot: discord.Client) -> None:
    await server.send_message("!compare xiaomi 14 pro vs pixel 8 pro --text")
    assert_text_only(await server.wait_for_bot_message())


async def test_slash_compare_attaches_the_card(server: FakeDiscord, bot: discord.Client) -> None:
    command = await server.send_command(
        "compare", {"first": "xiaomi-14-pro", "second": "pixel-8-pro"}
    )
    assert_card(await server.wait_for_interaction_response(command))


async def test_a_topic_comparison_through_discord(server: FakeDiscord, bot: discord.Client) -> None:
    await server.send_message("!compare iphone 14 pro vs pixel 8 pro battery --text")
    [embed] = embeds_of(await server.wait_for_bot_message())
    assert embed["title"] == "Apple iPhone 14 Pro vs Google Pixel 8 Pro — battery"
    rows = embed["description"].splitlines()[3:]
    assert [row.split(":")[0] for row in rows] == ["Battery", "Wired charging", "Wireless charging"]


async def test_choosing_the_phone_from_the_menu_answers_with_the_card(
    server: FakeDiscord, bot: discord.Client
) -> None:
    """ "14 pro" could be several phones: picking the Xiaomi replaces the menu with the card."""
    await server.send_message("!compare 14 pro vs pixel 8 pro")
    question = await server.wait_for_bot_message()
    [menu] = components_of(question)
    assert "xiaomi-14-pro" in {option["value"] for option in menu["options"]}

    message_id = int(question.response["id"])
    pick = await server.send_component(message_id, menu["custom_id"], values=["xiaomi-14-pro"])
    answered = await server.wait_for_interaction_response(pick)
    assert_card(answered)
    [edited] = [m for m in server.messages() if m["id"] == str(message_id)]
    assert [a["filename"] for a in edited["attachments"]] == [CARD]
    assert edited["components"] == []


async def test_slash_compare_takes_a_topic_and_text_only(
    server: FakeDiscord, bot: discord.Client
) -> None:
    options = {"first": "iphone-14-pro", "second": "pixel-8-pro", "topic": "battery", "text": True}
    command = await server.send_command("compare", options)
    answered = await server.wait_for_interaction_response(command)
    assert answered.files == ()
    [embed] = embeds_of(answered)
    assert embed["title"] == "Apple iPhone 14 Pro vs Google Pixel 8 Pro — battery"
