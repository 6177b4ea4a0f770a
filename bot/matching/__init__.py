"""Finding the phone someone means in what they typed.

Pure code, no discord import: the commands, the autocomplete and the console all call the same
`PhoneIndex`, which `bot.catalog.load_catalog` builds together with the catalog it indexes.

How a query is matched
----------------------
A name is split into word tokens: case, accents and punctuation do not count, letters and digits
are separated ("S24+" is `s 24 plus`, "Z Flip5" is `z flip 5`, "Phone (2a)" is `phone 2 a`). Every
catalog word gets a kind:

* **strict**: numbers, Roman numerals, one- and two-letter words, the variant words (Pro, Ultra,
  Plus, Max, mini, Lite, FE, Fold, Flip, Note, Neo...) and, in a name, every word whose absence
  is what tells it from another phone of the catalog ("Galaxy S6" and "Galaxy S6 Edge" make
  *edge* strict in "Galaxy S6 Edge"; the OPPO N3 makes *find* strict in "Find N3" only, so "x7u"
  is still the Find X7 Ultra). A word strict in some names and a family word in others is read
  both ways in a query. The strict words of the query and of the phone must be the same set:
  "iphone 15" is never the iPhone 15 Pro or the iPhone 13.
* **soft**: 5G, 4G and years written apart ("Razr (2019)"). They should agree; a phone that
  differs in one loses points, so "pixel 4a" is the Pixel 4a rather than the Pixel 4a (5G), yet
  "redmi note 13 pro" finds a phone sold only as "... 5G". A year the query gives must be the
  phone's.
* **name**: brand and family words (Xiaomi, Galaxy, Pixel, Mate...). Each one in the query must
  be in the phone's name, but the query may leave them out ("mate 60 pro", "s24 ultra"), and
  they tolerate typos ("xiomi", "galxy", "iphnoe").

An exact name or alias (also with the spaces squeezed out: "iphone15promax") wins first. Otherwise
the phones with exactly the query's strict words come from one dictionary look-up, those missing a
name word of the query drop out, and the rest are scored. A single answer needs a clear lead over
the runner-up; when the query names no brand or family ("14 pro") every phone that fits is as
likely as the others, so it is a choice to offer, never a guess. Anything else is "not found",
with the nearest phones as suggestions, so a phone that does not exist never comes back as an
answer.

`mentions` runs the same scoring over windows of consecutive catalog words in a message (longest
first, never across a comma or through the middle of a word), keeping only single answers.
`suggest` completes the last word from the sorted vocabulary and narrows down with set
intersections. `build` precomputes everything, so a query costs dictionary look-ups and a few set
operations: well under a millisecond with 10,000 phones.

Bounds
------
Every message may be hostile, so the work any text can cause is bounded by design, not by a
timeout (`python -m benchmarks.adversarial` feeds the worst shapes, at 10,000 phones and on the
bundled catalog; the target is 5 ms each):

* `find` and `suggest` read the first MAX_QUERY_CHARS characters; `mentions` reads the first
  MAX_MESSAGE_WORDS words of a message, and splitting a word into letters and digits stops there.
* A word longer than the longest catalog word plus the typos allowed is a typo of none (the
  deletion sets it would need grew with the cube of its length); one longer than
  MAX_SEGMENT_WORDS catalog words is no squeezed name either. Neither is memoised.
* `mentions` tries runs of at most MAX_WINDOW_WORDS words, and per message looks at most at
  MAX_WINDOWS_LOOKED runs (a few look-ups each) and scores at most MAX_WINDOWS. Words are
  sorted out once per message, not per run: a run is not looked at once it holds more strict
  words, or one strict word more often, than any name ("s24 s24"); runs that read alike are
  scored once, whatever their order and however often a family, network or year word recurs
  in them (a phone name repeated 300 times, "5g 2024 s24 4g ...": a few runs).
* A query reading several ways is scored in at most MAX_COMBINATIONS readings, each in at most
  2 ** MAX_MIXED ways (words strict in some names only, read both ways); at most
  MAX_CANDIDATES candidates and MAX_SUGGESTIONS suggestions are kept, from NEAREST_POOL phones;
  repeated search words count once. The memo tables hold at most MEMO_SIZE words each, in
  MEMO_PARTS parts; a full part forgets its oldest word for each word it learns (no message
  empties a table or a part).
* On a small catalog the fuzzy "did you mean" scan (`fuzz.token_set_ratio` over every name)
  runs only for a query of at most one word more than any name, and a query with no word of
  any name is first narrowed down with `fuzz.ratio` against the names' words, precomputed.
* Shorthand (`shorthand.py`) is a dictionary look-up or two per token, and adds at most two
  readings to a token (so MAX_COMBINATIONS still bounds the scoring); a renamed phone ("iphone
  17 air") is looked for only among brand and family words, checking at most NEAREST_POOL
  phones of the number's generation.
"""

from __future__ import annotations

from bot.matching.find import FULL_SCORE, Candidate, Match, Outcome
from bot.matching.mentions import Mention, Mentions
from bot.matching.suggest import Suggesting
from bot.matching.tokens import MAX_MESSAGE_WORDS, MAX_QUERY_CHARS, exact_key, normalize

__all__ = [
    "FULL_SCORE",
    "MAX_MESSAGE_WORDS",
    "MAX_QUERY_CHARS",
    "Candidate",
    "Match",
    "Mention",
    "Outcome",
    "PhoneIndex",
    "exact_key",
    "normalize",
]


class PhoneIndex(Mentions, Suggesting):
    """Everything needed to find phones quickly, computed once per catalog by `build`.

    Immutable once built, apart from two bounded memo tables (how a typed word reads, how a
    squeezed word splits) that only ever add answers computed from the immutable part.
    """
