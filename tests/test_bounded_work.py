"""No message can make the bot do unbounded work: the shapes an attacker would send.

The figures (every shape within 5 ms at 10,000 phones) are in `benchmarks/adversarial.py`; these
tests guard, with generous bounds, against the costly cases coming back.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
import string
import subprocess
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz, process, utils

from bot import answers
from bot.answers import questions
from bot.catalog import Catalog, load_catalog
from bot.console import Console
from bot.matching import MAX_MESSAGE_WORDS, PhoneIndex
from bot.matching.tokens import (
    MAX_WINDOWS,
    MAX_WINDOWS_LOOKED,
    MEMO_SIZE,
    _memo,
    _recall,
    _remember,
    _Token,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "specs.yaml"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(DATA)


def _random_word(size: int, alphabet: str = string.ascii_lowercase) -> str:
    rng = random.Random(size)
    return "".join(rng.choice(alphabet) for _ in range(size))


def _cost(catalog: Catalog, message: str) -> tuple[float, float]:
    """Seconds and peak MB of Python allocations answering `message` as the bot does."""
    console = Console(catalog, DATA)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        console.respond(message)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return elapsed, peak / 1e6


@pytest.mark.parametrize(
    "prefix", ["<@1> ", "!compare ", "!spec ", "!search ", "!phones ", "look [["]
)
@pytest.mark.parametrize(
    "alphabet", [string.ascii_lowercase, "абвгдежзийклмнопрст", "的一是不了人我"]
)
def test_a_4000_letter_word_is_answered_in_bounded_time_and_memory(
    catalog: Catalog, prefix: str, alphabet: str
) -> None:
    """One word of 4,000 letters took 13-16 s and 3.4 GB (deletion sets grew with its cube);
    a word longer than any catalog word plus the typos allowed is now a typo of nothing."""
    seconds, peak_mb = _cost(catalog, prefix + _random_word(4000, alphabet) + "]]")

    assert peak_mb < 200
    assert seconds < 2.0  # generous: the bound is about 1,000x below the old cost


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u3000"])
def test_compare_splits_long_whitespace_runs_in_one_pass(space: str) -> None:
    """The separator pattern no longer starts with `\\s*`, which rescanned the run (quadratic)."""
    text = "pixel 8" + space * 4000 + "vs" + space * 4000 + "iphone 15"

    assert answers.split_phones(text) == ["pixel 8", "iphone 15"]


def test_a_phone_named_within_the_word_limit_is_found_and_one_after_it_is_not(
    catalog: Catalog,
) -> None:
    """`mentions` reads the first MAX_MESSAGE_WORDS words of a message, as its docstring says."""
    filler = "so " * (MAX_MESSAGE_WORDS - 4)

    assert [m.phone.name for m in catalog.index.mentions(filler + "xiaomi 14 pro")] == [
        "Xiaomi 14 Pro"
    ]
    assert catalog.index.mentions(filler + "so so so so xiaomi 14 pro") == []


def test_a_phone_name_repeated_is_one_mention(catalog: Catalog) -> None:
    message = "xiaomi 14 pro " * 300

    assert [m.phone.name for m in catalog.index.mentions(message)] == ["Xiaomi 14 Pro"]


class _CountingIndex(PhoneIndex):
    """The real index, counting the runs of words `mentions` looks at and scores."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.looked = self.scored = 0

    def _identifies(self, window: list[_Token]) -> bool:
        self.looked += 1
        return super()._identifies(window)

    def _window_phone(self, window: list[_Token]) -> int | None:
        self.scored += 1
        return super()._window_phone(window)

    def count(self, message: str) -> tuple[int, int, list[str]]:
        """Runs looked at and scored answering `message`, and the phones it names."""
        self.looked = self.scored = 0
        named = [m.phone.name for m in self.mentions(message)]
        return self.looked, self.scored, named


@pytest.fixture(scope="module")
def counting(catalog: Catalog) -> _CountingIndex:
    return _CountingIndex.build(catalog.phones)


def _costly_mentions() -> dict[str, str]:
    """Messages of 4,000 characters that each used the whole old budget of 150 scored runs."""
    rng = random.Random(8)

    def words(choices: tuple[str, ...]) -> str:
        return " ".join(rng.choice(choices) for _ in range(1000))[:4000]

    return {
        "5g/years": words(("5g", "2024", "4g", "s24")),
        "short words": " ".join(
            "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 12)))
            for _ in range(400)
        )[:4000],
        "combining marks": ("e" + "\u0301" * 30) * 129,
        "catalog words": words(("pro", "max", "ultra", "5g", "galaxy", "note", "plus", "14")),
        "glued models": words(("s24", "8a", "a55", "x7u", "13t", "(2)")),
    }


