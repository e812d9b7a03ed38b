"""Honest answers about a label some cameras cannot tell ("The garage camera can't tell packages; it has 3 clips
today") instead of a "no" that only means nobody looked.

A camera can tell a label when a source that labelled its clips (the detector, Frigate) can give it
(`ClipService.can_tell`). A camera no known source labels is taken at its clips' word, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from clipstore import ClipQuery

from ..speech import LABEL_PLURALS, cameras_phrase, plural
from .common import Turn


@dataclass(frozen=True)
class Blind:
    """The cameras a question covers that cannot tell its label."""

    label: str
    blind: tuple[str, ...]
    """Every camera of the question that cannot tell the label."""
    cameras: tuple[str, ...]
    """Those of them with clips in the question's span (any label), in the household's order."""
    clips: int
    """Their clips in the span."""
    every: bool
    """True when none of the cameras the question covers can tell the label."""
    several: bool
    """True when the question covers more than one camera."""


def blind_spots(turn: Turn, query: ClipQuery) -> Blind | None:
    """The cameras of `query` that cannot tell its label, with their clips in its span; None when all can (or
    no label was asked about)."""
    if query.label is None or query.ids is not None:
        return None
    covered = [query.camera] if query.camera else [cam.id for cam in turn.cameras]
    tells = turn.can_tell
    blind = [camera for camera in covered if camera in tells and query.label not in tells[camera]]
    if not blind:
        return None
    counts = {camera: turn.service.count_clips(replace(query, camera=camera, label=None)) for camera in blind}
    return Blind(
        query.label,
        tuple(blind),
        tuple(c for c in blind if counts[c]),
        sum(counts.values()),
        len(blind) == len(covered),
        len(covered) > 1,
    )


def cannot_tell(turn: Turn, blind: Blind, when: str, *, short: bool = False) -> str:
    """'the garage camera can't tell packages; it has 3 clips today' (`short`: without the clips)."""
    things = LABEL_PLURALS.get(blind.label, blind.label + "s")
    tail = f" {when}" if when else ""
    if blind.every and blind.several:
        head, they = f"none of your cameras can tell {things}", "they"
    else:
        shown = list(blind.cameras or blind.blind)
        head = f"{cameras_phrase(turn.cameras, shown)} can't tell {things}"
        they = "it" if len(shown) == 1 else "they"
    if short:
        return head
    if blind.clips == 0:
        return f"{head}, and {'it has' if they == 'it' else 'they have'} no clips{tail}"
    return f"{head}; {'it has' if they == 'it' else 'they have'} {plural(blind.clips, 'clip')}{tail}"


def sentence(text: str) -> str:
    """Capitalised, with a full stop."""
    return text[:1].upper() + text[1:] + "."


def nothing_found(turn: Turn, query: ClipQuery, when: str, plain: str) -> str:
    """What to say when no clip matched: `plain` ('I found no clips today with a package.'); where the cameras
    asked about cannot tell the label, that instead; where only some cannot, `plain` and that."""
    blind = blind_spots(turn, query)
    if blind is None or not (blind.every or blind.cameras):
        return plain
    if blind.every:
        return sentence(cannot_tell(turn, blind, when))
    return f"{plain.removesuffix('.')}, but {cannot_tell(turn, blind, when)}."


def also_blind(turn: Turn, query: ClipQuery, when: str, *, short: bool = False) -> str:
    """For an answer that found clips: ' The garage camera can't tell vehicles; it has 3 clips today.' when some
    of the cameras asked about cannot tell the label and have clips in the span ('' otherwise)."""
    blind = blind_spots(turn, query)
    if blind is None or not blind.cameras or (blind.every and not blind.several):
        return ""
    return cannot_tell(turn, blind, when, short=short)
