"""Transcript → intent and slots: the shared parser, then closest-sentence correction as a rescue."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from intents.parser import ParseResult

from .domain import Domain

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Understanding:
    """What was heard, what was parsed (the transcript or its correction) and the parse."""

    transcript: str
    text: str
    result: ParseResult

    @property
    def corrected(self) -> bool:
        """True when the closest catalogue sentence stood in for the transcript."""
        return self.text != self.transcript


def understand(domain: Domain, transcript: str, *, now: datetime, tz: str) -> Understanding:
    """Parse; if nothing matches, parse the closest catalogue sentence when it is close enough."""
    result = domain.parser.parse(transcript, now=now, tz=tz)
    if result.intent is None and transcript.strip():
        fixed = domain.corrector.correct(transcript)
        if fixed is not None:
            second = domain.parser.parse(fixed, now=now, tz=tz)
            if second.intent is not None:
                logger.info("heard %r, understood as %r", transcript, fixed)
                return Understanding(transcript, fixed, ParseResult(transcript, second.intent, second.slots))
    return Understanding(transcript, transcript, result)
