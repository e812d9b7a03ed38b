"""Intent + slots → clip-service calls → a reply. The one place the assistant's behaviour lives."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from clipstore import Camera, Household, StoreError

from ..dialog import DialogState
from ..references import Reference
from ..service import ClipService
from ..voicecode import VOICE_CODE_INTENT
from . import browse, info, manage, share
from .common import Reply, SlotProblem, Turn

logger = logging.getLogger(__name__)

Handler = Callable[[Turn, dict], Reply]

HANDLERS: dict[str | None, Handler] = {
    "ListClips": browse.list_clips,
    "CountClips": browse.count_clips,
    "ShowClip": browse.show_clip,
    "DeleteClips": manage.delete_clips,
    "RestoreClips": manage.restore_clips,
    "ShareClip": share.share_clip,
    "RevokeShares": share.revoke_shares,
    "AccessLog": info.access_log,
    "SetRecording": manage.set_recording,
    "CameraStatus": info.camera_status,
    "SetRetention": manage.set_retention,
    "RetentionInfo": manage.retention_info,
    "Help": info.help_,
    "Stop": manage.stop,
    "Cancel": manage.cancel,
    "Yes": manage.yes,
    "No": manage.no,
    VOICE_CODE_INTENT: manage.voice_code,
    None: info.fallback,
}
"""Every intent of the contract and the no-match case."""

_KEEPS_PENDING = ("Yes", "No", "Cancel", "Stop", VOICE_CODE_INTENT)
REFUSALS = frozenset({"RestoreClips"})
"""Requests that, said while a question is pending, answer it with a no ("undo that", "wait, undo")."""


def handle(
    service: ClipService,
    intent: str | None,
    slots: dict,
    state: DialogState | None = None,
    *,
    now: datetime | None = None,
    tz: str | None = None,
    household: Household | None = None,
    cameras: list[Camera] | None = None,
    code_scope: str | None = None,
    ref: Reference | None = None,
    to: str | None = None,
) -> tuple[Reply, DialogState]:
    """Answer one turn; returns the reply and the new conversation state.

    A front end that already fetched the household or its cameras (to parse the text) passes them in,
    so the turn does not ask the clip service again.

    A pending confirmation survives only until the next turn: anything but Yes/No/Cancel/Stop (and the voice
    code after a yes) drops it, so a later "yes" can never confirm something the user did not just hear.
    `code_scope` is where the turn is heard ("alexa", "offline"): with a voice code set, sensitive actions
    ask for it after the yes (see `handlers.code`). `to` is the parser's "support" for a ShareClip whose words
    named the operator's support (`ParseResult.to`): the handler takes it as its `member`.
    """
    state = state or DialogState()
    if intent in REFUSALS and state.pending is not None:
        intent, slots = "No", {}  # "undo that" in answer to "Delete 3 clips?" is a no: nothing is undone either
    if intent not in _KEEPS_PENDING:
        state.pending = None
    turn = Turn(service, state, tz_override=tz, code_scope=code_scope, ref=ref, **({"now": now} if now else {}))
    for name, known in (("household", household), ("cameras", cameras)):
        if known is not None:
            turn.__dict__[name] = known  # seeds Turn's cached_property
    if to and intent == "ShareClip" and not (slots or {}).get("member"):
        slots = {**(slots or {}), "member": to}
    handler = HANDLERS.get(intent, info.fallback)
    try:
        reply = handler(turn, dict(slots or {}))
    except SlotProblem as problem:
        reply = Reply(str(problem))
    except StoreError as exc:
        logger.warning("intent %s failed: %s", intent, exc)
        reply = Reply(f"Sorry, that didn't work: {exc}")
    return reply, state


__all__ = ["HANDLERS", "Reply", "Turn", "handle"]
