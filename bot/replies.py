"""What the bot says, as plain data: one `Reply` serves Discord, the console and `ask --json`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

Embed = dict[str, Any]
"""An embed in Discord's JSON shape (title, description, fields, footer, thumbnail...)."""


@dataclass(frozen=True)
class Choice:
    """One option of a "did you mean" menu: `value` is a phone id."""

    label: str
    value: str
    description: str = ""


@dataclass(frozen=True)
class Reply:
    """A message to send.

    - `pages`: when set, the message shows `pages[0]` and buttons page through the rest (built
      as they are read, see `bot.embeds.ListPages`).
    - `choices` and `choose`: a select menu; picking a value answers with `choose(value)`.
    """

    content: str = ""
    embeds: tuple[Embed, ...] = ()
    pages: Sequence[Embed] = ()
    choices: tuple[Choice, ...] = ()
    choose: Callable[[str], Reply] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.pages and not self.embeds:
            object.__setattr__(self, "embeds", (self.pages[0],))
