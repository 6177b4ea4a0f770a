"""`/settings currency` through the local Discord: a server's preferred currency comes first on
its spec cards, another server is unaffected, and a bad value is refused and changes nothing."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest

from bot.catalog import Catalog, load_catalog
from tests.e2e.harness import embeds_of
from tests.e2e.test_settings import setting
from tests.fakediscord import FakeDiscord

PRICED = "price: {CNY: 4999, EUR: 1111}"
"""The Xiaomi 14 Pro announced in a second market for these tests (a test value, not data)."""


@pytest.fixture
async def server() -> AsyncIterator[FakeDiscord]:
    """Two servers, both served by the one (unsharded) bot."""
    async with FakeDiscord(guilds=2) as server:
        yield server
        unknown = [str(request) for request in server.unknown_requests]
        assert not unknown, f"the bot used endpoints FakeDiscord lacks: {unknown}"


@pytest.fixture
def bundled_catalog(data_path: Path) -> Catalog:
    """The bundled catalog, the Xiaomi 14 Pro priced in yuan (as listed) and in euros."""
    text = data_path.read_text(encoding="utf-8")
    start = text.index("\n- id: xiaomi-14-pro\n")
    end = text.index("\n- id: ", start + 1)
    block = text[start:end]
    assert block.count("price: {CNY: 4999}") == 1
    data_path.write_text(
        text[:start] + block.replace("price: {CNY: 4999}", PRICED) + text[end:], encoding="utf-8"
    )
    return load_catalog(data_path)


@pytest.fixture
async def synced(server: FakeDiscord, bot: discord.Client) -> discord.Client:
    await server.send_message("!sync guild", author="owner")
    await server.wait_for_bot_message()
    return bot


async def launch_of(server: FakeDiscord, guild: int) -> tuple[str, str]:
    """The Xiaomi 14 Pro's card in `guild`: its summary line and its Launch field."""
    await server.send_message("!spec xiaomi 14 pro", guild=guild)
    [embed] = embeds_of(await server.wait_for_bot_message(guild=guild))
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    return embed["description"], fields["Launch"]


async def test_a_server_that_chose_euros_sees_the_euro_price_first_and_no_other_does(
    server: FakeDiscord, synced: discord.Client
) -> None:
    before = await launch_of(server, 0)
    text = await setting(server, "currency", currency="€")

    mine, theirs = await launch_of(server, 0), await launch_of(server, 1)

    assert text.startswith("Saved.")
    assert "Price currency: EUR" in text
    assert before[0].endswith("from CNY 4,999")
    assert "Launch price: CNY 4,999 · EUR 1,111" in before[1]
    assert mine[0].endswith("from EUR 1,111")
    assert "Launch price: EUR 1,111 · CNY 4,999" in mine[1]
    assert theirs == before
    slash = await server.send_command("spec", {"phone": "xiaomi 14 pro price"})
    answered = await server.wait_for_interaction_response(slash)
    assert embeds_of(answered)[0]["description"] == "Launch price: EUR 1,111 · CNY 4,999"


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("KRW", "No phone in the catalog has a price in KRW. Currencies with prices: CNY, EUR"),
        ("euro dollars", "`euro dollars` is not a currency"),
    ],
)
async def test_a_bad_currency_is_refused_saying_why_and_changes_nothing(
    server: FakeDiscord, synced: discord.Client, typed: str, why: str
) -> None:
    await setting(server, "currency", currency="EUR")

    text = await setting(server, "currency", currency=typed)

    assert text.startswith("Not changed:")
    assert why in text
    assert re.search(r"Price currency: EUR\b", await setting(server, "show"))
    assert (await launch_of(server, 0))[0].endswith("from EUR 1,111")


async def test_none_goes_back_to_each_phones_own_order(
    server: FakeDiscord, synced: discord.Client
) -> None:
    await setting(server, "currency", currency="EUR")

    text = await setting(server, "currency", currency="none")

    assert "Price currency: none" in text
    assert (await launch_of(server, 0))[0].endswith("from CNY 4,999")
