"""`ingest`, `record`, `watch` and `frigate`: clips from a file, a camera's stream, an upload folder, or Frigate."""

from __future__ import annotations

import argparse
import json
import logging
import threading
from pathlib import Path

from clipstore import ClipStore, UsageError, add_data, parse_at, pick_household

from .cli_frigate import run_frigate, stop_on_signals

logger = logging.getLogger(__name__)


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ingest, record, watch and frigate subcommands."""
    ingest = commands.add_parser(
        "ingest", help="add a clip as a camera would (labelled by the detector unless --labels are given)"
    )
    ingest.add_argument("file", type=Path, metavar="FILE.mp4")
    ingest.add_argument("--camera", required=True, metavar="ID", help="the camera's id")
    ingest.add_argument("--at", metavar="ISO", help="when the clip started (default: now)")
    ingest.add_argument("--labels", default="", metavar="a,b", help="comma-separated labels (then no detector)")
    _labels_option(ingest)
    add_data(ingest, household=True)
    ingest.set_defaults(handler=run_ingest)

    record = commands.add_parser("record", help="record motion clips from a stream or file")
    record.add_argument("--camera", required=True, metavar="ID", help="the camera's id")
    record.add_argument("url", metavar="URL", help="rtsp://, http(s):// or a video file")
    record.add_argument("--duration", type=float, metavar="S", help="stop after S seconds (default: until stopped)")
    record.add_argument("--pre-roll", type=float, default=3.0, metavar="S", help="seconds kept before motion (3)")
    record.add_argument("--post-roll", type=float, default=5.0, metavar="S", help="seconds kept after motion (5)")
    record.add_argument("--sensitivity", type=int, default=60, metavar="1-100", help="higher: smaller changes count")
    record.add_argument(
        "--min-area",
        type=float,
        default=0.01,
        metavar="SHARE",
        help="changed share of the picture that makes motion (0.01)",
    )
    record.add_argument(
        "--mask",
        action="append",
        default=[],
        metavar="x0,y0,x1,y1",
        help="ignore this region (fractions of the picture); repeatable",
    )
    _labels_option(record)
    add_data(record, household=True)
    record.set_defaults(handler=run_record)

    watch = commands.add_parser("watch", help="ingest each complete video that appears in a folder")
    watch.add_argument("--camera", required=True, metavar="ID", help="the camera's id")
    watch.add_argument("folder", type=Path, metavar="DIR")
    watch.add_argument("--once", action="store_true", help="process what is there now, then exit")
    watch.add_argument(
        "--settle", type=float, default=5.0, metavar="S", help="a file is complete when unchanged this long (5)"
    )
    _labels_option(watch)
    add_data(watch, household=True)
    watch.set_defaults(handler=run_watch)

    frigate = commands.add_parser("frigate", help="import a Frigate server's finished events, each once")
    frigate.add_argument("url", metavar="URL", help="Frigate's address, e.g. http://nvr.local:5000")
    frigate.add_argument("--once", action="store_true", help="import what is there now, then exit")
    frigate.add_argument(
        "--camera-map",
        nargs="+",
        action="extend",
        default=[],
        metavar="FRIGATE_NAME=ID",
        help="which camera here a Frigate camera is (default: the same name)",
    )
    frigate.add_argument("--user", metavar="NAME", help="log in to Frigate as NAME (password from $FRIGATE_PASSWORD)")
    frigate.add_argument(
        "--delete-in-frigate",
        action="store_true",
        help="when a clip is deleted here for good, delete its event in Frigate too",
    )
    frigate.add_argument(
        "--interval",
        type=float,
        metavar="S",
        help="seconds between looks (30; with --mqtt, between HTTP looks for what MQTT missed: 1800)",
    )
    frigate.add_argument(
        "--mqtt",
        metavar="mqtt://HOST:PORT",
        help="import each event as its end message arrives on the broker (mqtts:// for TLS; "
        "a user as mqtt://USER@HOST with the password in $FRIGATE_MQTT_PASSWORD)",
    )
    frigate.add_argument(
        "--mqtt-topic",
        default="frigate/events",
        metavar="TOPIC",
        help="Frigate's events topic (frigate/events; PREFIX/events with another topic_prefix)",
    )
    frigate.add_argument(
        "--settle",
        type=float,
        default=5.0,
        metavar="S",
        help="with --mqtt: wait this long after an event ends before fetching its clip (5)",
    )
    frigate.add_argument(
        "--recording",
        metavar="CAMERA",
        help="import this camera's continuous recording from --from to --to as a clip, then exit",
    )
    frigate.add_argument(
        "--from",
        dest="start",
        metavar="ISO",
        help="with --recording: the start (local time of the household unless it has a zone)",
    )
    frigate.add_argument("--to", dest="end", metavar="ISO", help="with --recording: the end (10 minutes at most)")
    add_data(frigate, household=True)
    frigate.set_defaults(handler=run_frigate)


def _labels_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-labels", action="store_true", help="don't label clips with the built-in detector")


def _labeler(args: argparse.Namespace):
    if args.no_labels:
        return None
    from intake.detect import default_labeler

    return default_labeler()


def run_ingest(store: ClipStore, args: argparse.Namespace) -> int:
    """One file in, as an upload: the labels given, or else the detector's (with its confidence and moment)."""
    if not args.file.is_file():
        raise UsageError(f"no such file: {args.file}")
    started = parse_at(args.at) if args.at else None
    labels = [part.strip() for part in args.labels.split(",") if part.strip()]
    household = _camera(store, args)
    labelling, failure = None, None
    labeler = None if labels else _labeler(args)
    if labeler is not None:
        import av

        try:
            labelling = labeler.look(args.file)
        except (av.FFmpegError, OSError, ValueError, RuntimeError) as exc:
            failure = exc  # a file the store refuses gets the store's own error, not this one too
    clip = store.system(household.id, "cli").clips.add(
        args.camera, args.file, started_at=started, labels=labels, labelling=labelling
    )
    if failure is not None and labeler is not None:
        logger.warning("%s could not label %s (%s): stored without labels", labeler.name, args.file.name, failure)
    print(json.dumps(clip.to_dict()))
    return 0


