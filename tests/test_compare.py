"""Comparing phones: the scoring rules (better, margins, absence, unknowns, context rows), topic
comparisons, the verdict and short names."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bot import compare
from bot.compare import (
    FIGURES,
    MISSING,
    Mark,
    Row,
    Rule,
    compare_rows,
    compare_topic,
    short_names,
    storage_text,
    verdict,
)
from bot.embeds import Topic
from bot.models import Phone
from tests.test_embeds import BARE, phone

CHIP = {"name": "Snapdragon 8 Gen 3", "geekbench_single": 2250, "geekbench_multi": 7200}


def rows_by_label(*phones: Phone) -> dict[str, Row]:
    return {row.label: row for row in compare_rows(phones)}


def other(**changes: Any) -> Phone:
    """A second phone, the Xiaomi 14 Pro's twin apart from `changes`."""
    return phone(**{"id": "acme-twin", "brand": "Acme", "model": "Twin", **changes})


def battery(**values: float) -> dict[str, float]:
    return {"capacity_mah": 4880, **values}


@pytest.mark.parametrize(
    ("label", "changes", "values"),
    [
        ("Battery", {"battery": battery(capacity_mah=5100)}, ("4880 mAh", "5100 mAh")),
        ("Wired charging", {"battery": battery(wired_w=150)}, ("120 W", "150 W")),
        ("Wireless charging", {"battery": battery(wireless_w=80)}, ("50 W", "80 W")),
        ("Weight", {"body": {"weight_g": 190}}, ("223 g", "190 g")),
        ("Thickness", {"body": {"thickness_mm": 7.9}}, ("8.5 mm", "7.9 mm")),
        (
            "Peak brightness",
            {"display": {"size_in": 6.7, "peak_nits": 4500}},
            ("3000 nits", "4500 nits"),
        ),
        ("Refresh rate", {"display": {"size_in": 6.7, "refresh_hz": 144}}, ("1–120 Hz", "144 Hz")),
        (
            "Resolution",
            {"display": {"size_in": 6.7, "resolution": "1440x3168", "ppi": 600}},
            ("1440×3200 · 522 ppi", "1440×3168 · 600 ppi"),
        ),
        (
            "Geekbench",
            {"chipset": {"name": "X", "geekbench_single": 3000, "geekbench_multi": 9500}},
            ("2,250 / 7,200", "3,000 / 9,500"),
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
    """Bigger battery, faster charging, lighter, thinner, brighter, sharper, faster, more memory,
    longer zoom, better sealed: the second phone wins each row it improves by the margin."""
    row = rows_by_label(phone(chipset=CHIP), other(**changes))[label]
    assert row.values == values
    assert (row.mark, row.best, row.winner) == (Mark.WIN, (1,), 1)


@pytest.mark.parametrize(
    ("label", "even", "better"),
    [
        (
            "Battery",
            {"battery": battery(capacity_mah=5000)},
            {"battery": battery(capacity_mah=5040)},
        ),
        ("Weight", {"body": {"weight_g": 219}}, {"body": {"weight_g": 218}}),
        ("Thickness", {"body": {"thickness_mm": 8.3}}, {"body": {"thickness_mm": 8.2}}),
        (
            "Geekbench",
            {"chipset": {"name": "X", "geekbench_single": 2300, "geekbench_multi": 7400}},
            {"chipset": {"name": "X", "geekbench_single": 2400, "geekbench_multi": 7650}},
        ),
    ],
)
def test_a_gap_below_the_margin_is_about_even(
    label: str, even: dict[str, Any], better: dict[str, Any]
) -> None:
    """4880 vs 5000 mAh (2.4%), 223 vs 219 g, 8.5 vs 8.3 mm, a 3-4% faster chip: about even;
    a gap at the margin (3%, 5 g, 0.3 mm, 5%) wins."""
    tied = rows_by_label(phone(chipset=CHIP), other(**even))[label]
    assert (tied.mark, tied.best, tied.winner) == (Mark.TIE, (0, 1), None)
    assert tied.close
    won = rows_by_label(phone(chipset=CHIP), other(**better))[label]
    assert (won.mark, won.best) == (Mark.WIN, (1,))


def test_equal_values_are_even_but_not_close() -> None:
    row = rows_by_label(phone(), other(), phone())["Battery"]
    assert (row.mark, row.best, row.close) == (Mark.TIE, (0, 1, 2), False)


def test_the_runner_up_within_the_margin_shares_the_top_not_the_third() -> None:
    row = rows_by_label(
        phone(battery=battery(capacity_mah=5000)),
        other(battery=battery(capacity_mah=4950)),
        other(id="acme-small", battery=battery(capacity_mah=4000)),
    )["Battery"]
    assert (row.mark, row.best) == (Mark.TIE, (0, 1))


def test_chip_speed_needs_single_and_multi_core_together() -> None:
    """A chip 40% ahead on multi-core but 30% behind on single-core is not simply "better":
    the combined score (geometric mean) is within 5%."""
    multi = other(chipset={"name": "M", "geekbench_single": 1600, "geekbench_multi": 10000})
    single = phone(chipset={"name": "S", "geekbench_single": 2300, "geekbench_multi": 7200})
    assert rows_by_label(single, multi)["Geekbench"].mark is Mark.TIE


@pytest.mark.parametrize(
    ("label", "changes", "absent"),
    [
        ("Telephoto zoom", {"cameras": [{"role": "main", "mp": 50}]}, "no telephoto"),
        ("Wireless charging", {"battery": battery(wireless_w=0)}, "none"),
    ],
)
def test_absence_is_never_a_win(label: str, changes: dict[str, Any], absent: str) -> None:
    """Against a phone that has the feature, the one without loses; when neither has it,
    nobody wins, and it is no tie either."""
    row = rows_by_label(phone(), other(**changes))[label]
    assert row.values[1] == absent
    assert (row.mark, row.best) == (Mark.WIN, (0,))
    neither = rows_by_label(other(id="acme-a", **changes), other(**changes))[label]
    assert neither.values == (absent, absent)
    assert (neither.mark, neither.best) == (Mark.NONE, ())


@pytest.mark.parametrize(
    ("label", "changes"),
    [
        ("Battery", {"battery": None}),
        ("Weight", {"body": {"build": "Glass"}}),
        ("IP rating", {"body": {"weight_g": 200}}),
        ("Telephoto zoom", {"cameras": [{"role": "telephoto", "mp": 12}]}),
        ("Geekbench", {"chipset": {"name": "Tensor G3", "geekbench_multi": 4500}}),
    ],
)
def test_a_known_value_against_an_unknown_one_is_no_win(
    label: str, changes: dict[str, Any]
) -> None:
    """Unknown battery, weight, rating, zoom or single-core score: the row says so, nobody wins."""
    row = rows_by_label(phone(), other(**changes))[label]
    assert (row.mark, row.best, row.winner) == (Mark.UNKNOWN, (), None)
    if label != "Geekbench":
        assert row.values[1] == MISSING == "unknown"


@pytest.mark.parametrize(
    ("label", "first", "second"),
    [
        ("Launch price", {"price": {"USD": 999}}, {"price": {"USD": 599}}),
        ("Launched", {"announced": "2023-01-01"}, {"announced": "2025-02-28", "released": None}),
        ("Display", {}, {"display": {"size_in": 6.9}}),
        ("Main camera", {}, {"cameras": [{"role": "main", "mp": 200}]}),
        ("Chip", {}, {"chipset": {"name": "Tensor G3"}}),
    ],
)
def test_context_rows_are_shown_and_never_scored(
    label: str, first: dict[str, Any], second: dict[str, Any]
) -> None:
    """Cheaper, newer, bigger, more megapixels: shown for context, never a win."""
    row = rows_by_label(phone(**first), other(**second))[label]
    assert len(set(row.values)) == 2
    assert (row.mark, row.best, row.winner) == (Mark.CONTEXT, (), None)


def test_prices_are_announced_ones_never_conversions() -> None:
    """A phone announced only in CNY shows its CNY price; its dollar conversion is not read."""
    converted = phone(price={"CNY": 4999}, price_converted={"USD": 699})
    row = rows_by_label(converted, other(price={"USD": 999}))["Launch price"]
    assert row.values == ("CNY 4,999", "USD 999")
    assert "Launch price" not in rows_by_label(
        phone(price={}, price_converted={"USD": 1}), other(price={})
    )


def test_foldables_show_open_and_folded_sizes_on_their_own_rows() -> None:
    fold = other(
        body={
            "height_mm": 155.1,
            "width_mm": 132.6,
            "thickness_mm": 5.6,
            "weight_g": 239,
            "folded": {"height_mm": 155.1, "width_mm": 72.8, "thickness_mm": 12.1},
        }
    )
    rows = rows_by_label(phone(), fold)
    assert rows["Size"].values == ("161.4×75.3×8.5 mm", MISSING)
    assert rows["Size open"].values == (MISSING, "155.1×132.6×5.6 mm")
    assert rows["Size folded"].values == (MISSING, "155.1×72.8×12.1 mm")
    assert rows["Thickness"].values == ("8.5 mm", "12.1 mm folded")
    assert rows["Thickness"].winner == 0


def test_rows_no_phone_has_are_left_out() -> None:
    labels = [row.label for row in compare_rows([phone(**dict.fromkeys(BARE))] * 2)]
    assert labels == ["Launched", "Launch price"]


@pytest.mark.parametrize(
    ("topic", "labels"),
    [
        (Topic.BATTERY, ["Battery", "Wired charging", "Wireless charging"]),
        (Topic.CHARGING, ["Wired charging", "Wireless charging"]),
        (Topic.WEIGHT, ["Weight"]),
        (Topic.CHIPSET, ["Chip", "Geekbench"]),
        (Topic.PRICE, ["Launch price"]),
        (Topic.CONNECTIVITY, []),
    ],
)
def test_a_topic_comparison_keeps_only_its_rows(topic: Topic, labels: list[str]) -> None:
    assert [row.label for row in compare_topic([phone(), other()], topic)] == labels


def test_every_row_belongs_to_a_known_topic() -> None:
    for figure in FIGURES:
        assert figure.topics, figure.label
        assert figure.topics <= {topic.value for topic in Topic}, figure.label


def row(mark: Mark, *best: int, word: str = "figure") -> Row:
    return Row("Figure", ("a", "b", "c"), best, mark, word)


WIN, TIE, UNKNOWN = Mark.WIN, Mark.TIE, Mark.UNKNOWN


@pytest.mark.parametrize(
    ("rows", "text"),
    [
        (
            [
                row(WIN, 0, word="battery"),
                row(WIN, 0, word="zoom"),
                row(WIN, 0, word="weight"),
                row(WIN, 1, word="RAM"),
                row(TIE, 0, 1),
                row(UNKNOWN),
            ],
            "A wins more rows — A: battery, zoom, weight · B: RAM",
        ),
        (
            [row(WIN, 1, word="battery"), row(WIN, 1, word="brightness"), row(WIN, 0)],
            "About even — B: battery, brightness · A: figure",
        ),
        ([row(WIN, 0, word="zoom"), row(TIE, 0, 1)], "About even — A: zoom"),
        (
            [row(TIE, 0, 1), row(UNKNOWN), row(Mark.CONTEXT)],
            "About even: no row has a clear winner.",
        ),
        ([], "About even: no row has a clear winner."),
    ],
)
def test_verdict_names_the_rows_each_phone_wins(rows: list[Row], text: str) -> None:
    """Only outright wins count; ties and unknown rows are nobody's; a phone winning nothing is
    not listed ("wins 0 rows" never appears); a lead of one win or less is "about even"."""
    assert verdict([phone(), other()], rows, ["A", "B"]) == text


@pytest.mark.parametrize(
    ("rows", "text"),
    [
        ([row(WIN, 1, word="weight")], "B wins — B: weight"),
        (
            [row(WIN, 0, word="battery"), row(WIN, 1, word="wireless"), row(WIN, 0, word="wired")],
            "A wins more rows — A: battery, wired · B: wireless",
        ),
        ([row(WIN, 0, word="battery"), row(WIN, 1, word="wired")], "About even — A: battery ·"
         " B: wired"),
        ([row(TIE, 0, 1)], "About even: no row has a clear winner."),
    ],
)  # fmt: skip
def test_verdict_of_one_topic_names_any_leader(rows: list[Row], text: str) -> None:
    """A topic's few rows: the phone winning the only row, or more of them, wins."""
    assert verdict([phone(), other()], rows, ["A", "B"], one_topic=True) == text


def test_verdict_for_three_phones_uses_full_names_by_default() -> None:
    third = phone(id="acme-third", brand="Acme", model="Third")
    rows = [row(WIN, 2, word="battery"), row(WIN, 2, word="zoom"), row(WIN, 2, word="RAM")]
    assert (
        verdict([phone(), other(), third], rows)
        == "Acme Third wins more rows — Acme Third: battery, zoom, RAM"
    )


def named(brand: str, model: str) -> Phone:
    return phone(id=f"{brand}-{model}".lower().replace(" ", "-"), brand=brand, model=model)


@pytest.mark.parametrize(
    ("names", "short"),
    [
        (["Apple/iPhone 14 Pro", "Google/Pixel 8 Pro"], ["iPhone 14 Pro", "Pixel 8 Pro"]),
        (["Xiaomi/14 Pro", "Google/Pixel 8 Pro"], ["14 Pro", "Pixel 8 Pro"]),
        (["Apple/iPhone 14 Pro", "Apple/iPhone 15 Pro"], ["14 Pro", "15 Pro"]),
        (["Apple/iPhone 15", "Apple/iPhone 15 Pro"], ["iPhone 15", "iPhone 15 Pro"]),
        (["Xiaomi/14", "Xiaomi/14 Pro"], ["Xiaomi 14", "Xiaomi 14 Pro"]),
        (["OnePlus/12", "Apple/iPhone 15"], ["OnePlus 12", "iPhone 15"]),
        (
            ["Samsung/Galaxy S24", "Samsung/Galaxy S24 Ultra", "Samsung/Galaxy Z Fold6"],
            ["S24", "S24 Ultra", "Z Fold6"],
        ),
    ],
)
def test_short_names_are_the_shortest_that_tell_the_phones_apart(
    names: list[str], short: list[str]
) -> None:
    phones = [named(*name.split("/")) for name in names]
    assert short_names(phones) == short


def test_short_names_keep_the_brand_when_only_the_brand_tells_them_apart() -> None:
    phones = [named("Acme", "Phone 1"), named("Bolt", "Phone 1")]
    assert short_names(phones) == ["Acme Phone 1", "Bolt Phone 1"]


def test_short_names_are_cut_to_a_bound() -> None:
    phones = [named("Acme", "Ultra" * 15), named("Bolt", "Mega" * 15)]
    assert short_names(phones) == ["Ultra" * 4 + "Ult…", "Mega" * 5 + "Meg…"]


@pytest.mark.parametrize(
    ("gb", "text"),
    [(64, "64 GB"), (1024, "1 TB"), (2048, "2 TB"), (1536, "1536 GB")],
)
def test_storage_text(gb: int, text: str) -> None:
    assert storage_text(gb) == text


def documented_rules(text: str) -> dict[str, tuple[str, str]]:
    """The rules table of a document: row label -> (better, margin) as written."""
    rules = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[1] in ("higher", "lower", "–"):
            for label in re.split(r", ", cells[0].replace("Size (open/folded)", "Size")):
                rules[label] = (cells[1], cells[2])
    return rules


def expected_rule(figure_rule: Rule) -> tuple[str, str]:
    """How the table states a `Rule`: ("higher", "under 5%..."), ("–", "context")."""
    if figure_rule.better is None:
        return ("–", "context")
    better = figure_rule.better.name.lower()
    if not figure_rule.margin:
        return (better, "0 (equal)")
    if figure_rule.relative:
        return (better, f"under {figure_rule.margin * 100:g}%")
    return (better, f"under {figure_rule.margin:g} ")


def test_the_documented_rules_are_the_ones_applied() -> None:
    """docs/comparisons.md and the module docstring hold the same table, and it states each
    row's rule as the code applies it."""
    documented = Path("docs/comparisons.md").read_text(encoding="utf-8")
    assert documented_rules(documented) == documented_rules(compare.__doc__ or "")
    table = documented_rules(documented)
    for figure in FIGURES:
        label = "Size" if figure.label.startswith("Size") else figure.label
        better, margin = table[label]
        expected_better, expected_margin = expected_rule(figure.rule)
        assert better == expected_better, figure.label
        assert margin.startswith(expected_margin), figure.label
