"""References to the list just read: "the second one", "the last one", "the latest one", "the one at 4:19".

The contract's `which` slot keeps its five canonical values, which cannot tell "the last one" (the last clip
read out) from "the latest one" (the newest of the list), nor say "the second one". The words themselves do;
every front end that has them (the parser, Alexa's raw slot value and its ordinal helper slot) turns them into
a `Reference`, which the handlers resolve against the list remembered in the dialog state (docs/interface.md §1).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

FIRST_WORDS = frozenset({"first", "very first"})
LAST_WORDS = frozenset({"last", "very last", "final"})
NEWEST_WORDS = frozenset({"latest", "newest", "most recent", "recent"})
OLDEST_WORDS = frozenset({"earliest", "oldest"})
_ONE_FORM = re.compile(r"\b(?:the|that|this)\b(?: [a-z0-9']+){0,2}? ones?\b|^ones?\b")


@dataclass(frozen=True)
class Reference:
    """How a clip was referred to: a position in the order read (1-based, -1 the last), the newest (True) or the
    oldest (False) of the list, and whether it was "the one ..." (then it must be a clip of the list)."""

    position: int | None = None
    newest: bool | None = None
    one: bool = False

    def to_dict(self) -> dict:
        """A JSON-safe form (kept with a pending "did you mean ...?")."""
        return {k: v for k, v in asdict(self).items() if v not in (None, False)}

    @classmethod
    def from_dict(cls, data: dict | None) -> Reference | None:
        """Reverse `to_dict`; None for nothing."""
        if not data:
            return None
        position = data.get("position")
        newest = data.get("newest")
        return cls(
            int(position) if isinstance(position, int) else None,
            bool(newest) if isinstance(newest, bool) else None,
            bool(data.get("one")),
        )

    def __bool__(self) -> bool:
        return self.position is not None or self.newest is not None or self.one


def reference_from_words(which_words: str | None, ordinal: int | None, text: str) -> Reference | None:
    """The reference in an utterance: the words of its `which` slot, an ordinal ("second"), and its text."""
    words = " ".join((which_words or "").lower().split())
    position: int | None = ordinal
    newest: bool | None = None
    if position is None:
        if words in FIRST_WORDS:
            position = 1
        elif words in LAST_WORDS:
            position = -1
        elif words in NEWEST_WORDS:
            newest = True
        elif words in OLDEST_WORDS:
            newest = False
    ref = Reference(position, newest, bool(_ONE_FORM.search(text)))
    return ref or None


def spoken_ordinal(value: object) -> int | None:
    """An AMAZON.ORDINAL value ('2', '2nd') as a position; None if it is not one."""
    match = re.match(r"^\s*(\d{1,2})", str(value or ""))
    return int(match[1]) if match and 0 < int(match[1]) <= 50 else None
