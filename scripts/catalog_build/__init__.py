"""Build the bundled catalog (data/specs.yaml) from open-data snapshots and curated facts.

    python -m scripts.catalog_build           # write data/specs.yaml and print what it did
    python -m scripts.catalog_build --check   # exit 1 if data/specs.yaml would change

The steps, one module each: every source in data/sources/ is imported by a pure function
(files -> `SourceRecord`s: techapi, lineageos, endoflife, devicekit); `match` groups the records
that describe the same phone (by name keys and model numbers, never by fuzzy names); `merge` folds
each group into one phone by a precedence order and records where each section came from;
`crosscheck` compares the values two sources give for the same field; `curated` applies the
hand-edited files in scripts/curated/ last (they win over every source and settle conflicts);
`emit` writes the YAML. The output depends only on those inputs: a rerun writes the same bytes.
"""
