#!/usr/bin/env python3
"""Issue 17's measures on bench/conversation_sentences.yaml: new phrasings, clock times and camera state (text and
voice, exact), references after a list (text and voice), refusals and acceptances after "Delete N clips?" (voice,
many voices: changes caused by refusals, yeses accepted at the first try), speech not meant for us (taken as any
command / as a change / only asked about), recognition latency.

    .venv/bin/python -m bench.conversation_eval --part tune                       # what may be looked at
    .venv/bin/python -m bench.conversation_eval --part heldout --voices unfamiliar  # the reported figures
    .venv/bin/python -m bench.conversation_eval --part heldout --text-only
    .venv/bin/python -m bench.conversation_eval --part heldout2 --text-only   # round 2 (phrasings, times, chatter)

Voices come from bench/voice_material.py (hibari shifted, Flite and Festival, espeak-ng variants), each sentence
said by one voice of every family (rotating); conditions clean, white noise 20 and 10 dB.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from bench.common import kernel_load
from bench.voice_material import CONDITIONS, VOICES, Material

ROOT = Path(__file__).resolve().parents[1]

SPEECH_CONDITIONS = ("clean", "white 20 dB", "white 10 dB")
WORDS = {"vehicle": "car", "person": "person", "animal": "dog", "package": "package"}


def canon(slots: dict) -> dict:
    return {k: str(v).lower() for k, v in (slots or {}).items()}


def pct(ok: int, n: int) -> str:
    return f"{100 * ok / n:5.1f}% ({ok}/{n})" if n else "-"


class Bench:
    """A demo store copy, the clip service, the parser, and (unless text-only) the recogniser."""

    def __init__(self, spec: dict, text_only: bool) -> None:
        from clipstore import ClipStore
        from clipstore.demo import seed_demo
        from intents.store_service import StoreClipService
        from local_voice.assistant import Assistant
        from local_voice.tts import Silent

        self.tz = spec["tz"]
        self.now = datetime.fromisoformat(spec["now"]).replace(tzinfo=ZoneInfo(self.tz))
        self.dir = Path(tempfile.mkdtemp(prefix="conv-eval-"))
        self.store = ClipStore(self.dir)
        seed_demo(self.store, now=self.now, tz=self.tz)
        self.household = self.store.households.all()[0]
        self.service = StoreClipService.open(self.store, self.household.id, channel="voice")
        recognizer = None
        if not text_only:
            from local_voice.engines import make_engine

            recognizer = make_engine("pocketsphinx")
        cameras = self.store.cameras.all(self.household.id)
        self.assistant = Assistant(self.service, lambda: cameras, Silent(), self.tz, lambda: self.now, recognizer)
        self.parse_only = Assistant(None, lambda: cameras, Silent(), self.tz, lambda: self.now, recognizer)
        self.assistant.domain()

    def close(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def count(self) -> int:
        from clipstore import ClipQuery

        return self.store.clips.count(self.household.id, ClipQuery())


def nlu_text(bench: Bench, part: dict) -> dict:
    """Exact match of phrasings and times (the parse command's reading), chatter taken/asked."""
    from intents.dialog import CHANGES_SOMETHING
    from intents.parser import parser_for

    parser = parser_for(tuple(bench.store.cameras.all(bench.household.id)))
    out: dict = {"misses": []}
    for section in ("phrasings", "times"):
        ok = 0
        for case in part[section]:
            got = parser.parse(case["text"], now=bench.now, tz=bench.tz).to_dict()
            good = got["intent"] == case["intent"] and canon(got["slots"]) == canon(case.get("slots"))
            ok += good
            if not good:
                out["misses"].append((case["text"], got["intent"], got["slots"]))
        out[section] = (ok, len(part[section]))
    taken = asked = change = 0
    for text in part["chatter"]:
        result = parser.parse(text, now=bench.now, tz=bench.tz)
        taken += result.to_dict()["intent"] is not None
        change += result.to_dict()["intent"] in CHANGES_SOMETHING
        asked += result.intent is not None and not result.sure
    out["chatter"] = (taken, change, asked, len(part["chatter"]))
    return out


def _expected(listed: list, phrase: str, tz: str) -> tuple[str, int | None, str | None]:
    """(phrase with {time}/{label} filled, index into the list read, label) for one reference phrase."""
    words = phrase.split()
    if "{time}" in phrase:
        moment = datetime.fromtimestamp(listed[1][1] * 60, ZoneInfo("UTC")).astimezone(ZoneInfo(tz))
        return phrase.replace("{time}", f"{moment.hour % 12 or 12} {moment.minute:02d}"), 1, None
    if "{label}" in phrase:
        from clipstore.models import mask_to_labels

        index = next(i for i, e in enumerate(listed) if e[2])
        label = mask_to_labels(listed[index][2])[0]
        return phrase.replace("{label}", f"the {WORDS[label]}"), index, label
    order = {"first": 0, "second": 1, "third": 2, "last": -1, "latest": 0, "newest": 0, "earliest": -1, "oldest": -1}
    for word in words:
        if word in order:
            return phrase, order[word], None
    return phrase, None, None  # "that one": the clip in focus


def references(bench: Bench, phrases: list[str], say) -> tuple[int, int, list]:
    """Each phrase after "what happened at the front door today" (and, for "that one", after showing the second):
    right when the clip shown, or the clip a question names, is the one meant."""
    from intents.dialog import DialogState

    ok, misses = 0, []
    for phrase in phrases:
        state = DialogState()
        _, state = bench.assistant.read_in(state, "text", "what happened at the front door today", speak=False)
        listed = list(state.listed)
        text, index, _ = _expected(listed, phrase, bench.tz)
        if index is None:
            _, state = bench.assistant.read_in(state, "text", "show me the second one", speak=False)
            want = listed[1][0]
        else:
            want = listed[index][0]
        outcome, state = say(state, text)
        got = (outcome.display or {}).get("clip_id")
        if got is None and state.pending is not None:
            got = (state.pending.query.get("ids") or [None])[0]
        ok += got == want
        if got != want:
            misses.append((text, outcome.transcript, outcome.speech))
        state.pending = None
    return ok, len(phrases), misses


def replies(bench: Bench, material: Material, texts: list[str], voices: dict, cond, *, refusal: bool) -> dict:
    """After "delete today's recordings": each reply by every voice. Refusals: changes made (must be 0).
    Acceptances: accepted at the first try (and the clips then restored)."""
    from intents.dialog import DialogState
    from local_voice.audio import read_wav

    stats = {"n": 0, "changed": 0, "accepted": 0, "asked_again": 0, "ms": [], "misses": []}
    for i, text in enumerate(texts):
        for engine, options in voices.items():
            for voice in options:
                before = bench.count()
                state = DialogState()
                _, state = bench.assistant.read_in(state, "text", "delete today's recordings", speak=False)
                wav = material.render(text, engine, voice, cond, seed=100 + i)
                outcome, state = bench.assistant.hear_in(state, wav.name, read_wav(wav), speak=False)
                stats["ms"].append(outcome.asr_ms)
                stats["n"] += 1
                after = bench.count()
                again = outcome.speech is not None and outcome.speech.startswith("Sorry, was that")
                stats["asked_again"] += again
                if refusal:
                    if after != before:
                        stats["changed"] += 1
                        stats["misses"].append((engine, voice, text, outcome.transcript))
                else:
                    accepted = after < before
                    stats["accepted"] += accepted
                    if not accepted:
                        stats["misses"].append((engine, voice, text, outcome.transcript))
                if after != before:
                    bench.assistant.read_in(DialogState(), "text", "undo", speak=False)
    return stats


def nlu_voice(bench: Bench, material: Material, part: dict, voices: dict, cond) -> dict:
    """Phrasings and times by voice (parse-only: the intent and slots exact), chatter by voice."""
    from intents.dialog import CHANGES_SOMETHING
    from local_voice.audio import read_wav

    stats = {"ok": 0, "n": 0, "taken": 0, "change": 0, "chatter": 0, "ms": [], "misses": []}
    cases = part["phrasings"] + part["times"]
    families = list(voices.items())
    for i, case in enumerate(cases + [{"text": t, "chatter": True} for t in part["chatter"]]):
        for engine, options in families:
            voice = options[i % len(options)]
            wav = material.render(case["text"], engine, voice, cond, seed=200 + i)
            outcome = bench.parse_only.hear(wav.name, read_wav(wav))
            stats["ms"].append(outcome.asr_ms)
            if case.get("chatter"):
                stats["chatter"] += 1
                stats["taken"] += outcome.intent is not None
                stats["change"] += outcome.intent in CHANGES_SOMETHING
                continue
            good = outcome.intent == case["intent"] and canon(outcome.slots) == canon(case.get("slots"))
            stats["ok"] += good
            stats["n"] += 1
            if not good:
                stats["misses"].append((engine, voice, case["text"], outcome.transcript, outcome.intent))
    return stats


def text_figures(bench: Bench, part: dict, verbose: bool) -> None:
    """Print the text measures of a part (references only where the part has them)."""
    text = nlu_text(bench, part)
    taken, change, asked, n = text["chatter"]
    print(
        f"text: phrasings exact {pct(*text['phrasings'])}; clock times and camera state {pct(*text['times'])};"
        f" chatter taken {pct(taken, n)}, as a change {change}, only asked about {asked}"
    )
    for miss in text["misses"] if verbose else []:
        print("  MISS", *miss)
    if part.get("references"):
        ok, total, misses = references(
            bench, part["references"], lambda state, t: bench.assistant.read_in(state, "text", t, speak=False)
        )
        print(f"text: references after a list {pct(ok, total)}")
        for miss in misses if verbose else []:
            print("  MISS", *miss)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=["tune", "heldout", "heldout2"], default="tune")
    ap.add_argument("--voices", choices=["tune", "heldout", "unfamiliar"], default=None)
    ap.add_argument("--conditions", default=",".join(SPEECH_CONDITIONS))
    ap.add_argument("--text-only", action="store_true")
    ap.add_argument("--skip", default="", help="comma-separated: nlu,references,replies")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "home-clips-voice-eval")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    spec = yaml.safe_load((ROOT / "bench" / "conversation_sentences.yaml").read_text())
    part = spec[args.part]
    skip = set(filter(None, args.skip.split(",")))
    print(f"part {args.part}; load average {kernel_load()}")
    bench = Bench(spec, args.text_only)
    try:
        text_figures(bench, part, args.verbose)
        if args.text_only:
            return 0
        material = Material(args.cache)
        voice_set = VOICES[args.voices or args.part.rstrip("2")]
        for cond in [c for c in CONDITIONS if c.name in args.conditions.split(",")]:
            start = time.perf_counter()
            if "nlu" not in skip:
                s = nlu_voice(bench, material, part, voice_set, cond)
                print(
                    f"[{cond.name}] voice: phrasings+times exact {pct(s['ok'], s['n'])}; chatter taken "
                    f"{pct(s['taken'], s['chatter'])}, as a change {s['change']}; asr median "
                    f"{statistics.median(s['ms']):.0f} ms",
                    flush=True,
                )
                for miss in s["misses"] if args.verbose else []:
                    print("  MISS", *miss)
            if "references" not in skip and part.get("references"):
                from local_voice.audio import read_wav

                engine, voice = "hibari", voice_set["hibari"][0]

                def said(state, t, engine=engine, voice=voice, cond=cond):
                    wav = material.render(t, engine, voice, cond, seed=300)
                    return bench.assistant.hear_in(state, wav.name, read_wav(wav), speak=False)

                ok, total, misses = references(bench, part["references"], said)
                print(f"[{cond.name}] voice ({engine}): references after a list {pct(ok, total)}", flush=True)
                for miss in misses if args.verbose else []:
                    print("  MISS", *miss)
            if "replies" not in skip and part.get("refusals"):
                no = replies(bench, material, part["refusals"], voice_set, cond, refusal=True)
                yes = replies(bench, material, part["acceptances"], voice_set, cond, refusal=False)
                print(
                    f"[{cond.name}] voice: refusals {no['n']}, changes made {no['changed']}; acceptances accepted at "
                    f"the first try {pct(yes['accepted'], yes['n'])} (asked again {yes['asked_again']}); reply asr "
                    f"median {statistics.median(no['ms'] + yes['ms']):.0f} ms",
                    flush=True,
                )
                for miss in (no["misses"] + yes["misses"]) if args.verbose else []:
                    print("  MISS", *miss)
            print(f"  ({time.perf_counter() - start:.0f} s; load {kernel_load()})")
    finally:
        bench.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
