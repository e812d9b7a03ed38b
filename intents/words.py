"""The catalogue's words as the parser's passes need them: every word it knows, the edges of its noun phrases, and
the words of times and dates (which no camera name holds)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from clipstore import Camera, Member

from .catalogue import Catalogue, camera_phrases, member_phrases

_WORD = re.compile(r"[a-z0-9']+")


def vocabulary(catalogue: Catalogue, cameras: Iterable[Camera], members: Iterable[Member] = ()) -> frozenset[str]:
    """Every word of the catalogue (templates, rules, skip words, lists) and of the household's names."""
    words: set[str] = set()
    sources = [t for name in catalogue.data["intents"] for t in catalogue.templates(name)]
    sources += list(catalogue.expansion_rules.values()) + catalogue.skip_words
    for spec in catalogue.data["lists"].values():
        sources += [str(v["in"]) for v in spec.get("values", [])]
    sources += [f"{phrase} {phrase}'s" for phrase, _ in camera_phrases(cameras)]
    sources += [phrase for phrase, _ in member_phrases(members)]
    for source in sources:
        words.update(_WORD.findall(source.lower()))
    return frozenset(words)


# Words that start or end a noun phrase of ours, but that often lead into other ones.
_LOOSE_MODIFIERS = frozenset(["someone", "somebody", "anyone", "anybody", "this", "that", "it", "back", "one"])
_LOOSE_HEADS = frozenset(["one", "ones"])
DETERMINERS = frozenset(["the", "my", "a", "an", "your", "our", "his", "her", "their", "these", "those"])


def noun_phrase_edges(catalogue: Catalogue, cameras: Iterable[Camera]) -> tuple[frozenset[str], frozenset[str]]:
    """(last words of camera names, labels and `which` words; words of the `<clip>` rule)."""
    modifiers = {phrase.split()[-1] for phrase, _ in camera_phrases(cameras)}
    for name in ("label", "which"):
        for spoken, _ in catalogue.list_values(name):
            modifiers.add(spoken.split()[-1])
    heads = set(_WORD.findall(catalogue.expansion_rules.get("clip", "")))
    return frozenset(modifiers - _LOOSE_MODIFIERS), frozenset(heads - _LOOSE_HEADS)


_TIME_WORDS = frozenset(
    ["am", "pm", "a.m", "p.m", "hour", "hours", "minute", "minutes", "second", "seconds", "o'clock", "ago", "time"]
)


def not_camera_words(catalogue: Catalogue) -> frozenset[str]:
    """Words of times, dates and `which`: a spoken name holding one is not an unknown camera's."""
    words = set(_TIME_WORDS)
    for name in ("which", "date_code", "daypart", "period", "holiday", "month", "ordinal"):
        if name in catalogue.data["lists"]:
            for spoken, _ in catalogue.list_values(name):
                words.update(_WORD.findall(spoken.lower()))
    return frozenset(words - {"the", "a", "of", "in", "on", "at", "day", "this", "that", "back", "one", "most", "very"})
