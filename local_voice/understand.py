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


def understand(domain: Domain, transcript: str, *, now: datetime, tz: str, heard: bool = False) -> Understanding:
    """Parse; if nothing matches, parse the closest catalogue sentence when it is close enough.

    `heard`: the transcript comes from our recognisers, so a camera or a member the household does not have is a
    mishearing (typed, "show the nursery clip" or "share it with Zed" gets a helpful answer instead).
    """
    result = domain.parser.parse(transcript, now=now, tz=tz)
    camera, member = result.slots.get("camera"), result.slots.get("member")
    if heard and not domain.known(camera, member):
        logger.info("heard %r: no camera %r or member %r here, taken as a mishearing", transcript, camera, member)
        result = ParseResult(transcript, None, {})
    if result.intent is None and transcript.strip():
        fixed = domain.corrector.correct(transcript)
        if fixed is not None:
            second = domain.parser.parse(fixed, now=now, tz=tz)
            if second.intent is not None:
                logger.info("heard %r, understood as %r", transcript, fixed)
                return Understanding(
                    transcript, fixed, ParseResult(transcript, second.intent, second.slots, to=second.to)
                )
    return Understanding(transcript, transcript, result)
