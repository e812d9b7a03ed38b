"""Under load: 50 concurrent clients against `python -m skill` on 127.0.0.1, on SQLite and on PostgreSQL.

`wrk` (one thread, 50 connections, `--duration` seconds per case and round, 5 s request timeout) drives
each server variant over a synthetic store of the same size, for two requests:

- the clip list: `GET /api/clips?camera=front_door` (a page of 50 with signed links; audited);
- `POST /api/intent` with "how many clips from the front door today".

Variants, all in one run:

- `python -m skill` as shipped (gunicorn, one worker per core) over SQLite;
- the same over PostgreSQL (a throw-away cluster this script starts, media in local files);
- `python -m skill --server waitress` (one process) over SQLite, for comparison.

The servers run side by side (idle ones cost nothing) and the cases are loaded in rotating rounds,
so that a change in the machine's load hits every variant alike; the table shows medians over rounds.

Reports requests per second, p50/p99 latency, errors (non-2xx, socket errors) and the server's CPU use
(cores busy, from /proc; CPU ms per request is the figure least disturbed by other load on the machine).
Needs `wrk` (`apt-get install -y wrk`) and, for the PostgreSQL variant, Debian's `postgresql`.

    .venv/bin/python -m bench.load_bench            # 1M clips, 3 rounds of 10 s per case
    .venv/bin/python -m bench.load_bench --quick    # 10k clips, 1 round of 4 s per case
    .venv/bin/python -m bench.load_bench --only SQLite --baseline ../old-checkout   # before/after a change
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from testkit.pgcluster import PostgresCluster

from .common import ROOT, fmt, header, load_average, table, wait_until_quiet
from .seed import Seeded, seed

INTENT_BODY = '{"text": "how many clips from the front door today"}'
LIST_PATH = "/api/clips?camera=front_door"
TARGET_LIST_RPS = 1000
TARGET_INTENT_RPS = 700


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Variant:
    """One server to load: its command line (from the repository root), extra environment, seeded store."""

    argv: list[str]
    env: dict[str, str]
    store: Seeded
    cwd: Path = ROOT


def variants(stores: dict[str, Seeded], baseline: Path | None = None) -> dict[str, Variant]:
    """Server variants by name (the port is appended when started)."""
    py, sqlite, pg = sys.executable, stores["sqlite"], stores.get("postgres")
    found = {"python -m skill (gunicorn), SQLite": Variant([py, "-m", "skill", "--data", str(sqlite.data)], {}, sqlite)}
    if pg is not None:
        found["python -m skill (gunicorn), PostgreSQL"] = Variant(
            [py, "-m", "skill", "--data", str(pg.data)], {"DATABASE_URL": pg.database_url}, pg
        )
    found["python -m skill --server waitress, SQLite"] = Variant(
        [py, "-m", "skill", "--server", "waitress", "--data", str(sqlite.data)], {}, sqlite
    )
    if baseline:
        found[f"code of {baseline}, SQLite"] = Variant(
            [py, "-m", "skill", "--data", str(sqlite.data)], {}, sqlite, baseline
        )
    return found


def wait_ready(port: int, token: str, proc: subprocess.Popen, timeout_s: float = 120) -> None:
    """Poll the clip list until it answers 200."""
    deadline = time.monotonic() + timeout_s
    req = urllib.request.Request(f"http://127.0.0.1:{port}{LIST_PATH}", headers={"Authorization": f"Bearer {token}"})
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(req, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("server did not become ready")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children (gunicorn workers)."""
    pids = [pid] + [
        int(p)
        for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, check=False, text=True).stdout.split()
    ]
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def run_wrk(url: str, script: Path, seconds: float) -> dict[str, float]:
    """One wrk run; requests/s, p50/p99 ms, error counts."""
    out = subprocess.run(
        ["wrk", "-t1", "-c50", f"-d{seconds:g}s", "--timeout", "5s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout

    def latency(pct: str) -> float:
        value, unit = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": float(re.search(r"(\d+) requests in", out).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": (int(non2xx.group(1)) if non2xx else 0)
        + (sum(map(int, socket_errors.groups())) if socket_errors else 0),
    }


def lua(token: str, post_body: str | None) -> str:
    """A wrk script that sends the token (and a JSON POST body)."""
    lines = [f'wrk.headers["Authorization"] = "Bearer {token}"']
    if post_body is not None:
        lines += [
            'wrk.method = "POST"',
            'wrk.headers["Content-Type"] = "application/json"',
            f"wrk.body = '{post_body}'",
        ]
    return "\n".join(lines) + "\n"


def start_servers(chosen: dict[str, Variant], workdir: Path) -> dict[str, tuple[subprocess.Popen, int, str]]:
    """Start every variant at once, each on its own port (an idle server costs nothing); wait until ready."""
    servers = {}
    for name, variant in chosen.items():
        port = free_port()
        with open(workdir / f"server-{len(servers)}.log", "w") as log:  # the server keeps its own copy of the file
            proc = subprocess.Popen(
                [*variant.argv, "--port", str(port)],
                cwd=variant.cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **variant.env},
            )
        servers[name] = (proc, port, variant.store.token)
    for proc, port, token in servers.values():
        wait_ready(port, token, proc)
    return servers


