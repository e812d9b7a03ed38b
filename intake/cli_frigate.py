"""`frigate`: import a Frigate server's events (once, polling, or live over MQTT) and its recordings."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import threading

from clipstore import ClipStore, Settings, StopSignal, UsageError, pick_household

logger = logging.getLogger(__name__)


def stop_on_signals() -> StopSignal:
    """A stop flag that SIGINT and SIGTERM set, with the long-running commands' logging switched on."""
    stop = StopSignal()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in ("clipstore", "intake"):  # long-running: say what is recorded and imported
        logging.getLogger(name).setLevel(logging.INFO)
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
    return stop


def run_frigate(store: ClipStore, args: argparse.Namespace) -> int:
    from intake.frigate import FrigateImporter, FrigateSettings

    household = pick_household(store, args.household)
    mapping = {}
    for item in args.camera_map:
        name, sep, camera = item.partition("=")
        if not sep or not name or not camera:
            raise UsageError(f"--camera-map takes FRIGATE_NAME=ID, not {item!r}")
        store.system(household.id, "cli").cameras.get(camera)
        mapping[name] = camera
    if not args.url.startswith(("http://", "https://")):
        raise UsageError("the Frigate URL must start with http:// or https://")
    if args.interval is not None and args.interval <= 0:
        raise UsageError("--interval must be positive")
    if args.settle < 0:
        raise UsageError("--settle must not be negative")
    env = Settings.from_env()
    settings = FrigateSettings(
        args.url,
        mapping,
        user=args.user,
        password=env.frigate_password,
        token=env.frigate_token,
        delete_in_frigate=args.delete_in_frigate,
    )
    if args.recording is not None or args.start is not None or args.end is not None:
        return _frigate_recording(store, household, settings, args)
    if args.mqtt:
        return _frigate_live(store, household.id, settings, args, env)
    stop = stop_on_signals()  # SIGTERM ends a run at once, even a request under way (nothing half-stored)
    return _frigate_poll(FrigateImporter(store, household.id, settings, stop=stop), args, stop)


def _frigate_recording(store: ClipStore, household, settings, args: argparse.Namespace) -> int:
    from intake.frigate import FrigateError, FrigateImporter
    from intake.frigate_recordings import import_recording, parse_moment, span_for

    if not (args.recording and args.start and args.end):
        raise UsageError("--recording CAMERA takes --from ISO and --to ISO (all three together)")
    if args.mqtt or args.once:
        raise UsageError("--recording imports one stretch and exits: not with --mqtt or --once")
    importer = FrigateImporter(store, household.id, settings, stop=stop_on_signals())
    span = span_for(
        importer,
        args.recording,
        parse_moment(args.start, household.timezone),
        parse_moment(args.end, household.timezone),
    )
    try:
        clip = import_recording(importer, span, store.system(household.id, "cli"))
    except FrigateError as exc:
        raise UsageError(str(exc)) from None
    print(json.dumps(clip.to_dict()))
    return 0


def _frigate_live(store: ClipStore, household_id: int, settings, args: argparse.Namespace, env: Settings) -> int:
    from intake.frigate import FrigateImporter
    from intake.frigate_mqtt import Broker, FrigateLive, LiveSettings, MqttUrlError

    if args.once:
        raise UsageError("--once and --mqtt do not go together (--once imports what is there now, over HTTP)")
    topic = args.mqtt_topic.strip()
    if not topic or any(c in topic for c in "+#\0") or len(topic) > 200:
        raise UsageError("--mqtt-topic takes a topic without wildcards, e.g. frigate/events")
    try:
        broker = Broker.from_url(args.mqtt, env.frigate_mqtt_password)
    except MqttUrlError as exc:
        raise UsageError(str(exc)) from None
    live = LiveSettings(topic=topic, settle_s=args.settle, sweep_s=args.interval or LiveSettings.sweep_s)
    stop = stop_on_signals()
    FrigateLive(FrigateImporter(store, household_id, settings, stop=stop), broker, live).run()
    return 0


def _frigate_poll(importer, args: argparse.Namespace, stop: StopSignal) -> int:
    from intake.frigate import FrigateError

    interval = args.interval or 30.0
    failing = False
    while True:
        if stop.is_set():
            logger.info("stopped")
            return 0
        try:
            made = importer.run_once()
            if failing:
                logger.info("Frigate is reachable again")
            failing = False
            if made or args.once:
                logger.info("imported %d Frigate events", made)
        except FrigateError as exc:
            if args.once:
                raise UsageError(str(exc)) from None
            if not failing:
                logger.warning("%s; trying again every %.0f s", exc, interval)
            failing = True
        if args.once or stop.wait(interval):
            logger.info("stopped" if stop.is_set() else "done")
            return 0
