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
class Picture:
    """An image to attach, drawn on demand: `render` is slow work for a thread, not the event
    loop. `embeds` replace the reply's embeds when the image is attached (they show it as
    `attachment://<filename>`); the reply's own embeds are the fallback without it."""

    filename: str
    render: Callable[[], bytes] = field(compare=False)
    embeds: tuple[Embed, ...] = ()


@dataclass(frozen=True)
class Reply:
    """A message to send. `embeds` are as built: they are fitted to Discord's limits, as one
    message, where the reply is sent (`bot.views`) or printed (`bot.console`).

    - `pages`: when set, the message shows `pages[0]` and buttons page through the rest (built
      as they are read, see `bot.embeds.ListPages`).
    - `choices` and `choose`: a select menu; picking a value answers with `choose(value)`.
    - `picture`: an image to attach where the bot may attach files (`embeds` stay the text).
    - `report`: the id of the phone a spec card shows; a "Report a mistake" button goes with it.
    """

    content: str = ""
    embeds: tuple[Embed, ...] = ()
    pages: Sequence[Embed] = ()
    choices: tuple[Choice, ...] = ()
    choose: Callable[[str], Reply] | None = field(default=None, compare=False)
    picture: Picture | None = None
    report: str | None = None

    def __post_init__(self) -> None:
        if self.pages and not self.embeds:
            object.__setattr__(self, "embeds", (self.pages[0],))
