#!/usr/bin/env python3
"""The project's own voice evaluation: sentences of bench/voice_sentences.yaml, voices and noise of
bench/voice_material.py, run in one process through the real front end (parse-only, nothing changed).

    .venv/bin/python -m bench.voice_eval --part tune                 # the part used for tuning
    .venv/bin/python -m bench.voice_eval --part heldout              # never tuned on (the first round's voices)
    .venv/bin/python -m bench.voice_eval --part heldout --voices unfamiliar   # the issue's conditions, other voices
    .venv/bin/python -m bench.voice_eval --part tune --conditions clean,"white 15 dB" -v

Per condition: exact match (intent and slots) on commands, for hibari and espeak-ng voices; chatter
(speech not meant for the assistant) taken as any command, and as a command that changes something;
recognition time median and p95. Audio is cached in --cache (default: $TMPDIR/home-clips-voice-eval).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import kernel_load
from bench.voice_material import CONDITIONS, VOICES, Material

ROOT = Path(__file__).resolve().parents[1]

NOW = "2026-11-24T15:00:00"
TZ = "America/New_York"


def labels(texts: list[str]) -> dict[str, tuple[str | None, dict]]:
    """The text parser's reading of each sentence (the reference the voice path must reproduce)."""
    out = subprocess.run(
        [sys.executable, "-m", "intents", "parse", "--now", NOW, "--tz", TZ],
        cwd=ROOT,
        input="\n".join(texts),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    return {t: (r["intent"], r["slots"]) for t, r in zip(texts, rows, strict=True)}


def canon(slots: dict) -> dict:
    return {k: str(v).lower() for k, v in (slots or {}).items()}


def pct(ok: int, n: int) -> str:
    return f"{100 * ok / n:5.1f}% ({ok}/{n})" if n else "-"


def build_assistant(engine: str | None, second_opinion: str = "auto"):
    from local_voice.assistant import Assistant
    from local_voice.build import demo_cameras
    from local_voice.engines import make_engine
    from local_voice.tts import Silent

    now = datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo(TZ))
    cameras = demo_cameras()
    try:
        recognizer = make_engine(engine, second_opinion=second_opinion)
    except TypeError:  # an engine factory without second opinions
        recognizer = make_engine(engine)
    assistant = Assistant(None, lambda: cameras, Silent(), TZ, lambda: now, recognizer)
    assistant.domain()
    return assistant


def describe(assistant) -> str:
    """The recogniser's name, with its second opinion if any."""
    recognizer = assistant.recognizer
    second = getattr(recognizer, "second", None)
    return recognizer.name + (f" + {second.name} second opinion" if second is not None else "")


def evaluate(assistant, items, truth, verbose: bool) -> dict:
    from intents.dialog import CHANGES_SOMETHING
    from local_voice.audio import read_wav

    stats: dict = {"chatter": 0, "chatter_any": 0, "chatter_change": 0, "ms": [], "misses": []}
    for path, text, kind, voice in items:
        samples = read_wav(path)
        start = time.perf_counter()
        outcome = assistant.hear(path.name, samples, start)
        stats["ms"].append(outcome.asr_ms)
        if kind == "command":
            want = truth[text]
            ok = outcome.intent == want[0] and canon(outcome.slots) == canon(want[1])
            family = voice.split(":")[0]
            counts = stats.setdefault(family, [0, 0])
            counts[0] += ok
            counts[1] += 1
            if not ok:
                stats["misses"].append(
                    {
                        "voice": voice,
                        "text": text,
                        "heard": outcome.transcript,
                        "intent": outcome.intent,
                        "slots": outcome.slots,
                    }
                )
            if verbose and not ok:
                print(f"  MISS [{voice}] {text!r} heard {outcome.transcript!r} -> {outcome.intent} {outcome.slots}")
        else:
            stats["chatter"] += 1
            if outcome.intent is not None:
                stats["chatter_any"] += 1
                stats["chatter_change"] += outcome.intent in CHANGES_SOMETHING
                if verbose:
                    print(
                        f"  TAKEN [{voice}] {text!r} heard {outcome.transcript!r} -> {outcome.intent} {outcome.slots}"
                    )
    return stats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=["tune", "heldout"], default="tune")
    ap.add_argument("--conditions", default=None, help="comma-separated names (default: all)")
    ap.add_argument(
        "--voices",
        choices=["tune", "heldout", "unfamiliar"],
        default=None,
        help="voice set (default: the part's own; 'unfamiliar': the issue's conditions, other voices)",
    )
    ap.add_argument("--engine", default="pocketsphinx")
    ap.add_argument(
        "--second-opinion",
        choices=["auto", "whisper", "off"],
        default="auto",
        help="the second recogniser for unsure cases (auto: Whisper when installed)",
    )
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "home-clips-voice-eval")
    ap.add_argument("--json", type=Path, help="also write the figures (and every miss) here")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    material = Material(args.cache)
    wanted = args.conditions.split(",") if args.conditions else [c.name for c in CONDITIONS]
    conditions = [c for c in CONDITIONS if c.name in wanted]
    part = material.sentences[args.part]
    voice_set = args.voices or args.part
    families = list(VOICES[voice_set])
    truth = labels(part["commands"])
    assistant = build_assistant(args.engine, args.second_opinion)
    load = kernel_load()
    print(
        f"part {args.part}, voices {voice_set}: {len(part['commands'])} commands, {len(part['chatter'])} chatter "
        f"sentences, each by one voice of every family ({', '.join(families)}); engine "
        f"{describe(assistant)}; load average {load}"
    )
    names = {"other": "flite/festival"}
    print(
        f"{'condition':14} "
        + " ".join(f"{names.get(f, f) + ' exact':>19}" for f in families)
        + f" {'all exact':>16} {'chatter taken':>16} {'as change':>8} {'asr med':>7} {'p95':>5}"
    )
    results = {}
    for cond in conditions:
        items = material.items(args.part, cond, voice_set)
        if args.verbose:
            print(f"[{cond.name}]")
        s = evaluate(assistant, items, truth, args.verbose)
        ms = sorted(s["ms"])
        med, p95 = statistics.median(ms), ms[int(0.95 * (len(ms) - 1))]
        all_ok, all_n = sum(s[f][0] for f in families), sum(s[f][1] for f in families)
        print(
            f"{cond.name:14} "
            + " ".join(f"{pct(*s[f]):>19}" for f in families)
            + f" {pct(all_ok, all_n):>16} {pct(s['chatter_any'], s['chatter']):>16} {s['chatter_change']:>8} "
            f"{med:6.0f}ms {p95:4.0f}ms",
            flush=True,
        )
        results[cond.name] = {
            **{f: s[f] for f in families},
            "chatter": s["chatter"],
            "chatter_taken": s["chatter_any"],
            "chatter_change": s["chatter_change"],
            "asr_median_ms": round(med),
            "asr_p95_ms": round(p95),
            "misses": s["misses"],
        }
    if args.json:
        args.json.write_text(
            json.dumps({"part": args.part, "voices": voice_set, "load": load, "results": results}, indent=1)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
