"""The comparison card: a PNG of two or three phones' key rows, the better value highlighted.

Drawn with Pillow in the bundled Source Sans Pro font (the `font-source-sans-pro` package, SIL Open
Font License; no system font is assumed). The same `Comparison` always gives the same bytes, and
`render_png()` keeps the last `CACHE_SIZE` cards: a comparison is keyed by everything it shows
(phone ids, every value, the catalog's date), so a catalog change that alters what a card shows
makes a new card, and one that does not, reuses it.

Rendering takes tens of milliseconds: callers on an event loop run it in a thread.
"""

from __future__ import annotations

import functools
import io
import threading
from collections import OrderedDict
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple

from PIL import Image, ImageDraw, ImageFont

from bot.compare import MISSING, Row

if TYPE_CHECKING:
    from bot.comparison import Comparison

CACHE_SIZE = 64
"""Cards kept; a card is 40-80 kB, so the cache stays under about 5 MB."""

LEFT_WIDTH = 190
COLUMN_WIDTH = 240
HEADER_HEIGHT = 64
ROW_HEIGHT = 38
FOOTER_HEIGHT = 40
PAD = 14

Color = tuple[int, int, int]

BACKGROUND = (27, 29, 33)
STRIPE = (35, 38, 43)
HEADER = (44, 48, 56)
TEXT = (235, 237, 240)
MUTED = (150, 156, 166)
WIN_FILL = (30, 122, 70)
EVEN_FILL = (92, 80, 30)

SKIPPED = frozenset({"OS", "Size", "Size open", "Size folded", "Resolution"})
"""Rows left to the text embed: the card keeps the key rows."""


class Box(NamedTuple):
    left: int
    top: int
    right: int
    bottom: int


def card_rows(compared: Comparison) -> tuple[Row, ...]:
    """The rows the card shows, in order."""
    return tuple(row for row in compared.rows if row.label not in SKIPPED)


def card_size(compared: Comparison) -> tuple[int, int]:
    width = LEFT_WIDTH + COLUMN_WIDTH * len(compared.ids)
    height = HEADER_HEIGHT + ROW_HEIGHT * len(card_rows(compared)) + FOOTER_HEIGHT
    return width, height


def cell_box(row: int, column: int) -> Box:
    """Where the value of `column` (a phone's index) in the card's `row`-th row is drawn."""
    left = LEFT_WIDTH + COLUMN_WIDTH * column
    top = HEADER_HEIGHT + ROW_HEIGHT * row
    return Box(left, top, left + COLUMN_WIDTH, top + ROW_HEIGHT)


# --- the cache -----------------------------------------------------------------------------

_cards: OrderedDict[Comparison, bytes] = OrderedDict()
_lock = threading.Lock()


def render_png(compared: Comparison) -> bytes:
    """The card as PNG bytes, from the cache when the same comparison was drawn lately."""
    with _lock:
        if compared in _cards:
            _cards.move_to_end(compared)
            return _cards[compared]
    data = _draw(compared)
    with _lock:
        _cards[compared] = data
        while len(_cards) > CACHE_SIZE:
            _cards.popitem(last=False)
    return data


def cached_cards() -> int:
    """How many cards the cache holds."""
    with _lock:
        return len(_cards)


def cached_bytes() -> int:
    """The size of the cached cards."""
    with _lock:
        return sum(len(data) for data in _cards.values())


def clear_cache() -> None:
    with _lock:
        _cards.clear()


# --- drawing -------------------------------------------------------------------------------


@functools.cache
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    path = resources.files("font_source_sans_pro") / "files" / f"SourceSansPro-{weight}.ttf"
    with resources.as_file(path) as file:
        return ImageFont.truetype(str(file), size)


def _draw(compared: Comparison) -> bytes:
    image = Image.new("RGB", card_size(compared), BACKGROUND)
    draw = ImageDraw.Draw(image)
    _draw_header(draw, compared, image.width)
    for index, row in enumerate(card_rows(compared)):
        _draw_row(draw, index, row, image.width)
    _draw_footer(draw, compared, image.size)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()


def _draw_header(draw: ImageDraw.ImageDraw, compared: Comparison, width: int) -> None:
    draw.rectangle((0, 0, width, HEADER_HEIGHT - 1), fill=HEADER)
    middle = HEADER_HEIGHT // 2
    about = compared.topic.capitalize() if compared.topic else "PhoneSpec"
    _write(draw, (PAD, middle), about, _font("Regular", 15), MUTED, LEFT_WIDTH - 2 * PAD)
    for column, name in enumerate(compared.short):
        left = LEFT_WIDTH + COLUMN_WIDTH * column + PAD
        _write(draw, (left, middle), name, _font("Bold", 22), TEXT, COLUMN_WIDTH - 2 * PAD)


def _draw_row(draw: ImageDraw.ImageDraw, index: int, row: Row, width: int) -> None:
    top = HEADER_HEIGHT + ROW_HEIGHT * index
    middle = top + ROW_HEIGHT // 2
    if index % 2:
        draw.rectangle((0, top, width, top + ROW_HEIGHT - 1), fill=STRIPE)
    _write(draw, (PAD, middle), row.label, _font("Regular", 17), MUTED, LEFT_WIDTH - 2 * PAD)
    for column, value in enumerate(row.values):
        _draw_cell(draw, cell_box(index, column), value, _fill(row, column))


def _fill(row: Row, column: int) -> Color | None:
    if column == row.winner:
        return WIN_FILL
    if row.close and column in row.best:
        return EVEN_FILL
    return None


def _draw_cell(draw: ImageDraw.ImageDraw, box: Box, value: str, fill: Color | None) -> None:
    if fill is not None:
        draw.rectangle((box.left + 2, box.top + 2, box.right - 3, box.bottom - 3), fill=fill)
    font = _font("Semibold" if fill else "Regular", 18)
    color = MUTED if value == MISSING else TEXT
    middle = (box.top + box.bottom) // 2
    _write(draw, (box.left + PAD, middle), value, font, color, COLUMN_WIDTH - 2 * PAD)


def _draw_footer(draw: ImageDraw.ImageDraw, compared: Comparison, size: tuple[int, int]) -> None:
    font = _font("Regular", 14)
    text = f"Green: better · amber: about even · data as of {compared.updated:%Y-%m-%d}"
    width, height = size
    _write(draw, (PAD, height - FOOTER_HEIGHT // 2), text, font, MUTED, width - 2 * PAD)


def _write(
    draw: ImageDraw.ImageDraw,
    at: tuple[int, int],
    text: str,
    font: ImageFont.FreeTypeFont,
    color: Color,
    width: int,
) -> None:
    """One line, its left middle at `at`, cut to `width` pixels."""
    draw.text(at, _fitted(text, font, width), font=font, fill=color, anchor="lm")


def _fitted(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """The text cut with "…" to fit `width` pixels (found by bisection: values may be long)."""
    text = " ".join(text.split())
    if font.getlength(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(text[:middle].rstrip() + "…") <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"
