"""Conversation state carried between turns: the last list, the clip in focus, a pending confirmation."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime

from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from clipstore import Clip, ClipQuery, labels_to_mask, utc_iso

from .references import Reference

SESSION_MAX_AGE_S = 600
MAX_REMEMBERED = 50
"""Clip ids of the last list kept for "next" / "previous" (the handlers list at most 50)."""
MAX_LISTED = 10
"""Clips read out as a list that references ("the second one", "the one at 4:19") can pick from."""


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
    return ClipQuery(
        data.get("camera"),
        data.get("label"),
        when(data.get("after")),
        when(data.get("before")),
        tuple(ids) if ids is not None else None,
    )


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
    listed: list[list] = field(default_factory=list)
    """The clips read out as a list, in the order read: [id, start in minutes since the epoch, label bit mask]."""

    def remember(self, clip_ids: list[str], index: int = -1) -> None:
        """Make this list the one "next"/"previous" move through (no list was read out: references have none)."""
        self.results = clip_ids[:MAX_REMEMBERED]
        self.index = index
        self.listed = []
        self.focus = self.results[index] if 0 <= index < len(self.results) else self.focus

    def read_out(self, clips: list[Clip], spoken: int) -> None:
        """A list was read: `clips` in the order read, the first `spoken` of them said one by one.

        "next" moves through all of them; references pick from the ones said. The clip in focus is the list's
        only clip, or none: "delete that" after a longer list asks which one.
        """
        self.results = [c.id for c in clips[:MAX_REMEMBERED]]
        self.index = -1
        self.listed = [
            [c.id, int(c.started_at.timestamp()) // 60, labels_to_mask(c.labels)]
            for c in clips[: min(spoken, MAX_LISTED)]
        ]
        self.focus = clips[0].id if len(clips) == 1 else None

    def forget(self, clip_ids: set[str]) -> None:
        """Clips that are gone leave every list (all of them when `clip_ids` is empty: a deletion by filter)."""
        self.results = [i for i in self.results if i not in clip_ids] if clip_ids else []
        self.listed = [e for e in self.listed if e[0] not in clip_ids] if clip_ids else []
        self.index = -1
        if self.focus in clip_ids or not clip_ids:
            self.focus = None

    def to_dict(self) -> dict:
        """A JSON-safe form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> DialogState:
        """Reverse `to_dict`; unknown keys are ignored."""
        pending = data.get("pending")
        listed = [
            [str(e[0]), int(e[1]), int(e[2])] for e in data.get("listed") or [] if isinstance(e, list) and len(e) == 3
        ][:MAX_LISTED]
        return cls(
            results=[str(i) for i in data.get("results", [])][:MAX_REMEMBERED],
            index=int(data.get("index", -1)),
            focus=data.get("focus"),
            pending=Pending(**pending) if pending else None,
            listed=listed,
        )


class SessionCodec:
    """Signs conversation state into an opaque, expiring token (and back)."""

    def __init__(
        self, secret: bytes, max_age_s: int = SESSION_MAX_AGE_S, clock: Callable[[], float] = time.time
    ) -> None:
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
CHANGES_SOMETHING = frozenset(
    {"DeleteClips", "RestoreClips", "ShareClip", "RevokeShares", "SetRecording", "SetRetention"}
)
"""Intents that change stored data or settings (or start doing so): never acted on from an unsure guess."""


def suggest(state: DialogState, intent: str, slots: dict, sentence: str, ref: Reference | None = None) -> str:
    """Remember `intent`/`slots` (and how a clip was referred to) as a suggestion; return "Did you mean: ...?"."""
    question = f"Did you mean: {sentence}?"
    query = {"intent": intent, "slots": dict(slots), **({"ref": ref.to_dict()} if ref else {})}
    state.pending = Pending(SUGGESTION, query, 0, question)
    return question


def take_suggestion(
    intent: str | None, slots: dict, state: DialogState, ref: Reference | None = None
) -> tuple[str | None, dict, Reference | None]:
    """A Yes to a pending suggestion becomes the suggested intent; No/anything else drops it.

    Call before `handlers.handle`; every other turn passes through unchanged.
    """
    pending = state.pending
    if pending is None or pending.action != SUGGESTION:
        return intent, slots, ref
    if intent == "Yes":
        state.pending = None
        return (
            pending.query.get("intent"),
            dict(pending.query.get("slots") or {}),
            Reference.from_dict(pending.query.get("ref")),
        )
    if intent in ("No", "Cancel"):
        return intent, slots, ref  # the handler drops it: "Okay."
    state.pending = None
    return intent, slots, ref
