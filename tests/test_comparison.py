"""A comparison as sent: the compact text layout within Discord's limits, the image card (size,
content, winner highlight, determinism, cache), and `!compare` topics and `--text`."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bot import compare_image
from bot.catalog import Catalog, load_catalog
from bot.compare_image import EVEN_FILL, WIN_FILL, card_rows, card_size, cell_box, render_png
from bot.comparison import compare_embed, compare_reply, comparison
from bot.console import Console, render
from bot.embeds import Topic
from bot.models import NAME_MAX, Phone
from tests.test_compare import other
from tests.test_embeds import UPDATED, phone, sent, violations

LONG = "Ultra Pro Max @everyone **bold** " * 20


def long_phone(number: int) -> Phone:
    """A phone whose every text shown in a comparison is as long as the schema allows."""
    return phone(
        id=f"acme-long-{number}",
        brand=f"Acme{number}",
        model=(LONG + str(number))[-(NAME_MAX - 6) :],
        os=LONG[:500],
        chipset={
            "name": LONG[:500],
            "geekbench_single": 2000,
            "geekbench_multi": 5000 * (number + 1),
        },
        display={"size_in": 6.7, "resolution": "1440x3200", "ppi": 500 + number},
        sources=[f"https://very-long-source-domain-{number}-{n}.example.com/a" for n in range(20)],
    )


def lines_of(embed: dict[str, Any]) -> dict[str, str]:
    """The description's rows by label (after the verdict, a blank line and the names)."""
    rows = (line.partition(": ") for line in embed["description"].splitlines()[3:])
    return {label: value for label, _, value in rows if value}


# --- the text layout -------------------------------------------------------------------------


def test_one_short_line_per_row_with_the_better_value_marked() -> None:
    pixel = other(
        id="google-pixel-8-pro",
        brand="Google",
        model="Pixel 8 Pro",
        battery={"capacity_mah": 5000, "wired_w": 30, "wireless_w": 23},
        body={"weight_g": 219},
    )
    embed = compare_embed(comparison([phone(), pixel], UPDATED))
    assert embed["title"] == "Xiaomi 14 Pro vs Google Pixel 8 Pro"
    lines = embed["description"].splitlines()
    assert lines[0] == "14 Pro wins more rows — 14 Pro: charging, wireless"
    assert lines[2] == "**14 Pro** | **Pixel 8 Pro**"
    rows = lines_of(embed)
    assert rows["Battery"] == "4880 mAh | 5000 mAh ≈"
    assert rows["Wired charging"] == "**120 W** ✅ | 30 W"
    assert rows["Weight"] == "223 g | 219 g ≈"
    assert rows["Launched"] == "2023-10-26 | 2023-10-26"
    assert embed["footer"]["text"].startswith("✅ better · ≈ about even · Sources: ")
    assert "data as of 2026-11-26" in embed["footer"]["text"]
    assert "fields" not in embed


def test_three_phones_with_the_longest_values_stay_within_every_limit() -> None:
    """Three phones whose names, chips, OS and sources are as long as the schema allows: one
    message Discord accepts, every row still there, each line short."""
    phones = [long_phone(n) for n in range(3)]
    compared = comparison(phones, UPDATED)
    reply = compare_reply(phones, UPDATED)
    assert reply.picture is not None
    for embeds in (reply.embeds, reply.picture.embeds):
        assert violations(sent(*embeds)) == []
    [embed] = sent(compare_embed(compared))
    assert len(lines_of(embed)) == len(compared.rows)
    assert max(len(line) for line in embed["description"].splitlines()) <= 300
    assert "@everyone" not in embed["description"]


def test_a_topic_comparison_shows_only_that_topic() -> None:
    embed = compare_embed(comparison([phone(), other()], UPDATED, Topic.BATTERY))
    assert embed["title"] == "Xiaomi 14 Pro vs Acme Twin — battery"
    assert list(lines_of(embed)) == ["Battery", "Wired charging", "Wireless charging"]


def test_a_topic_with_nothing_to_compare_says_so() -> None:
    reply = compare_reply([phone(), other()], UPDATED, Topic.CONNECTIVITY)
    assert (
        reply.content
        == "No connectivity figures to compare for the Xiaomi 14 Pro and the Acme Twin."
    )
    assert reply.picture is None


# --- the image -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    compare_image.clear_cache()


