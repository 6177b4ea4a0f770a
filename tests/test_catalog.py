"""Loading and validating spec files: every refusal names the file, line, column and field."""

from __future__ import annotations

import hashlib
import textwrap
import time
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot import yamlfile
from bot.catalog import CatalogError, Problem, diff_catalogs, load_catalog
from bot.models import SpecFile
from bot.specfile import PhoneByPhone

PHONE = """\
  - id: {id}
    brand: Acme
    model: {model}
    released: 2024-01-10
    battery: {{capacity_mah: 5000, wired_w: 67}}
    body: {{weight_g: 190}}
    sources: [https://example.com/{id}]
"""


def spec(*models: str, extra: str = "") -> str:
    """A valid spec file with one phone per model name ("Rocket 1" -> id acme-rocket-1)."""
    phones = "".join(
        PHONE.format(id="acme-" + m.lower().replace(" ", "-"), model=m) for m in models
    )
    return f"phones:\n{phones}{extra}"


def write(tmp_path: Path, text: str | bytes, name: str = "specs.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def problems_of(path: Path) -> tuple[Problem, ...]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    return caught.value.problems


def test_valid_file_loads_into_an_immutable_catalog(tmp_path: Path) -> None:
    """A good file gives phones, brands and an index, and the records cannot be changed."""
    catalog = load_catalog(write(tmp_path, spec("Rocket 1", "Rocket 2")))
    assert [p.id for p in catalog.phones] == ["acme-rocket-1", "acme-rocket-2"]
    assert catalog.by_id["acme-rocket-1"].battery.capacity_mah == 5000
    assert catalog.summary() == "2 phones, 1 brands, 0 series, 0 news items"
    with pytest.raises(Exception, match="frozen"):
        catalog.phones[0].model = "Other"  # type: ignore[misc]


def battery(value: str) -> str:
    return spec("Rocket 1").replace("capacity_mah: 5000", f"capacity_mah: {value}")


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        (
            battery('"4880mah"'),
            6,
            "phones[0].battery.capacity_mah",
            'expected a whole number, got "4880mah"',
        ),
        (
            spec("Rocket 1").replace("battery:", "batery:"),
            6,
            "phones[0].batery",
            "unknown key 'batery' (did you mean 'battery'?)",
        ),
        (
            spec("Rocket 1").replace("weight_g: 190", "weight_g: 2230"),
            7,
            "phones[0].body.weight_g",
            "weight_g 2230 is out of range (at most 600)",
        ),
        (
            spec("Rocket 1").replace("    released: 2024-01-10\n", ""),
            2,
            "phones[0]",
            "a phone needs an announced or a released date",
        ),
        (
            spec("Rocket 1").replace("    brand: Acme\n", ""),
            2,
            "phones[0].brand",
            "missing required key 'brand'",
        ),
        (
            spec("Rocket 1").replace("id: acme-rocket-1", "id: Acme Rocket"),
            2,
            "phones[0].id",
            '"Acme Rocket" is not in the expected form',
        ),
        (
            spec("Rocket 1").replace("2024-01-10", "last tuesday"),
            5,
            "phones[0].released",
            'expected a date (YYYY-MM-DD), got "last tuesday"',
        ),
        (
            spec("Rocket 1").replace("wired_w: 67", "wired_w: true"),
            6,
            "phones[0].battery.wired_w",
            "expected a number, got True",
        ),
        (
            spec("Rocket 1").replace(
                "body: {weight_g: 190}", "body: {weight_g: 190, ip_rating: IP9000}"
            ),
            7,
            "phones[0].body.ip_rating",
            "is not in the expected form (such as IP68)",
        ),
        (
            spec("Rocket 1") + "    cameras: [{role: main, mp: 50, aperture: f/4.0-f/1.4}]\n",
            9,
            "phones[0].cameras[0].aperture",
            "must go from wide to narrow",
        ),
        (
            spec("Rocket 1") + "    cameras: [{role: main, mp: 50, aperture: f/0}]\n",
            9,
            "phones[0].cameras[0].aperture",
            "aperture 'f/0' is out of range (f/0.5 to f/32)",
        ),
        (
            spec("Rocket 1") + "    cameras: [{role: main, mp: 50, aperture: 1e400}]\n",
            9,
            "phones[0].cameras[0].aperture",
            "aperture inf is out of range",
        ),
        (
            spec("Rocket 1") + "    display: {size_in: 6.1, resolution: big}\n",
            9,
            "phones[0].display.resolution",
            'expected width x height such as "1440x3200"',
        ),
        (
            spec("Rocket 1") + "    cameras: [{role: zoom, mp: 50}]\n",
            9,
            "phones[0].cameras[0].role",
            '"zoom" is not one of',
        ),
        (
            spec("Rocket 1") + "    aliases: ['']\n",
            9,
            "phones[0].aliases[0]",
            "an item of aliases must not be empty",
        ),
        (
            spec("Rocket 1") + f"    aliases: [{'x' * 101}]\n",
            9,
            "phones[0].aliases[0]",
            "an item of aliases is too long (at most 100 characters)",
        ),
        (  # a name that would not fit a Discord menu's label
            spec("Rocket 1").replace("model: Rocket 1", f"model: Rocket {'1' * 90}"),
            2,
            "phones[0]",
            "brand and model together are 102 characters; at most 100 fit a Discord menu",
        ),
        (
            spec("Rocket 1").replace("[https://example.com/acme-rocket-1]", "[ftp://x]"),
            8,
            "phones[0].sources[0]",
            '"ftp://x" is not in the expected form (an http(s) URL)',
        ),
        (
            spec("Rocket 1") + "    price: {USD: 799, eur: 899}\n",
            9,
            "phones[0].price.eur",
            '"eur" is not in the expected form (a three-letter currency code such as USD)',
        ),
        (
            spec("Rocket 1").replace("2024-01-10", "20240110"),
            5,
            "phones[0].released",
            "expected a date (YYYY-MM-DD), got 20240110",
        ),
        (
            spec("Rocket 1").replace("2024-01-10", "2024-01-10 09:00"),
            5,
            "phones[0].released",
            'expected a date (YYYY-MM-DD), got "2024-01-10 09:00"',
        ),
        (
            spec("Rocket 1") + "    series: rocket-series\n",
            9,
            "phones[0].series",
            "unknown series 'rocket-series'",
        ),
        (
            spec("Rocket 1", "Rocket 1"),
            9,
            "phones[1].id",
            "duplicate id 'acme-rocket-1' (first at specs.yaml:2)",
        ),
        (
            spec("Rocket 1", "Rocket 2")
            .replace("model: Rocket 2\n", "model: Rocket 2\n    aliases: [Mi 14]\n")
            .replace("model: Rocket 1\n", "model: Rocket 1\n    aliases: [MI-14]\n"),
            13,
            "phones[1].aliases[0]",
            "alias 'Mi 14' is used by two phones (first at specs.yaml:5)",
        ),
        (
            spec("Rocket 1", "Rocket 2").replace(
                "model: Rocket 2\n", "model: Rocket 2\n    aliases: [acme rocket 1]\n"
            ),
            12,
            "phones[1].aliases[0]",
            "alias 'acme rocket 1' is used by two phones (first at specs.yaml:4)",
        ),
        (  # one key to `find`, which ignores spacing, so one exact name for two phones
            spec("Rocket 1", "Rocket 2").replace(
                "model: Rocket 2\n", "model: Rocket 2\n    aliases: [Rocket1]\n"
            ),
            12,
            "phones[1].aliases[0]",
            "alias 'Rocket1' is used by two phones (first at specs.yaml:4)",
        ),
        (
            spec("Rocket 1") + PHONE.format(id="acme-rocket-one", model="Rocket 1"),
            11,
            "phones[1].model",
            "name 'Acme Rocket 1' is used by two phones (first at specs.yaml:4)",
        ),
        (
            spec("Rocket 1") + "    aliases: ['(-)']\n",
            9,
            "phones[0].aliases[0]",
            "alias '(-)' has no letters or digits",
        ),
    ],
)
def test_each_validation_error_names_line_field_and_reason(
    tmp_path: Path, text: str, line: int, field: str, message: str
) -> None:
    """Validator errors carry file:line:column, the field path and a plain-language message."""
    path = write(tmp_path, text)
    problems = problems_of(path)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.file, problem.line, problem.field) == (str(path), line, field)
    assert message in problem.message
    assert str(problem).startswith(f"{path}:{line}:{problem.column}: {field}: ")


