"""Validating a proposed catalog exactly as `python -m bot check` does: `load_catalog` on the
bytes (written to a temporary file named like the upload, so problems name it)."""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable
from pathlib import Path

from bot.catalog import Catalog, CatalogError, Problem, load_catalog
from bot.curation.documents import RECORDS, Document, dump, parse, records

SHOWN_PROBLEMS = 10
CURRENT_NAME = "current catalog"


def validate(data: bytes, name: str) -> Catalog:
    """The catalog in `data`, or `CatalogError` whose problems name the file `name`."""
    with tempfile.TemporaryDirectory(prefix="phonespec-") as folder:
        path = Path(folder) / _safe_name(name)
        path.write_bytes(data)
        return _renamed(lambda: load_catalog(path), {str(path): name})


def locate_in_upload(current: Document, upload: bytes, name: str) -> CatalogError | None:
    """The problems of a partial file placed in the catalog, with lines in the upload.

    Validates a folder of two files: the current catalog without the records the upload
    replaces, and the upload itself, so each problem points into the file the curator wrote.
    """
    ids = {kind: {r.get("id") for r in records(parse(upload), kind)} for kind in RECORDS}
    rest = {k: [r for r in records(current, k) if r.get("id") not in ids[k]] for k in RECORDS}
    with tempfile.TemporaryDirectory(prefix="phonespec-") as folder:
        base, uploaded = Path(folder) / "0-current.yaml", Path(folder) / "1-upload.yaml"
        base.write_bytes(dump(rest))
        uploaded.write_bytes(upload)
        try:
            _renamed(lambda: load_catalog(folder), {str(base): CURRENT_NAME, str(uploaded): name})
        except CatalogError as exc:
            return exc
    return None


def problems_text(error: CatalogError, limit: int = SHOWN_PROBLEMS) -> str:
    """The first `limit` problems, one a line, and how many more there are."""
    lines = [str(problem) for problem in error.problems[:limit]]
    rest = len(error.problems) - limit
    if rest > 0:
        lines.append(f"... and {rest} more problem{'s' if rest != 1 else ''}")
    return "\n".join(lines)


def _renamed(load: Callable[[], Catalog], names: dict[str, str]) -> Catalog:
    try:
        return load()
    except CatalogError as exc:
        problems = [_rename(problem, names) for problem in exc.problems]
        raise CatalogError(problems) from None


def _rename(problem: Problem, names: dict[str, str]) -> Problem:
    return dataclasses.replace(problem, file=names.get(problem.file, problem.file))


def _safe_name(name: str) -> str:
    stem = "".join(c for c in Path(name).name if c.isalnum() or c in "-_.")[:60].lstrip(".")
    return stem if stem.endswith((".yaml", ".yml")) else f"{stem or 'upload'}.yaml"
