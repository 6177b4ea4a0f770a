"""A realistic set of messages, generated from a catalog: shorthand, variants, questions, two-phone
questions and filters, each with its right answer worked out here independently of the bot.

Used by `python -m benchmarks.matching`. Every message goes through `bot.router` (the path of
Discord and the console); an answer is judged from the reply a member would see:

* a phone answered: the reply's embed is about that phone (its title starts with the name), or
  a yes/no line names it;
* a choice: a menu holding the phone meant; not found: no phone's sheet, no menu of others;
* a filter: "Understood: ..." and the phones of the first page are the first phones of the
  answer computed here by a plain scan;
* a confident wrong answer: some phone's sheet when another, a choice or nothing was right.

The expected outcomes come from the catalog's names and figures by fixed rules (a shorthand is
its written-out name; a name is one phone when no other phone has the same words), never from
what the bot answers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
from collections import defaultdict
from collections.abc import Callable, Sequence

from benchmarks.generate import core, family_words, tokens
from bot.models import Battery, Body, Display, Phone
from bot.replies import Reply

FOUND, AMBIGUOUS, NOT_FOUND, LIST = "found", "ambiguous", "not_found", "list"
KINDS = ("shorthand", "variant", "question", "two-phone", "filter")
SUFFIX_LETTERS = (("pro max", "pm"), ("ultra", "u"), ("pro", "p"), ("plus", "+"))
FIRST_5G_PHONES = dt.date(2019, 4, 1)


@dataclasses.dataclass(frozen=True)
class Case:
    text: str
    kind: str
    outcome: str  # FOUND, AMBIGUOUS, NOT_FOUND, LIST
    phones: tuple[str, ...] = ()  # ids: the phone(s) meant, or a filter's first page


def with_figures(phones: Sequence[Phone], seed: int = 6) -> list[Phone]:
    """Synthetic phones with plausible battery, weight, display and price figures."""
    rng = random.Random(seed)
    figured = []
    for phone in phones:
        battery = Battery.model_construct(
            capacity_mah=rng.randrange(2500, 7600, 50),
            wired_w=float(rng.choice((18, 25, 33, 45, 67, 80, 100, 120))),
            wireless_w=float(rng.choice((0, 0, 15, 25, 50))),
            reverse_w=None,
        )
        body = Body.model_construct(
            weight_g=float(rng.randrange(130, 260)), thickness_mm=rng.randrange(65, 110) / 10,
            height_mm=None, width_mm=None, build=None, ip_rating=None, folded=None,
        )  # fmt: skip
        display = Display.model_construct(
            size_in=rng.randrange(55, 70) / 10, refresh_hz=rng.choice((60, 90, 120, 144)),
            resolution=None, ppi=None, type=None, refresh_min_hz=None, peak_nits=None,
            protection=None,
        )  # fmt: skip
        price = {"USD": float(rng.randrange(149, 1600, 50))}
        figured.append(
            phone.model_copy(
                update={"battery": battery, "body": body, "display": display, "price": price}
            )
        )
    return figured


class _Names:
    """Which phones a written-out name names: by all its words, and without the brand."""

    def __init__(self, phones: Sequence[Phone]) -> None:
        self.phones = phones
        self.by_words: defaultdict[frozenset[str], set[int]] = defaultdict(set)
        self.by_model: defaultdict[frozenset[str], set[int]] = defaultdict(set)
        self.by_core: defaultdict[tuple[str, ...], set[int]] = defaultdict(set)
        for i, phone in enumerate(phones):
            for text in (phone.model, *phone.aliases):
                self.by_words[frozenset(tokens(f"{phone.brand} {text}"))].add(i)
                self.by_model[frozenset(tokens(text))].add(i)
            self.by_core[core(phone.model, phone.brand)].add(i)

    def outcome(self, i: int, words: frozenset[str], brand: bool) -> str:
        """FOUND when only phone `i` has these words, AMBIGUOUS when others have them too."""
        same = (self.by_words if brand else self.by_model).get(words, set())
        if not brand and not family_words(self.phones[i].model):
            same = same | self.by_core.get(core(self.phones[i].model, ""), set())
        return FOUND if same <= {i} else AMBIGUOUS


def realistic_set(phones: Sequence[Phone], count: int, seed: int = 5) -> list[Case]:
    """`count` messages of every kind in `KINDS`, each with its right answer."""
    rng = random.Random(seed)
    names = _Names(phones)
    makers: dict[str, Callable[[], Case | None]] = {
        "shorthand": lambda: _shorthand(phones, names, rng),
        "variant": lambda: _variant(phones, names, rng),
        "question": lambda: _question(phones, names, rng),
        "two-phone": lambda: _two_phones(phones, names, rng),
        "filter": lambda: _filter(phones, rng),
    }
    cases: list[Case] = []
    for attempt in range(count * 50):
        if len(cases) >= count:
            break
        case = makers[KINDS[attempt % len(KINDS)]]()
        if case is not None:
            cases.append(case)
    return cases


def _shorthand(phones: Sequence[Phone], names: _Names, rng: random.Random) -> Case | None:
    """ "Galaxy S24 Ultra" as "galaxy s24u" (or "s24u" without the family): the variant words
    after the model number as their letters."""
    i = rng.randrange(len(phones))
    phone = phones[i]
    model = " ".join(tokens(phone.model))
    for words, letters in SUFFIX_LETTERS:
        match = re.fullmatch(rf"(.*?\b\d+) {words}", model)
        if match is None or phone.aliases:
            continue
        short = f"{match.group(1)}{letters}"
        with_brand = rng.random() < 0.5
        text = f"{phone.brand.lower()} {short}" if with_brand else short
        outcome = names.outcome(i, frozenset(tokens(phone.name if with_brand else phone.model)),
                                with_brand)  # fmt: skip
        if not with_brand and not family_words(phone.model):
            return None  # "14p" alone: a number and a letter, too little to judge by name
        return Case(f"!spec {text}", "shorthand", outcome, (phone.id,))
    return None


def _variant(phones: Sequence[Phone], names: _Names, rng: random.Random) -> Case | None:
    """A network the phone's name does not have: "<name> 4G" for a phone sold as 5G, "<name>
    5G" for a phone launched before the first 5G phones. Nothing else is that phone."""
    i = rng.randrange(len(phones))
    phone = phones[i]
    words = tokens(phone.name)
    if "5g" in words:
        text = " ".join("4g" if w == "5g" else w for w in words)
        twin = names.by_words.get(frozenset(w for w in words if w != "5g"), set()) - {i}
        if twin:  # "Galaxy S10" beside "Galaxy S10 5G": the other variant, rightly found
            ids = tuple(phones[j].id for j in twin)
            return Case(f"!spec {text}", "variant", FOUND if len(ids) == 1 else AMBIGUOUS, ids)
    elif phone.launched < FIRST_5G_PHONES and "4g" not in words:
        text = f"{phone.name.lower()} 5g"
    else:
        return None
    if names.by_words.get(frozenset(tokens(text))):
        return None  # the catalog has that variant too
    return Case(f"!spec {text}", "variant", NOT_FOUND)


