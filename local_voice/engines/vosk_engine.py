"""Vosk (Kaldi) with a phrase list generated from the catalogue and the household's cameras.

Grammar mode takes a JSON list of phrases; the decoder may chain phrases, each costing the same. The list
holds sampled catalogue sentences (so whole commands are preferred), every single catalogue word (so
unsampled combinations remain possible) and "[unk]" (so out-of-domain speech comes out as [unk] and is
rejected rather than forced into a command). Grammar mode needs a model with a dynamic graph: the small
models and the `-lgraph` ones.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import numpy as np

from clipstore import Settings as Environment

from ..domain import Domain
from ..sentences import UNK, phrase_list
from .base import EngineUnavailable, Recognizer, Transcript

logger = logging.getLogger(__name__)

RATE = 16000
MODEL_HINT = (
    "download one, e.g. vosk-model-small-en-us-0.15 from https://alphacephei.com/vosk/models, unzip it "
    "and pass --model DIR or set VOSK_MODEL_PATH=DIR (grammar mode needs a small or -lgraph model)"
)


def _cache_dirs() -> list[Path]:
    """Where vosk itself looks for models (without ever downloading)."""
    return [Path("/usr/share/vosk"), Path.home() / "AppData/Local/vosk", Path.home() / ".cache/vosk"]


def is_model(path: Path) -> bool:
    """True for an unpacked Vosk model directory."""
    return path.is_dir() and ((path / "am").is_dir() or (path / "conf").is_dir() or (path / "final.mdl").exists())


def find_model(explicit: str | os.PathLike | None) -> Path:
    """The model to use: `--model`, else VOSK_MODEL_PATH (a model or a folder of models), else vosk's caches.

    Raises EngineUnavailable with one line saying where to put a model and how to get one.
    """
    if explicit is not None:
        path = Path(explicit).expanduser()
        if is_model(path):
            return path
        raise EngineUnavailable(f"no Vosk model in {path}: {MODEL_HINT}")
    candidates: list[Path] = []
    env = Environment.from_env().vosk_model_path
    if env:
        candidates.append(Path(env).expanduser())
    candidates += _cache_dirs()
    for place in candidates:
        if is_model(place):
            return place
        if place.is_dir():
            models = sorted(p for p in place.iterdir() if p.name.startswith("vosk-model") and is_model(p))
            english = [p for p in models if "-en-" in p.name] or models
            if english:
                return english[0]
    where = ", ".join(str(p) for p in candidates)
    raise EngineUnavailable(f"no Vosk model found (looked in {where}): {MODEL_HINT}")


def has_dynamic_graph(path: Path) -> bool:
    """Grammar (phrase list) mode works only on models with a dynamic graph."""
    graph = path / "graph"
    return (graph / "HCLr.fst").exists() or (graph / "Gr.fst").exists() or not (graph / "HCLG.fst").exists()


class VoskRecognizer(Recognizer):
    """Vosk with the catalogue's phrase list; the model is loaded once, recognisers per domain."""

    name = "vosk"

    def __init__(self, model_path: Path) -> None:
        try:
            import vosk
        except ImportError as exc:  # pragma: no cover - pinned requirement
            raise EngineUnavailable(f"vosk is not installed ({exc}); pip install vosk") from None
        vosk.SetLogLevel(-1)
        self._vosk = vosk
        if not has_dynamic_graph(model_path):
            logger.warning(
                "the Vosk model in %s has a static graph: the catalogue phrase list is ignored, "
                "so out-of-domain speech is not rejected (use a small or -lgraph model)",
                model_path,
            )
        try:
            self.model = vosk.Model(str(model_path))
        except Exception as exc:
            raise EngineUnavailable(f"cannot load the Vosk model in {model_path} ({exc}): {MODEL_HINT}") from None
        self.key: tuple | None = None
        self.recognizer = None

    def phrases(self, domain: Domain) -> list[str]:
        """The phrase list for this domain, without words the model does not know."""
        known = {w for w in domain.vocabulary if self.model.find_word(w) >= 0}
        sentences = [s for s in domain.sentences if all(w in known for w in s.split())]
        return phrase_list(sentences, known)

    def set_domain(self, domain: Domain) -> None:
        if domain.key != self.key:
            phrases = self.phrases(domain)
            self.recognizer = self._vosk.KaldiRecognizer(self.model, RATE, json.dumps(phrases))
            self.key = domain.key
            logger.info("Vosk phrase list: %d phrases", len(phrases))

    def transcribe(self, samples: np.ndarray) -> Transcript:
        if self.recognizer is None:
            raise RuntimeError("set_domain() first")
        self.recognizer.AcceptWaveform(samples.astype(np.int16).tobytes())
        text = json.loads(self.recognizer.FinalResult()).get("text", "")  # also resets for the next one
        return Transcript(text if text.strip() != UNK else "", "vosk")
