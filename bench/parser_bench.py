"""Intent parser: in-process time per utterance, and start-up time of `python -m intents parse`.

Utterance sets, each parsed `--rounds` times (every parse timed on its own):

- the evaluation's development set, read at run time from `$HOME_CLIPS_EVAL/dev_utterances.yaml` (the set is
  not part of this repository, and never copied here);
- NOVEL: our own utterances that are not in the development set: other phrasings, fillers, unknown
  cameras, holidays, and requests for things the assistant does not do (the slowest path: all three
  recognisers run before giving up).

Start-up: wall time of fresh processes, against two baselines in the same run (the bare interpreter,
and importing the parser module).

    .venv/bin/python -m bench.parser_bench            # 200 rounds, 20 start-ups
    .venv/bin/python -m bench.parser_bench --quick    # 30 rounds, 5 start-ups (seconds)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from clipstore.demo import DEMO_CAMERAS
from clipstore.models import Camera
from intents.parser import Parser

from .common import ROOT, fmt, header, load_average, percentile, summary_ms, table, time_calls

DEV_SET = Path(os.environ.get("HOME_CLIPS_EVAL") or "/nonexistent") / "dev_utterances.yaml"
TARGET_P99_MS = 5.0

NOVEL: tuple[str, ...] = (
    "show me what the doorbell caught this morning",
    "how many packages were delivered this week",
    "list the garage clips from november 20th",
    "delete everything from the patio from last weekend",
    "um can you show me the uh latest driveway video",
    "who looked at the front porch recordings yesterday",
    "pause the lounge camera",
    "keep my videos for ninety days",
    "what did the nursery camera see today",
    "play the oldest clip from saturday",
    "how many people came to the entrance three days ago",
    "show clips of the dog in the garden this afternoon",
    "share the newest driveway recording with support",
    "restore what i deleted",
    "withdraw all the shares",
    "turn off recording in the garage",
    "show me the previous one",
    "delete that",
    "how many cars in the driveway last month",
    "list everything from the backyard in november",
    "who watched the garage clips this week",
    "how long are clips kept",
    "no thanks",
    "show me the last clip from the front door with a person in it while i was at the shops",
    "did anyone come to the porch on christmas day",
    "show the kitchen camera from yesterday evening",
    "were there any animals in the back yard last night",
    "count the deliveries at the door today",
    "what's on tv tonight",
    "set an alarm for seven am",
    "play some music in the living room",
    "turn on the living room lights",
    "what happened",
    "erase the clips from the driveway on monday",
    "keep recordings for two weeks",
    "resume the doorbell camera",
)


def load_dev(path: Path) -> tuple[list[str], datetime, str]:
    """The development set's texts and its reference clock."""
    doc = yaml.safe_load(path.read_text())
    tz = doc.get("tz", "UTC")
    now = datetime.fromisoformat(str(doc["now"]))
    now = now if now.tzinfo else now.replace(tzinfo=ZoneInfo(tz))
    return [str(case["text"]) for case in doc["cases"]], now, tz


def per_utterance(parser: Parser, texts: list[str], rounds: int, now: datetime, tz: str) -> dict[str, list[float]]:
    """Every parse of every text, timed one by one, in `rounds` passes over the set."""
    for text in texts:  # warm-up: hassil caches, first-call costs
        parser.parse(text, now=now, tz=tz)
    samples: dict[str, list[float]] = {text: [] for text in texts}
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            parser.parse(text, now=now, tz=tz)
            samples[text].append(time.perf_counter() - start)
    return samples


def startup(argv: list[str], runs: int) -> list[float]:
    """Wall time of `runs` fresh processes running `argv` from the repository root."""

    def once() -> None:
        subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)

    return time_calls(once, runs, warmup=1)


def main() -> None:
    """Time the parser on both sets, then the start-up of the command; print tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer rounds and start-ups (seconds)")
    ap.add_argument("--rounds", type=int, help="passes over each set (default 200, quick 30)")
    ap.add_argument("--startups", type=int, help="fresh processes per variant (default 20, quick 5)")
    ap.add_argument("--dev", type=Path, default=DEV_SET, help=f"development set (default {DEV_SET})")
    args = ap.parse_args()
    rounds = args.rounds or (30 if args.quick else 200)
    startups = args.startups or (5 if args.quick else 20)
    header("Intent parser")

    texts, now, tz = load_dev(args.dev)
    built = time.perf_counter()
    parser = Parser([Camera(slug, name, syns) for slug, name, syns in DEMO_CAMERAS])
    built = time.perf_counter() - built
    rows, slowest = [], []
    for name, utterances in ((f"development set ({len(texts)})", texts), (f"novel ({len(NOVEL)})", list(NOVEL))):
        samples = per_utterance(parser, utterances, rounds, now, tz)
        flat = summary_ms([s for values in samples.values() for s in values])
        unmatched = sum(parser.parse(t, now=now, tz=tz).intent is None for t in utterances)
        worst = max(samples, key=lambda t: statistics.median(samples[t]))
        slowest.append((name, worst, statistics.median(samples[worst]) * 1000))
        rows.append(
            [
                name,
                flat["n"],
                fmt(flat["p50"]),
                fmt(flat["p99"]),
                fmt(flat["max"]),
                unmatched,
                "met" if flat["p99"] < TARGET_P99_MS else "MISSED",
            ]
        )
    print(
        table(["utterances", "parses", "p50 ms", "p99 ms", "max ms", "no intent", f"p99 < {TARGET_P99_MS:g} ms"], rows)
    )
    for name, text, ms in slowest:
        print(f"slowest in {name}: {text!r} (median {ms:.2f} ms)")
    print(f"building the parser for five cameras (once per camera set, cached): {built * 1000:.0f} ms\n")

    python = sys.executable
    variants = [
        ("python -c pass (interpreter only)", [python, "-c", "pass"]),
        ("python -c 'import intents.parser'", [python, "-c", "import intents.parser"]),
        (
            "python -m intents parse TEXT",
            [
                python,
                "-m",
                "intents",
                "parse",
                "--now",
                now.isoformat(),
                "--tz",
                tz,
                "show me the driveway camera from last night",
            ],
        ),
    ]
    rows = []
    for name, argv in variants:
        ms = [s * 1000 for s in startup(argv, startups)]
        rows.append([name, len(ms), fmt(percentile(ms, 50), 0), fmt(percentile(ms, 90), 0), fmt(max(ms), 0)])
    print(table(["start-up (fresh process)", "runs", "p50 ms", "p90 ms", "max ms"], rows))
    print(f"\nload average (1/5/15 min) at end: {load_average()}")


if __name__ == "__main__":
    main()