_QUESTIONS = (
    "how heavy is the {}?",
    "what's the battery of the {}",
    "{} charging speed?",
    "how big is the screen on the {}",
)


def _question(phones: Sequence[Phone], names: _Names, rng: random.Random) -> Case | None:
    i = rng.randrange(len(phones))
    phone = phones[i]
    if names.outcome(i, frozenset(tokens(phone.name)), True) != FOUND:
        return None
    text = "@PhoneSpec " + rng.choice(_QUESTIONS).format(phone.name.lower())
    return Case(text, "question", FOUND, (phone.id,))


def _two_phones(phones: Sequence[Phone], names: _Names, rng: random.Random) -> Case | None:
    a, b = rng.sample(range(len(phones)), 2)
    pair = (phones[a], phones[b])
    if any(names.outcome(i, frozenset(tokens(phones[i].name)), True) != FOUND for i in (a, b)):
        return None
    word = rng.choice(("lighter", "heavier", "thinner"))
    text = f"@PhoneSpec which is {word}, the {pair[0].name} or the {pair[1].name}?"
    return Case(text, "two-phone", FOUND, (pair[0].id, pair[1].id))


def _filter(phones: Sequence[Phone], rng: random.Random) -> Case | None:
    """A criterion from a phone's own figures, and a ranking; the right first page by a scan."""
    newest = sorted(phones, key=lambda p: (p.launched, p.name), reverse=True)
    sample = rng.choice(phones)
    if not (sample.battery and sample.body and sample.display):
        return None
    mah, grams, hz = sample.battery.capacity_mah, sample.body.weight_g, sample.display.refresh_hz
    if None in (mah, grams, hz):  # a filter built from an unknown value would ask nothing
        return None
    choice = rng.randrange(4)
    if choice == 0:
        text, keep = f"phones with over {mah}mah", lambda p: _get(p, "mah") >= mah
        order: Callable[[Phone], float] | None = None
    elif choice == 1:
        text, keep = f"lightest phone with {hz}hz", lambda p: _get(p, "hz") >= (hz or 0)
        order = lambda p: _get(p, "g")  # noqa: E731
    elif choice == 2:
        text, keep = f"biggest battery under {grams:g}g", lambda p: _get(p, "g", 1e9) <= grams
        order = lambda p: -_get(p, "mah")  # noqa: E731
    else:
        brand = sample.brand
        text, keep = f"newest {brand} phones", lambda p: p.brand == brand
        order = None
    found = [p for p in newest if keep(p)]
    if order is not None:
        found = [p for p in found if _get(p, "g" if choice == 1 else "mah", -1) >= 0]
        found.sort(key=order)  # stable: the newest of equal values first
    if not found:
        return None
    return Case(f"!find {text}", "filter", LIST, tuple(p.id for p in found[:10]))


