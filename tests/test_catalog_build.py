"""The catalog build (scripts/catalog_build): matching records across sources, merging with
provenance, each cross-check rule, each audit rule, and the known wrong values fixed in the
bundled catalog."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from bot.audit import audit, identity_coverage
from bot.catalog import Catalog, load_catalog
from bot.models import Phone
from scripts.catalog_build import crosscheck, curated, endoflife, lineageos, match, merge
from scripts.catalog_build.build import CURATED, SOURCES, build, derived_status
from scripts.catalog_build.names import name_key
from scripts.catalog_build.records import BuildError, SourceRecord

ROOT = Path(__file__).resolve().parent.parent
UPDATED = dt.date(2026, 11, 30)


def record(source: str, model: str, brand: str = "Samsung", **kwargs: Any) -> SourceRecord:
    return SourceRecord(source=source, ref=model, brand=brand, model=model, **kwargs)


def grouped(*records: SourceRecord) -> list[set[str]]:
    return [{f"{r.source}:{r.model}" for r in group} for group in match.group(list(records)).groups]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT / "data" / "specs.yaml")


@pytest.fixture(scope="module")
def phones(catalog: Catalog) -> dict[str, Phone]:
    return dict(catalog.by_id)


# --- names and matching ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Samsung", "Galaxy S24+"), ("Samsung", "S24 Plus")),
        (("Xiaomi", "Mi 10T"), ("Xiaomi", "10T")),
        (("Motorola", "moto g84 5G"), ("Motorola", "Moto G84 5G")),
        (("Sony", "Xperia Z1"), ("Sony", "Z1")),
        (("Google", "Pixel 4a (5G)"), ("Google", "Pixel 4a 5G")),
        (("Apple", "iPhone 17 Air"), ("Apple", "iPhone Air")),
        (("Fairphone", "The Fairphone (Gen. 6)"), ("Fairphone", "6")),
    ],
)
def test_name_keys_agree_on_one_phone_spelled_two_ways(
    a: tuple[str, str], b: tuple[str, str]
) -> None:
    assert name_key(*a) == name_key(*b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Galaxy A52", "Galaxy A52 5G"),
        ("Galaxy S20 FE", "Galaxy S20 FE (2022)"),
        ("Galaxy S24", "Galaxy S24 Ultra"),
        ("Galaxy Z Flip", "Galaxy Z Flip 5G"),
    ],
)
def test_name_keys_keep_editions_apart(a: str, b: str) -> None:
    assert name_key("Samsung", a) != name_key("Samsung", b)


def test_the_same_phone_in_every_source_is_one_group() -> None:
    groups = grouped(
        record("techapi", "Galaxy S24+"),
        record("endoflife", "Galaxy S24+", model_numbers=("SM-S926B",)),
        record("lineageos", "Galaxy S24 Plus", model_numbers=("SM-S926B",)),
    )
    assert len(groups) == 1


def test_a_model_number_matches_names_that_differ() -> None:
    groups = grouped(
        record("endoflife", "Galaxy S20 FE (2020)", model_numbers=("SM-G781B",)),
        record("lineageos", "Galaxy S20 FE (Snapdragon)", model_numbers=("SM-G781B",)),
    )
    assert len(groups) == 1


def test_5g_and_4g_editions_never_merge() -> None:
    """'A52' goes with 'A52 5G' only when no 4G edition exists: here one does."""
    groups = grouped(
        record("techapi", "Galaxy A52"),
        record("endoflife", "Galaxy A52 5G"),
        record("lineageos", "Galaxy A52 4G"),
    )
    assert len(groups) == 3


def test_a_bare_name_is_the_5g_phone_when_no_other_edition_exists() -> None:
    assert len(grouped(record("techapi", "Galaxy A53"), record("endoflife", "Galaxy A53 5G"))) == 1


def test_a_group_never_holds_two_records_of_one_source() -> None:
    """A model number both endoflife.date entries carry cannot merge them, nor pull two
    LineageOS phones into one."""
    matching = match.group(
        [
            record("lineageos", "Galaxy S20", model_numbers=("SM-G981B",)),
            record("endoflife", "Galaxy S20"),
            record("endoflife", "Galaxy S20 5G", model_numbers=("SM-G981B",)),
        ]
    )
    assert len(matching.groups) == 2
    assert matching.refused


def test_a_phone_a_source_lists_twice_is_one_phone_once_a_curator_says_so() -> None:
    records = [
        record("techapi", "Galaxy Z Fold 2"),
        record("endoflife", "Galaxy Z Fold 2"),
        record("endoflife", "Galaxy Z Fold2 5G"),
    ]
    folded = {
        "source": "endoflife",
        "drop": "Samsung Galaxy Z Fold2 5G",
        "same_as": "Samsung Galaxy Z Fold 2",
        "why": "both entries link the SM-F916B firmware page",
    }

    kept = curated.without_listed_twice(records, [("corrections.yaml", {"listed_twice": [folded]})])

    assert len(match.group(records).groups) == 2
    assert [r.name for r in kept] == ["Samsung Galaxy Z Fold 2"] * 2
    assert len(match.group(kept).groups) == 1
    for wrong in ({**folded, "drop": "Samsung Galaxy Z Fold3"}, {**folded, "why": ""}):
        with pytest.raises(BuildError, match="listed_twice"):
            curated.without_listed_twice(records, [("corrections.yaml", {"listed_twice": [wrong]})])


def test_the_bundled_catalog_lists_the_galaxy_z_fold_2_once(catalog: Catalog) -> None:
    """endoflife.date lists it twice (Galaxy Z Fold 2 and Galaxy Z Fold2 5G)."""
    holders = [p.id for p in catalog.phones if "SM-F916B" in p.model_numbers]

    assert holders == ["galaxy-z-fold-2"]
    assert catalog.index.find("galaxy z fold2 5g").phone is catalog.by_id["galaxy-z-fold-2"]


def test_a_model_number_two_phones_of_one_source_share_matches_nothing() -> None:
    groups = grouped(
        record("lineageos", "Vibe K5", brand="Lenovo", model_numbers=("A6020a40",)),
        record("lineageos", "Vibe K5 Plus", brand="Lenovo", model_numbers=("A6020a40",)),
        record("endoflife", "Vibe K5 Plus", brand="Lenovo", model_numbers=("A6020a40",)),
    )
    assert sorted(map(len, groups)) == [1, 2]


def test_lineageos_region_variants_fold_into_one_phone_and_rebrands_stay_apart() -> None:
    """garnet_variant1-5: the Redmi Note 13 Pro 5G (global, India, China) is one phone; the
    POCO X6 5G (global, India) another; both carry the codename."""
    records = [r for r in lineageos.read(SOURCES / "lineageos") if "garnet" in r.codenames]
    assert sorted(r.name for r in records) == ["POCO X6 5G", "Redmi Note 13 Pro 5G"]
    redmi = next(r for r in records if r.brand == "Redmi")
    assert {"2312DRA50G", "2312DRA50I"} <= set(redmi.model_numbers)


def test_lineageos_foldables_and_sliders_are_phones_but_tablets_are_not() -> None:
    names = {r.name for r in lineageos.read(SOURCES / "lineageos")}
    assert {"Google Pixel Fold", "Google Pixel 9 Pro Fold", "Xiaomi MIX Fold 2"} <= names
    assert "Google Pixel Tablet" not in names


def test_a_lineageos_foldable_has_its_open_size_and_its_folded_size() -> None:
    (fold,) = [r for r in lineageos.read(SOURCES / "lineageos") if "comet" in r.codenames]
    assert fold.fields["body"] == {
        "height_mm": 155.2,
        "width_mm": 150.2,
        "thickness_mm": 5.1,
        "folded": {"height_mm": 155.2, "width_mm": 77.1, "thickness_mm": 10.5},
    }


def test_endoflife_samsung_links_give_model_numbers_unless_two_phones_share_one() -> None:
    """Links name the firmware page of one model in either case (sm-a325f); the file links
    SM-E236B from both the Galaxy F23 and the F34 5G, so it names neither."""
    records = {r.model: r for r in endoflife.read(SOURCES / "endoflife") if r.brand == "Samsung"}
    assert records["Galaxy A32"].model_numbers == ("SM-A325F",)
    assert records["Galaxy F23"].model_numbers == ()
    assert records["Galaxy F34 5G"].model_numbers == ()


def test_merge_takes_each_section_by_precedence_and_records_provenance() -> None:
    techapi = record(
        "techapi",
        "Pixel 8 Pro",
        brand="Google",
        fields={
            "battery": {"capacity_mah": 5050, "wired_w": 30},
            "released": dt.date(2023, 10, 12),
        },
        sources=("https://techapi.example/pixel-8-pro.json",),
        slug="pixel-8-pro",
    )
    wiki = record(
        "lineageos",
        "Pixel 8 Pro",
        brand="Google",
        fields={
            "battery": {"capacity_mah": 5000},
            "connectivity": {"five_g": True},
            "released": dt.date(2023, 10, 4),
            "released_approx": True,
        },
        codenames=("husky",),
        sources=("https://wiki.lineageos.org/devices/husky/",),
    )
    phone = merge.merge_group([techapi, wiki])
    assert phone["id"] == "pixel-8-pro"
    assert phone["battery"] == {"capacity_mah": 5050, "wired_w": 30}
    assert phone["connectivity"] == {"five_g": True}
    assert (phone["released"], "released_approx" in phone) == (dt.date(2023, 10, 12), False)
    assert phone["codenames"] == ["husky"]
    assert phone["provenance"] == {
        "battery": "techapi",
        "connectivity": "lineageos",
        "dates": "techapi",
        "identity": "lineageos",
    }
    assert len(phone["sources"]) == 2


def test_a_curated_override_wins_and_marks_its_sections() -> None:
    phone = {"id": "x", "battery": {"capacity_mah": 5000, "wired_w": 33}, "provenance": {}}
    files = [
        (
            "corrections.yaml",
            {"overrides": {"x": {"battery": {"wired_w": 30}, "sources": ["https://a.example"]}}},
        )
    ]
    _, checked = curated.apply({"x": phone}, files, {})
    assert "battery.wired_w" in checked["x"]


def test_a_curated_fact_without_a_source_is_refused() -> None:
    files = [("corrections.yaml", {"overrides": {"x": {"battery": {"wired_w": 30}}}})]
    with pytest.raises(BuildError, match="lists no sources"):
        curated.apply({"x": {"id": "x"}}, files, {})


# --- cross-checks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "path", "agreeing", "disagreeing"),
    [
        ("battery.capacity_mah", ("battery", "capacity_mah"), (5000, 4900), (5000, 4600)),
        ("display.size_in", ("display", "size_in"), (6.67, 6.7), (6.55, 6.67)),
        (
            "display.resolution",
            ("display", "resolution"),
            ("1080x2400",) * 2,
            ("1440x3168", "1440x3216"),
        ),
        ("body.height_mm", ("body", "height_mm"), (160, 160.9), (159.7, 151.7)),
        ("body.width_mm", ("body", "width_mm"), (74.4, 74.0), (74.4, 72.7)),
        ("body.thickness_mm", ("body", "thickness_mm"), (7.6, 7.96), (8.59, 9.35)),
        (
            "chipset.name",
            ("chipset", "name"),
            ("Snapdragon 8 Gen 2", "Snapdragon 8 Gen2"),
            ("Exynos 990", "Snapdragon 865"),
        ),
    ],
)
def test_each_cross_check_allows_rounding_but_not_a_different_value(
    field: str, path: tuple[str, str], agreeing: tuple[Any, Any], disagreeing: tuple[Any, Any]
) -> None:
    def pair(values: tuple[Any, Any]) -> dict[str, SourceRecord]:
        a, b = ({path[0]: {path[1]: value}} for value in values)
        return {
            "techapi": record("techapi", "X", fields=a),
            "lineageos": record("lineageos", "X", fields=b),
        }

    assert crosscheck.conflicts(pair(agreeing)) == []
    (conflict,) = crosscheck.conflicts(pair(disagreeing))
    assert conflict["field"] == field
    assert set(conflict["values"]) == {"techapi", "lineageos"}


def test_ram_must_be_one_of_the_sizes_the_wiki_lists() -> None:
    techapi = record("techapi", "X", fields={"memory": [{"ram_gb": 12, "storage_gb": 256}]})
    fine = record("lineageos", "X", fields={"_ram_options": [8, 12]})
    wrong = record("lineageos", "X", fields={"_ram_options": [8]})
    assert crosscheck.conflicts({"techapi": techapi, "lineageos": fine}) == []
    assert (
        crosscheck.conflicts({"techapi": techapi, "lineageos": wrong})[0]["field"]
        == "memory.ram_gb"
    )


@pytest.mark.parametrize(
    ("other", "day", "conflict"),
    [
        ("endoflife", dt.date(2024, 2, 20), False),
        ("endoflife", dt.date(2024, 4, 1), True),
        ("lineageos", dt.date(2023, 12, 1), False),
        ("lineageos", dt.date(2023, 10, 1), True),
    ],
)
def test_release_dates_agree_within_the_sources_precision(
    other: str, day: dt.date, conflict: bool
) -> None:
    techapi = record("techapi", "X", fields={"released": dt.date(2024, 1, 31)})
    found = crosscheck.conflicts(
        {"techapi": techapi, other: record(other, "X", fields={"released": day})}
    )
    assert bool(found) is conflict


def test_a_phone_released_months_before_its_chipset_is_a_conflict() -> None:
    fields = {"released": dt.date(2013, 2, 9), "_chipset_released": dt.date(2013, 7, 1)}
    (conflict,) = crosscheck.conflicts({"techapi": record("techapi", "Xperia Z", fields=fields)})
    assert conflict["values"] == {"techapi": "2013-02-09", "techapi chipset": "2013-07-01"}


# --- audit ---------------------------------------------------------------------------------


def phone(**values: Any) -> Phone:
    data = {
        "id": "x",
        "brand": "B",
        "model": "M",
        "released": "2024-01-31",
        "sources": ["https://a.example"],
    }
    return Phone.model_validate({**data, **values})


@pytest.mark.parametrize(
    ("values", "field"),
    [
        (
            {"body": {"height_mm": 160, "width_mm": 75, "thickness_mm": 8, "weight_g": 500}},
            "body.weight_g",
        ),
        (
            {"body": {"height_mm": 160, "width_mm": 75, "thickness_mm": 8, "weight_g": 80}},
            "body.weight_g",
        ),
        ({"body": {"height_mm": 155, "width_mm": 150, "thickness_mm": 10.5}}, "body.thickness_mm"),
        (
            {"battery": {"capacity_mah": 4000, "wired_w": 20, "wireless_w": 25}},
            "battery.wireless_w",
        ),
        ({"released": "2027-03-01", "status": "available"}, "released"),
        ({"announced": "2027-03-01", "released": None}, "announced"),
        ({"display": {"size_in": 6.1, "resolution": "1179x2556", "ppi": 300}}, "display.ppi"),
        (
            {"conflicts": [{"field": "battery.capacity_mah", "values": {"a": "1", "b": "2"}}]},
            "battery.capacity_mah",
        ),
    ],
)
def test_each_audit_rule_flags_what_cannot_be_right(values: dict[str, Any], field: str) -> None:
    findings = [f for f in audit((phone(**values),), UPDATED) if f.is_error]
    assert [f.field for f in findings] == [field]


def test_audit_trusts_a_section_a_curator_checked_and_warns_of_missing_fields() -> None:
    curated_body = phone(
        body={"height_mm": 155, "width_mm": 150, "thickness_mm": 10.5},
        provenance={"body": "techapi, curated"},
        display={"size_in": 6.1},
    )
    findings = audit((curated_body,), UPDATED)
    assert not [f for f in findings if f.is_error]
    assert {f.field for f in findings} == {"chipset", "battery"}


def test_identity_coverage_counts_android_phones_since_2019_and_iphones() -> None:
    """A model number or a codename counts, an alias does not; a phone of 2018 and an iPhone are
    not Android phones since 2019; an iPhone counts with an identifier or a model number."""
    phones = (
        phone(id="a", model_numbers=["SM-A325F"]),
        phone(id="b", codenames=["husky"]),
        phone(id="c", aliases=["Nickname"]),
        phone(id="d", released="2018-12-31"),
        phone(id="e", brand="Apple", model="iPhone 3G", model_numbers=["A1241"]),
        phone(id="f", brand="Apple", model="iPhone 15", identifiers=["iPhone15,4"]),
        phone(id="g", brand="Apple", model="iPhone", released="2007-06-29"),
    )
    android, iphones = identity_coverage(phones)
    assert (android.covered, android.total) == (2, 3)
    assert (iphones.covered, iphones.total) == (2, 3)
    assert str(android).endswith("2/3 (66.7%)")


def test_the_bundled_catalog_audits_clean(catalog: Catalog) -> None:
    assert [str(f) for f in audit(catalog.phones, catalog.updated.date()) if f.is_error] == []


# --- status ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "status"),
    [
        ({"released": dt.date(2027, 1, 1)}, "announced"),
        ({"released": dt.date(2012, 9, 21), "_support_ended": True}, "discontinued"),
        ({"released": dt.date(2023, 10, 12), "_discontinued": True}, "discontinued"),
        (
            {"released": dt.date(2020, 1, 1), "support": {"security_until": dt.date(2025, 1, 1)}},
            "discontinued",
        ),
        (
            {"released": dt.date(2020, 1, 1), "support": {"security_until": dt.date(2027, 1, 1)}},
            "available",
        ),
        ({"released": dt.date(2019, 1, 1)}, "discontinued"),
        ({"released": dt.date(2025, 1, 1)}, "available"),
    ],
)
def test_status_is_derived_from_dates_and_support(values: dict[str, Any], status: str) -> None:
    assert derived_status(values, UPDATED) == status


# --- the bundled catalog -------------------------------------------------------------------


def test_every_phone_has_sources_and_provenance_for_each_section(catalog: Catalog) -> None:
    sections = ("display", "chipset", "battery", "body", "support", "cameras", "memory")
    for item in catalog.phones:
        assert item.sources, item.id
        for section in sections:
            if getattr(item, section):
                assert item.provenance.get(section) or item.provenance.get("all"), (
                    item.id,
                    section,
                )


def test_every_iphone_from_devicekit_has_its_identifiers(phones: dict[str, Phone]) -> None:
    assert phones["iphone-14-pro"].identifiers == ("iPhone15,2",)
    assert phones["iphone-air"].identifiers == ("iPhone18,4",)


def test_every_iphone_has_identifiers_or_model_numbers(catalog: Catalog) -> None:
    """DeviceKit starts at the iPhone 4; the first three come from the research file."""
    _, iphones = identity_coverage(catalog.phones)
    assert iphones.covered == iphones.total > 50
    assert catalog.by_id["apple-iphone-3g"].model_numbers == ("A1241", "A1324")


def test_codenames_and_model_numbers_come_from_lineageos_and_endoflife(
    phones: dict[str, Phone],
) -> None:
    assert phones["pixel-8-pro"].codenames == ("husky",)
    assert "SM-S926U1" in phones["galaxy-s24-plus"].model_numbers


def test_known_wrong_values_are_fixed(phones: dict[str, Phone]) -> None:
    """The examples of issue 9, each from an open dataset or a page the research file cites."""
    for pid in ("iphone-14", "iphone-14-plus", "iphone-14-pro-max"):
        assert phones[pid].connectivity.usb == "Lightning", pid
    fold = phones["pixel-9-pro-fold"]
    # 21 W is the wired rate; the open data's 21 W wireless is gone (no trustworthy page gives it).
    assert (fold.battery.wired_w, fold.battery.wireless_w) == (21, None)
    assert (fold.body.thickness_mm, fold.body.folded.thickness_mm) == (5.1, 10.5)
    neo = phones["realme-gt-neo-5"].battery
    assert (neo.capacity_mah, neo.wired_w) == (4600, 240)
    for pid in ("galaxy-s23-ultra", "xiaomi-14-ultra"):
        zooms = [c for c in phones[pid].cameras if c.role in ("telephoto", "periscope")]
        assert len(zooms) == 2, pid
    x7 = [c for c in phones["oppo-find-x7-ultra"].cameras if c.role in ("telephoto", "periscope")]
    assert len(x7) != 1  # never the list that misses one of its two telephotos
    for pid in ("xiaomi-15", "xiaomi-15-pro"):  # no USD figure that puts the Pro below the 15
        assert "USD" not in phones[pid].price, pid
        assert "USD" not in phones[pid].price_converted, pid
    assert phones["galaxy-s24-plus"].released != dt.date(2024, 1, 17)
    g84 = phones["moto-g84"]
    assert g84.display.size_in == 6.5
    assert (g84.body.height_mm, g84.body.width_mm, g84.body.thickness_mm) == (160, 74.4, 7.6)
    assert g84.battery.wired_w == 30
    assert phones["iphone-5"].status == "discontinued"


def test_no_foldable_pairs_an_open_width_with_a_folded_thickness(catalog: Catalog) -> None:
    for item in catalog.phones:
        body = item.body
        if body and body.width_mm and body.width_mm > 100 and body.thickness_mm:
            assert body.thickness_mm < 9, item.id


def test_no_wireless_charging_is_rounded_to_7_w(catalog: Catalog) -> None:
    assert [p.id for p in catalog.phones if p.battery and p.battery.wireless_w == 7] == []


def test_not_every_phone_is_available(catalog: Catalog) -> None:
    statuses = {p.status for p in catalog.phones}
    assert {"available", "discontinued"} <= statuses


def test_the_catalog_date_is_the_newest_snapshot_or_curation(catalog: Catalog) -> None:
    files = curated.read(CURATED)
    assert catalog.updated.date() == max(content["updated"] for _, content in files)


def test_the_build_works_without_the_research_file(tmp_path: Path) -> None:
    """The research file is optional: without it the build still succeeds, with fewer facts."""
    shutil.copy(CURATED / "corrections.yaml", tmp_path / "corrections.yaml")
    catalog, _, report = build(SOURCES, tmp_path)
    assert report.phones > 900
    assert not any(p["id"] == "honor-magic-v5" for p in catalog["phones"])


def test_research_may_come_in_several_files(tmp_path: Path) -> None:
    """Batches of research live in research-*.yaml beside research.yaml and count as one file;
    a file with a misspelt section is refused rather than skipped."""
    shutil.copy(CURATED / "corrections.yaml", tmp_path / "corrections.yaml")
    shutil.copy(CURATED / "research.yaml", tmp_path / "research.yaml")
    batch = tmp_path / "research-batch.yaml"
    batch.write_text(
        "corrections:\n"
        "  - phone: Nokia G21\n"
        "    set: {model_numbers: [TA-0000]}\n"
        "    source: https://example.org/nokia-g21\n"
        "    note: A made-up number for the test.\n"
    )
    catalog, _, _ = build(SOURCES, tmp_path)
    (g21,) = [p for p in catalog["phones"] if p["model"] == "G21" and p["brand"] == "Nokia"]
    assert "TA-0000" in g21["model_numbers"]
    assert "https://example.org/nokia-g21" in g21["sources"]
    assert any(p["id"] == "honor-magic-v5" for p in catalog["phones"])  # from research.yaml

    batch.write_text("correction:\n  - phone: Nokia G21\n")
    with pytest.raises(BuildError, match="unknown top-level keys"):
        build(SOURCES, tmp_path)