def image_of(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_the_card_is_a_png_of_the_expected_size_and_not_blank() -> None:
    compared = comparison([phone(), other(battery={"capacity_mah": 5500})], UPDATED)
    data = render_png(compared)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = image_of(data)
    assert image.size == card_size(compared) == (190 + 2 * 240, image.height)
    assert len(image.getcolors(maxcolors=100_000) or ()) > 50  # text, fills, stripes


def test_the_winning_cell_is_highlighted_and_no_other() -> None:
    """The Acme Twin's bigger battery: its cell is green, the Xiaomi's is not; a tie is amber."""
    twin = other(
        battery={"capacity_mah": 5500, "wired_w": 120, "wireless_w": 50}, body={"weight_g": 220}
    )
    compared = comparison([phone(), twin], UPDATED)
    image = image_of(render_png(compared))
    labels = [row.label for row in card_rows(compared)]

    def corner(label: str, column: int) -> tuple[int, ...]:
        box = cell_box(labels.index(label), column)
        return image.getpixel((box.left + 4, box.top + 4))

    assert corner("Battery", 1) == WIN_FILL
    assert corner("Battery", 0) != WIN_FILL
    assert corner("Weight", 0) == corner("Weight", 1) == EVEN_FILL
    assert corner("Launched", 0) not in (WIN_FILL, EVEN_FILL)


def test_three_columns_and_long_values_fit_the_card() -> None:
    compared = comparison([long_phone(n) for n in range(3)], UPDATED)
    image = image_of(render_png(compared))
    assert image.width == 190 + 3 * 240
    winner = next(i for i, row in enumerate(card_rows(compared)) if row.label == "Geekbench")
    box = cell_box(winner, 2)
    assert image.getpixel((box.left + 4, box.top + 4)) == WIN_FILL


def test_the_same_comparison_gives_the_same_bytes() -> None:
    first = render_png(comparison([phone(), other()], UPDATED))
    compare_image.clear_cache()
    assert render_png(comparison([phone(), other()], UPDATED)) == first


def test_the_cache_serves_a_repeat_and_a_catalog_change_draws_anew(tmp_path: Path) -> None:
    path = tmp_path / "specs.yaml"
    text = Path("data/specs.yaml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    before = load_catalog(path)
    first = comparison([before.by_id["xiaomi-14-pro"], before.by_id["pixel-8-pro"]], before.updated)
    data = render_png(first)
    assert render_png(first) is data  # from the cache
    assert compare_image.cached_cards() == 1

    path.write_text(text.replace("capacity_mah: 4880", "capacity_mah: 4990", 1), encoding="utf-8")
    after = load_catalog(path)
    changed = comparison([after.by_id["xiaomi-14-pro"], after.by_id["pixel-8-pro"]], after.updated)
    assert changed != first
    assert render_png(changed) != data
    assert compare_image.cached_cards() == 2


def test_the_cache_is_bounded() -> None:
    compared = comparison([phone(), other()], UPDATED)
    for day in range(compare_image.CACHE_SIZE + 5):
        render_png(dataclasses.replace(compared, ids=(str(day), "x")))
    assert compare_image.cached_cards() == compare_image.CACHE_SIZE


# --- through the router ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog("data/specs.yaml")


def test_compare_attaches_a_card_and_text_turns_it_off(catalog: Catalog, tmp_path: Path) -> None:
    """`!compare` carries the image (the console writes it and prints its path); `--text` not."""
    console = Console(catalog, Path("data/specs.yaml"))
    reply = console.respond("!compare iphone 16 vs iphone 16e")
    assert reply is not None
    assert reply.picture is not None
    printed = render(reply, tmp_path)
    path = tmp_path / "iphone-16-vs-iphone-16e.png"
    assert f"Image: {path}" in printed
    assert path.read_bytes() == reply.picture.render()
    assert reply.picture.embeds[0]["image"] == {"url": f"attachment://{path.name}"}

    for flag in ("--text", "—text", "--TEXT"):
        text_only = console.respond(f"!compare iphone 16 vs iphone 16e {flag}")
        assert text_only is not None
        assert text_only.picture is None
        assert text_only.embeds == reply.embeds


def test_iphone_16_beats_the_16e_where_it_is_better(catalog: Catalog) -> None:
    """The issue's example: the 16e no longer "wins" on a lower price and a later launch."""
    reply = Console(catalog, Path("data/specs.yaml")).respond("!compare iphone 16 vs iphone 16e")
    assert reply is not None
    verdict = reply.embeds[0]["description"].splitlines()[0]
    assert "iPhone 16: brightness, wireless" in verdict
    assert "price" not in verdict
    assert "launch" not in verdict


@pytest.mark.parametrize(
    ("message", "title"),
    [
        (
            "!compare iphone 14 pro vs pixel 8 pro battery",
            "Apple iPhone 14 Pro vs Google Pixel 8 Pro — battery",
        ),
        (
            "!compare pixel 8 pro vs iphone 14 pro weight --text",
            "Google Pixel 8 Pro vs Apple iPhone 14 Pro — weight",
        ),
    ],
)
def test_compare_with_a_topic_keeps_its_rows(catalog: Catalog, message: str, title: str) -> None:
    reply = Console(catalog, Path("data/specs.yaml")).respond(message)
    assert reply is not None
    assert reply.embeds[0]["title"] == title


def test_a_name_ending_in_a_topic_word_is_the_phone(catalog: Catalog) -> None:
    """ "pixel 4a 5g" is the Pixel 4a (5G), not the Pixel 4a's connectivity."""
    reply = Console(catalog, Path("data/specs.yaml")).respond("!compare pixel 8 vs pixel 4a 5g")
    assert reply is not None
    assert reply.embeds[0]["title"] == "Google Pixel 8 vs Google Pixel 4a (5G)"
