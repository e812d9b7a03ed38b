"""What every handler shares: the turn context, the reply, and slots → clip query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from clipstore import LABELS, Camera, Clip, ClipQuery, Household, NotFound

from ..clock import TIME_SLOTS, TimeProblem, time_span
from ..dates import time_range
from ..dialog import DialogState
from ..references import Reference
from ..service import ClipService
from ..speech import join_words

WHICH = ("latest", "first", "next", "previous", "this")
FILTER_SLOTS = ("camera", "date", "period", *TIME_SLOTS, "label")
"""The slots that narrow down clips."""


@dataclass
class Reply:
    """A handler's answer: what to say, what to show, whether a reply is expected.

    A reply that asks (a question, or "say ..." inviting the next words) sets `expect_reply`; `reprompt` is what
    a voice front end says if nobody answers (default: the speech again).
    """

    speech: str
    display: dict | None = None
    expect_reply: bool = False
    end_session: bool = False
    reprompt: str | None = None


def ask(speech: str, reprompt: str | None = None, **kwargs) -> Reply:
    """A reply that waits for the answer."""
    return Reply(speech, expect_reply=True, reprompt=reprompt, **kwargs)


class SlotProblem(Exception):
    """A slot the handler cannot use; the message is what to say."""


@dataclass
class Turn:
    """One turn of a conversation: the service, the remembered state and the clock."""

    service: ClipService
    state: DialogState = field(default_factory=DialogState)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    tz_override: str | None = None
    code_scope: str | None = None
    """Where the turn is heard ("alexa", "offline", None): decides whether the voice code is asked (see code)."""
    ref: Reference | None = None
    """How the words referred to a clip of the list just read ("the second one"), if they did."""

    @cached_property
    def household(self) -> Household:
        """The household (fetched once per turn)."""
        return self.service.household()

    @cached_property
    def cameras(self) -> list[Camera]:
        """The household's cameras (fetched once per turn)."""
        return self.service.cameras()

    @cached_property
    def can_tell(self) -> dict[str, tuple[str, ...]]:
        """camera id → the labels its sources can give (fetched once per turn, only when a label is asked about)."""
        return self.service.can_tell()

    @property
    def tz(self) -> str:
        """The zone times are said in: the device's if known, else the household's."""
        return self.tz_override or self.household.timezone

    @property
    def today(self) -> date:
        """Today in that zone."""
        return self.now.astimezone(ZoneInfo(self.tz)).date()

    def check_camera(self, camera: str | None) -> str | None:
        """The camera id if the household has it; else SlotProblem with the cameras it does have."""
        if camera is None:
            return None
        ids = {cam.id for cam in self.cameras}
        if camera in ids:
            return camera
        names = join_words([cam.name for cam in self.cameras]) or "no cameras yet"
        spoken = camera.replace("_", " ")
        raise SlotProblem(f"I don't have a camera called {spoken}. You have: {names}.")

    def query(self, slots: dict) -> ClipQuery:
        """The clip query that the filter slots describe."""
        camera = self.check_camera(slots.get("camera"))
        label = slots.get("label")
        if label is not None and label not in LABELS:
            raise SlotProblem(f"I can look for {join_words(list(LABELS))}, but not {label}.")
        try:
            after, before = time_range(slots.get("date"), slots.get("period"), self.tz, self.today)
            span = time_span(slots, self.tz, self.today, self.now)
        except TimeProblem as problem:
            raise SlotProblem(str(problem)) from None
        except ValueError:
            raise SlotProblem("I didn't understand that date. Try today, yesterday or a day of the week.") from None
        if span is not None:
            after, before = span
        return ClipQuery(camera=camera, label=label, after=after, before=before)

    def focus_clip(self) -> Clip | None:
        """The clip in focus (the one last shown), if it still exists."""
        if not self.state.focus:
            return None
        try:
            return self.service.get_clip(self.state.focus)
        except NotFound:
            return None