def test_a_bad_mapping_key_is_placed_at_the_key(tmp_path: Path) -> None:
    """A currency code that is not one points at the code, not at the price after it."""
    problems = problems_of(write(tmp_path, spec("Rocket 1") + "    price: {USD: 799, eur: 899}\n"))
    assert (problems[0].line, problems[0].column) == (9, 23)


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b"", "the file is empty", None),
        (b"   \n\n", "the file is empty", None),
        (b"- id: x\n- id: y\n", "expected a mapping with 'phones:' at the top, got a list", 1),
        (b"just words\n", "expected a mapping with 'phones:' at the top, got text", 1),
        (b"phones:\n\t- id: x\n", "a tab character; YAML indents with spaces only", 2),
        (b"phones: [\n", "YAML syntax error", 2),
        (b"phones:\n  - id: caf\xe9\n", "not UTF-8 text (byte 0xe9)", 2),
        (b"a: &a [1, 1]\nb: &b [*a, *a]\nc: [*b, *b]\n", "anchors and aliases", 1),
        (b"phones: " + b"[" * 40 + b"]" * 40 + b"\n", "nested more than 32 levels", 1),
        (b"phones: " + b"[" * 50000 + b"]" * 50000 + b"\n", "nested more than 32 levels", 1),
        (b"phones:\n" + b"".join(b" " * i + b"- \n" for i in range(0, 400, 2)), "nested more", 33),
        (b"phones: !!python/object/apply:os.system [echo hi]\n", "tags", 1),
        (b"phones: []\nphones: []\n", "duplicate key 'phones' (first at line 1)", 2),
        (b"phones: []\n---\nphones: []\n", "more than one YAML document", 2),
        (b"phones: []\nn: " + b"9" * 5000 + b"\n", "a number of 5,000 digits is too long", 2),
        (b'phones: []\nos: "a\x00b"\n', "control characters are not allowed (#x0000)", 2),
        (b'phones: []\n"": 1\n', "a mapping key is empty", 2),
    ],
)
def test_broken_or_hostile_files_get_one_clear_error(
    tmp_path: Path, content: bytes, message: str, line: int | None
) -> None:
    """Hostile or broken input is refused with a message and a line, never a crash or a hang."""
    problems = problems_of(write(tmp_path, content))
    assert len(problems) == 1, problems
    assert message in problems[0].message
    assert problems[0].line == line


