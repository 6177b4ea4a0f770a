"""Generated catalogs and query sets for the matching benchmark.

A generated catalog looks like a real one: brands with families ("Vexora S24 Ultra", "Kalimo 12
Pro", "Tarsen 14T", "Ombrel Flip5" next to "Ombrel Flip 5G"), generations with the usual variants
(Pro, Pro Max, Ultra, Plus written "+", Lite, mini, FE, a/T/s suffixes, 5G twins), aliases and
model codes. Every brand and family word is at least three edits from every other, so a one-letter
typo still has one right answer.

Every query knows its right outcome. The truth here is worked out from how the names were made,
not by the matcher under test:

* a full name or alias is that phone;
* a model without its brand is that phone when it still has a family word ("Galaxy S24") or when
  no other phone shares its numbers and variant words; otherwise ("14 Pro": Xiaomi or iPhone) it is
  ambiguous;
* a typo (one edit in a word of five letters or more) or squeezing the spaces out changes nothing;
* a model a family never had ("iPhone 99", "Pixel 8 Ultra") or a brand the catalog does not carry
  ("Nokia 3310") is not found.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import OSA

if TYPE_CHECKING:
    from bot.models import Phone

FOUND, AMBIGUOUS, NOT_FOUND = "found", "ambiguous", "not_found"

# Words the truth treats as variants rather than family names.
VARIANT_WORDS = frozenset(
    {
        "pro",
        "max",
        "plus",
        "ultra",
        "mini",
        "lite",
        "fe",
        "fold",
        "flip",
        "note",
        "neo",
        "se",
        "xl",
        "xs",
        "xr",
        "edge",
        "5g",
        "4g",
    }
)
EDITION_WORDS = frozenset(
    {"active", "core", "prime", "fusion", "duos", "explorer", "edition", "nfc", "beat", "nxt"}
    | {"ace", "turbo", "enterprise"}
)
"""Words that make another phone of a model, read as variants too: "Galaxy S8 Active", "J4
Core", "Edge 20 Fusion", "Note 5 Duos", "Mi 8 Explorer Edition" are not the S8, J4, Edge 20,
Note 5 and Mi 8 with a family name left out. They came with the LineageOS and endoflife.date
phones; without them the truth called "S8" a choice. (Not reserved from the generated names,
so that the generated catalogs stay as they were.)"""
UNKNOWN_BRANDS = (
    "Nokia",
    "Fairphone",
    "BlackBerry",
    "Lenovo",
    "Meizu",
    "Tecno",
    "Infinix",
    "Ulefone",
    "Doogee",
    "Blackview",
    "Kyocera",
    "Alcatel",
    "Wiko",
    "Umidigi",
    "Oukitel",
)
_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
_ENDINGS = ("", "n", "r", "s", "x", "l")
_LETTERS = "SAXFGVNKCMPZ"
_SUFFIXES = ("a", "T", "s", "e", "c", "R")
_FILLER = (
    "honestly I was wondering whether anyone here has used it for a while because the reviews"
    " keep saying different things about battery life camera quality and how warm it gets when"
    " gaming for an hour or two so before I spend that much money I would love to hear from"
    " people who actually own one and can tell me if the software updates arrive on time and"
    " whether the charger is included in the box these days thanks a lot in advance"
).split()


@dataclasses.dataclass(frozen=True)
class Query:
    text: str
    kind: str  # exact, brandless, typo, squashed, alias, nonexistent
    outcome: str  # found, ambiguous, not_found
    phone: int | None  # index of the phone meant (found, ambiguous), else None


# -- names as the truth reads them ------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """Lower-case word tokens, letters and digits apart, "+" as "plus"."""
    text = text.lower().replace("+", " plus ")
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"(\d)g\b", r"\1g ", text)
    found: list[str] = []
    for chunk in re.findall(r"[^\W_]+", text):
        if re.fullmatch(r"\dg", chunk):
            found.append(chunk)
        else:
            found.extend(re.findall(r"\d+|[^\W\d_]+", chunk))
    return found


def family_words(text: str) -> frozenset[str]:
    return frozenset(
        t
        for t in tokens(text)
        if t.isalpha() and len(t) >= 3 and t not in VARIANT_WORDS and t not in EDITION_WORDS
    )


def core(text: str, brand: str) -> tuple[str, ...]:
    """The words that are not brand or family: numbers, letters, variants."""
    skip = family_words(text) | set(tokens(brand))
    return tuple(sorted(t for t in tokens(text) if t not in skip))  # "C400c" is not "C400"


def squeeze(text: str) -> str:
    return re.sub(r"[\s()\-]+", "", text)


# -- synthetic catalogs -----------------------------------------------------------------------


class _Words:
    """Invented brand and family words, each at least three edits from all the others."""

    def __init__(self, rng: random.Random, reserved: Sequence[str]) -> None:
        self.rng = rng
        self.taken: set[str] = set()
        self.deletes: defaultdict[str, list[str]] = defaultdict(list)
        for word in reserved:
            self._add(word.lower())

    @staticmethod
    def _variants(word: str) -> set[str]:
        one = {word[:i] + word[i + 1 :] for i in range(len(word))}
        two = {w[:i] + w[i + 1 :] for w in one for i in range(len(w))}
        return {word} | one | two

    def _add(self, word: str) -> None:
        self.taken.add(word)
        for variant in self._variants(word):
            self.deletes[variant].append(word)

    def _too_close(self, word: str) -> bool:
        for variant in self._variants(word):
            for other in self.deletes.get(variant, ()):
                if OSA.distance(word, other, score_cutoff=2) <= 2:
                    return True
        return False

    def new(self, syllables: int) -> str:
        for attempt in range(10_000):
            if attempt and attempt % 200 == 0:
                syllables += 1  # the short words are used up
            word = "".join(
                self.rng.choice(_CONSONANTS) + self.rng.choice(_VOWELS) for _ in range(syllables)
            )
            word += self.rng.choice(_ENDINGS)
            if len(word) < 4 or word in self.taken or self._too_close(word):
                continue
            self._add(word)
            return word.capitalize()
        raise RuntimeError("ran out of distinct invented words")


def synthetic_catalog(count: int, seed: int = 1) -> list[Phone]:
    """About `count` phones named like real ones (see the module docstring)."""
    from bot.models import Phone

    rng = random.Random(seed)
    words = _Words(rng, [*UNKNOWN_BRANDS, *VARIANT_WORDS, "phone", "the", "spec", "specs"])
    specs: list[tuple[str, str, tuple[str, ...], dt.date]] = []
    names: set[str] = set()
    codes: set[str] = set()

    def add(brand: str, model: str, aliases: tuple[str, ...], date: dt.date) -> None:
        key = " ".join(tokens(f"{brand} {model}"))
        if key in names:
            return
        names.add(key)
        specs.append((brand, model, aliases, date))

    while len(specs) < count:
        brand = words.new(rng.choice((2, 3, 3)))
        numbered = rng.random() < 0.3  # the brand's flagships are just numbers ("Xiaomi 14")
        styles = ["number"] if numbered else []
        styles += rng.choices(
            ("family", "family_letter", "letter", "fold"), weights=(5, 3, 2, 1), k=rng.randint(1, 3)
        )
        for style in styles:
            family = (
                words.new(rng.choice((2, 3, 3))) if style in ("family", "family_letter") else ""
            )
            letter = rng.choice(_LETTERS) if style in ("family_letter", "letter") else ""
            step = rng.choice((1, 1, 1, 10)) if style != "letter" else rng.choice((1, 10, 100))
            first = rng.randint(1, 30) * step
            year = rng.randint(2012, 2020)
            fold_word = rng.choice(("Fold", "Flip"))
            for generation in range(rng.randint(3, 10)):
                number = first + generation * step
                date = dt.date(year + generation, rng.randint(1, 12), rng.randint(1, 28))
                if style == "number":
                    stem = f"{number}"
                elif style == "family":
                    stem = f"{family} {number}"
                elif style == "family_letter":
                    stem = f"{family} {letter}{number}"
                elif style == "letter":
                    stem = f"{letter}{number}"
                else:
                    stem = f"{fold_word}{number}"
                short = stem.split(" ", 1)[-1] if style == "family_letter" else ""
                add(brand, stem, (short,) if short and rng.random() < 0.5 else (), date)
                if rng.random() < 0.6:
                    add(brand, f"{stem} Pro", (), date)
                    if rng.random() < 0.4:
                        add(brand, f"{stem} Pro Max", (), date)
                if rng.random() < 0.3:
                    add(brand, f"{stem} Ultra", (), date + dt.timedelta(days=60))
                if rng.random() < 0.25:
                    add(brand, f"{stem}+", (f"{stem} Plus",), date)
                for variant, chance in (("Lite", 0.15), ("mini", 0.1), ("FE", 0.1)):
                    if rng.random() < chance:
                        add(brand, f"{stem} {variant}", (), date + dt.timedelta(days=120))
                if rng.random() < 0.3:
                    add(brand, f"{stem}{rng.choice(_SUFFIXES)}", (), date + dt.timedelta(days=200))
                if rng.random() < 0.08:
                    twin = f"{fold_word} {number}G" if style == "fold" and number < 10 else None
                    add(brand, twin or f"{stem} 5G", (), date - dt.timedelta(days=300))
    phones: list[Phone] = []
    for n, (brand, model, aliases, date) in enumerate(specs[:count]):
        if rng.random() < 0.1:
            code = f"{brand[:2].upper()}-{rng.randint(1000, 9999)}{rng.choice('ABCDEFGHJK')}"
            if code not in codes:
                codes.add(code)
                aliases = (*aliases, code)
        slug = re.sub(r"[^a-z0-9]+", "-", f"{brand} {model}".lower()).strip("-")
        phones.append(
            Phone.model_construct(  # generated valid; skips validation to build 100,000 quickly
                id=f"{slug}-{n}",
                brand=brand,
                model=model,
                aliases=tuple(a for a in aliases if a),
                released=date,
                announced=None,
                sources=("https://example.com",),
            )
        )
    return phones


# -- queries ----------------------------------------------------------------------------------


class _Truth:
    """What each kind of query should find in a catalog."""

    def __init__(self, phones: Sequence[Phone]) -> None:
        self.phones = phones
        self.by_core: defaultdict[tuple[str, ...], set[int]] = defaultdict(set)
        self.by_model: defaultdict[str, set[int]] = defaultdict(set)
        self.keys: defaultdict[str, set[int]] = defaultdict(set)
        self.vocabulary: set[str] = set()
        self._words: list[str] | None = None
        self.numbers: defaultdict[frozenset[str], set[str]] = defaultdict(set)
        self.numbers_by_brand: defaultdict[str, set[str]] = defaultdict(set)
        self.by_family: defaultdict[tuple[str, frozenset[str]], set[int]] = defaultdict(set)
        for i, phone in enumerate(phones):
            for word in family_words(phone.model):
                self.by_family[phone.brand, frozenset({word})].add(i)
            self.by_core[core(phone.model, phone.brand)].add(i)
            self.by_model[" ".join(tokens(phone.model))].add(i)
            for text in (phone.name, *phone.aliases, f"{phone.brand} {phone.model}"):
                self.keys[" ".join(tokens(text))].add(i)
                self.keys[squeeze(" ".join(tokens(text)))].add(i)
                self.vocabulary.update(tokens(text))
            digits = {t for t in tokens(phone.model) if t.isdigit()}
            self.numbers[family_words(phone.model)] |= digits
            self.numbers_by_brand[phone.brand.lower()] |= digits
            for alias in phone.aliases:
                self.numbers_by_brand[phone.brand.lower()] |= {
                    t for t in tokens(alias) if t.isdigit()
                }

    def bare_family(self, i: int) -> bool:
        """Whether the phone's model is nothing but a family word that other phones of its
        brand share ("Google Pixel"): typed without its exact name, that asks for the family."""
        phone = self.phones[i]
        family = family_words(phone.model)
        if not family or core(phone.model, phone.brand):
            return False
        return len(self.by_family.get((phone.brand, family), ())) > 1

    def brandless(self, i: int) -> str:
        phone = self.phones[i]
        model = " ".join(tokens(phone.model))
        if self.bare_family(i):
            return AMBIGUOUS
        if family_words(phone.model):
            return FOUND if len(self.by_model[model]) == 1 else AMBIGUOUS
        rivals = self._rivals(i, phone.model, self.by_core[core(phone.model, phone.brand)])
        return AMBIGUOUS if rivals else FOUND

    def _rivals(self, i: int, typed: str, alike: set[int]) -> set[int]:
        """The phones other than `i` that `typed` (its model or alias) could equally name, among
        those `alike` in their core words: each must hold every typed word, and a phone of the
        same brand must not hold more, since the matcher reads a word that tells two such
        phones apart as required ("galaxy s6" is the S6, not the S6 Edge; "N3" is the OPPO
        N3, not the Find N3)."""
        words = set(tokens(typed))
        brand = self.phones[i].brand
        rivals = set()
        for j in alike - {i}:
            theirs = set(tokens(self.phones[j].model))
            if words <= theirs and (self.phones[j].brand != brand or words == theirs):
                rivals.add(j)
        return rivals

    def alias(self, i: int, alias: str) -> str:
        """An alias is its phone, unless it is only numbers and variants another phone shares
        ("S24" for the Galaxy S24 when vivo also makes an S24)."""
        phone = self.phones[i]
        if family_words(alias) - set(tokens(phone.brand)) or set(tokens(alias)) & set(
            tokens(phone.brand)
        ):
            return FOUND
        rivals = self._rivals(i, alias, self.by_core.get(core(alias, phone.brand), set()))
        return AMBIGUOUS if rivals else FOUND

    def typo_of(self, text: str, rng: random.Random) -> str | None:
        """`text` with one edit in a long word, so that the word still has one nearest."""
        words = text.split(" ")
        spots = [n for n, w in enumerate(words) if w.isalpha() and len(w) >= 5]
        if not spots:
            return None
        n = rng.choice(spots)
        word = words[n]
        for _ in range(20):
            at = rng.randrange(1, len(word))
            edit = rng.choice(("swap", "drop", "add", "change"))
            if edit == "swap" and at < len(word) - 1:
                typo = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
            elif edit == "drop":
                typo = word[:at] + word[at + 1 :]
            elif edit == "add":
                typo = word[:at] + rng.choice("aeioulnrst") + word[at:]
            else:
                typo = word[:at] + rng.choice("aeioulnrst") + word[at + 1 :]
            lowered = typo.lower()
            if lowered not in self.vocabulary and self._near(lowered) == [word.lower()]:
                words[n] = typo
                return " ".join(words)
        return None

    def _near(self, word: str) -> list[str]:
        """Catalog words one edit (or one swap) away from `word`."""
        if self._words is None:
            self._words = sorted(self.vocabulary)
        found = process.extract(word, self._words, scorer=OSA.distance, score_cutoff=1, limit=None)
        return [w for w, _, _ in found]

    def exists(self, text: str) -> bool:
        return bool(self.keys.get(" ".join(tokens(text))))


def _casing(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return text.lower()
    if roll < 0.6:
        return text.upper()
    return text


def query_set(phones: Sequence[Phone], count: int, seed: int = 2) -> list[Query]:
    """`count` queries of every kind, each with its right outcome."""
    rng = random.Random(seed)
    truth = _Truth(phones)
    queries: list[Query] = []
    kinds = ("exact", "brandless", "typo", "squashed", "alias", "nonexistent")
    weights = (20, 20, 20, 15, 10, 15)
    with_alias = [i for i, p in enumerate(phones) if p.aliases]
    attempts = 0
    while len(queries) < count and attempts < count * 20:
        attempts += 1
        kind = rng.choices(kinds, weights)[0]
        i = rng.randrange(len(phones))
        phone = phones[i]
        if kind == "exact":
            queries.append(Query(_casing(phone.name, rng), kind, FOUND, i))
        elif kind == "brandless":
            queries.append(Query(_casing(phone.model, rng), kind, truth.brandless(i), i))
        elif kind == "typo":
            brandless = rng.random() < 0.4
            text = phone.model if brandless else phone.name
            typo = truth.typo_of(text, rng)
            if typo is None:
                continue
            outcome = truth.brandless(i) if brandless or truth.bare_family(i) else FOUND
            queries.append(Query(typo.lower(), kind, outcome, i))
        elif kind == "squashed":
            brandless = rng.random() < 0.4 and family_words(phone.model)
            text = phone.model if brandless else phone.name
            squeezed = squeeze(text).lower()
            if len(truth.keys.get(squeezed, ())) > 1:
                continue
            outcome = truth.brandless(i) if brandless else FOUND
            queries.append(Query(squeezed, kind, outcome, i))
        elif kind == "alias":
            if not with_alias:
                continue
            i = rng.choice(with_alias)
            alias = rng.choice(phones[i].aliases)
            if len(truth.keys.get(" ".join(tokens(alias)), ())) != 1:
                continue
            queries.append(Query(_casing(alias, rng), kind, truth.alias(i, alias), i))
        else:
            text = _nonexistent(phone, truth, rng)
            if text and not truth.exists(text):
                queries.append(Query(_casing(text, rng), kind, NOT_FOUND, None))
    return queries


def _nonexistent(phone: Phone, truth: _Truth, rng: random.Random) -> str | None:
    roll = rng.random()
    model = phone.model
    if roll < 0.4:  # a generation the family never had: "iPhone 99", "Galaxy S30"
        numbers = re.findall(r"\d+", model)
        if not numbers:
            return None
        used = truth.numbers[family_words(model)] | truth.numbers_by_brand[phone.brand.lower()]
        for _ in range(10):
            new = str(int(numbers[0]) + rng.randint(7, 90))
            if new not in used:
                return f"{phone.brand} {model.replace(numbers[0], new, 1)}"
        return None
    if roll < 0.7:  # a variant it never had: "Pixel 8 Ultra"
        variant = rng.choice(("Ultra", "Pro Max", "Lite", "mini", "FE", "Neo", "Plus"))
        if variant.lower() in tokens(model):
            return None
        text = f"{phone.brand} {model} {variant}"
        same = core(f"{model} {variant}", phone.brand)
        family = family_words(model)
        for j in truth.by_core.get(same, ()):
            other = truth.phones[j]
            if family_words(other.model) == family or other.brand == phone.brand:
                return None
        return text
    brand = rng.choice(UNKNOWN_BRANDS)  # a brand the catalog does not carry
    return f"{brand} {rng.choice(('', 'X', 'C', 'G'))}{rng.randint(2, 3999)}"


# -- free text and autocomplete ---------------------------------------------------------------


def messages(
    phones: Sequence[Phone], count: int, seed: int = 3, size: int = 500
) -> list[tuple[str, list[int]]]:
    """Chat messages of about `size` characters naming one to three phones by full name."""
    rng = random.Random(seed)
    truth = _Truth(phones)
    result: list[tuple[str, list[int]]] = []
    while len(result) < count:
        chosen = [rng.randrange(len(phones)) for _ in range(rng.randint(1, 3))]
        chosen = [
            i
            for i in dict.fromkeys(chosen)
            if len(truth.keys[" ".join(tokens(phones[i].name))]) == 1
        ]
        parts: list[str] = []
        budget = size - sum(len(phones[i].name) + 1 for i in chosen)
        filler = _FILLER[:]
        rng.shuffle(filler)
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < budget:
            words.append(rng.choice(filler))
        cuts = sorted(rng.sample(range(len(words) + 1), len(chosen)))
        start = 0
        for cut, i in zip(cuts, chosen, strict=True):
            parts.extend(words[start:cut])
            parts.append(f"the {phones[i].name}" if rng.random() < 0.5 else phones[i].name)
            start = cut
        parts.extend(words[start:])
        result.append((" ".join(parts)[: size + 40], chosen))
    return result


def partial_inputs(phones: Sequence[Phone], count: int, seed: int = 4) -> list[tuple[str, int]]:
    """What people have typed so far into the phone option: a cut-off name or model."""
    rng = random.Random(seed)
    result: list[tuple[str, int]] = []
    for _ in range(count):
        i = rng.randrange(len(phones))
        text = (phones[i].name if rng.random() < 0.5 else phones[i].model).lower()
        result.append((text[: rng.randint(min(3, len(text)), len(text))], i))
    return result
