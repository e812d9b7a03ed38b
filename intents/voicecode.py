"""The spoken voice code, as the intent layer hears it: 4 digits said after the yes to a sensitive action.

`VOICE_CODE_INTENT` is a dialog answer like Yes (not a request of its own): "one two three four", "my code is
four five six seven", "2580". The words are here so that the parser and the offline recogniser's grammar use
the same ones; Alexa delivers the digits in an AMAZON.FOUR_DIGIT_NUMBER slot.
"""

from __future__ import annotations

import re

VOICE_CODE_INTENT = "VoiceCode"
CODE_SLOT = "code"
SENSITIVE_ACTIONS = frozenset({"delete", "share", "retention", "recording"})
"""Pending actions that need the code after the yes when one is set (CodeScope says where)."""

DIGIT_WORDS: dict[str, str] = {
    "zero": "0",
    "oh": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
CODE_PREFIXES: tuple[str, ...] = (
    "my voice code is",
    "the voice code is",
    "my code is",
    "the code is",
    "voice code",
    "the code",
    "my code",
    "code",
    "it's",
    "it is",
)
"""Words people put before the digits, longest first."""
_CODE = re.compile(r"^[0-9]{4}$")


def is_code(value: object) -> bool:
    """True for exactly four digits."""
    return isinstance(value, str) and bool(_CODE.match(value))


def spoken_code(text: str) -> str | None:
    """The 4 digits in an answer like "my code is one two three four" or "1 2 3 4", else None."""
    words = " ".join(text.lower().replace(",", " ").replace(".", " ").replace("-", " ").split())
    for prefix in CODE_PREFIXES:
        if words.startswith(prefix + " "):
            words = words[len(prefix) + 1 :]
            break
    digits = ""
    for word in words.split():
        if word.isdigit():
            digits += word
        elif word in DIGIT_WORDS:
            digits += DIGIT_WORDS[word]
        else:
            return None
    return digits if is_code(digits) else None
