"""Answers to a pending question that changes data: which heard yeses could be a refusal misheard.

"undo that" heard as "do that", "don't delete them" as "delete them", "not sure" as "sure": a recogniser that
drops a syllable turns a refusal into a yes. Such a yes is not taken from speech unless the audio itself says it
was not the refusal (the front end compares both readings); otherwise the question is asked again.
"""

from __future__ import annotations

from .dialog import DialogState

REFUSING = frozenset({"No", "Cancel", "Stop", "RestoreClips"})
"""Answers that refuse (an "undo" while a question is pending is a no: see `handlers.REFUSALS`)."""
PREFIXES = ("un", "don't ", "do not ", "not ", "no ", "no don't ", "i'm not ")
"""What a recogniser may have lost from the front of a refusal."""
UNHEARD = ("un",)
"""Prefixes the recognisers cannot be trusted to hear: espeak-ng's "undo that" came out as "do that" from both
PocketSphinx and Whisper, and Whisper scored "do that" 4.3 nat above "undo that" on that very audio. A yes that
could be such a refusal is always asked again."""
AGAIN = "Sorry, was that a yes or a no?"


def refusals_like(text: str, parse) -> list[str]:
    """The refusals that end with the words of the yes `text` ("undo that", "don't do that" for "do that");
    `parse(text)` gives an intent name (the parser's templates)."""
    words = " ".join(text.split())
    return [prefix + words for prefix in PREFIXES if parse(prefix + words) in REFUSING]


def unheard(refusals: list[str], text: str) -> bool:
    """True when one of `refusals` differs from the yes `text` only by a prefix the recognisers miss."""
    words = " ".join(text.split())
    return any(r == p + words for r in refusals for p in UNHEARD)


def ask_again(state: DialogState) -> str:
    """The question again, still pending: "Sorry, was that a yes or a no? Delete 3 clips from today ...?"."""
    pending = state.pending
    return f"{AGAIN} {pending.description}" if pending is not None and pending.description else AGAIN
