"""How people start a request, beyond the catalogue's words: a second reading the parser tries when no template
matched the words as said.

The catalogue itself holds the verbs and nouns people use for each action ("scrap", "chuck out", "nuke" beside
"delete"; "hold on to" beside "keep"; "fetch", "load up" beside "show") and the polite words any request may carry
("would you mind", "kindly", "thanks"), so every front end (Alexa, the recognisers' grammars) knows them too. What
templates cannot say well is how a sentence starts in conversation:

- a discourse marker before the request: "so", "okay so", "well", "alright", "and", "now";
- a polite question that turns the verb into its -ing form: "would you mind showing me ..." (the catalogue's skip
  words drop "would you mind", leaving "showing me ...").

`rephrase` drops the markers and gives the verb its plain form, when that form is one of the catalogue's words. It
never adds a word and never drops one that is not a marker, so it cannot turn chatter into a command: what is left
must still match a template (or pass the second stage's own checks).
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

MARKERS: tuple[tuple[str, ...], ...] = tuple(
    tuple(m.split())
    for m in (
        "okay so",
        "ok so",
        "alright so",
        "all right so",
        "right so",
        "yeah so",
        "and so",
        "so then",
        "well then",
        "okay then",
        "so",
        "well",
        "okay",
        "ok",
        "alright",
        "all right",
        "right",
        "and",
        "now",
        "also",
        "anyway",
        "then",
        "hi",
        "hello",
    )
)
"""Words that open a turn of conversation without being part of the request (longest first)."""
_MARKERS = sorted(MARKERS, key=len, reverse=True)


def _plain_verb(word: str, vocabulary: frozenset[str]) -> str | None:
    """The catalogue's plain form of an -ing verb ("showing" → "show", "deleting" → "delete", "stopping" →
    "stop"), or None when there is none."""
    if not word.endswith("ing") or len(word) < 5:
        return None
    stem = word[:-3]
    candidates = [stem, stem + "e"]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        candidates.append(stem[:-1])
    return next((c for c in candidates if c in vocabulary), None)


def rephrase(words: list[str], vocabulary: frozenset[str], skip_words: list[str]) -> list[str] | None:
    """The words without opening markers (nor the catalogue's skip words before them: "um", "would you mind") and
    with an opening -ing verb in its plain form; None if unchanged."""
    out = list(words)
    openers = sorted({*_MARKERS, *(tuple(s.split()) for s in skip_words)}, key=len, reverse=True)
    stripped = True
    while stripped and out:
        stripped = False
        for marker in openers:
            if tuple(out[: len(marker)]) == marker and len(out) > len(marker):
                out = out[len(marker) :]
                stripped = True
                break
    if out:
        plain = _plain_verb(out[0], vocabulary)
        if plain is not None:
            out[0] = plain
    return out if out != words else None
