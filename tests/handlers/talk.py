"""Shared by the handler tests: the pinned clock and a text conversation like every front end has."""

from __future__ import annotations

from datetime import datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

from pinned import NOW, TZ

from clipstore import ClipQuery
from intents.dialog import DialogState
from intents.handlers import handle
from intents.parser import Parser


def day_query(days_back: int = 0, camera: str | None = None) -> ClipQuery:
    day = NOW.astimezone(ZoneInfo(TZ)).date() - timedelta(days=days_back)
    start = datetime.combine(day, dtime(), ZoneInfo(TZ))
    return ClipQuery(camera=camera, after=start, before=start + timedelta(days=1))


class Conversation:
    """Text in, reply out, state kept between turns — what every front end does."""

    def __init__(self, service):
        self.service = service
        self.parser = Parser(service.cameras(), members=service.members())
        self.state = DialogState()

    def say(self, text: str):
        parsed = self.parser.parse(text, now=NOW, tz=TZ)
        reply, self.state = handle(
            self.service, parsed.intent, parsed.slots, self.state, now=NOW, ref=parsed.ref, to=parsed.to
        )
        return reply
