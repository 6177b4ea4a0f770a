"""Group the records of every source into phones: which records describe the same phone.

Two records are the same phone when they share a name key (`names.name_key`: exact, never
fuzzy) or a model number that names only one phone in each source. A group never holds two
records of one source: such a match is refused and reported, and the records stay apart. So
4G/5G, year and size editions, whose names differ, never merge, and LineageOS region variants
were already folded by its importer.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from scripts.catalog_build.names import model_number_key, name_key
from scripts.catalog_build.records import SourceRecord


@dataclass
class Matching:
    groups: list[list[SourceRecord]]
    refused: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def keys_of(record: SourceRecord) -> list[str]:
    names = [name_key(record.brand, record.model)]
    names += [name_key(record.brand, other) for other in record.other_names]
    return [f"name {key}" for key in dict.fromkeys(names)]


def group(records: list[SourceRecord]) -> Matching:
    """The records as phones, in a stable order (the first record's order)."""
    records, duplicates = _without_duplicates(records)
    parent = list(range(len(records)))
    members: list[dict[str, int]] = [{r.source: 1} for r in records]
    refused: list[str] = []

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def join(a: int, b: int, why: str) -> None:
        ra, rb = root(a), root(b)
        if ra == rb:
            return
        if set(members[ra]) & set(members[rb]):
            refused.append(f"{records[a].name} / {records[b].name} ({why}): same source twice")
            return
        low, high = min(ra, rb), max(ra, rb)
        parent[high] = low
        members[low].update(members[high])

    first_holder: dict[str, int] = {}
    for index, record in enumerate(records):
        for key in keys_of(record):
            if key in first_holder:
                join(first_holder[key], index, key)
            else:
                first_holder[key] = index
    for key, holders in sorted({**_model_number_keys(records), **_only_5g(records)}.items()):
        for other in holders[1:]:
            join(holders[0], other, key)

    grouped: dict[int, list[SourceRecord]] = defaultdict(list)
    for index, record in enumerate(records):
        grouped[root(index)].append(record)
    return Matching([grouped[k] for k in sorted(grouped)], refused, duplicates)


def _model_number_keys(records: list[SourceRecord]) -> dict[str, list[int]]:
    """Model number -> the records holding it, for numbers that name one record per source (the
    wiki lists the Vibe K5's numbers under the K5 Plus too: such a number matches nothing)."""
    holders: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        for number in dict.fromkeys(map(model_number_key, record.model_numbers)):
            holders[f"model {number}"].append(index)
    return {
        key: indexes
        for key, indexes in holders.items()
        if len(indexes) > 1 and len({records[i].source for i in indexes}) == len(indexes)
    }


_5G = re.compile(r"5g$")
_OTHER_NETWORK = re.compile(r"(?:4g|lte)$")


def _only_5g(records: list[SourceRecord]) -> dict[str, list[int]]:
    """ "Galaxy A53" and "Galaxy A53 5G" as one phone, when the name names no other edition: no
    record anywhere is a 4G/LTE edition of it and no source has both names."""
    holders: dict[str, list[int]] = defaultdict(list)
    editions: set[str] = set()
    for index, record in enumerate(records):
        key = keys_of(record)[0]
        if _OTHER_NETWORK.search(key):
            editions.add(_OTHER_NETWORK.sub("", key))
        holders[f"bare {_5G.sub('', key)}"].append(index)
    return {
        key: indexes
        for key, indexes in holders.items()
        if len(indexes) > 1
        and key.removeprefix("bare ") not in editions
        and len({records[i].source for i in indexes}) == len(indexes)
    }


def _without_duplicates(records: list[SourceRecord]) -> tuple[list[SourceRecord], list[str]]:
    """A source naming one phone twice (same name key): the first record is kept."""
    seen: set[tuple[str, str]] = set()
    kept, dropped = [], []
    for record in records:
        key = (record.source, keys_of(record)[0])
        if key in seen:
            dropped.append(f"{record.source}: {record.name} ({record.ref}) named twice")
            continue
        seen.add(key)
        kept.append(record)
    return kept, dropped
