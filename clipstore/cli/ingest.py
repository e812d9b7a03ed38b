"""`ingest`: add a clip as a camera would."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..store import ClipStore
from .common import UsageError, add_data, parse_at, pick_household


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ingest subcommand."""
    ingest = commands.add_parser("ingest", help="add a clip as a camera would")
    ingest.add_argument("file", type=Path, metavar="FILE.mp4")
    ingest.add_argument("--camera", required=True, metavar="ID", help="the camera's id")
    ingest.add_argument("--at", metavar="ISO", help="when the clip started (default: now)")
    ingest.add_argument("--labels", default="", metavar="a,b", help="comma-separated labels")
    add_data(ingest, household=True)
    ingest.set_defaults(handler=run)


def run(store: ClipStore, args: argparse.Namespace) -> None:
    if not args.file.is_file():
        raise UsageError(f"no such file: {args.file}")
    started = parse_at(args.at) if args.at else None
    labels = [part.strip() for part in args.labels.split(",") if part.strip()]
    household = pick_household(store, args.household)
    clip = store.ingest(household.id, args.camera, args.file, started_at=started, labels=labels)
    store.audit.record(household.id, channel="system", actor="cli", action="ingest", clip_id=clip.id,
                       camera=clip.camera)
    print(json.dumps(clip.to_dict()))