@pytest.mark.parametrize("key", ["yes", "on", "null", "1_000", "é2"])
def test_unknown_keys_are_named_as_written(tmp_path: Path, key: str) -> None:
    """A key is the word the moderator typed, not the value YAML 1.1 reads (`yes` is not True)."""
    problems = problems_of(write(tmp_path, spec("Rocket 1") + f"    {key}: 1\n"))
    assert [(p.line, p.column, p.field, p.message) for p in problems] == [
        (9, 5, f"phones[0].{key}", f"unknown key '{key}'")
    ]


def test_control_character_is_placed_in_characters_not_bytes(tmp_path: Path) -> None:
    """libyaml counts bytes; the column a moderator sees counts characters ("é" is one)."""
    problems = problems_of(write(tmp_path, spec("Rocket 1") + '    os: "éé\x01"\n'))
    assert (problems[0].line, problems[0].column) == (9, 12)


@pytest.mark.parametrize("pure", [False, True])
@pytest.mark.parametrize(
    ("data", "column"), [('a: é\nb: "é\x01"'.encode(), 6), ("a: é\nb: ".encode() + b"\xff", 4)]
)
def test_both_parsers_place_a_refused_character_alike(pure: bool, data: bytes, column: int) -> None:
    """PyYAML's pure parser counts characters where libyaml counts bytes; both end up alike."""
    with pytest.raises(yamlfile.YamlError) as caught:
        yamlfile.load(data, pure=pure)
    assert caught.value.position == yamlfile.Position(2, column)


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    """A billion-laughs file is refused at its first anchor, before anything expands."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = write(tmp_path, "\n".join(lines) + "\nphones: *a9\n")
    started = time.process_time()
    problems = problems_of(path)
    assert "anchors and aliases" in problems[0].message
    assert time.process_time() - started < 5, "expansion must never start"


def test_missing_file_and_oversized_file(tmp_path: Path) -> None:
    """A missing path and a file above the size limit are refused without being read."""
    assert problems_of(tmp_path / "nope.yaml")[0].message == "file not found"
    big = write(tmp_path, b"# padding\n" * 1000)
    with pytest.raises(CatalogError, match="the limit is 100"):
        load_catalog(big, max_bytes=100)


def test_every_error_in_one_pass(tmp_path: Path) -> None:
    """Several mistakes in one file are all reported together, in file order."""
    text = spec("Rocket 1", "Rocket 2").replace("capacity_mah: 5000", "capacity_mah: lots")
    text = text.replace("weight_g: 190", "weight_g: 9")
    problems = problems_of(write(tmp_path, text))
    assert [p.field for p in problems] == [
        "phones[0].battery.capacity_mah",
        "phones[0].body.weight_g",
        "phones[1].battery.capacity_mah",
        "phones[1].body.weight_g",
    ]
    assert [p.line for p in problems] == [6, 7, 13, 14]


def test_problems_past_the_first_200_are_counted(tmp_path: Path) -> None:
    """Two files of 300 mistakes each: all 600 are counted, the first 200 listed with lines."""
    text = spec(*(f"Rocket {n}" for n in range(300))).replace("battery:", "batery:")
    write(tmp_path, text, "a.yaml")
    write(tmp_path, text, "b.yaml")
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    assert len(caught.value.problems) == 600
    lines = str(caught.value).splitlines()
    assert lines[0] == "600 problems in the spec data"
    assert lines[200].startswith(f"{tmp_path / 'a.yaml'}:1399:5: phones[199].batery: unknown key")
    assert lines[201:] == ["... and 400 more"]


def test_directory_of_files_is_one_catalog_with_ids_unique_across_files(tmp_path: Path) -> None:
    """A directory's *.yaml files merge; a duplicate id in another file names the first file."""
    write(tmp_path, spec("Rocket 1"), "acme.yaml")
    write(tmp_path, spec("Rocket 2"), "more.yaml")
    assert len(load_catalog(tmp_path).phones) == 2
    write(tmp_path, b"\x00\x05\x16\x07Mac OS X", "._acme.yaml")  # macOS metadata: skipped
    assert len(load_catalog(tmp_path).phones) == 2
    write(tmp_path, spec("Rocket 1"), "zzz.yaml")
    problems = problems_of(tmp_path)
    assert problems[0].file.endswith("zzz.yaml")
    assert "duplicate id 'acme-rocket-1' (first at acme.yaml:2)" in problems[0].message


