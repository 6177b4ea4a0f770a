"""Comparing phones: which figures are lined up, which phone wins each, and the one-line verdict."""

from __future__ import annotations

from typing import Any

import pytest

from bot.compare import MISSING, Row, compare_rows, price_text, storage_text, verdict
from bot.models import Phone
from tests.test_embeds import BARE, phone


def rows_by_label(*phones: Phone) -> dict[str, Row]:
    return {row.label: row for row in compare_rows(phones)}


def other(**changes: Any) -> Phone:
    """A second phone, the Xiaomi 14 Pro's twin apart from `changes`."""
    return phone(id="acme-twin", brand="Acme", model="Twin", **changes)


@pytest.mark.parametrize(
    ("label", "changes", "values"),
    [
        ("Battery", {"battery": {"capacity_mah": 5000}}, ("4880 mAh", "5000 mAh")),
        ("Wired charging", {"battery": {"capacity_mah": 4880, "wired_w": 150}}, ("120 W", "150 W")),
        (
            "Wireless charging",
            {"battery": {"capacity_mah": 4880, "wireless_w": 80}},
            ("50 W", "80 W"),
        ),
        ("Weight", {"body": {"weight_g": 190}}, ("223 g", "190 g")),
        ("Thickness", {"body": {"thickness_mm": 7.9}}, ("8.5 mm", "7.9 mm")),
        ("Launched", {"announced": "2024-02-25", "released": None}, ("2023-10-26", "2024-02-25")),
        (
            "Peak brightness",
            {"display": {"size_in": 6.7, "peak_nits": 4500}},
            ("3000 nits", "4500 nits"),
        ),
        ("Refresh rate", {"display": {"size_in": 6.7, "refresh_hz": 144}}, ("1–120 Hz", "144 Hz")),
        (
            "Resolution",
            {"display": {"size_in": 6.7, "resolution": "1440x3168", "ppi": 525}},
            ("1440×3200 · 522 ppi", "1440×3168 · 525 ppi"),
        ),
        (
            "Chipset",
            {"chipset": {"name": "Snapdragon 8 Elite", "geekbench_multi": 9500}},
            ("Snapdragon 8 Gen 3", "Snapdragon 8 Elite"),
        ),
        ("RAM", {"memory": [{"ram_gb": 24, "storage_gb": 256}]}, ("16 GB", "24 GB")),
        ("Storage", {"memory": [{"ram_gb": 12, "storage_gb": 2048}]}, ("1 TB", "2 TB")),
        (
            "Telephoto zoom",
            {"cameras": [{"role": "periscope", "mp": 50, "zoom_x": 5}]},
            ("3.2×", "5×"),
        ),
        ("IP rating", {"body": {"ip_rating": "IP68/IP69"}}, ("IP68", "IP68/IP69")),
    ],
)
def test_the_better_figure_wins(
    label: str, changes: dict[str, Any], values: tuple[str, str]
) -> None:
    """Bigger battery, faster charging, lighter, thinner, newer, brighter, sharper, faster,
    more memory, longer zoom, better sealed: the second phone wins each row it improves."""
    row = rows_by_label(phone(), other(**changes))[label]
    assert row.values == values
    assert row.best == (1,)


def test_cheaper_wins_when_every_phone_has_a_us_price() -> None:
    row = rows_by_label(phone(price={"USD": 999}), other(price={"USD": 899, "CNY": 4999}))
    assert row["Launch price"] == Row("Launch price", ("USD 999", "USD 899"), (1,))


def test_no_price_row_unless_every_phone_has_a_us_price() -> None:
    """Prices in different currencies are not compared (no exchange rates in the catalog)."""
    assert "Launch price" not in rows_by_label(phone(price={"USD": 999}), other())


def test_ties_mark_every_tied_phone() -> None:
    row = rows_by_label(phone(), other(), phone())["Battery"]
    assert row.best == (0, 1, 2)


@pytest.mark.parametrize(
    ("label", "changes"),
    [
        ("Display", {"display": {"size_in": 6.9}}),
        ("Main camera", {"cameras": [{"role": "main", "mp": 200}]}),
        ("Chipset", {"chipset": {"name": "Tensor G3"}}),
    ],
)
def test_no_mark_where_better_is_not_clear(label: str, changes: dict[str, Any]) -> None:
    """A bigger screen or more megapixels is not plainly better; a chip without a benchmark
    cannot be ranked."""
    assert rows_by_label(phone(), other(**changes))[label].best == ()


