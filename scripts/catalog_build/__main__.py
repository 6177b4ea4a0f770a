"""`python -m scripts.catalog_build [--check]`: build data/specs.yaml (see the package doc)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from scripts.catalog_build.build import CURATED, ROOT, SOURCES, build
from scripts.catalog_build.emit import render
from scripts.catalog_build.records import BuildError

OUTPUT = ROOT / "data" / "specs.yaml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.catalog_build")
    parser.add_argument("--sources", type=Path, default=SOURCES)
    parser.add_argument("--curated", type=Path, default=CURATED)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the output file differs; write nothing"
    )
    args = parser.parse_args(argv)
    try:
        catalog, snapshots, report = build(args.sources, args.curated)
        text = render(catalog, snapshots)
    except (BuildError, OSError, yaml.YAMLError) as exc:
        print(f"catalog_build: {exc}", file=sys.stderr)
        return 2
    print("\n".join(report.lines()))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(
                f"{args.output} is out of date: run python -m scripts.catalog_build",
                file=sys.stderr,
            )
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
