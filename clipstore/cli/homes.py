"""`household add|list` and `camera add|list|remove`."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import NeedsConfirmation
from ..sources import check_source
from ..store import ClipStore
from .common import UsageError, add_data, confirm_on_terminal, pick_household


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
    cam_add.add_argument(
        "--source", metavar="URL", help="stream that python -m skill records on motion (rtsp://, http(s)://)"
    )
    add_data(cam_add, household=True)
    cam_add.set_defaults(handler=camera_add)
    cam_list = camera_actions.add_parser("list", help="list cameras (id, name, synonyms, recording)")
    add_data(cam_list, household=True)
    cam_list.set_defaults(handler=camera_list)
    cam_remove = camera_actions.add_parser(
        "remove", help="remove a camera; its clips go to the trash (undo for 10 minutes: python -m clipstore undo)"
    )
    cam_remove.add_argument("id", metavar="ID", help="the camera's id")
    cam_remove.add_argument("--yes", action="store_true", help="don't ask; remove it and its clips")
    add_data(cam_remove, household=True)
    cam_remove.set_defaults(handler=camera_remove)
    undo = commands.add_parser("undo", help="bring back the last deletion (clips, a removed camera) while it can be")
    add_data(undo, household=True)
    undo.set_defaults(handler=run_undo)


def household_add(store: ClipStore, args: argparse.Namespace) -> None:
    household, token = store.create_household(args.name, args.tz, args.retention)
    print(
        f"Created household {household.id} ({household.name}) with its owner. The owner's API token follows on"
        " standard output; it is shown only once (only a hash is stored), so keep it now.",
        file=sys.stderr,
    )
    print(token)


def household_list(store: ClipStore, args: argparse.Namespace) -> None:
    for household in store.all_households():
        print(f"{household.id}\t{household.name}\t{household.timezone}\t{household.retention_days} days")


def camera_add(store: ClipStore, args: argparse.Namespace) -> None:
    household = pick_household(store, args.household)
    synonyms = [part.strip() for part in args.synonyms.split(",") if part.strip()]
    if args.source is not None:
        check_source(args.source)  # before anything is added: a bad source changes nothing
    home = store.system(household.id, "cli")
    camera = home.cameras.add(args.name, slug=args.id, synonyms=synonyms, source=args.source)
    shown = camera.to_dict()
    source = home.cameras.shown_sources().get(camera.id)
    if source:
        shown["source"] = source
    print(json.dumps(shown))


def camera_list(store: ClipStore, args: argparse.Namespace) -> None:
    home = store.system(pick_household(store, args.household).id, "cli")
    shown = home.cameras.shown_sources()
    for camera in home.cameras.all():
        state = "recording" if camera.recording else "privacy mode"
        print(
            f"{camera.id}\t{camera.name}\t{', '.join(camera.synonyms)}\t{state}"
            + (f"\t{shown[camera.id]}" if camera.id in shown else "")
        )


def camera_remove(store: ClipStore, args: argparse.Namespace) -> int:
    home = store.system(pick_household(store, args.household).id, "cli")
    camera = home.cameras.get(args.id)
    try:
        trashed = home.cameras.remove(camera.id, confirm=args.yes)
    except NeedsConfirmation as need:
        question = f"Remove the {camera.name} camera and delete its {need.count} clip{'s' if need.count != 1 else ''}?"
        if not confirm_on_terminal(question):
            print("Nothing was removed.", file=sys.stderr)
            return 1
        trashed = home.cameras.remove(camera.id, confirm=True)
    minutes = max(1, round(store.trash_grace_s / 60))
    print(
        f"Removed the {camera.name} camera and moved {trashed} clip{'s' if trashed != 1 else ''} to the trash."
        f" To bring them back within {minutes} minutes: python -m clipstore undo",
        file=sys.stderr,
    )
    return 0


def run_undo(store: ClipStore, args: argparse.Namespace) -> int:
    home = store.system(pick_household(store, args.household).id, "cli")
    restored = home.clips.restore_last()
    if not restored.clips and restored.retention_days is None:
        raise UsageError("there is nothing left to bring back (a deletion can be undone for 10 minutes)")
    print(f"Brought back {restored.clips} clip{'s' if restored.clips != 1 else ''}.", file=sys.stderr)
    return 0
