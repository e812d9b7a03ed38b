"""`python -m skill [--host H] [--port P] [--data DIR] [--demo]`: parse, build, run."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from clipstore import ClipStore, default_data_dir

from .server import ServerSettings, serve
from .startup import alexa_notes, port_problem

logger = logging.getLogger("skill")

DESCRIPTION = "Serve Home Clips on this machine: the web page, the clip API, the intent API and the Alexa endpoint."
EXAMPLES = """examples:
  python -m skill --demo --data ./data       try it: the demo household, its token in ./data/demo-token
  python -m skill --data ./mydata --port 8081
  python -m skill --host 0.0.0.0 --data /var/lib/home-clips
                                             every address of the machine (put https in front: docs/deploy.md)

Settings such as PUBLIC_URL, DATABASE_URL, MEDIA_URL and the Alexa ones come from the environment: see the README
(Configuration) and docs/alexa.md."""


def seed_if_empty(data: Path) -> Path | None:
    """Seed the demo household into an empty data directory; returns the token file (None if not seeded)."""
    from clipstore import seed_demo

    token_file = data / "demo-token"
    store = ClipStore(data)
    try:
        if store.all_households():
            logger.info("data directory %s already holds a household; not seeding", data)
            return token_file if token_file.exists() else None
        print(f"Seeding the demo household into {data} ...", flush=True)

        def progress(done: int, total: int) -> None:
            if done == total or done % 10 == 0:
                print(f"  {done}/{total} clips", flush=True)

        _, token = seed_demo(store, progress=progress)
    finally:
        store.close()
    fd = os.open(token_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(token + "\n")
    os.chmod(token_file, 0o600)
    return token_file


def main(argv: list[str] | None = None) -> int:
    """Serve the clip API, the intent API, the Alexa endpoint and the page from one process."""
    ap = argparse.ArgumentParser(
        prog="python -m skill",
        description=DESCRIPTION,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    ap.add_argument("--port", type=int, default=8080, help="port to listen on (default: 8080)")
    ap.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"where clips and settings are kept (default: {default_data_dir()})",
    )
    ap.add_argument(
        "--demo",
        action="store_true",
        help="put the demo household (five cameras, a few days of clips) into an empty data directory",
    )
    ap.add_argument(
        "--server",
        choices=("auto", "gunicorn", "waitress"),
        default="auto",
        help="auto (default): gunicorn on Linux, using every core; waitress: one process",
    )
    ap.add_argument("--workers", type=int, default=0, help="gunicorn worker processes (default: one per core)")
    ap.add_argument(
        "--threads", type=int, default=0, help="threads per process (default: 4 per gunicorn worker, 8 for waitress)"
    )
    ap.add_argument(
        "--upkeep-interval",
        type=float,
        default=60.0,
        metavar="S",
        help="seconds between rounds of upkeep (purging), and between another server's attempts to "
        "take it over when the one doing it stops (default: 60)",
    )
    args = ap.parse_args(argv)
    if not 0 < args.port < 65536:
        ap.error(f"--port {args.port}: use a port from 1 to 65535")
    problem = port_problem(args.host, args.port)
    if problem:
        print(f"python -m skill: {problem}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    data = (args.data or default_data_dir()).expanduser().resolve()
    token_file = seed_if_empty(data) if args.demo else None
    settings = ServerSettings(args.host, args.port, args.server, args.workers, args.threads, args.upkeep_interval)

    from .app import create_app

    said = {"STARTUP_SAID": True}  # the start-up lines below are said here once, not again by every process
    checked = create_app(data, config=said)  # once before any worker starts: migrations, storage checks, settings
    verified = checked.extensions["alexa"].verify_signature
    notes = alexa_notes(checked)
    checked.extensions["clipstore"].close()

    base = f"http://{'localhost' if args.host in ('127.0.0.1', 'localhost') else args.host}:{args.port}"
    print(f"Data directory: {data}", flush=True)
    for note in notes:
        print(note, flush=True)
    if token_file:
        print(
            f'Demo API token: {token_file} (try: curl -H "Authorization: Bearer $(cat {token_file})"'
            f" {base}/api/clips?camera=front_door)",
            flush=True,
        )
    if not verified:
        print(
            "WARNING: ALEXA_VERIFY=0 - Alexa signatures and timestamps are NOT checked (local testing only: never "
            "expose this server to the internet like this!)",
            flush=True,
        )
    if token_file:
        print(f"Web page: {base}/ (sign in with the token in {token_file})", flush=True)
    workers = f"{settings.worker_count()} gunicorn workers" if settings.kind() == "gunicorn" else "waitress"
    print(f"Serving on {base}/ with {workers}  (API description: {base}/api/openapi.json; Ctrl-C to stop)", flush=True)
    serve(lambda: create_app(data, config=said), settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
