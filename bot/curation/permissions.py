"""Who may curate: the bot's owners, and members holding a curator role in the home server.

Nothing else counts, whatever permissions someone has in another server where the bot runs:
every server sees the same catalog.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CuratorRule:
    home_guild_id: int | None
    role_ids: frozenset[int]

    def allows(self, *, is_owner: bool, home_roles: Iterable[int] | None) -> bool:
        """`home_roles`: the member's roles in the home server (None when not a member there)."""
        if is_owner:
            return True
        if self.home_guild_id is None or home_roles is None:
            return False
        return not self.role_ids.isdisjoint(home_roles)

    def who(self, role_names: Iterable[str], home_name: str | None) -> str:
        """Who may curate, in words, for every refusal."""
        names = [f"@{name}" for name in role_names]
        if not names or self.home_guild_id is None:
            return "the bot's owners (no curator roles are set up)"
        roles = " or ".join(names)
        return f"the bot's owners and members with {roles} in {home_name or 'the home server'}"
