"""Command line: `python -m clipstore household add|list` and `python -m clipstore ingest`."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .errors import StoreError
from .models import Household
from .store import ClipStore, default_data_dir

logger = logging.getLogger(__name__)

FUTURE_SLACK = timedelta(minutes=5)


class UsageError(Exception):
    """A mistake on the command line: reported as one line, exit status 2."""


def parse_at(value: str) -> datetime:
    """An ISO-8601 time with a zone (`Z` or an offset), not in the future."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"--at must be an ISO-8601 time such as 2026-11-24T19:15:02Z, not {value!r}") from None
    if moment.tzinfo is None:
        raise UsageError("--at must carry a time zone or Z, e.g. 2026-11-24T19:15:02Z")
    if moment > datetime.now(timezone.utc) + FUTURE_SLACK:
        raise UsageError("--at is in the future")
    return moment


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its subcommands."""
    data_help = "the data directory (default: $CLIPSTORE_DATA or the per-user data directory)"
    parser = argparse.ArgumentParser(prog="python -m clipstore", description="Manage the home clip store.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    household = commands.add_parser("household", help="create or list households")
    actions = household.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a household and print its API token once")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--tz", required=True, metavar="IANA", help="time zone, e.g. America/New_York")
    add.add_argument("--retention", type=int, default=30, metavar="DAYS", help="keep clips this many days")
    add.add_argument("--data", type=Path, metavar="DIR", help=data_help)
    listing = actions.add_parser("list", help="list households (id, name, time zone)")
    listing.add_argument("--data", type=Path, metavar="DIR", help=data_help)

    camera = commands.add_parser("camera", help="add or list a household's cameras")
    camera_actions = camera.add_subparsers(dest="action", required=True, metavar="ACTION")
    cam_add = camera_actions.add_parser("add", help="add a camera (its names are what people can say)")
    cam_add.add_argument("name", metavar="NAME", help='display name, e.g. "Nursery"')
    cam_add.add_argument("--id", metavar="ID", help="camera id (default: from the name, e.g. nursery)")
    cam_add.add_argument("--synonyms", default="", metavar="a,b", help="other spoken names, comma-separated")
    cam_list = camera_actions.add_parser("list", help="list cameras (id, name, synonyms, recording)")
    for sub in (cam_add, cam_list):
        sub.add_argument("--household", metavar="N", help="household id or name (default: the first one)")
        sub.add_argument("--data", type=Path, metavar="DIR", help=data_help)

    ingest = commands.add_parser("ingest", help="add a clip as a camera would")
    ingest.add_argument("file", type=Path, metavar="FILE.mp4")
    ingest.add_argument("--camera", required=True, metavar="ID", help="the camera's id")
    ingest.add_argument("--at", metavar="ISO", help="when the clip started (default: now)")
    ingest.add_argument("--labels", default="", metavar="a,b", help="comma-separated labels")
    ingest.add_argument("--household", metavar="N", help="household id or name (default: the first one)")
    ingest.add_argument("--data", type=Path, metavar="DIR", help=data_help)
    return parser


def _pick_household(store: ClipStore, wanted: str | None) -> Household:
    households = store.households.all()
    if not households:
        raise UsageError("there is no household yet; create one with: python -m clipstore household add NAME --tz IANA")
    if wanted is None:
        if len(households) > 1:
            print(f"note: using household {households[0].id} ({households[0].name}); pick another with --household",
                  file=sys.stderr)
        return households[0]
    for household in households:
        if wanted == str(household.id) or wanted == household.name:
            return household
    raise UsageError(f"no household {wanted!r}; see: python -m clipstore household list")


def _household_add(store: ClipStore, args: argparse.Namespace) -> None:
    household, token = store.households.create(args.name, args.tz, args.retention)
    print(f"Created household {household.id} ({household.name}). Its API token follows on standard output; "
          "it is shown only once (only a hash is stored), so keep it now.", file=sys.stderr)
    print(token)


def _household_list(store: ClipStore, args: argparse.Namespace) -> None:
    for household in store.households.all():
        print(f"{household.id}\t{household.name}\t{household.timezone}\t{household.retention_days} days")


def _camera_add(store: ClipStore, args: argparse.Namespace) -> None:
    household = _pick_household(store, args.household)
    synonyms = [part.strip() for part in args.synonyms.split(",") if part.strip()]
    camera = store.cameras.add(household.id, args.name, slug=args.id, synonyms=synonyms)
    store.audit.record(household.id, channel="system", actor="cli", action="camera_update", camera=camera.id,
                       detail={"added": True})
    print(json.dumps(camera.to_dict()))


def _camera_list(store: ClipStore, args: argparse.Namespace) -> None:
    household = _pick_household(store, args.household)
    for camera in store.cameras.list(household.id):
        state = "recording" if camera.recording else "privacy mode"
        print(f"{camera.id}\t{camera.name}\t{', '.join(camera.synonyms)}\t{state}")


def _ingest(store: ClipStore, args: argparse.Namespace) -> None:
    if not args.file.is_file():
        raise UsageError(f"no such file: {args.file}")
    started = parse_at(args.at) if args.at else None
    labels = [part.strip() for part in args.labels.split(",") if part.strip()]
    household = _pick_household(store, args.household)
    clip = store.ingest(household.id, args.camera, args.file, started_at=started, labels=labels)
    store.audit.record(household.id, channel="system", actor="cli", action="ingest", clip_id=clip.id,
                       camera=clip.camera)
    print(json.dumps(clip.to_dict()))


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (2 for user errors)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = {("household", "add"): _household_add, ("household", "list"): _household_list,
               ("camera", "add"): _camera_add, ("camera", "list"): _camera_list,
               ("ingest", None): _ingest}[(args.command, getattr(args, "action", None))]
    data_dir = args.data or default_data_dir()
    try:
        if data_dir.exists() and not data_dir.is_dir():
            raise UsageError(f"--data {data_dir} is not a directory")
        store = ClipStore(data_dir)
    except (UsageError, OSError) as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    try:
        handler(store, args)
    except (UsageError, StoreError, OSError) as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    return 0
