#!/usr/bin/env python3
"""Wake words: false wakes per hour on ~10 min of speech that is not the wake word (clean and 20 dB), and misses
on the wake phrase spoken by 18 synthetic voices, for the microWakeWord models of pymicro-wakeword.

    .venv/bin/python -m bench.voice_wake [--cache DIR]
"""

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.voice_material import VOICES, Material
from local_voice.audio import RATE
from local_voice.wakeword import make_wake_word

if "--cache" in sys.argv:
    CACHE = Path(sys.argv[sys.argv.index("--cache") + 1])
else:
    CACHE = Path(tempfile.gettempdir()) / "home-clips-voice-eval"
m = Material(CACHE)
pool = [
    *m.sentences["tune"]["chatter"],
    *m.sentences["heldout"]["chatter"],
    *m.sentences["tune"]["commands"],
    *m.sentences["heldout"]["commands"],
]
# a long stream of non-wake speech: every sentence by two hibari and two espeak voices, 0.5 s gaps
parts = []
for i, t in enumerate(pool):
    for eng, vs in (("hibari", VOICES["tune"]["hibari"][:2]), ("espeak", VOICES["tune"]["espeak"][:2])):
        v = vs[i % 2]
        parts += [m.speak(t, eng, v), np.zeros(RATE // 2)]
stream = np.concatenate(parts)
rng = np.random.default_rng(5)
noisy = stream + rng.normal(0, np.sqrt(np.mean(stream**2) / 100), len(stream))
hours = len(stream) / RATE / 3600
for model, phrase in (("okay_nabu", "okay nabu"), ("hey_jarvis", "hey jarvis"), ("hey_mycroft", "hey mycroft")):
    det = make_wake_word(model)
    for name, audio in (("clean", stream), ("20 dB", noisy)):
        det.reset()
        fa = 0
        t0 = time.perf_counter()
        x = np.clip(audio, -32768, 32767).astype(np.int16)
        for s in range(0, len(x), 1600):
            fa += det.feed(x[s : s + 1600])
        el = time.perf_counter() - t0
        print(
            f"{model} {name}: {fa} false wakes in {hours * 60:.1f} min of speech = {fa / hours:.1f}/h; "
            f"{el / (len(x) / RATE) * 100:.1f}% of real time"
        )
    hits = n = 0
    for eng, vs in (
        ("hibari", VOICES["tune"]["hibari"] + VOICES["heldout"]["hibari"]),
        ("espeak", VOICES["tune"]["espeak"] + VOICES["heldout"]["espeak"]),
    ):
        for v in vs:
            a = np.concatenate([np.zeros(RATE // 2), m.speak(phrase, eng, v), np.zeros(RATE)])
            det.reset()
            n += 1
            x = np.clip(a, -32768, 32767).astype(np.int16)
            hits += any(det.feed(x[s : s + 1600]) for s in range(0, len(x), 1600))
    print(f"{model}: detected {hits}/{n} spoken wake words (hibari and espeak voices) -> misses {n - hits}")
