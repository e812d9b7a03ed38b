"""Voices Alexa recognises that no member has enrolled: remembered as "unassigned" until an owner assigns each to a
member (then the member's voice is in `alexa_persons`, see members.py, and the unassigned entry goes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from .clock import Clock, system_clock
from .db import Database
from .errors import Invalid

MAX_PERSON_ID = 200
"""Alexa's person ids are opaque strings ("amzn1.ask.person.…"); longer ones are not Alexa's."""
MAX_UNASSIGNED = 20
"""At most this many unassigned voices per household (the oldest heard go first)."""


@dataclass(frozen=True)
class UnassignedVoice:
    """A recognised voice no member has enrolled: its opaque id, when it was first and last heard, how often."""

    person_id: str
    first_heard: datetime
    last_heard: datetime
    requests: int


def check_person_id(person_id: object) -> str:
    """An Alexa person id, or Invalid."""
    if not isinstance(person_id, str) or not person_id.strip() or len(person_id) > MAX_PERSON_ID:
        raise Invalid("that is not a voice Alexa recognised")
    return person_id


class AlexaVoices:
    """The repository of unassigned voices (the door decides who may list and assign them)."""

    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self.db = db
        self.clock = clock

    def heard(self, household_id: int, person_id: str) -> None:
        """Note a request from a voice no member enrolled (first time: a new entry; again: its time and count)."""
        person_id = check_person_id(person_id)
        now = self.clock()
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO alexa_unassigned_voices (household_id, person_id, first_heard, last_heard,"
                " requests) VALUES (?, ?, ?, ?, 1) ON CONFLICT (household_id, person_id) DO UPDATE SET"
                " last_heard = excluded.last_heard,"
                " requests = alexa_unassigned_voices.requests + 1",
                (household_id, person_id, now, now),
            )
            conn.execute(  # the voice just heard stays, with the others heard last (ties: by id, not by chance)
                "DELETE FROM alexa_unassigned_voices WHERE household_id = ? AND person_id <> ? AND person_id NOT IN ("
                "SELECT person_id FROM alexa_unassigned_voices WHERE household_id = ? AND person_id <> ?"
                " ORDER BY last_heard DESC, person_id LIMIT ?)",
                (household_id, person_id, household_id, person_id, MAX_UNASSIGNED - 1),
            )

    def unassigned(self, household_id: int) -> list[UnassignedVoice]:
        """The household's unassigned voices, the last heard first."""
        rows = self.db.query(
            "SELECT * FROM alexa_unassigned_voices WHERE household_id = ? ORDER BY last_heard DESC, person_id",
            (household_id,),
        )
        return [
            UnassignedVoice(
                r["person_id"],
                datetime.fromtimestamp(r["first_heard"], UTC),
                datetime.fromtimestamp(r["last_heard"], UTC),
                int(r["requests"]),
            )
            for r in rows
        ]

    def forget(self, household_id: int, person_id: str) -> bool:
        """Drop an unassigned voice (it was assigned); True if there was one."""
        with self.db.transaction() as conn:
            cur = conn.execute(
                "DELETE FROM alexa_unassigned_voices WHERE household_id = ? AND person_id = ?",
                (household_id, person_id),
            )
        return cur.rowcount > 0
