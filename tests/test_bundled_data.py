"""The bundled catalog data/specs.yaml: it loads, carries its attribution, and holds the facts the
seed article and the curated corrections put there."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.catalog import Catalog, load_catalog
from bot.models import Phone, Series, SpecFile

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "data" / "specs.yaml"

TECHAPI_REPO = "https://github.com/Seungpyo1007/TechAPI"
TECHAPI_COMMIT = "870b879e2c4ef2acf43556e02295df7233f5f465"
PHONEARENA = "https://phonearena.com/news/xiaomi-14-series-sold-more-than-a-million-units_id152439"


def normalise(text: str) -> str:
    """The form in which aliases must be unique: lower case, '+' is 'plus', letters and digits."""
    return re.sub(r"[^0-9a-z]", "", text.casefold().replace("+", "plus"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(SPECS)


@pytest.fixture(scope="module")
def phones(catalog: Catalog) -> dict[str, Phone]:
    return dict(catalog.by_id)


@pytest.fixture(scope="module")
def series(catalog: Catalog) -> dict[str, Series]:
    return dict(catalog.series)


def test_bundled_catalog_loads(catalog: Catalog) -> None:
    """The bot's loader accepts the file: valid records, unique ids and aliases, known series."""
    assert len(catalog.phones) > 300
    assert len(catalog.brands) >= 19


def test_file_is_plain_yaml_in_the_schema() -> None:
    """Plain yaml.safe_load reads it, and the schema validates it with strict numbers."""
    spec = SpecFile.model_validate(yaml.safe_load(SPECS.read_text(encoding="utf-8")))
    assert spec.updated is not None
    assert len(spec.phones) > 300


def test_header_carries_attribution() -> None:
    """The leading comment says what the file is and credits every source under its licence:
    TechAPI (CC BY-SA 4.0), the LineageOS Wiki (CC BY-SA 3.0, adapted under 4.0),
    endoflife.date and DeviceKit (MIT), each with its snapshot commit."""
    lines = SPECS.read_text(encoding="utf-8").splitlines()
    header = "\n".join(line for line in lines[: lines.index("")] if line.startswith("#"))
    assert "docs/data-format.md" in header
    assert f"Data from TechAPI: {TECHAPI_REPO}" in header
    assert f"snapshot {TECHAPI_COMMIT} (2026-05-29), CC BY-SA 4.0." in header
    assert "LineageOS Wiki, (c) The LineageOS Project: https://github.com/LineageOS" in header
    assert "CC BY-SA 3.0" in header
    assert "adapted here under CC BY-SA 4.0" in header
    assert "endoflife.date, (c) 2020 endoflife.date contributors" in header
    assert "DeviceKit, (c) 2015 Dennis Weissmann" in header
    assert header.count(", MIT.") == 2
    assert "licensed under CC BY-SA 4.0" in header
    assert "(MIT)" in header


def test_source_snapshots_keep_their_licences() -> None:
    """Each bundled snapshot keeps its provenance and licence file beside the data."""
    sources = ROOT / "data" / "sources"
    for name, licence in [
        ("techapi", "LICENSE-NOTE.txt"),
        ("lineageos", "LICENSE-NOTE.txt"),
        ("endoflife", "LICENSE"),
        ("devicekit", "LICENSE"),
    ]:
        assert (sources / name / "SOURCE.txt").is_file(), name
        assert (sources / name / licence).read_text(encoding="utf-8").strip(), name
    assert "MIT" in (sources / "devicekit" / "LICENSE").read_text(encoding="utf-8")


def test_ids_are_unique(catalog: Catalog) -> None:
    """No two phones share an id."""
    ids = [phone.id for phone in catalog.phones]
    assert len(ids) == len(set(ids))


def test_every_phone_has_a_source(catalog: Catalog) -> None:
    """Every phone names at least one source; TechAPI phones name their TechAPI file first."""
    for phone in catalog.phones:
        assert phone.sources, phone.id
        if "TechAPI" in phone.sources[0]:
            assert phone.sources[0].startswith(f"{TECHAPI_REPO}/blob/{TECHAPI_COMMIT}/data/")


def test_models_never_repeat_the_brand(catalog: Catalog) -> None:
    """'Xiaomi Mi 10' is brand Xiaomi, model 'Mi 10'; no model starts with its brand as a word
    (SHIFT's 'SHIFT6mq' is one word, the product's name)."""
    for phone in catalog.phones:
        assert not phone.model.casefold().startswith(phone.brand.casefold() + " "), phone.id


