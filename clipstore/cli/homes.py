"""`household add|list` and `camera add|list`."""
from __future__ import annotations

import argparse
import json
import sys

from ..sources import check_source, redact
from ..store import ClipStore
from .common import add_data, pick_household


def register(commands: argparse._SubParsersAction) -> None:
    """Add the household and camera subcommands."""
    household = commands.add_parser("household", help="create or list households")
    actions = household.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a household and print its API token once")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--tz", required=True, metavar="IANA", help="time zone, e.g. America/New_York")
    add.add_argument("--retention", type=int, default=30, metavar="DAYS", help="keep clips this many days")
    add_data(add)
    add.set_defaults(handler=household_add)
    listing = actions.add_parser("list", help="list households (id, name, time zone)")
    add_data(listing)
    listing.set_defaults(handler=household_list)

    camera = commands.add_parser("camera", help="add or list a household's cameras")
    camera_actions = camera.add_subparsers(dest="action", required=True, metavar="ACTION")
    cam_add = camera_actions.add_parser("add", help="add a camera (its names are what people can say)")
    cam_add.add_argument("name", metavar="NAME", help='display name, e.g. "Nursery"')
    cam_add.add_argument("--id", metavar="ID", help="camera id (default: from the name, e.g. nursery)")
    cam_add.add_argument("--synonyms", default="", metavar="a,b", help="other spoken names, comma-separated")
    cam_add.add_argument("--source", metavar="URL",
                         help="stream that python -m skill records on motion (rtsp://, http(s)://)")
    add_data(cam_add, household=True)
    cam_add.set_defaults(handler=camera_add)
    cam_list = camera_actions.add_parser("list", help="list cameras (id, name, synonyms, recording)")
    add_data(cam_list, household=True)
    cam_list.set_defaults(handler=camera_list)


def household_add(store: ClipStore, args: argparse.Namespace) -> None:
    household, token = store.households.create(args.name, args.tz, args.retention)
    print(f"Created household {household.id} ({household.name}). Its API token follows on standard output; "
          "it is shown only once (only a hash is stored), so keep it now.", file=sys.stderr)
    print(token)


def household_list(store: ClipStore, args: argparse.Namespace) -> None:
    for household in store.households.all():
        print(f"{household.id}\t{household.name}\t{household.timezone}\t{household.retention_days} days")


def camera_add(store: ClipStore, args: argparse.Namespace) -> None:
    household = pick_household(store, args.household)
    synonyms = [part.strip() for part in args.synonyms.split(",") if part.strip()]
    if args.source is not None:
        check_source(args.source)  # before anything is added: a bad source changes nothing
    with store.db.transaction():
        camera = store.cameras.add(household.id, args.name, slug=args.id, synonyms=synonyms)
        if args.source is not None:
            store.cameras.set_source(household.id, camera.id, args.source)
    detail = {"added": True} if args.source is None else {"added": True, "source": redact(args.source)}
    store.audit.record(household.id, channel="system", actor="cli", action="camera_update", camera=camera.id,
                       detail=detail)
    shown = camera.to_dict()
    if args.source is not None:
        shown["source"] = redact(args.source)
    print(json.dumps(shown))


def camera_list(store: ClipStore, args: argparse.Namespace) -> None:
    household = pick_household(store, args.household)
    shown = store.cameras.shown_sources(household.id)
    for camera in store.cameras.list(household.id):
        state = "recording" if camera.recording else "privacy mode"
        source = shown.get(camera.id)
        print(f"{camera.id}\t{camera.name}\t{', '.join(camera.synonyms)}\t{state}"
              + (f"\t{source}" if source else ""))