def test_a_catalog_names_the_bytes_it_was_read_from(tmp_path: Path) -> None:
    """The hash `/status` and the catalog versions use: of the file as read, none for a folder."""
    file = write(tmp_path, spec("Rocket 1"), "acme.yaml")
    assert load_catalog(file).sha256 == hashlib.sha256(file.read_bytes()).hexdigest()
    assert load_catalog(tmp_path).sha256 is None


def test_series_news_and_diff(tmp_path: Path) -> None:
    """Series news reaches its phones newest first; a diff counts added, changed and removed."""
    series = """\
series:
  - id: rocket-series
    name: Rocket series
    news:
      - {date: 2024-01-05, headline: Old, summary: s, source: Acme, url: https://e.com/1}
      - {date: 2024-02-05, headline: New, summary: s, source: Acme, url: https://e.com/2}
"""
    text = spec("Rocket 1", "Rocket 2").replace(
        "model: Rocket 1\n", "model: Rocket 1\n    series: rocket-series\n"
    )
    old = load_catalog(write(tmp_path, text + series))
    rocket = old.by_id["acme-rocket-1"]
    assert [n.headline for n in old.news_for(rocket)] == ["New", "Old"]
    assert old.news_for(old.by_id["acme-rocket-2"]) == []
    assert [(about, n.headline) for about, n in old.latest_news(limit=1)] == [
        ("Rocket series", "New")
    ]
    assert old.summary() == "2 phones, 1 brands, 1 series, 2 news items"

    changed = spec("Rocket 1", "Rocket 3").replace("wired_w: 67", "wired_w: 80", 1)
    new = load_catalog(write(tmp_path, changed, "new.yaml"))
    diff = diff_catalogs(old, new)
    assert (diff.added, diff.changed, diff.removed) == (
        ("acme-rocket-3",),
        ("acme-rocket-1",),
        ("acme-rocket-2",),
    )
    assert diff.summary() == "1 added, 1 changed, 1 removed, 0 news items added"


