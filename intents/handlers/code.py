"""The voice code gate of the handlers: whether this turn needs the code, asking for it, and the lock.

Front ends only say where they are (`code_scope`: "alexa" always asks once a code is set, "offline" asks when
the household turned that on, None never asks); the decision and the words are here.
"""

from __future__ import annotations

from datetime import datetime

from clipstore import VoiceCodeStatus

from ..dialog import Pending
from ..speech import clock
from ..voicecode import SENSITIVE_ACTIONS
from .common import Reply, Turn, ask

CODE_SCOPES = ("alexa", "offline")
ASK_CODE = "What's your voice code?"
ASK_AGAIN = "Please say your four-digit voice code."


def status(turn: Turn) -> VoiceCodeStatus:
    """The household's code state, fetched once per turn."""
    if "_voice_code" not in turn.__dict__:
        turn.__dict__["_voice_code"] = turn.service.voice_code_status()
    return turn.__dict__["_voice_code"]


def required(turn: Turn) -> bool:
    """True when this front end must ask for the code before a sensitive action."""
    if turn.code_scope not in CODE_SCOPES:
        return False
    state = status(turn)
    return state.set and (turn.code_scope == "alexa" or state.offline)


def locked(turn: Turn, until: datetime) -> Reply:
    """Sensitive actions refused until the lock ends; nothing changes."""
    return Reply(
        f"Deleting, sharing and recording changes are locked after three wrong voice codes, until "
        f"{clock(until, turn.tz)}. Nothing was changed."
    )


def needs_code(turn: Turn, pending: Pending) -> bool:
    """The yes to this pending action must be followed by the code."""
    return pending.action in SENSITIVE_ACTIONS and not pending.awaiting_code and required(turn)


def ask_for_code(turn: Turn, pending: Pending) -> Reply:
    """After the yes: ask for the code (never saying it), keeping the action pending; refuse while locked."""
    lock = status(turn).locked_until
    if lock is not None:
        turn.state.pending = None
        return locked(turn, lock)
    pending.awaiting_code = True
    turn.state.pending = pending
    return ask(ASK_CODE, ASK_AGAIN)
