"""The catalog: every phone and series, loaded from YAML, validated whole, then immutable.

`load_catalog(path)` is the one way in. It reads a file (or a directory of `*.yaml` files), checks
everything in one pass and either returns a `Catalog` or raises `CatalogError` listing every problem
as `file:line:column: field: message`. A reload builds a new `Catalog` (with its search index) in
another process (`bot.catalogpickle.load_in_process`) and swaps one reference, so nothing ever
sees half a catalog.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
from collections.abc import Generator, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from bot import yamlfile
from bot.columns import Columns
from bot.matching import PhoneIndex, exact_key
from bot.models import NewsItem, Phone, Series, SpecFile
from bot.specfile import (
    MAX_PROBLEMS,
    PhoneByPhone,
    Problem,
    explain,
    field_name,
    line_and_column,
)
from bot.stepwise import run_at_once

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Far above any real catalog (the bundled one is well under 1 MiB); refuses runaway files."""


class CatalogError(Exception):
    """The data was refused; `problems` lists every reason found.

    Past the first `MAX_PROBLEMS` of a file, problems keep pydantic's words and no position, and
    the text of the error counts them instead of listing them.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the spec data")

    def __reduce__(self) -> tuple[type[CatalogError], tuple[tuple[Problem, ...]]]:
        """Pickled by its problems (a reload sends it back from the loader process)."""
        return (CatalogError, (self.problems,))

    def __str__(self) -> str:
        lines = [super().__str__(), *(str(p) for p in self.problems[:MAX_PROBLEMS])]
        if len(self.problems) > MAX_PROBLEMS:
            lines.append(f"... and {len(self.problems) - MAX_PROBLEMS} more")
        return "\n".join(lines)


@dataclass(frozen=True)
class Catalog:
    """Every phone and series, plus the index that finds them. Never mutated after loading."""

    phones: tuple[Phone, ...]
    series: Mapping[str, Series]
    index: PhoneIndex
    files: tuple[Path, ...]
    updated: dt.datetime
    sha256: str | None = None
    """The SHA-256 of the data file as read for this catalog (None for a folder of files):
    what `/status` and the catalog versions call it."""
    by_id: Mapping[str, Phone] = field(init=False)
    newest: tuple[Phone, ...] = field(init=False, repr=False)
    """Every phone, newest first (what `phones` lists)."""
    brands: tuple[str, ...] = field(init=False)
    _by_brand: Mapping[str, tuple[Phone, ...]] = field(init=False, repr=False)
    columns: Columns = field(init=False, repr=False, compare=False)
    """Every phone's figures in order, for filters and rankings (`bot.filters`)."""
    fingerprints: Mapping[str, bytes] = field(init=False, repr=False, compare=False)
    """Each phone's digest, by id: two phones with the same digest hold the same values."""
    table_digests: Mapping[tuple[str, ...], bytes] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    """Set when the catalog arrives in parts (`bot.catalogpickle`): the digest of each large
    table, by its path, so that the next reload keeps the tables that did not change."""

    def __post_init__(self) -> None:
        # Derived once here, while loading off the event loop, not on every command.
        newest = tuple(sorted(self.phones, key=lambda p: (p.launched, p.name), reverse=True))
        by_brand: dict[str, list[Phone]] = {}
        for phone in newest:
            by_brand.setdefault(phone.brand.casefold(), []).append(phone)
        derived = {
            "series": MappingProxyType(dict(self.series)),
            "by_id": MappingProxyType({p.id: p for p in self.phones}),
            "newest": newest,
            "brands": tuple(sorted({p.brand for p in self.phones}, key=str.casefold)),
            "_by_brand": MappingProxyType({k: tuple(v) for k, v in by_brand.items()}),
            "columns": Columns(newest),
            "fingerprints": MappingProxyType({p.id: _fingerprint(p) for p in self.phones}),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    def phones_of(self, brand: str) -> tuple[Phone, ...]:
        """Phones of one brand (any case), newest first."""
        return self._by_brand.get(brand.casefold(), ())

    def news_for(self, phone: Phone) -> list[NewsItem]:
        """The phone's own launch news and its series' news, newest first."""
        items = list(phone.news)
        if phone.series and phone.series in self.series:
            items.extend(self.series[phone.series].news)
        return sorted(items, key=lambda item: item.date, reverse=True)

    def all_news(self) -> Iterator[tuple[Phone | Series, NewsItem]]:
        """Every news item with the phone or series it is about: phones' first, in file order."""
        for phone in self.phones:
            for item in phone.news:
                yield phone, item
        for series in self.series.values():
            for item in series.news:
                yield series, item

    def latest_news(self, limit: int = 10) -> list[tuple[str, NewsItem]]:
        """The newest news items across the catalog, each with what it is about."""
        items = [(about.name, item) for about, item in self.all_news()]
        items.sort(key=lambda pair: pair[1].date, reverse=True)
        return items[:limit]

    @property
    def news_count(self) -> int:
        return sum(1 for _ in self.all_news())

    def summary(self) -> str:
        """One line: what the catalog holds."""
        return (
            f"{len(self.phones)} phones, {len(self.brands)} brands, "
            f"{len(self.series)} series, {self.news_count} news items"
        )


def _fingerprint(phone: Phone) -> bytes:
    return hashlib.blake2b(phone.model_dump_json().encode(), digest_size=16).digest()


@dataclass(frozen=True)
class CatalogDiff:
    """What a reload changed, by phone id."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    news_added: int

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.changed or self.removed or self.news_added)

    def summary(self) -> str:
        if self.unchanged:
            return "no changes"
        parts = [
            f"{len(self.added)} added",
            f"{len(self.changed)} changed",
            f"{len(self.removed)} removed",
            f"{self.news_added} news item{'s' if self.news_added != 1 else ''} added",
        ]
        return ", ".join(parts)


def diff_catalogs(old: Catalog, new: Catalog) -> CatalogDiff:
    return run_at_once(diffing(old, new))


def diffing(old: Catalog, new: Catalog) -> Generator[None, None, CatalogDiff]:
    """What changed from `old` to `new`, phone by phone, yielding every `_DIFF_STEP` phones
    (`bot.stepwise`). Phones are compared by fingerprint: field by field, 10,000 took half a
    second."""
    old_prints, new_prints = old.fingerprints, new.fingerprints
    changed = []
    for n, i in enumerate(new_prints.keys() & old_prints.keys()):
        if new_prints[i] != old_prints[i]:
            changed.append(i)
        if n % _DIFF_STEP == 0:
            yield
    old_news = yield from _news(old)
    new_news = yield from _news(new)
    return CatalogDiff(
        added=tuple(sorted(new_prints.keys() - old_prints.keys())),
        changed=tuple(sorted(changed)),
        removed=tuple(sorted(old_prints.keys() - new_prints.keys())),
        news_added=len(new_news - old_news),
    )


_DIFF_STEP = 1000


def _news(catalog: Catalog) -> Generator[None, None, set[tuple[str, NewsItem]]]:
    found: set[tuple[str, NewsItem]] = set()
    for n, phone in enumerate(catalog.phones):
        found.update((phone.id, item) for item in phone.news)
        if n % _DIFF_STEP == 0:
            yield
    found.update((series.id, item) for series in catalog.series.values() for item in series.news)
    return found


# --- loading -------------------------------------------------------------------------------


@dataclass(eq=False)  # one per file: hashable, compared by identity
class _Source:
    """One file being loaded: its bytes (kept only to locate errors) and what it held."""

    path: Path
    data: bytes
    spec: SpecFile | None = None

    @property
    def name(self) -> str:
        return str(self.path)


def load_catalog(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> Catalog:
    """Read, validate and index a spec file or a directory of them; raise `CatalogError` if bad.

    Pure as far as the process goes: it leaves the garbage collector alone, so it may run in any
    thread. The bot reloads with `bot.catalogpickle.load_in_process`.
    """
    root = Path(path)
    problems: list[Problem] = []
    sources: list[_Source] = []
    for file in spec_files(root, problems):
        source = _read(file, max_bytes, problems)
        if source is not None:
            source.spec = _parse(source, problems)
            sources.append(source)
    if not problems:
        problems += _cross_checks(sources)
    if problems:
        raise CatalogError(problems)
    phones = tuple(p for s in sources if s.spec for p in s.spec.phones)
    series = {x.id: x for s in sources if s.spec for x in s.spec.series}
    return Catalog(
        phones=phones,
        series=MappingProxyType(series),
        index=PhoneIndex.build(phones),
        files=tuple(s.path for s in sources),
        updated=_last_change(sources),
        sha256=hashlib.sha256(sources[0].data).hexdigest() if root.is_file() else None,
    )


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic GC off while a single-threaded program (the CLI, start-up) loads a catalog.

    Never for a process where other threads run: the collector is process-wide.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def spec_files(root: Path, problems: list[Problem]) -> list[Path]:
    """The file, or the directory's `*.yaml` (and `*.yml`) files by name.

    Hidden files are skipped as the shell's `*.yaml` skips them: macOS leaves a binary
    `._specs.yaml` beside each file it copies to a foreign disk.
    """
    if root.is_dir():
        files = sorted(
            p
            for p in root.iterdir()
            if p.suffix in (".yaml", ".yml") and not p.name.startswith(".") and p.is_file()
        )
        if not files:
            problems.append(Problem(str(root), None, None, "", "no *.yaml files in this directory"))
        return files
    if not root.exists():
        problems.append(Problem(str(root), None, None, "", "file not found"))
        return []
    return [root]


def _read(path: Path, max_bytes: int, problems: list[Problem]) -> _Source | None:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            problems.append(
                Problem(name, None, None, "", f"file is {size:,} bytes; the limit is {max_bytes:,}")
            )
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, None, None, "", f"cannot read the file: {exc.strerror}"))
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = yamlfile.position_at(data, exc.start)
        message = f"not UTF-8 text (byte 0x{data[exc.start]:02x})"
        problems.append(Problem(name, at.line, at.column, "", message))
        return None
    return _Source(path, data)


def _parse(source: _Source, problems: list[Problem]) -> SpecFile | None:
    name = source.name
    if not source.data.strip():
        problems.append(Problem(name, None, None, "", "the file is empty; expected 'phones:'"))
        return None
    phones = PhoneByPhone()
    try:
        raw = yamlfile.load(source.data, each=("phones", phones.validate))
    except yamlfile.YamlError as exc:
        at = exc.position
        problems.append(
            Problem(name, at.line if at else None, at.column if at else None, "", exc.message)
        )
        return None
    if not isinstance(raw, dict):
        kind = type(raw).__name__ if raw is not None else "nothing"
        kind = {"list": "a list", "str": "text", "int": "a number"}.get(kind, kind)
        problems.append(
            Problem(name, 1, 1, "", f"expected a mapping with 'phones:' at the top, got {kind}")
        )
        return None
    spec, errors = phones.spec_file(raw)
    if errors:
        problems += explain(source.name, source.data, errors)
    return spec


def _last_change(sources: list[_Source]) -> dt.datetime:
    """The newest `updated:` date in the files, else the newest file modification time."""
    dates = [s.spec.updated for s in sources if s.spec and s.spec.updated]
    if dates:
        return dt.datetime.combine(max(dates), dt.time(), tzinfo=dt.UTC)
    mtime = max(s.path.stat().st_mtime for s in sources)
    return dt.datetime.fromtimestamp(mtime, tz=dt.UTC)


# --- checks across phones and files --------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    """A place in the data: the file and the path within it."""

    source: _Source
    path: yamlfile.Path


# Something wrong at a place, the earlier place it clashes with (if any), and what is wrong.
_Issue = tuple[_Where, _Where | None, str]


def _cross_checks(sources: list[_Source]) -> list[Problem]:
    """What one record cannot know alone: unique ids and aliases, and series that exist."""
    issues: list[_Issue] = []
    first_id: dict[str, _Where] = {}
    first_series: dict[str, _Where] = {}
    names: dict[str, tuple[str, _Where]] = {}
    for source in sources:
        spec = source.spec
        if spec is None:
            continue
        for i, series in enumerate(spec.series):
            here = _Where(source, ("series", i, "id"))
            if series.id in first_series:
                issues.append((here, first_series[series.id], f"duplicate series id '{series.id}'"))
            first_series.setdefault(series.id, here)
        for i, phone in enumerate(spec.phones):
            here = _Where(source, ("phones", i, "id"))
            if phone.id in first_id:
                issues.append((here, first_id[phone.id], f"duplicate id '{phone.id}'"))
                continue
            first_id[phone.id] = here
            issues += _name_clashes(phone, source, i, names)
    for source in sources:
        for i, phone in enumerate(source.spec.phones if source.spec else ()):
            if phone.series and phone.series not in first_series:
                here = _Where(source, ("phones", i, "series"))
                issues.append(
                    (here, None, f"unknown series '{phone.series}' (add it under 'series:')")
                )
    return _locate(issues)


def _name_clashes(
    phone: Phone, source: _Source, i: int, names: dict[str, tuple[str, _Where]]
) -> list[_Issue]:
    """Names and aliases are keys for exact look-ups (`exact_key`): two phones may not share one.

    An alias is looked up with and without the brand ("Mi 14", "Xiaomi Mi 14"), so it may clash
    either way. A model or alias with no letters or digits would make the bare brand its key.
    """
    issues: list[_Issue] = []
    keyed: list[tuple[_Where, str, tuple[str, ...]]] = []
    brand = exact_key(phone.brand)
    texts = [("model", phone.model, ("model",))]
    texts += [("alias", alias, ("aliases", k)) for k, alias in enumerate(phone.aliases)]
    for what, text, path in texts:
        here = _Where(source, ("phones", i, *path))
        key = exact_key(text)
        if not key:
            issues.append((here, None, f"{what} '{text}' has no letters or digits"))
        elif what == "model":
            keyed.append((here, f"name '{phone.name}'", (brand + key,)))
        else:
            keyed.append((here, f"alias '{text}'", (key, brand + key)))
    for here, named, keys in keyed:
        for key in keys:
            owner = names.setdefault(key, (phone.id, here))
            if owner[0] != phone.id:
                issues.append((here, owner[1], f"{named} is used by two phones"))
                break
    return issues


def _locate(issues: list[_Issue]) -> list[Problem]:
    """Position every issue (and the earlier place it clashes with) with one read per file."""
    wanted: dict[_Source, list[yamlfile.Path]] = {}
    for here, first, _ in issues:
        for where in (here, first):
            if where is not None:
                wanted.setdefault(where.source, []).append(where.path)
    found = {source: yamlfile.positions(source.data, paths) for source, paths in wanted.items()}

    def at(where: _Where) -> tuple[int | None, int | None]:
        return line_and_column(found[where.source], where.path)

    problems = []
    for here, first, message in issues:
        if first is not None:
            message += f" (first at {first.source.path.name}:{at(first)[0]})"
        line, column = at(here)
        problems.append(Problem(here.source.name, line, column, field_name(here.path), message))
    return problems