def test_brands_are_normalised(catalog: Catalog) -> None:
    """Brands are display names, and sub-brands filed under a parent in TechAPI stand alone."""
    brands = set(catalog.brands)
    assert {"POCO", "iQOO", "Redmi", "OnePlus", "OPPO", "vivo", "realme", "HTC", "LG"} <= brands
    assert not brands & {"xiaomi", "poco", "iqoo", "Vivo", "Oppo", "HONOR", "ASUS"}
    for phone in catalog.phones:
        for sub_brand in ("POCO", "Redmi", "iQOO"):
            if phone.model.casefold().startswith(sub_brand.casefold()):
                pytest.fail(f"{phone.id}: model {phone.model!r} should have brand {sub_brand}")


@pytest.mark.parametrize(
    ("phone_id", "brand", "model"),
    [
        ("poco-f3", "POCO", "F3"),
        ("iqoo-12", "iQOO", "12"),
        ("redmi-note-13-pro-plus", "Redmi", "Note 13 Pro+"),
        ("xiaomi-mi-10", "Xiaomi", "Mi 10"),
        ("xiaomi-14", "Xiaomi", "14"),
        ("vivo-x300", "vivo", "X300"),
        ("galaxy-s24-ultra", "Samsung", "Galaxy S24 Ultra"),
        ("pixel-5", "Google", "Pixel 5"),
        ("nothing-phone-2", "Nothing", "Phone (2)"),
    ],
)
def test_names_are_split_into_brand_and_model(
    phones: dict[str, Phone], phone_id: str, brand: str, model: str
) -> None:
    """Inconsistent TechAPI names ("Vivo X300", "Google Pixel 5") become brand + model."""
    assert (phones[phone_id].brand, phones[phone_id].model) == (brand, model)


def test_aliases_are_unique_after_normalisation(catalog: Catalog) -> None:
    """No two phones share an alias, and no alias is another phone's brand + model."""
    names = {normalise(phone.name): phone.id for phone in catalog.phones}
    owners: dict[str, str] = {}
    for phone in catalog.phones:
        for alias in phone.aliases:
            key = normalise(alias)
            assert owners.setdefault(key, phone.id) == phone.id, (alias, phone.id, owners[key])
            assert names.get(key, phone.id) == phone.id, (alias, phone.id, names[key])


@pytest.mark.parametrize(
    ("alias", "phone_id"),
    [
        ("S24+", "galaxy-s24-plus"),
        ("S24 Plus", "galaxy-s24-plus"),
        ("Galaxy S24 Plus", "galaxy-s24-plus"),
        ("Mi 14 Pro", "xiaomi-14-pro"),
        ("23116PN5BC", "xiaomi-14-pro"),
        ("Z Fold 5", "galaxy-z-fold-5"),
        ("Z Flip 5", "galaxy-z-flip-5"),
        ("Phone 2", "nothing-phone-2"),
        ("Redmi Note 13 Pro Plus", "redmi-note-13-pro-plus"),
        ("Xiaomi Redmi Note 13 Pro+", "redmi-note-13-pro-plus"),
        ("Xiaomi POCO F3", "poco-f3"),
        ("vivo iQOO 12", "iqoo-12"),
        ("iPhone SE 2020", "iphone-se-2020"),
    ],
)
def test_aliases_people_type(phones: dict[str, Phone], alias: str, phone_id: str) -> None:
    """The aliases the issue asks for are on the right phone."""
    assert alias in phones[phone_id].aliases


def test_resolutions_are_portrait(catalog: Catalog) -> None:
    """Resolutions are written width x height with the width the shorter side."""
    for phone in catalog.phones:
        if phone.display and phone.display.resolution:
            width, height = phone.display.resolution
            assert width <= height, phone.id


def test_xiaomi_14_pro_from_the_seed_article(phones: dict[str, Phone]) -> None:
    """The Xiaomi 14 Pro, missing from TechAPI, carries the seed article's facts."""
    phone = phones["xiaomi-14-pro"]
    assert phone.name == "Xiaomi 14 Pro"
    assert phone.series == "xiaomi-14-series"
    assert (phone.announced, phone.released) == (dt.date(2023, 10, 26), dt.date(2023, 10, 31))
    assert phone.price == {"CNY": 4999}
    assert phone.display is not None
    assert phone.display.size_in == 6.73
    assert tuple(phone.display.resolution) == (1440, 3200)
    assert phone.display.ppi == 522
    assert (phone.display.refresh_min_hz, phone.display.refresh_hz) == (1, 120)
    assert phone.display.peak_nits == 3000
    assert "LTPO" in phone.display.type
    assert phone.chipset is not None
    assert phone.chipset.name == "Snapdragon 8 Gen 3"
    assert [(m.ram_gb, m.storage_gb) for m in phone.memory] == [(12, 256), (16, 512), (16, 1024)]
    main = phone.cameras[0]
    assert (main.role, main.mp, str(main.aperture), main.ois) == ("main", 50, "f/1.42-f/4.0", True)
    assert phone.battery is not None
    assert (phone.battery.capacity_mah, phone.battery.wired_w) == (4880, 120)
    assert (phone.battery.wireless_w, phone.battery.reverse_w) == (50, 10)
    assert phone.body is not None
    assert (phone.body.height_mm, phone.body.width_mm, phone.body.thickness_mm) == (
        161.4,
        75.3,
        8.5,
    )
    assert phone.body.weight_g == 223
    assert "ceramic" in (phone.body.build or "").casefold()
    assert phone.os == "HyperOS (Android 14)"
    assert PHONEARENA in phone.sources


