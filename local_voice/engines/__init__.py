"""Recognisers: PocketSphinx (default, model shipped with the wheel) and Vosk (needs a model)."""
from __future__ import annotations

import logging

from .base import EngineUnavailable, Recognizer, Transcript

logger = logging.getLogger(__name__)


def make_engine(name: str | None, model: str | None = None) -> Recognizer:
    """The named engine; without a name, Vosk when a Vosk model is found, else PocketSphinx."""
    from .vosk_engine import VoskRecognizer, find_model

    if name == "vosk" or (name is None and model is not None):
        return VoskRecognizer(find_model(model))
    if name is None:
        try:
            path = find_model(None)
        except EngineUnavailable:
            path = None
        if path is not None:
            logger.info("using the Vosk model in %s", path)
            return VoskRecognizer(path)
    from .pocketsphinx_engine import PocketSphinxRecognizer

    return PocketSphinxRecognizer()


__all__ = ["EngineUnavailable", "Recognizer", "Transcript", "make_engine"]