def test_missing_figures_show_a_dash_and_decide_nothing() -> None:
    rows = rows_by_label(phone(), other(battery=None, body={"build": "Glass"}))
    assert rows["Battery"] == Row("Battery", ("4880 mAh", MISSING), ())
    assert rows["Weight"].values == ("223 g", MISSING)
    assert rows["IP rating"].best == ()


def test_rows_no_phone_has_are_left_out() -> None:
    labels = [row.label for row in compare_rows([phone(**dict.fromkeys(BARE))] * 2)]
    assert labels == ["Launched"]


@pytest.mark.parametrize(
    ("cameras", "text"),
    [
        ([{"role": "main", "mp": 50}], "no telephoto"),
        ([{"role": "telephoto", "mp": 12}], None),
        ([], None),
    ],
)
def test_zoom_without_a_telephoto(cameras: list[dict[str, Any]], text: str | None) -> None:
    """Known cameras without a telephoto lose the zoom row; unknown zoom leaves it open."""
    row = rows_by_label(phone(), other(cameras=cameras or None))["Telephoto zoom"]
    assert row.values[1] == (text or MISSING)
    assert row.best == ((0,) if text else ())


def test_wireless_zero_reads_none_and_loses() -> None:
    """The catalog's `wireless_w: 0` means no wireless charging."""
    row = rows_by_label(phone(), other(battery={"capacity_mah": 4880, "wireless_w": 0}))
    assert row["Wireless charging"] == Row("Wireless charging", ("50 W", "none"), (0,))


def test_realistic_rows_in_order() -> None:
    labels = [row.label for row in compare_rows([phone(), other(price={"USD": 1})])]
    assert labels == [
        "Display",
        "Resolution",
        "Refresh rate",
        "Peak brightness",
        "Chipset",
        "RAM",
        "Storage",
        "Main camera",
        "Telephoto zoom",
        "Battery",
        "Wired charging",
        "Wireless charging",
        "Weight",
        "Thickness",
        "IP rating",
        "Launched",
    ]


def row(*best: int) -> Row:
    return Row("Figure", ("a", "b", "c"), best)


@pytest.mark.parametrize(
    ("rows", "text"),
    [
        (
            [row(0)] * 8 + [row(1)] * 5 + [row(0, 1)] * 2,
            "Xiaomi 14 Pro wins 8 rows, Acme Twin wins 5 (2 tied)",
        ),
        ([row(1)] * 3 + [row(0)], "Acme Twin wins 3 rows, Xiaomi 14 Pro wins 1"),
        ([row(0), row()], "Xiaomi 14 Pro wins 1 row, Acme Twin wins 0"),
        ([row(0, 1)], "Xiaomi 14 Pro wins 0 rows, Acme Twin wins 0 (1 tied)"),
        ([row(), row()], "No figure has a clear winner."),
        ([], "No figure has a clear winner."),
    ],
)
def test_verdict(rows: list[Row], text: str) -> None:
    """Outright wins per phone, most first, and the rows where the best are tied."""
    assert verdict([phone(), other()], rows) == text


def test_verdict_for_three_phones() -> None:
    third = phone(id="acme-third", brand="Acme", model="Third")
    rows = [row(2), row(2), row(0), row(0, 2)]
    assert verdict([phone(), other(), third], rows) == (
        "Acme Third wins 2 rows, Xiaomi 14 Pro wins 1, Acme Twin wins 0 (1 tied)"
    )


@pytest.mark.parametrize(
    ("gb", "text"),
    [(64, "64 GB"), (1024, "1 TB"), (2048, "2 TB"), (1536, "1536 GB")],
)
def test_storage_text(gb: int, text: str) -> None:
    assert storage_text(gb) == text


@pytest.mark.parametrize(
    ("currency", "amount", "text"),
    [("CNY", 4999, "CNY 4,999"), ("USD", 899.99, "USD 899.99"), ("JPY", 189800, "JPY 189,800")],
)
def test_price_text(currency: str, amount: float, text: str) -> None:
    assert price_text(currency, amount) == text