@pytest.mark.parametrize("shape", list(_costly_mentions()))
def test_a_mention_looks_at_and_scores_a_bounded_number_of_runs(
    counting: _CountingIndex, shape: str
) -> None:
    looked, scored, _ = counting.count(_costly_mentions()[shape])

    assert looked <= MAX_WINDOWS_LOOKED
    assert scored <= MAX_WINDOWS


def test_runs_that_read_alike_are_scored_once(counting: _CountingIndex) -> None:
    """The score of a run depends on which words it holds, not on their order nor on how often
    a network or year recurs: "5g 2024 s24 4g ..." has at most 16 runs that read differently
    (any of the three soft words, with or without the one "s24" a name may hold), however long."""
    message = _costly_mentions()["5g/years"]

    _, scored, _ = counting.count(message)

    assert scored <= 16


def test_a_run_with_more_strict_words_than_any_name_is_not_scored(
    counting: _CountingIndex,
) -> None:
    """No name holds "s" twice: "s24 s24 ..." is scored as one run, "s24", not as ten runs
    from "s24 s24" to five times "s24"."""
    looked, scored, named = counting.count("s24 " * 300)

    assert named == ["Samsung Galaxy S24"]
    assert scored == 1
    assert looked <= MAX_MESSAGE_WORDS // 2  # one run per "s24" read


def test_a_normal_message_is_within_the_budgets(counting: _CountingIndex) -> None:
    """The budgets leave room: a chat message naming three phones needs a fraction of them."""
    message = (
        "honestly I went from the samsung galaxy s23 ultra to the pixel 8 pro last year, my wife"
        " kept her iphone 15 and the battery on the pixel is still better than both, 5g or not"
    )

    looked, scored, named = counting.count(message)

    assert named == ["Samsung Galaxy S23 Ultra", "Google Pixel 8 Pro", "Apple iPhone 15"]
    assert looked <= MAX_WINDOWS_LOOKED // 2
    assert scored <= MAX_WINDOWS // 2


class _CountingSplits(PhoneIndex):
    """Counts the pieces of a squeezed word that splitting it looks up."""

    pieces = 0

    def _begins_a_word(self, prefix: str) -> bool:
        self.pieces += 1
        return super()._begins_a_word(prefix)


@pytest.mark.parametrize(
    ("word", "split"),
    [
        ("redminotepro", ("redmi", "note", "pro")),
        ("galaxyzflip", ("galaxy", "z", "flip")),
        ("qwxzkvjqwxzkvjqwxzkvjqwxzkvjqwxzkv", None),
    ],
)
def test_splitting_a_squeezed_word_looks_only_where_a_catalog_word_can_go_on(
    catalog: Catalog, word: str, split: tuple[str, ...] | None
) -> None:
    """A piece is looked up only while some catalog word begins with it: a word of random
    letters is given up after a few, not tried at every place with every length (34 x 13)."""
    index = _CountingSplits.build(catalog.phones)

    assert index._segment(word) == split
    assert 0 < index.pieces <= 3 * len(word)


class _CountingFinds(PhoneIndex):
    """Counts the texts read as one phone's name."""

    finds = 0

    def find(self, query: str) -> Any:
        self.finds += 1
        return super().find(query)


def test_a_long_message_naming_no_phone_is_not_read_as_one_name(catalog: Catalog) -> None:
    """Past MAX_GUESSED_WORDS words, a message that names no phone gets the help at once; the
    whole of it read as one misspelt name (half the work of a long message) found nothing
    useful in 68 of 69 chat messages tried."""
    index = _CountingFinds.build(catalog.phones)
    counted = dataclasses.replace(catalog, index=index)
    chat = "honestly my brother thinks the old one was better for gaming and photos at night " * 3

    long_reply = questions.question(counted, chat)
    finds_for_long = index.finds
    short_reply = questions.question(counted, "samsung galaxy s99 ultra")

    assert long_reply is not None
    assert long_reply.content is not None
    assert long_reply.content.startswith("Ask me about a phone")
    assert finds_for_long == 0
    assert short_reply is not None
    assert short_reply.content == "No phone called *samsung galaxy s99 ultra* in the catalog."
    assert index.finds == 1


