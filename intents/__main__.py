"""`python -m intents parse [--now ISO] [--tz IANA] [--data DIR] [TEXT ...]` (docs/interface.md §2)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from clipstore import DEMO_CAMERAS, DEMO_TIMEZONE, Camera, Member, store_exists

from .parser import Parser


def _cameras(data: Path | None) -> tuple[list[Camera], str, list[Member]]:
    """The cameras, time zone and members of the household in `data`, else the demo household's (no members)."""
    if data is None:
        return [Camera(slug, name, syns) for slug, name, syns in DEMO_CAMERAS], DEMO_TIMEZONE, []
    if not store_exists(data):
        raise SystemExit(f"intents: no clip store in {data} (start `python -m skill --data {data}` once)")
    from clipstore import ClipStore

    store = ClipStore(data)
    households = store.all_households()
    if not households:
        raise SystemExit(f"intents: the clip store in {data} has no household yet")
    home = store.system(households[0].id)
    return home.cameras.all(), households[0].timezone, home.members.people()


def _now(text: str | None, tz: str) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise SystemExit(f"intents: --now {text!r} is not an ISO-8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(tz))


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, build the parser, print one JSON line per utterance."""
    ap = argparse.ArgumentParser(prog="python -m intents", description="The intent layer's command-line tools.")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse text into an intent and slots (changes nothing)")
    p.add_argument(
        "--now",
        help="ISO-8601 time relative dates resolve against (default: now; without an offset, a time in the --tz zone)",
    )
    p.add_argument(
        "--tz",
        metavar="IANA",
        help="time zone that dates such as today resolve in (default: the household's zone with --data, "
        f"else the demo household's, {DEMO_TIMEZONE})",
    )
    p.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        help="clip store whose household's cameras, members and zone to use (default: the demo household's)",
    )
    p.add_argument("text", nargs="*", help="utterances; none: read one per line from standard input")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    cameras, household_tz, members = _cameras(args.data)
    tz = args.tz or household_tz
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise SystemExit(f"intents: unknown time zone {tz!r}") from None
    now = _now(args.now, tz)
    parser = Parser(cameras, members=members)
    lines = args.text if args.text else (line.rstrip("\n") for line in sys.stdin)
    for line in lines:
        result = parser.parse(line, now=now, tz=tz)
        sys.stdout.write(json.dumps(result.to_dict()) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