# --- validated a phone at a time (the load's peak memory) ----------------------------------

GOOD = (
    """{id: acme-a, brand: Acme, model: A, released: 2024-01-10, sources: ['https://a.example/']}"""
)


@pytest.mark.parametrize(
    "text",
    [
        f"phones: [{GOOD}]",
        f"updated: nope\njunk: 1\nphones: [{GOOD.replace('acme-a', 'Bad Id')}, 7, {GOOD}]\n"
        "series: [{id: X}]",
        f"zzz: 1\nseries: [{{id: bad id}}]\nupdated: 5\nphones: [{GOOD.replace('Acme', '')}]",
        "phones: [1, text, null, [1], {brand: Acme}]",
        "phones: text",
        "phones:",
        "series: []",
        f"phones: [{GOOD}, {GOOD}]",  # the same phone twice: for the cross-checks, not pydantic
    ],
)
def test_phone_by_phone_validation_finds_what_the_whole_file_would(text: str) -> None:
    """Each phone is validated as soon as it is read; the file as a whole gets exactly the errors,
    in the same order, that pydantic gives when it validates the whole file at once."""
    data = text.encode()
    try:
        SpecFile.model_validate(yamlfile.load(data))
        whole = []
    except ValidationError as exc:
        whole = exc.errors(include_url=False)

    by_phone = PhoneByPhone()
    spec, errors = by_phone.spec_file(yamlfile.load(data, each=("phones", by_phone.validate)))

    assert [(e["loc"], e["type"], e["msg"]) for e in errors] == [
        (e["loc"], e["type"], e["msg"]) for e in whole
    ]
    assert (spec is None) == bool(whole)


def test_each_item_is_handed_over_whole_and_replaced() -> None:
    """Mappings and lists of the top-level list are handed over complete, in order, and the
    list keeps what the caller made of them; scalars, other lists and a deeper `phones` stay."""
    seen: list[tuple[int, object]] = []

    def take(number: int, item: object) -> str:
        seen.append((number, item))
        return f"taken {number}"

    text = b"phones:\n- {a: 1}\n- [1, 2]\n- plain\n- {b: {phones: [3]}}\nseries: [{d: 4}]\n"
    loaded = yamlfile.load(text, each=("phones", take))

    assert loaded == {
        "phones": ["taken 0", "taken 1", "plain", "taken 3"],
        "series": [{"d": 4}],
    }
    assert seen == [(0, {"a": 1}), (1, [1, 2]), (3, {"b": {"phones": [3]}})]