def _get(phone: Phone, what: str, missing: float = -1.0) -> float:
    value = {
        "mah": phone.battery.capacity_mah if phone.battery else None,
        "g": phone.body.weight_g if phone.body else None,
        "hz": phone.display.refresh_hz if phone.display else None,
    }[what]
    return missing if value is None else float(value)


# -- judging a reply ------------------------------------------------------------------------


def judge(case: Case, reply: Reply | None, by_id: dict[str, Phone]) -> tuple[bool, bool]:
    """(right, confidently wrong) for the reply a member sees."""
    answered = _answered(reply, by_id)
    if case.outcome == LIST:
        right = (
            reply is not None
            and reply.content.startswith("Understood:")
            and (_listed(reply) == [by_id[i].name for i in case.phones])
        )
        return right, False
    if case.outcome == FOUND:
        wanted = [by_id[i].name for i in case.phones]
        right = all(any(name in a for a in answered) for name in wanted)
        return right, bool(answered) and not right
    if case.outcome == AMBIGUOUS:
        offered = {c.value for c in reply.choices} if reply else set()
        return set(case.phones) <= offered and not answered, bool(answered)
    return not answered, bool(answered)


def _answered(reply: Reply | None, by_id: dict[str, Phone]) -> list[str]:
    """The phone names a reply answers about: its embeds' titles, or a yes/no line."""
    if reply is None:
        return []
    titles = [str(e.get("title", "")) for e in reply.embeds if not reply.pages]
    return [t for t in titles if t] + ([reply.content] if reply.content.startswith("The ") else [])


def _listed(reply: Reply) -> list[str]:
    description = str(reply.embeds[0].get("description", "")) if reply.embeds else ""
    lines = description.splitlines()
    return [re.sub(r"^\d+\. (.+?) — .*$", r"\1", line).replace("\\", "") for line in lines]
