"""`python -m skill.model`: the Alexa skill package, generated from the intent catalogue.

Writes the files of `document.generate` under `--out`; `--check` compares instead of writing
(exit status 1 if the committed files are stale).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import document
from .document import DEFAULT_ENDPOINT, PACKAGE_DIR


def main(argv: list[str] | None = None) -> int:
    """Write (or `--check`) the skill package."""
    ap = argparse.ArgumentParser(prog="python -m skill.model", description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=PACKAGE_DIR, help=f"skill package directory (default: {PACKAGE_DIR})")
    ap.add_argument(
        "--endpoint",
        default=DEFAULT_ENDPOINT,
        help=f"https URL of POST /alexa for skill.json (default: {DEFAULT_ENDPOINT})",
    )
    ap.add_argument(
        "--privacy-url",
        default=None,
        help="the privacy policy page for skill.json (default: /privacy beside the endpoint)",
    )
    ap.add_argument("--check", action="store_true", help="only report whether the files are current")
    args = ap.parse_args(argv)
    if args.check:
        stale = document.stale_files(args.out, args.endpoint, args.privacy_url)
        for rel in stale:
            print(f"stale: {args.out / rel}")
        if stale:
            again = "" if args.out == PACKAGE_DIR else f" --out {args.out}"
            print(
                f"{len(stale)} file{'s are' if len(stale) != 1 else ' is'} stale: run python -m skill.model{again}"
                " to write them again"
            )
            return 1
        print(f"The skill package in {args.out} is current.")
        return 0
    for rel, content in document.generate(args.endpoint, args.privacy_url).items():
        path = args.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
