"""Slash-command autocomplete: suggestions from the live catalog's index."""

from __future__ import annotations

from discord import Interaction, app_commands

from bot.filters import complete_criteria

MAX_CHOICES = 25  # Discord shows at most 25 suggestions


async def phone_choices(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Phones for what has been typed so far; the value is the phone id, found exactly later."""
    catalog = interaction.client.catalog  # type: ignore[attr-defined]
    phones = catalog.index.suggest(current, limit=MAX_CHOICES)
    return [app_commands.Choice(name=p.name[:100], value=p.id) for p in phones]


async def brand_choices(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    catalog = interaction.client.catalog  # type: ignore[attr-defined]
    wanted = current.casefold().strip()
    brands = [b for b in catalog.brands if wanted in b.casefold()]
    return [app_commands.Choice(name=b, value=b) for b in brands[:MAX_CHOICES]]


async def criteria_choices(
    interaction: Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """`/find` criteria: what has been typed, completed with the criteria `find` reads."""
    return [app_commands.Choice(name=c, value=c) for c in complete_criteria(current, MAX_CHOICES)]
