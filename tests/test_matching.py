"""Finding phones in what people type: `bot.matching`.

Most tables run against a small hand-built catalog that holds the tricky neighbours (iPhone 15 and
15 Pro, Pixel 8 and 8a, Xiaomi 14 and 14 Pro, Z Flip5 and Z Flip 5G...); the last ones run the
same kinds of queries against the bundled catalog.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest

from bot.catalog import load_catalog
from bot.matching import (
    Candidate,
    Match,
    Mention,
    Outcome,
    PhoneIndex,
    exact_key,
    normalize,
)
from bot.models import Phone

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "specs.yaml"

# id, brand, model, aliases, release date
PHONES = [
    ("iphone-13", "Apple", "iPhone 13", (), "2021-09-24"),
    ("iphone-14", "Apple", "iPhone 14", (), "2022-09-16"),
    ("iphone-14-pro", "Apple", "iPhone 14 Pro", (), "2022-09-16"),
    ("iphone-15", "Apple", "iPhone 15", (), "2023-09-22"),
    ("iphone-15-plus", "Apple", "iPhone 15 Plus", (), "2023-09-22"),
    ("iphone-15-pro", "Apple", "iPhone 15 Pro", (), "2023-09-22"),
    ("iphone-15-pro-max", "Apple", "iPhone 15 Pro Max", (), "2023-09-22"),
    ("iphone-x", "Apple", "iPhone X", (), "2017-11-03"),
    ("pixel-8", "Google", "Pixel 8", (), "2023-10-12"),
    ("pixel-8-pro", "Google", "Pixel 8 Pro", (), "2023-10-12"),
    ("pixel-8a", "Google", "Pixel 8a", (), "2024-05-14"),
    ("pixel-4a", "Google", "Pixel 4a", (), "2020-08-20"),
    ("pixel-4a-5g", "Google", "Pixel 4a (5G)", (), "2020-11-19"),
    ("xiaomi-14", "Xiaomi", "14", ("Mi 14",), "2023-10-26"),
    ("xiaomi-14-pro", "Xiaomi", "14 Pro", ("Mi 14 Pro",), "2023-10-26"),
    ("xiaomi-14-ultra", "Xiaomi", "14 Ultra", ("Mi 14 Ultra",), "2024-02-22"),
    ("redmi-note-13-pro", "Redmi", "Note 13 Pro", (), "2023-09-21"),
    ("redmi-note-13-pro-plus", "Redmi", "Note 13 Pro+", ("Redmi Note 13 Pro Plus",), "2023-09-21"),
    ("galaxy-z-flip-5", "Samsung", "Galaxy Z Flip5", ("Z Flip 5",), "2023-08-11"),
    ("galaxy-z-flip-5g", "Samsung", "Galaxy Z Flip 5G", (), "2020-08-07"),
    ("galaxy-z-fold-5", "Samsung", "Galaxy Z Fold5", ("Z Fold 5",), "2023-08-11"),
    ("galaxy-s24", "Samsung", "Galaxy S24", ("S24",), "2024-01-31"),
    ("galaxy-s24-plus", "Samsung", "Galaxy S24+", ("Galaxy S24 Plus",), "2024-01-31"),
    ("galaxy-s24-ultra", "Samsung", "Galaxy S24 Ultra", ("S24 Ultra",), "2024-01-31"),
    ("galaxy-s6", "Samsung", "Galaxy S6", (), "2015-04-10"),
    ("galaxy-s6-edge", "Samsung", "Galaxy S6 Edge", (), "2015-04-10"),
    ("galaxy-a15", "Samsung", "Galaxy A15 5G", ("Galaxy A15",), "2023-12-19"),
    ("huawei-mate-60-pro", "Huawei", "Mate 60 Pro", (), "2023-08-29"),
    ("huawei-p60-pro", "Huawei", "P60 Pro", (), "2023-03-23"),
    ("nothing-phone-2", "Nothing", "Phone (2)", (), "2023-07-17"),
    ("nothing-phone-2a", "Nothing", "Phone (2a)", (), "2024-03-05"),
    ("cmf-phone-1", "Nothing", "CMF Phone 1", (), "2024-07-08"),
    ("oneplus-12", "OnePlus", "12", (), "2024-01-23"),
    ("oneplus-12r", "OnePlus", "12R", (), "2024-01-23"),
    ("motorola-razr-2019", "Motorola", "Razr (2019)", (), "2020-02-06"),
    ("motorola-razr-5g", "Motorola", "Razr 5G", (), "2020-10-02"),
    ("realme-c55", "realme", "C55", (), "2023-03-20"),
    ("realme-c55c", "realme", "C55c", (), "2023-06-01"),  # made up: a letter twice
    ("xperia-1-v", "Sony", "Xperia 1 V", (), "2023-07-14"),
    ("xperia-5-v", "Sony", "Xperia 5 V", (), "2023-10-26"),
    ("iphone-se-2016", "Apple", "iPhone SE (1st generation)", ("iPhone SE 2016",), "2016-03-31"),
    ("iphone-se-2020", "Apple", "iPhone SE (2nd generation)", ("iPhone SE 2020",), "2020-04-24"),
]


def phone(
    id: str, brand: str, model: str, aliases: tuple[str, ...] = (), released: str = "2024-01-01"
) -> Phone:
    return Phone(
        id=id,
        brand=brand,
        model=model,
        aliases=aliases,
        released=dt.date.fromisoformat(released),
        sources=("https://example.com",),
    )


@cache
def index() -> PhoneIndex:
    return PhoneIndex.build([phone(*row) for row in PHONES])


@cache
def bundled() -> PhoneIndex:
    """The index the bot builds for the bundled data, loaded the way the bot loads it."""
    return load_catalog(BUNDLED).index


def ids(match: Match) -> list[str]:
    return [c.phone.id for c in match.candidates]


# -- normalize --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Galaxy S24+", "galaxy s24 plus"),
        ("galaxy  S24 Plus", "galaxy s24 plus"),
        ("  Xiaomi   14 PRO ", "xiaomi 14 pro"),
        ("Phone (2)", "phone 2"),
        ("iPhone 15 Pro-Max", "iphone 15 pro max"),
        ("Xperia Pro-I", "xperia pro i"),
        ("HUAWEI Mate 60 Pro!", "huawei mate 60 pro"),
        ("Huáwei Nová", "huawei nova"),
        ("Pixel 4a (5G)", "pixel 4a 5g"),
        ("Galaxy Note10+ 5G", "galaxy note10 plus 5g"),
        ("Samsung's S24", "samsungs s24"),
        ("S24 Ultra_", "s24 ultra"),
        ("", ""),
        ("+", "plus"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    """Case, accents, punctuation and spacing do not count, and "+" reads as "plus"."""
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Galaxy S24+", "galaxy s24 plus"),
        ("Phone (2)", "phone 2"),
        ("iPhone 15 Pro Max", "IPHONE 15 PRO MAX"),
    ],
)
def test_normalize_makes_spellings_of_one_name_collide(one: str, other: str) -> None:
    """The catalog validator relies on this (through `exact_key`) to find two phones claiming
    one alias."""
    assert normalize(one) == normalize(other)
    assert exact_key(one) == exact_key(other)


@pytest.mark.parametrize(
    ("brand", "text"),
    [
        ("Acme", "Ráketa ２"),
        ("Huáwei", "Nová 12+"),
        ("小米", "14 Pro"),
        ("Nothing", "Phone (2a)"),
        ("O'Neil", "Ĳ's Straße"),
        ("Apple", "iPhone 15 Pro Max"),
    ],
)
def test_exact_key_of_a_name_is_the_brand_key_then_the_model_key(brand: str, text: str) -> None:
    """The index and the validator key "brand model" without reading the brand again per name."""
    assert exact_key(f"{brand} {text}") == exact_key(brand) + exact_key(text)


# -- find: what people type -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # case, punctuation and spacing
        ("Xiaomi 14 Pro", "xiaomi-14-pro"),
        ("XIAOMI 14 PRO", "xiaomi-14-pro"),
        ("xiaomi-14-pro", "xiaomi-14-pro"),
        ("xiaomi 14 pro?!", "xiaomi-14-pro"),
        ("  xiaomi   14   pro ", "xiaomi-14-pro"),
        ("xiaomi14pro", "xiaomi-14-pro"),
        ("iphone15promax", "iphone-15-pro-max"),
        ("iphone 15 promax", "iphone-15-pro-max"),
        ("galaxys24ultra", "galaxy-s24-ultra"),
        ("zflip5", "galaxy-z-flip-5"),
        ("one plus 12", "oneplus-12"),
        ("iphonex", "iphone-x"),
        # "+" is "plus"
        ("s24+", "galaxy-s24-plus"),
        ("S24 Plus", "galaxy-s24-plus"),
        ("galaxy s24 +", "galaxy-s24-plus"),
        ("redmi note 13 pro+", "redmi-note-13-pro-plus"),
        ("iphone 15+", "iphone-15-plus"),
        # the brand is optional
        ("mate 60 pro", "huawei-mate-60-pro"),
        ("s24 ultra", "galaxy-s24-ultra"),
        ("phone 2", "nothing-phone-2"),
        ("phone (2a)", "nothing-phone-2a"),
        ("pixel 8 pro", "pixel-8-pro"),
        ("note 13 pro", "redmi-note-13-pro"),
        ("z fold 5", "galaxy-z-fold-5"),
        ("xperia 1 v", "xperia-1-v"),
        # ...and so is the family word, when nothing else fits
        ("samsung s24 ultra", "galaxy-s24-ultra"),
        ("google 8 pro", "pixel-8-pro"),
        # aliases from the catalog, and "Mi" for Xiaomi
        ("mi 14 pro", "xiaomi-14-pro"),
        ("Mi 14 Ultra", "xiaomi-14-ultra"),
        ("galaxy a15", "galaxy-a15"),
        ("iphone se 2020", "iphone-se-2020"),
        ("xiaomi mi 14", "xiaomi-14"),
        # typos in words
        ("xiomi 14 pro", "xiaomi-14-pro"),
        ("xioami 14 pro", "xiaomi-14-pro"),
        ("galxy s24", "galaxy-s24"),
        ("galaxi s24 ultar", "galaxy-s24-ultra"),
        ("iphnoe 15", "iphone-15"),
        ("iphone 15 por", "iphone-15-pro"),
        ("pixle 8a", "pixel-8a"),
        ("smasung galaxy z fold 5", "galaxy-z-fold-5"),
        ("huwaei mate 60 pro", "huawei-mate-60-pro"),
        ("iphone 15 pro maxx", "iphone-15-pro-max"),
        ("pixel 8 prp", "pixel-8-pro"),
        ("1+ 12", "oneplus-12"),
        # things around the name
        ("apple iphone 15 pro max specs", "iphone-15-pro-max"),
        ("iphone 15 pro 256gb", "iphone-15-pro"),
        ("the galaxy s24 ultra", "galaxy-s24-ultra"),
        ("galaxy s24 ultra 5g", "galaxy-s24-ultra"),
        ("what are the specs of the pixel 8 pro please", "pixel-8-pro"),
    ],
)
def test_find_understands_how_people_type(query: str, expected: str) -> None:
    """Case, punctuation, spacing, "+", a missing brand, aliases and typos still find the phone."""
    match = index().find(query)
    assert match.outcome is Outcome.FOUND, ids(match)
    assert match.phone is not None
    assert match.phone.id == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("iphone 15", "iphone-15"),
        ("iphone 13", "iphone-13"),
        ("iphone 14", "iphone-14"),
        ("iphone 15 pro", "iphone-15-pro"),
        ("iphone 15 pro max", "iphone-15-pro-max"),
        ("iphone 15 plus", "iphone-15-plus"),
        ("pixel 8", "pixel-8"),
        ("pixel 8a", "pixel-8a"),
        ("pixel 8 a", "pixel-8a"),
        ("pixel 4a", "pixel-4a"),
        ("pixel 4a 5g", "pixel-4a-5g"),
        ("xiaomi 14", "xiaomi-14"),
        ("xiaomi 14 pro", "xiaomi-14-pro"),
        ("xiaomi 14 ultra", "xiaomi-14-ultra"),
        ("galaxy z flip 5", "galaxy-z-flip-5"),
        ("galaxy z flip5", "galaxy-z-flip-5"),
        ("galaxy z flip 5g", "galaxy-z-flip-5g"),
        ("z flip5g", "galaxy-z-flip-5g"),
        ("galaxy s24", "galaxy-s24"),
        ("s24", "galaxy-s24"),
        ("galaxy s6", "galaxy-s6"),
        ("s6 edge", "galaxy-s6-edge"),
        ("oneplus 12", "oneplus-12"),
        ("oneplus 12r", "oneplus-12r"),
        ("phone 1", "cmf-phone-1"),
        ("nothing phone 2", "nothing-phone-2"),
        ("razr 2019", "motorola-razr-2019"),
        ("razr 5g", "motorola-razr-5g"),
        ("c55", "realme-c55"),
        ("realme c55c", "realme-c55c"),
    ],
)
def test_numbers_and_variant_words_must_agree(query: str, expected: str) -> None:
    """ "iphone 15" is never the iPhone 13 or the 15 Pro; "pixel 8" is not the 8 Pro or the 8a;
    "galaxy z flip 5" is the Z Flip5, not the Z Flip 5G."""
    match = index().find(query)
    assert match.outcome is Outcome.FOUND, ids(match)
    assert match.phone is not None
    assert match.phone.id == expected


@pytest.mark.parametrize(
    ("query", "choices"),
    [
        ("14 pro", {"xiaomi-14-pro", "iphone-14-pro"}),
        ("14", {"xiaomi-14", "iphone-14"}),
        ("razr", {"motorola-razr-2019", "motorola-razr-5g"}),
        ("iphone se", {"iphone-se-2016", "iphone-se-2020"}),
        ("pixel", {"pixel-8", "pixel-8-pro", "pixel-8a"}),
        ("samsung galaxy", {"galaxy-s24", "galaxy-z-flip-5"}),
        ("nothing", {"nothing-phone-2", "nothing-phone-2a", "cmf-phone-1"}),
    ],
)
def test_ambiguous_queries_offer_the_choices(query: str, choices: set[str]) -> None:
    """When several phones fit equally well, the answer is a choice that lists them."""
    match = index().find(query)
    assert match.outcome is Outcome.AMBIGUOUS, ids(match)
    assert match.phone is None
    assert choices <= set(ids(match))


@pytest.mark.parametrize(
    ("query", "suggested"),
    [
        ("iphone 99", "iphone-15"),
        ("galaxy s30", "galaxy-s24"),
        ("pixel 8 ultra", "pixel-8"),
        ("xiaomi 14 pro max", "xiaomi-14-pro"),
        ("iphone 15 ultra", "iphone-15"),
        ("galaxy z flip 6", "galaxy-z-flip-5"),
        ("iphone 16", "iphone-15"),
        ("galaxy 24", "galaxy-s24"),
        ("xiaomi 14 pro 2", "xiaomi-14-pro"),
        ("razr 2020", "motorola-razr-2019"),
        ("c55cc", "realme-c55c"),
        ("nokia 3310", None),
        ("fairphone 5", None),
        ("oppo find x7 ultra", None),
        ("asdfgh", None),
    ],
)
def test_phones_that_do_not_exist_are_not_found(query: str, suggested: str | None) -> None:
    """A phone the catalog lacks is "not found", never a confident answer; near ones are offered."""
    match = index().find(query)
    assert match.outcome is Outcome.NOT_FOUND, ids(match)
    assert match.phone is None
    if suggested is not None:
        assert suggested in ids(match)[:5]


@pytest.mark.parametrize("query", ["", "   ", "?!", "the", "specs"])
def test_empty_queries_find_nothing(query: str) -> None:
    """Blank input, or only filler words, is "not found" with no suggestions."""
    match = index().find(query)
    assert match.outcome is Outcome.NOT_FOUND
    assert match.candidates == ()


@pytest.mark.parametrize("row", PHONES, ids=[row[0] for row in PHONES])
def test_every_name_and_alias_finds_its_phone(
    row: tuple[str, str, str, tuple[str, ...], str],
) -> None:
    """The full name and each alias of every phone are exact hits."""
    id, brand, model, aliases, _ = row
    for text in (f"{brand} {model}", *(f"{brand} {alias}" for alias in aliases)):
        match = index().find(text)
        assert match.phone is not None, text
        assert match.phone.id == id


@pytest.mark.parametrize(
    ("query", "outcome"),
    [
        ("xiaomi 14 pro", Outcome.FOUND),
        ("galxy s24", Outcome.FOUND),
        ("14 pro", Outcome.AMBIGUOUS),
        ("iphone 99", Outcome.NOT_FOUND),
    ],
)
def test_matches_carry_their_candidates_best_first(query: str, outcome: Outcome) -> None:
    """Scores are 0-100, best first; a FOUND answer is the first candidate and leads clearly;
    suggestions for "not found" score well below any answer."""
    match = index().find(query)
    assert match.outcome is outcome
    assert match.query == query
    assert all(isinstance(c, Candidate) for c in match.candidates)
    scores = [c.score for c in match.candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)
    if outcome is Outcome.FOUND:
        assert match.phone is match.candidates[0].phone
        assert len(scores) == 1 or scores[0] - scores[1] >= 4
    else:
        assert match.phone is None
    if outcome is Outcome.NOT_FOUND:
        assert all(s < 70 for s in scores)


def test_a_confident_answer_is_never_a_phone_the_catalog_lacks() -> None:
    """Give any catalog phone a model number nobody uses: never FOUND, with or without brand."""
    taken = {n for row in PHONES for n in re.findall(r"\d+", row[2])}
    for _, brand, model, _, _ in PHONES:
        first = re.search(r"\d+", model)
        if first is None:
            continue
        for number in (int(first[0]) + 1, int(first[0]) + 7, 99):
            if str(number) in taken:
                continue
            changed = model[: first.start()] + str(number) + model[first.end() :]
            assert index().find(f"{brand} {changed}").outcome is Outcome.NOT_FOUND, changed
            assert index().find(changed).phone is None, changed


# -- mentions in free text --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "is the xiaomi 14 pro better than the pixel 8 pro?",
            [("xiaomi-14-pro", "xiaomi 14 pro"), ("pixel-8-pro", "pixel 8 pro")],
        ),
        (
            "@PhoneSpec how heavy is the mate 60 pro compared to the pixel 8 pro?",
            [("huawei-mate-60-pro", "mate 60 pro"), ("pixel-8-pro", "pixel 8 pro")],
        ),
        ("s24 ultra vs s24+", [("galaxy-s24-ultra", "s24 ultra"), ("galaxy-s24-plus", "s24+")]),
        (
            "iphone15promax or Galaxy Z Flip5?",
            [("iphone-15-pro-max", "iphone15promax"), ("galaxy-z-flip-5", "Galaxy Z Flip5")],
        ),
        (
            "Pixel 8a, Pixel 8 and Pixel 8 Pro",
            [("pixel-8a", "Pixel 8a"), ("pixel-8", "Pixel 8"), ("pixel-8-pro", "Pixel 8 Pro")],
        ),
        (
            "compare the iphone 15 with the iphone 15 pro",
            [("iphone-15", "iphone 15"), ("iphone-15-pro", "iphone 15 pro")],
        ),
        ("my galxy s24's screen cracked", [("galaxy-s24", "galxy s24")]),
        ("I had a pixel 8 a couple of years ago", [("pixel-8", "pixel 8")]),
        ("the Phone (2) looks great", [("nothing-phone-2", "Phone (2)")]),
        ("XIAOMI 14 ULTRA!!!", [("xiaomi-14-ultra", "XIAOMI 14 ULTRA")]),
        ("pixel 8 pro vs pixel 8 pro", [("pixel-8-pro", "pixel 8 pro")]),
        (
            "Which is lighter, the S24 or the iPhone 15?",
            [("galaxy-s24", "S24"), ("iphone-15", "iPhone 15")],
        ),
        (
            "thinking of the z fold 5 or z flip 5",
            [("galaxy-z-fold-5", "z fold 5"), ("galaxy-z-flip-5", "z flip 5")],
        ),
        ("I bought 2 pixel 8 phones", [("pixel-8", "pixel 8")]),
        ("my 15 pro max died", [("iphone-15-pro-max", "15 pro max")]),
    ],
)
def test_mentions_find_every_phone_in_order(message: str, expected: list[tuple[str, str]]) -> None:
    """Each phone a message names, once, in order of appearance, with the span it covers."""
    found = index().mentions(message)
    assert [(m.phone.id, m.text) for m in found] == expected
    for mention in found:
        assert isinstance(mention, Mention)
        assert message[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    "message",
    [
        "",
        "hello there, how are you?",
        "is the 14 pro any good?",  # Xiaomi or iPhone: not a confident mention
        "my phone is 2 years old",
        "I paid 800 for a pro plan, max 5 users",
        "nothing beats a good book",
        "the iphone 99 is not out yet",
        "I made 60 calls today",
        "top 10 pro tips",
        "would you get a pixel, or an iphone?",
    ],
)
def test_mentions_ignore_chat_that_names_no_phone(message: str) -> None:
    """Everyday words that are catalog words too, ambiguous names and unknown phones are skipped."""
    assert index().mentions(message) == []


def test_mentions_stop_at_the_limit() -> None:
    """`limit` caps the phones returned, keeping the first ones."""
    message = "pixel 8, pixel 8 pro, pixel 8a and iphone 15"
    assert [m.phone.id for m in index().mentions(message, limit=2)] == ["pixel-8", "pixel-8-pro"]


# -- autocomplete -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("xiaomi 1", ["xiaomi-14", "xiaomi-14-ultra", "xiaomi-14-pro"]),
        ("xiaomi 14", ["xiaomi-14", "xiaomi-14-ultra", "xiaomi-14-pro"]),
        ("gal s2", ["galaxy-s24", "galaxy-s24-plus", "galaxy-s24-ultra"]),
        ("pixel 8", ["pixel-8", "pixel-8a", "pixel-8-pro"]),
        ("iphone 15 p", ["iphone-15-plus", "iphone-15-pro", "iphone-15-pro-max"]),
        ("iphone 15 pro", ["iphone-15-pro", "iphone-15-pro-max"]),
        ("z fl", ["galaxy-z-flip-5", "galaxy-z-flip-5g"]),
        ("xiomi 14 u", ["xiaomi-14-ultra"]),
        ("mate", ["huawei-mate-60-pro"]),
    ],
)
def test_suggest_completes_partial_input_best_first(typed: str, first: list[str]) -> None:
    """What `find` would answer comes first, then the fewest extra words, then the newest."""
    suggested = [p.id for p in index().suggest(typed)]
    assert suggested[: len(first)] == first


@pytest.mark.parametrize(
    ("typed", "brands"),
    [("xiaomi 1", {"Xiaomi"}), ("gal s2", {"Samsung"}), ("iph", {"Apple"}), ("goo", {"Google"})],
)
def test_suggest_keeps_to_what_was_typed(typed: str, brands: set[str]) -> None:
    """Every suggestion fits the words typed so far."""
    suggested = index().suggest(typed)
    assert suggested
    assert {p.brand for p in suggested} == brands


def test_suggest_without_input_lists_the_newest_phones() -> None:
    """Empty input offers the newest phones, up to the limit."""
    suggested = index().suggest("")
    assert len(suggested) == 25
    dates = [p.launched for p in suggested]
    assert dates == sorted(dates, reverse=True)
    assert suggested[0].id == "cmf-phone-1"


@pytest.mark.parametrize("limit", [0, 1, 3, 25])
def test_suggest_respects_the_limit(limit: int) -> None:
    """Never more suggestions than asked for, and no phone twice."""
    suggested = index().suggest("galaxy", limit=limit)
    assert len(suggested) == min(limit, sum(row[1] == "Samsung" for row in PHONES))
    assert len({p.id for p in suggested}) == len(suggested)


@pytest.mark.parametrize("typed", ["zzzz", "nokia 33", "iphone 99"])
def test_suggest_offers_nothing_for_what_matches_nothing(typed: str) -> None:
    """Input that no phone name can become gives no suggestions."""
    assert index().suggest(typed) == []


# -- building ---------------------------------------------------------------------------------


def test_an_empty_catalog_finds_nothing() -> None:
    """An index of no phones answers every call without error."""
    empty = PhoneIndex.build([])
    assert empty.find("pixel 8").outcome is Outcome.NOT_FOUND
    assert empty.mentions("pixel 8 vs iphone 15") == []
    assert empty.suggest("") == []
    assert empty.suggest("pix") == []


def test_a_new_index_knows_only_its_own_catalog() -> None:
    """Building is pure: a second catalog's index does not see the first one's phones."""
    first = PhoneIndex.build([phone("pixel-8", "Google", "Pixel 8")])
    second = PhoneIndex.build([phone("pixel-9", "Google", "Pixel 9")])
    assert first.find("pixel 8").outcome is Outcome.FOUND
    assert second.find("pixel 8").outcome is Outcome.NOT_FOUND
    assert second.find("pixel 9").outcome is Outcome.FOUND
    assert first.find("pixel 9").outcome is Outcome.NOT_FOUND


# -- the bundled catalog ----------------------------------------------------------------------

needs_bundled = pytest.mark.skipif(not BUNDLED.exists(), reason="data/specs.yaml is not there yet")


@needs_bundled
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("xiomi 14 pro", "xiaomi-14-pro"),
        ("s24 ultra", "galaxy-s24-ultra"),
        ("iphone15promax", "iphone-15-pro-max"),
        ("mi 14 pro", "xiaomi-14-pro"),
        ("mate 60 pro", "huawei-mate-60-pro"),
        ("s24+", "galaxy-s24-plus"),
        ("z fold 5", "galaxy-z-fold-5"),
        # "phone 2" alone is also the Razer Phone 2 and the ROG Phone 2 since LineageOS came in
        ("nothing phone 2", "nothing-phone-2"),
        ("iphone 15", "iphone-15"),
        ("iphone 13", "iphone-13"),
        ("pixel 8", "pixel-8"),
        ("xiaomi 14", "xiaomi-14"),
        ("galaxy z flip 5", "galaxy-z-flip-5"),
        ("z flip 5g", "galaxy-z-flip-5g"),
        ("galxy s24", "galaxy-s24"),
        ("iphnoe 15 pro", "iphone-15-pro"),
        ("pixel 4a", "pixel-4a"),
        ("galaxy s21", "galaxy-s21"),
        ("oneplus 12", "oneplus-12"),
        ("one plus 12r", "oneplus-12r"),
        ("Samsung Galaxy S24 Ultra", "galaxy-s24-ultra"),
    ],
)
def test_bundled_catalog_finds_what_people_type(query: str, expected: str) -> None:
    """The queries from the issue, against the real catalog."""
    match = bundled().find(query)
    assert match.phone is not None, (match.outcome, ids(match))
    assert match.phone.id == expected


@needs_bundled
@pytest.mark.parametrize(
    ("query", "outcome", "listed"),
    [
        ("14 pro", Outcome.AMBIGUOUS, {"xiaomi-14-pro", "iphone-14-pro"}),
        ("12", Outcome.AMBIGUOUS, {"oneplus-12", "xiaomi-12"}),
        ("razr", Outcome.AMBIGUOUS, {"motorola-razr-2026", "motorola-razr-ultra-2026"}),
        ("iphone 99", Outcome.NOT_FOUND, set()),
        ("galaxy s30", Outcome.NOT_FOUND, set()),
        ("nokia 3310", Outcome.NOT_FOUND, set()),
        ("pixel 8 ultra", Outcome.NOT_FOUND, {"pixel-8"}),
    ],
)
def test_bundled_catalog_says_when_it_is_unsure(
    query: str, outcome: Outcome, listed: set[str]
) -> None:
    """Choices for ambiguous names, "not found" (with suggestions) for phones it lacks."""
    match = bundled().find(query)
    assert match.outcome is outcome, ids(match)
    assert listed <= set(ids(match))


@needs_bundled
def test_bundled_catalog_mentions() -> None:
    """The comparison from the issue, against the real catalog."""
    message = "@PhoneSpec how heavy is the mate 60 pro compared to the pixel 8 pro?"
    found = [m.phone.id for m in bundled().mentions(message)]
    assert found == ["huawei-mate-60-pro", "pixel-8-pro"]


@needs_bundled
def test_every_bundled_name_finds_its_phone() -> None:
    """Each phone's full name, and each alias with its brand, finds that phone and no other."""
    catalog = bundled()
    wrong = []
    for item in catalog.phones:
        for text in (item.name, *(f"{item.brand} {alias}" for alias in item.aliases)):
            match = catalog.find(text)
            if match.phone is not item:
                wrong.append((text, match.outcome, ids(match)[:3]))
    assert wrong == []
