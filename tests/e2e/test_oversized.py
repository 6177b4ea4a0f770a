"""Answers too big for Discord as built reach it cut to its limits: each is fitted once, on its
way out, and FakeDiscord refuses whatever Discord would."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest

from bot.catalog import Catalog, load_catalog
from tests.e2e.harness import components_of, embeds_of, text_of
from tests.fakediscord import FakeDiscord
from tests.oversized import write_oversized_catalog

PAGES = 3


@pytest.fixture
def data_path(tmp_path: Path) -> Path:
    """24 phones whose texts are as long as the schema allows (three pages of `!phones`)."""
    return write_oversized_catalog(tmp_path / "specs.yaml", 10 * (PAGES - 1) + 4)


@pytest.fixture
def bundled_catalog(data_path: Path) -> Catalog:
    return load_catalog(data_path)


@pytest.mark.parametrize(
    "message",
    [
        "!spec oversized 1",
        "!news oversized 0",
        "!compare oversized 0 vs oversized 1 vs oversized 2",  # with the image card
    ],
)
async def test_an_oversized_answer_is_accepted_cut_to_fit(
    server: FakeDiscord, bot: discord.Client, message: str
) -> None:
    await server.send_message(message)
    reply = await server.wait_for_bot_message()

    assert reply.status == 200, reply.response
    assert embeds_of(reply)
    assert "…" in text_of(reply)


async def test_turning_to_an_oversized_page_shows_it_cut_to_fit(
    server: FakeDiscord, bot: discord.Client
) -> None:
    await server.send_message("!phones")
    listing = await server.wait_for_bot_message()
    assert listing.status == 200, listing.response
    assert embeds_of(listing)[0]["description"].endswith("…")

    following = components_of(listing)[2]
    turned = await server.send_component(int(listing.response["id"]), following["custom_id"])
    second = await server.wait_for_interaction_response(turned)

    assert second.status < 300, second.response
    [page] = embeds_of(second)
    assert page["footer"]["text"].startswith(f"Page 2/{PAGES} ")
    assert page["description"].startswith("11. ")
    assert page["description"].endswith("…")