def _camera(store: ClipStore, args: argparse.Namespace):
    household = pick_household(store, args.household)
    store.system(household.id, "cli").cameras.get(args.camera)  # NotFound: a clear error
    return household


def run_record(store: ClipStore, args: argparse.Namespace) -> int:
    from clipstore import check_source
    from intake.motion import MotionSettings, Region
    from intake.recorder import Recorder, RecorderSettings

    household = _camera(store, args)
    url = args.url
    if "://" in url:
        check_source(url)
    elif not Path(url).is_file():
        raise UsageError(f"no such file: {url}")
    if args.duration is not None and args.duration <= 0:
        raise UsageError("--duration must be positive")
    if args.pre_roll < 0 or args.post_roll < 0:
        raise UsageError("--pre-roll and --post-roll must not be negative")
    motion = MotionSettings(
        sensitivity=args.sensitivity, min_area=args.min_area, mask=tuple(Region.parse(m) for m in args.mask)
    )
    recorder = Recorder(
        store,
        household.id,
        args.camera,
        url,
        RecorderSettings(pre_roll_s=args.pre_roll, post_roll_s=args.post_roll, motion=motion),
        labeler=_labeler(args),
    )
    stop = stop_on_signals()
    thread = threading.Thread(target=recorder.run, args=(stop,), name=f"record-{args.camera}")
    logger.info("recording camera %s from %s", args.camera, recorder.state.source)
    thread.start()
    started = store.now()
    while thread.is_alive():
        if args.duration is not None and store.now() - started >= args.duration:
            stop.set()
        if stop.wait(0.2):
            break
    thread.join()
    logger.info("stopped: %d clips recorded", recorder.state.clips)
    return 0


def run_watch(store: ClipStore, args: argparse.Namespace) -> int:
    from intake.watcher import FolderWatcher

    household = _camera(store, args)
    if not args.folder.is_dir():
        raise UsageError(f"no such folder: {args.folder}")
    if args.settle <= 0:
        raise UsageError("--settle must be positive")
    watcher = FolderWatcher(store, household.id, args.camera, args.folder, settle_s=args.settle, labeler=_labeler(args))
    stop = stop_on_signals()
    if args.once:
        watcher.run_once(stop)
    else:
        watcher.run(stop)
    logger.info(
        "%d file%s ingested, %d rejected", watcher.ingested, "" if watcher.ingested == 1 else "s", watcher.rejected
    )
    return 0
