"""Regenerate the images the README shows, as the bot draws them for the bundled catalog.

    python scripts/render_docs_images.py           # write the images into docs/
    python scripts/render_docs_images.py --check   # exit 1 if an image would change

Each example message goes through the console, the same router as Discord, and its image is
written into docs/ under the name the bot attaches it with. Run it after changing the card's
drawing or the phones it shows.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.catalog import load_catalog
from bot.console import Console, save_picture
from bot.replies import Picture

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "specs.yaml"
DOCS = REPO / "docs"
EXAMPLES = ("!compare iphone 14 pro vs pixel 8 pro",)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if an image would change")
    check = parser.parse_args().check
    console = Console(load_catalog(DATA), DATA)
    stale = []
    for message in EXAMPLES:
        reply = console.respond(message)
        if reply is None or reply.picture is None:
            print(f"{message!r} gave no image", file=sys.stderr)
            return 1
        if check:
            stale += [] if _current(reply.picture) else [reply.picture.filename]
        else:
            print(save_picture(reply.picture, DOCS).relative_to(REPO))
    for name in stale:
        print(f"docs/{name} is out of date: run python scripts/render_docs_images.py")
    return 1 if stale else 0


def _current(picture: Picture) -> bool:
    path = DOCS / picture.filename
    return path.exists() and path.read_bytes() == picture.render()


if __name__ == "__main__":
    sys.exit(main())
