"""What members see: each way of asking, answered by the real bot through FakeDiscord."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import discord
import pytest

from bot import answers, views
from bot.catalog import Catalog
from bot.cogs.errors import FAILED
from bot.matching import Outcome
from tests.e2e.harness import (
    MESSAGES,
    NO_PINGS,
    components_of,
    content_of,
    embeds_of,
    text_of,
)
from tests.fakediscord import FakeDiscord

EPHEMERAL = 64
CHANNEL_MESSAGE = 4
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8


def fields_of(embed: dict) -> dict[str, str]:
    return {field["name"]: field["value"] for field in embed.get("fields", ())}


def assert_xiaomi_14_pro_sheet(embed: dict) -> None:
    assert embed["title"] == "Xiaomi 14 Pro"
    fields = fields_of(embed)
    assert re.match(r"4880 mAh · 120 W wired\b", fields["Battery & charging"])
    assert fields["Chipset"].startswith("Snapdragon 8 Gen 3")
    assert "Snapdragon 8 Gen 3 · 4880 mAh · 120 W" in embed["description"]


async def test_spec_answers_with_one_message_holding_the_spec_sheet(
    server: FakeDiscord, bot: discord.Client
) -> None:
    await server.send_message("!spec xiaomi 14 pro")
    reply = await server.wait_for_bot_message()

    [embed] = embeds_of(reply)
    assert_xiaomi_14_pro_sheet(embed)
    assert reply.json["allowed_mentions"] == NO_PINGS
    assert [c["label"] for c in components_of(reply)] == ["Report a mistake"]
    await asyncio.sleep(0.2)  # a second, stray reply would have arrived by now
    posts = [r for r in server.requests if r.method == "POST" and re.fullmatch(MESSAGES, r.path)]
    assert posts == [reply]


async def test_slash_spec_suggests_phones_then_answers_in_the_callback(
    server: FakeDiscord, bot: discord.Client
) -> None:
    """The owner syncs the commands to the guild (`!sync`); a member types, picks, runs."""
    await server.send_message("!sync guild", author="owner")
    synced = await server.wait_for_bot_message()
    assert re.fullmatch(r"Synced \d+ slash commands to this server\.", content_of(synced))
    assert "spec" in {command["name"] for command in server.commands(guild=True)}

    typing = await server.send_autocomplete("spec", {"phone": "xiaomi 14 p"}, focused="phone")
    suggested = await server.wait_for_interaction_response(typing)
    assert suggested.json["type"] == AUTOCOMPLETE_RESULT
    choices = suggested.json["data"]["choices"]
    assert {"name": "Xiaomi 14 Pro", "value": "xiaomi-14-pro"} in choices
    assert len(choices) <= 25

    command = await server.send_command("spec", {"phone": "xiaomi-14-pro"})
    answered = await server.wait_for_interaction_response(command)

    assert answered.json["type"] == CHANNEL_MESSAGE
    [embed] = embeds_of(answered)
    assert_xiaomi_14_pro_sheet(embed)
    assert answered.json["data"]["allowed_mentions"] == NO_PINGS
    assert server.messages()[-1]["embeds"][0]["title"] == "Xiaomi 14 Pro"


async def test_news_lists_the_phones_and_its_series_launch_news(
    server: FakeDiscord, bot: discord.Client
) -> None:
    await server.send_message("!news xiaomi 14")
    reply = await server.wait_for_bot_message()

    titles = [embed["title"] for embed in embeds_of(reply)]
    assert titles == [
        "The Xiaomi 14 launches globally in Barcelona",
        "The Xiaomi 14 series sold more than a million units in a week",
        "Launch of the Xiaomi 14",
    ]
    assert all(embed["url"].startswith("https://") for embed in embeds_of(reply))


def ambiguous_query(catalog: Catalog) -> str:
    """A query the catalog finds several equally good phones for (chosen from the live index,
    so the test follows the matching rules rather than one word's fate)."""
    for query in ("galaxy", "xiaomi", "iphone pro", "pixel pro", "galaxy s"):
        if catalog.index.find(query).outcome is Outcome.AMBIGUOUS:
            return query
    raise AssertionError("no ambiguous query among the candidates")


async def test_an_ambiguous_query_offers_a_menu_only_the_asker_may_use(
    server: FakeDiscord, bot: discord.Client, bundled_catalog: Catalog
) -> None:
    query = ambiguous_query(bundled_catalog)
    await server.send_message(f"!spec {query}", author="member")
    question = await server.wait_for_bot_message()

    assert f"*{query}*" in content_of(question)  # the query, echoed with the candidates
    assert embeds_of(question) == []
    [menu] = components_of(question)
    assert menu["type"] == 3  # a string select
    options = {option["value"]: option["label"] for option in menu["options"]}
    assert len(options) >= 2
    chosen = list(options)[1]
    message_id = int(question.response["id"])

    intruder = await server.send_component(
        message_id, menu["custom_id"], values=[chosen], author="helper"
    )
    refused = await server.wait_for_interaction_response(intruder)
    assert refused.json["type"] == CHANNEL_MESSAGE
    assert refused.json["data"]["flags"] == EPHEMERAL
    assert "Only the person who asked" in refused.json["data"]["content"]
    [unchanged] = [m for m in server.messages() if m["id"] == str(message_id)]
    assert unchanged["embeds"] == []
    assert unchanged["components"]

    pick = await server.send_component(message_id, menu["custom_id"], values=[chosen])
    answered = await server.wait_for_interaction_response(pick)

    assert answered.json["type"] == UPDATE_MESSAGE
    [embed] = embeds_of(answered)
    assert embed["title"] == options[chosen]
    assert answered.json["data"]["allowed_mentions"] == NO_PINGS
    [edited] = [m for m in server.messages() if m["id"] == str(message_id)]
    assert edited["embeds"][0]["title"] == options[chosen]
    # The menu is gone once answered; the card has its "Report a mistake" button.
    [[button]] = [row["components"] for row in edited["components"]]
    assert button["label"] == "Report a mistake"


async def test_page_buttons_turn_pages_for_the_asker_only(
    server: FakeDiscord, bot: discord.Client, bundled_catalog: Catalog
) -> None:
    await server.send_message("!phones", author="member")
    listing = await server.wait_for_bot_message()

    pages = -(-len(bundled_catalog.phones) // 10)
    [first] = embeds_of(listing)
    assert first["footer"]["text"] == f"Page 1/{pages} · {len(bundled_catalog.phones)} phones"
    previous, counter, following = components_of(listing)
    assert [b["label"] for b in (previous, counter, following)] == ["◀", f"1/{pages}", "▶"]
    assert previous["disabled"]
    assert counter["disabled"]
    assert not following["disabled"]
    message_id = int(listing.response["id"])

    intruder = await server.send_component(message_id, following["custom_id"], author="helper")
    refused = await server.wait_for_interaction_response(intruder)
    assert refused.json["data"]["flags"] == EPHEMERAL
    assert "Only the person who asked" in refused.json["data"]["content"]
    [still] = [m for m in server.messages() if m["id"] == str(message_id)]
    assert still["embeds"][0]["footer"]["text"].startswith("Page 1/")

    turned = await server.send_component(message_id, following["custom_id"])
    second = await server.wait_for_interaction_response(turned)
    assert second.json["type"] == UPDATE_MESSAGE
    assert embeds_of(second)[0]["footer"]["text"].startswith(f"Page 2/{pages} ")
    assert embeds_of(second)[0]["description"].startswith("11. ")
    buttons = components_of(second)
    assert buttons[1]["label"] == f"2/{pages}"
    assert not buttons[0]["disabled"]

    back = await server.send_component(message_id, previous["custom_id"])
    again = await server.wait_for_interaction_response(back)
    assert embeds_of(again)[0]["description"] == first["description"]
    [shown] = [m for m in server.messages() if m["id"] == str(message_id)]
    assert shown["embeds"][0]["footer"]["text"].startswith("Page 1/")


async def test_a_question_addressed_to_the_bot_gets_the_topic(
    server: FakeDiscord, bot: discord.Client
) -> None:
    question = f"{server.mention('bot')} how big is the battery on the xiaomi 14 pro?"
    await server.send_message(question, mentions=["bot"])
    reply = await server.wait_for_bot_message()

    [embed] = embeds_of(reply)
    assert embed["title"] == "Xiaomi 14 Pro — battery"
    assert embed["description"].startswith("4880 mAh · 120 W wired")
    assert reply.json["allowed_mentions"] == NO_PINGS


async def test_a_reply_to_the_bot_is_answered_only_when_it_names_a_phone(
    server: FakeDiscord, bot: discord.Client
) -> None:
    """Replying to the bot pings it (it is in `mentions`, not in the text): "thanks!" is not a
    question to explain how to ask, "and the pixel 8?" is."""
    await server.send_message("thanks!", mentions=["bot"])
    await server.send_message("and the pixel 8?", mentions=["bot"])
    reply = await server.wait_for_bot_message()
    await asyncio.sleep(0.2)  # an answer to "thanks!" would have arrived by now

    assert embeds_of(reply)[0]["title"] == "Google Pixel 8"
    posts = [r for r in server.requests if r.method == "POST" and re.fullmatch(MESSAGES, r.path)]
    assert posts == [reply]


async def test_double_brackets_anywhere_in_a_message_give_cards(
    server: FakeDiscord, bot: discord.Client
) -> None:
    await server.send_message("torn between the [[xiaomi 14 pro]] and [[huawei mate 60 pro]]")
    reply = await server.wait_for_bot_message()

    titles = [embed["title"] for embed in embeds_of(reply)]
    assert titles == ["Xiaomi 14 Pro", "Huawei Mate 60 Pro"]
    assert "Snapdragon 8 Gen 3 · 4880 mAh · 120 W" in embeds_of(reply)[0]["description"]


async def test_chatter_without_a_phone_gets_no_answer(
    server: FakeDiscord, bot: discord.Client
) -> None:
    await server.send_message("anyone up for lunch?")
    await server.send_message("!spec xiaomi 14 pro")  # answered after the chatter was handled
    reply = await server.wait_for_bot_message()
    await asyncio.sleep(0.1)

    assert embeds_of(reply)[0]["title"] == "Xiaomi 14 Pro"
    assert [r.path for r in server.requests if r.method == "POST"] == [reply.path]


@pytest.mark.parametrize(
    ("message", "mentions"),
    [
        ("!spec @everyone", []),
        ("!spec @here", []),
        ("!spec xiaomi 14 pro {member}", ["member"]),
        ("[[@everyone]]", []),
    ],
    ids=["@everyone", "@here", "a member's mention", "inline @everyone"],
)
async def test_replies_never_ping_whatever_the_question_says(
    server: FakeDiscord, bot: discord.Client, message: str, mentions: list[str]
) -> None:
    await server.send_message(message.format(member=server.mention("member")), mentions=mentions)
    reply = await server.wait_for_bot_message()

    assert reply.json["allowed_mentions"] == NO_PINGS
    text = text_of(reply)
    assert text  # the bot did answer something
    for ping in ("@everyone", "@here", server.mention("member")):
        assert ping not in text  # echoed only broken up by a zero-width space


@pytest.mark.parametrize(
    ("message", "answer"),
    [
        ("!spec", "Missing *phone*. Usage: `!spec <phone> [topic]`, e.g. `!spec xiaomi 14 pro`"),
        (
            "!vs",
            "Missing *phones*. Usage: `!compare <a> vs <b> [vs <c>] [topic]`, "
            "e.g. `!compare xiaomi 14 pro vs pixel 8 pro`",
        ),
    ],
)
async def test_a_command_without_its_phone_answers_with_usage_and_an_example(
    server: FakeDiscord, bot: discord.Client, message: str, answer: str
) -> None:
    await server.send_message(message)
    reply = await server.wait_for_bot_message()

    assert content_of(reply) == answer


async def test_a_member_over_the_rate_limit_is_told_once_to_wait(
    server: FakeDiscord, bot: discord.Client
) -> None:
    """One notice per wait: a reply to each refused message would flood the channel."""
    settings = bot.settings  # type: ignore[attr-defined]
    bot.settings = settings.model_copy(  # type: ignore[attr-defined]
        update={"cooldown_commands": 1, "cooldown_seconds": 60}
    )
    await server.send_message("!spec xiaomi 14 pro")
    assert embeds_of(await server.wait_for_bot_message())[0]["title"] == "Xiaomi 14 Pro"

    for _ in range(3):
        await server.send_message("!spec pixel 8")
    told = await server.wait_for_bot_message()
    await asyncio.sleep(0.2)  # the other two refusals would have been answered by now

    assert re.fullmatch(r"Easy there: try again in \d+ s\.", content_of(told))
    posts = [r for r in server.requests if r.method == "POST" and re.fullmatch(MESSAGES, r.path)]
    assert len(posts) == 2


async def test_a_slash_command_the_bot_does_not_know_is_answered_and_logged(
    server: FakeDiscord,
    bot: discord.Client,
    caplog: pytest.LogCaptureFixture,
    expected_errors: list[str],
) -> None:
    """A command left registered after the bot dropped it: the member is told, the log says
    what failed (the reply promises it)."""
    expected_errors.append(r"^slash command \? failed$")
    command = await server.send_command("gone", {})
    answered = await server.wait_for_interaction_response(command)

    assert answered.json["data"]["flags"] == EPHEMERAL
    assert answered.json["data"]["content"] == FAILED
    [logged] = [r for r in caplog.records if r.getMessage() == "slash command ? failed"]
    assert isinstance(logged.exc_info[1], discord.app_commands.CommandNotFound)


async def test_questions_share_the_rate_limit_that_spares_owners(
    server: FakeDiscord, bot: discord.Client
) -> None:
    """[[phone]] and mention questions past the limit go unanswered, except the owner's."""
    settings = bot.settings  # type: ignore[attr-defined]
    bot.settings = settings.model_copy(  # type: ignore[attr-defined]
        update={
            "cooldown_commands": 1,
            "cooldown_seconds": 60,
            "owner_ids": (server.user_id("owner"),),
        }
    )
    for author in ("member", "member", "owner", "owner"):
        await server.send_message("[[pixel 8]]", author=author)
    answered = [await server.wait_for_bot_message() for _ in range(3)]
    await asyncio.sleep(0.2)  # the member's second card would have arrived by now

    assert all(embeds_of(reply)[0]["title"] == "Google Pixel 8" for reply in answered)
    posts = [r for r in server.requests if r.method == "POST" and re.fullmatch(MESSAGES, r.path)]
    assert len(posts) == 3


async def test_a_question_past_the_rate_limit_is_refused_before_any_work(
    server: FakeDiscord, bot: discord.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cooldown bounds a flood only if it is checked first: an answer computed and then
    dropped costs the CPU all the same."""
    bot.settings = bot.settings.model_copy(  # type: ignore[attr-defined]
        update={"cooldown_commands": 1, "cooldown_seconds": 60}
    )
    asked: list[str] = []
    answer = answers.question

    def counted(catalog: Catalog, text: str, **options: bool) -> Any:
        asked.append(text)
        return answer(catalog, text, **options)

    monkeypatch.setattr(answers, "question", counted)
    for _ in range(3):
        await server.send_message(
            f"{server.mention('bot')} xiaomi 14 pro battery", mentions=["bot"]
        )
    await server.wait_for_bot_message()
    await asyncio.sleep(0.2)  # the other two would have been answered by now

    assert asked == ["xiaomi 14 pro battery"]


async def test_menus_and_page_buttons_grey_out_when_they_expire(
    server: FakeDiscord,
    bot: discord.Client,
    bundled_catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(views, "TIMEOUT", 0.3)
    for message in ("!phones", f"!spec {ambiguous_query(bundled_catalog)}"):
        await server.send_message(message)
        sent = await server.wait_for_bot_message()
        assert components_of(sent)
        assert not all(component.get("disabled") for component in components_of(sent))

        message_id = sent.response["id"]
        edited = await server.wait_for_request(("PATCH", rf"/channels/\d+/messages/{message_id}"))

        assert components_of(edited)
        assert all(component["disabled"] for component in components_of(edited))