def test_xiaomi_14_corrections(phones: dict[str, Phone]) -> None:
    """TechAPI dates the Xiaomi 14 by its global launch; the China launch and variants win."""
    phone = phones["xiaomi-14"]
    assert (phone.announced, phone.released) == (dt.date(2023, 10, 26), dt.date(2023, 10, 31))
    assert [(m.ram_gb, m.storage_gb) for m in phone.memory] == [
        (8, 256),
        (12, 256),
        (16, 512),
        (16, 1024),
    ]
    assert phone.price == {"CNY": 3999}
    assert phone.price_converted == {"USD": 899}  # TechAPI's USD figure is a conversion
    assert phone.battery is not None
    assert phone.battery.reverse_w == 10
    assert phone.os == "HyperOS (Android 14)"
    assert phone.series == "xiaomi-14-series"
    assert [n.date for n in phone.news] == [dt.date(2024, 2, 25)]


def test_mate_60_pro_corrections(phones: dict[str, Phone]) -> None:
    """The Huawei Mate 60 Pro runs HarmonyOS, not Android, and has its real camera set."""
    phone = phones["huawei-mate-60-pro"]
    assert phone.announced == dt.date(2023, 8, 29)
    assert phone.chipset is not None
    assert phone.chipset.name == "Kirin 9000S"
    assert phone.os == "HarmonyOS 4.0"
    assert phone.display is not None
    assert (phone.display.size_in, tuple(phone.display.resolution)) == (6.82, (1260, 2720))
    assert "LTPO" in phone.display.type
    assert (phone.display.refresh_min_hz, phone.display.refresh_hz) == (1, 120)
    assert phone.display.protection == "Kunlun Glass 2"
    cameras = [(c.role, c.mp, str(c.aperture) if c.aperture else None) for c in phone.cameras]
    assert cameras == [
        ("main", 50, "f/1.4-f/4.0"),
        ("ultrawide", 12, "f/2.2"),
        ("telephoto", 48, "f/3.0"),
        ("selfie", 13, "f/2.4"),
    ]
    assert [c.ois for c in phone.cameras[:3:2]] == [True, True]
    assert phone.cameras[2].zoom_x == 3.5
    assert phone.battery is not None
    assert (phone.battery.capacity_mah, phone.battery.wired_w, phone.battery.wireless_w) == (
        5000,
        88,
        50,
    )
    assert [(m.ram_gb, m.storage_gb) for m in phone.memory] == [(12, 512)]
    assert phone.price == {"CNY": 6999}
    assert phone.connectivity is not None
    assert phone.connectivity.satellite == "Satellite calling"
    assert phone.series == "huawei-mate-60-series"
    assert [n.date for n in phone.news] == [dt.date(2023, 8, 29)]


def test_series_and_news(phones: dict[str, Phone], series: dict[str, Series]) -> None:
    """The Xiaomi 14 series holds the 14, 14 Pro and 14 Ultra and the million-units news."""
    xiaomi = series["xiaomi-14-series"]
    assert (xiaomi.name, xiaomi.brand) == ("Xiaomi 14 series", "Xiaomi")
    members = {pid for pid, phone in phones.items() if phone.series == "xiaomi-14-series"}
    assert members == {"xiaomi-14", "xiaomi-14-pro", "xiaomi-14-ultra"}
    (news,) = xiaomi.news
    assert news.headline == "The Xiaomi 14 series sold more than a million units in a week"
    assert news.source == "PhoneArena (citing Reuters)"
    assert news.url == PHONEARENA
    assert len(news.summary) <= 650
    assert series["huawei-mate-60-series"].brand == "Huawei"


def test_build_reproduces_the_file() -> None:
    """Rerunning the build on the bundled snapshots writes exactly the bundled file."""
    result = subprocess.run(
        [sys.executable, "-m", "scripts.catalog_build", "--check"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "conflicts found:" in result.stdout