def stop(servers: dict[str, tuple[subprocess.Popen, int, str]]) -> None:
    """Terminate the servers this script started."""
    for proc, _, _ in servers.values():
        proc.terminate()
    for proc, _, _ in servers.values():
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def load_rounds(
    servers: dict[str, tuple[subprocess.Popen, int, str]], rounds: int, seconds: float, workdir: Path
) -> dict[tuple[str, str], list[dict]]:
    """Rotate through every (server, request) case `rounds` times, so that changing load hits all alike."""
    cases = [("GET /api/clips?camera=front_door", LIST_PATH, None), ("POST /api/intent", "/api/intent", INTENT_BODY)]
    results: dict[tuple[str, str], list[dict]] = {}
    for n in range(rounds):
        for name, (proc, port, token) in servers.items():
            for endpoint, path, body in cases:
                script = workdir / "request.lua"
                script.write_text(lua(token, body))
                url = f"http://127.0.0.1:{port}{path}"
                if n == 0:
                    run_wrk(url, script, min(3.0, seconds))  # warm-up
                cpu, wall = cpu_seconds(proc.pid), time.monotonic()
                result = run_wrk(url, script, seconds)
                result["cores"] = (cpu_seconds(proc.pid) - cpu) / (time.monotonic() - wall)
                results.setdefault((name, endpoint), []).append(result)
                print(
                    f"round {n + 1}: {name}, {endpoint}: {result['rps']:,.0f} req/s, p99 {result['p99']:.1f} ms,"
                    f" {result['errors']:.0f} errors, load {load_average()}",
                    flush=True,
                )
    return results


def main() -> None:
    """Seed, start every variant, load them in rotating rounds; print one table of medians over rounds."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="10k clips, one round of 4 s per case")
    ap.add_argument("--clips", type=int, help="store size (default 1000000, quick 10000)")
    ap.add_argument("--duration", type=float, help="seconds of load per case and round (default 10, quick 4)")
    ap.add_argument("--rounds", type=int, help="rounds over all cases (default 3, quick 1)")
    ap.add_argument("--data", type=Path, default=Path("/tmp/home-clips-bench/load"))
    ap.add_argument("--only", help="run only variants whose name contains this text")
    ap.add_argument("--no-postgres", action="store_true", help="leave out the PostgreSQL variant")
    ap.add_argument("--baseline", type=Path, help="also serve the code of this other checkout (before/after a change)")
    ap.add_argument("--wait", type=float, default=0, help="wait up to this many seconds for a quiet machine")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("load_bench needs wrk: apt-get install -y wrk")
    clips = args.clips or (10_000 if args.quick else 1_000_000)
    seconds = args.duration or (4.0 if args.quick else 10.0)
    rounds = args.rounds or (1 if args.quick else 3)
    if args.wait:
        wait_until_quiet(args.wait)
    header("Under load (wrk: 1 thread, 50 connections)")
    cluster = None if args.no_postgres else PostgresCluster("-c shared_buffers=512MB")
    stores = {"sqlite": seed(args.data / "sqlite", clips)}
    try:
        if cluster is not None:
            cluster.start()
            stores["postgres"] = seed(args.data / "postgres", clips, database_url=cluster.create_database("bench"))
        for kind, done in stores.items():
            print(f"seeded {clips:,} clips into {kind} in {done.seconds:.1f} s", flush=True)
        chosen = {k: v for k, v in variants(stores, args.baseline).items() if not args.only or args.only in k}
        with tempfile.TemporaryDirectory(prefix="load-bench-") as tmp:
            servers = start_servers(chosen, Path(tmp))
            try:
                results = load_rounds(servers, rounds, seconds, Path(tmp))
            finally:
                stop(servers)
    finally:
        if cluster is not None:
            cluster.stop()
    rows = []
    for (name, endpoint), runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in ("rps", "p50", "p99", "cores")}
        low, high = min(r["rps"] for r in runs), max(r["rps"] for r in runs)
        rows.append(
            [
                name,
                endpoint,
                f"{med['rps']:,.0f}",
                f"{low:,.0f}-{high:,.0f}",
                fmt(med["p50"]),
                fmt(med["p99"]),
                fmt(max(r["p99"] for r in runs)),
                f"{sum(r['requests'] for r in runs):,.0f}",
                f"{sum(r['errors'] for r in runs):.0f}",
                fmt(med["cores"]),
                fmt(statistics.median(r["cores"] * 1000 / r["rps"] for r in runs)),
            ]
        )
    print()
    print(
        table(
            [
                "server",
                "request",
                "req/s",
                "req/s by round",
                "p50 ms",
                "p99 ms",
                "worst p99 ms",
                "requests",
                "errors",
                "server CPU (cores)",
                "server CPU ms/request",
            ],
            rows,
        )
    )
    print(
        f"\nmedians over {rounds} round(s) of {seconds:g} s per case, {clips:,} clips; targets: {TARGET_LIST_RPS}+ "
        f"req/s for the clip list and {TARGET_INTENT_RPS}+ for the intent API on SQLite, zero errors\n"
        f"load average (1/5/15 min) at end: {load_average()}"
    )
    shutil.rmtree(args.data, ignore_errors=True)


if __name__ == "__main__":
    main()
