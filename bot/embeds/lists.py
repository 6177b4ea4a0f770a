"""Phones listed: numbered pages of phones, and the messages that name the phones a query
did not find or could not tell apart."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import overload

from bot.embeds.limits import fit_content
from bot.embeds.text import escape, join, or_list, quoted
from bot.models import Phone
from bot.replies import Embed


class ListPages(Sequence[Embed]):
    """Numbered lines of phones, `per_page` to an embed, with "Page 1/5 · 47 phones" below.

    Each page is built when it is first read: all 10,000 phones of a large catalog make 1,000
    pages (80 ms of work on the event loop), and a reader turns a few.
    """

    def __init__(
        self,
        title: str,
        phones: Sequence[Phone],
        per_page: int = 10,
        line: Callable[[Phone], str] | None = None,
    ) -> None:
        if per_page < 1:
            raise ValueError(f"per_page must be at least 1, not {per_page}")
        self._line = line or _list_line
        self._title = escape(title)
        self._phones = phones  # read, never changed: a `bot.columns.Found` reads lazily
        self._per_page = per_page
        self._count = len(self._phones)
        self._built: dict[int, Embed] = {}

    def __len__(self) -> int:
        return max(1, -(-self._count // self._per_page))

    @overload
    def __getitem__(self, index: int) -> Embed: ...
    @overload
    def __getitem__(self, index: slice) -> list[Embed]: ...
    def __getitem__(self, index: int | slice) -> Embed | list[Embed]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        number = index + len(self) if index < 0 else index
        if not 0 <= number < len(self):
            raise IndexError(f"page {index} of {len(self)}")
        if number not in self._built:
            self._built[number] = self._page(number)
        return self._built[number]

    def _page(self, number: int) -> Embed:
        first = number * self._per_page
        phones = self._phones[first : first + self._per_page]
        lines = [f"{first + n}. {escape(self._line(phone))}" for n, phone in enumerate(phones, 1)]
        count = f"{self._count} phone{'' if self._count == 1 else 's'}"
        return {
            "title": self._title,
            "description": "\n".join(lines) or "No phones to list.",
            "footer": {"text": f"Page {number + 1}/{len(self)} · {count}"},
        }


def list_pages(
    title: str,
    phones: Sequence[Phone],
    per_page: int = 10,
    line: Callable[[Phone], str] | None = None,
) -> ListPages:
    """Numbered lines of phones in pages of `per_page`, built as they are read (`ListPages`);
    `line` writes a phone's line (default: "Xiaomi 14 Pro — 2023 · Snapdragon 8 Gen 3 ·
    4880 mAh")."""
    return ListPages(title, phones, per_page, line)


def _list_line(phone: Phone) -> str:
    """A phone in a list: "Xiaomi 14 Pro — 2023 · Snapdragon 8 Gen 3 · 4880 mAh"."""
    details = join(
        str(phone.launched.year),
        phone.chipset.name if phone.chipset else None,
        f"{phone.battery.capacity_mah} mAh" if phone.battery else None,
    )
    return f"{phone.name} — {details}"


def not_found_text(query: str, suggestions: Sequence[Phone]) -> str:
    """Says no phone matched: "No phone called *xyz* in the catalog. Did you mean: A or B?"."""
    return fit_content(
        f"No phone called {quoted(query)} in the catalog.{_did_you_mean(suggestions)}"
    )


def ambiguous_text(query: str, phones: Sequence[Phone]) -> str:
    """Asks which phone was meant: "*14 pro* could be several phones. Did you mean: A or B?"."""
    return fit_content(f"{quoted(query)} could be several phones.{_did_you_mean(phones)}")


def _did_you_mean(phones: Sequence[Phone]) -> str:
    names = [escape(phone.name) for phone in phones]
    return f" Did you mean: {or_list(names)}?" if names else ""
