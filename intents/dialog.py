"""Conversation state carried between turns: the last list, the clip in focus, a pending confirmation."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime

from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from clipstore.models import ClipQuery, utc_iso

SESSION_MAX_AGE_S = 600
MAX_REMEMBERED = 100


def query_to_dict(query: ClipQuery) -> dict:
    """A JSON-safe form of a clip query."""
    return {
        "camera": query.camera,
        "label": query.label,
        "after": utc_iso(query.after) if query.after else None,
        "before": utc_iso(query.before) if query.before else None,
        "ids": list(query.ids) if query.ids is not None else None,
    }


def query_from_dict(data: dict) -> ClipQuery:
    """Reverse `query_to_dict`."""
    def when(value: str | None) -> datetime | None:
        return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None

    ids = data.get("ids")
    return ClipQuery(data.get("camera"), data.get("label"), when(data.get("after")), when(data.get("before")),
                     tuple(ids) if ids is not None else None)


@dataclass
class Pending:
    """A destructive or sharing action waiting for Yes: what it will do, as it was described."""

    action: str
    query: dict
    count: int
    description: str
    awaiting_code: bool = False
    """The yes was said; the voice code is asked for next."""


@dataclass
class DialogState:
    """What the assistant remembers between turns of one conversation."""

    results: list[str] = field(default_factory=list)
    index: int = -1
    focus: str | None = None
    pending: Pending | None = None

    def remember(self, clip_ids: list[str], index: int = -1) -> None:
        """Make this list the one "next"/"previous" move through."""
        self.results = clip_ids[:MAX_REMEMBERED]
        self.index = index
        self.focus = self.results[index] if 0 <= index < len(self.results) else self.focus

    def to_dict(self) -> dict:
        """A JSON-safe form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "DialogState":
        """Reverse `to_dict`; unknown keys are ignored."""
        pending = data.get("pending")
        return cls(
            results=[str(i) for i in data.get("results", [])][:MAX_REMEMBERED],
            index=int(data.get("index", -1)),
            focus=data.get("focus"),
            pending=Pending(**pending) if pending else None,
        )


class SessionCodec:
    """Signs conversation state into an opaque, expiring token (and back)."""

    def __init__(self, secret: bytes, max_age_s: int = SESSION_MAX_AGE_S,
                 clock: Callable[[], float] = time.time) -> None:
        class Signer(TimestampSigner):
            def get_timestamp(self) -> int:  # the app's clock, for stamping and for the age check alike
                return int(clock())

        self.serializer = URLSafeTimedSerializer(secret, salt="intent-session", signer=Signer)
        self.max_age_s = max_age_s

    def encode(self, state: DialogState) -> str:
        """The opaque session string for the client to send back."""
        return self.serializer.dumps(state.to_dict())

    def decode(self, token: str | None) -> DialogState:
        """The state in a token; a fresh state when it is missing, forged or expired."""
        if not token:
            return DialogState()
        try:
            return DialogState.from_dict(self.serializer.loads(token, max_age=self.max_age_s))
        except (BadSignature, TypeError, ValueError, KeyError):
            return DialogState()


# -- "Did you mean ...?": a front end that is unsure what it heard asks instead of acting ----------------
SUGGESTION = "suggest"
"""`Pending.action` of a suggestion; `query` holds {"intent", "slots"} and `description` the question."""
CHANGES_SOMETHING = frozenset({"DeleteClips", "RestoreClips", "ShareClip", "RevokeShares", "SetRecording",
                               "SetRetention"})
"""Intents that change stored data or settings (or start doing so): never acted on from an unsure guess."""


def suggest(state: DialogState, intent: str, slots: dict, sentence: str) -> str:
    """Remember `intent`/`slots` as a suggestion and return the question ("Did you mean: ...?")."""
    question = f"Did you mean: {sentence}?"
    state.pending = Pending(SUGGESTION, {"intent": intent, "slots": dict(slots)}, 0, question)
    return question


def take_suggestion(intent: str | None, slots: dict, state: DialogState) -> tuple[str | None, dict]:
    """A Yes to a pending suggestion becomes the suggested intent; No/anything else drops it.

    Call before `handlers.handle`; every other turn passes through unchanged.
    """
    pending = state.pending
    if pending is None or pending.action != SUGGESTION:
        return intent, slots
    if intent == "Yes":
        state.pending = None
        return pending.query.get("intent"), dict(pending.query.get("slots") or {})
    if intent in ("No", "Cancel"):
        return intent, slots  # the handler drops it: "Okay."
    state.pending = None
    return intent, slots