def test_a_full_memo_table_forgets_its_oldest_words_one_at_a_time() -> None:
    """Emptying a full table of 100,000 words at once took 11 ms inside one message, and
    emptying full parts 20 ms when one message's fresh words found many parts full: a full
    table forgets one word per word it learns, the oldest of its part, and never holds more
    than MEMO_SIZE."""
    memo = _memo()
    held = []
    for n in range(MEMO_SIZE + MEMO_SIZE // 4):
        _remember(memo, f"word{n}", n)
        if n >= MEMO_SIZE * 3 // 4:  # from before the first part fills
            held.append(sum(map(len, memo.values())))

    drops = [before - after for before, after in itertools.pairwise(held)]
    assert max(held) <= MEMO_SIZE
    assert max(drops) == 0  # a word learnt, a word forgotten: never a drop in size
    assert _recall(memo, "word0") is False  # the oldest words are the ones forgotten
    last = MEMO_SIZE + MEMO_SIZE // 4 - 1
    assert _recall(memo, f"word{last}") == last


def test_the_narrowed_fuzzy_scan_finds_what_a_scan_of_every_name_finds(catalog: Catalog) -> None:
    """A query without a word of any name is first narrowed down with `fuzz.ratio` (a random
    word scanned 1,316 names for 1 ms): the suggestions are still those of the full scan."""
    rng = random.Random(9)
    names = [utils.default_process(phone.name) for phone in catalog.phones]
    queries = [
        "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(size))
        for size in (3, 5, 8, 12, 20, 95, 2000)
        for _ in range(20)
    ] + ["galxy", "xiaomo 14", "pixle 8 pro", "iphnoe", "motorolla edge", "2024 5g", "zflip"]

    for query in queries:
        every = process.extract(
            utils.default_process(query),
            names,
            scorer=fuzz.token_set_ratio,
            processor=None,
            limit=5,
            score_cutoff=50,
        )
        assert catalog.index._fuzzy_scan(query) == [(score, i) for _, score, i in every], query


def test_repeated_search_words_narrow_nothing_down(catalog: Catalog) -> None:
    assert catalog.index.suggest("pro " * 40) == catalog.index.suggest("pro ")


def test_an_unknown_long_brand_gets_a_short_clear_answer(catalog: Catalog) -> None:
    reply = answers.phones(catalog, _random_word(3000))

    assert reply.content.startswith("No brand called *")
    assert "Brands: " in reply.content
    assert len(reply.content) <= 2000


def test_identify_names_one_phone_or_none(catalog: Catalog) -> None:
    assert catalog.index.identify("xiaomi 14 pro").name == "Xiaomi 14 Pro"  # type: ignore[union-attr]
    assert catalog.index.identify("14 pro") is None  # ambiguous: no single phone
    assert catalog.index.identify("pixel 99 ultra") is None


def test_a_compare_menu_choice_answers_even_for_names_alike(tmp_path: Path) -> None:
    """Two phones whose long names differ only at the end: choosing one from the menu used to
    re-ask forever, as the choice was looked up again by a name cut to 200 characters."""
    body = "Acme Rocket " + "Very Long Name " * 5
    data = tmp_path / "specs.yaml"
    phones = "".join(
        textwrap.dedent(f"""\
          - id: acme-rocket-{n}
            brand: Acme
            model: {body[5:]}{n}
            announced: 2024-01-0{n}
            sources: [https://example.com/{n}]
        """)
        for n in (1, 2)
    )
    data.write_text("phones:\n" + textwrap.indent(phones, ""), encoding="utf-8")
    catalog = load_catalog(data)
    first = answers.compare(catalog, "rocket vs acme rocket 2")
    assert first.choices, "the first phone is ambiguous: a menu"

    assert "acme-rocket-1" in [choice.value for choice in first.choices]
    chosen = first.choose("acme-rocket-1")  # type: ignore[misc]

    assert not chosen.choices
    assert chosen.embeds


def test_ask_piped_into_head_stops_quietly() -> None:
    """`python -m bot ask ... | head -1` printed a BrokenPipeError traceback."""
    messages = "\n".join(["!spec xiaomi 14 pro"] * 200)
    pipeline = subprocess.run(
        f"{sys.executable} -m bot ask - | head -1",
        shell=True,
        input=messages,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )

    assert pipeline.stdout.strip() == "Xiaomi 14 Pro"
    assert "Traceback" not in pipeline.stderr
    assert "BrokenPipe" not in pipeline.stderr
