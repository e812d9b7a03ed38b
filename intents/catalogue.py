"""The one catalogue of intents, sentence templates and slot lists (hassil YAML)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from hassil import Intents, TextSlotList

from clipstore import Camera, Member

from .numbers import spell

logger = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).with_name("data") / "sentences.yaml"
UNKNOWN_CAMERA_PATH = Path(__file__).with_name("data") / "unknown_camera.yaml"

INTENTS: tuple[str, ...] = (
    "ListClips",
    "CountClips",
    "ShowClip",
    "DeleteClips",
    "RestoreClips",
    "ShareClip",
    "RevokeShares",
    "AccessLog",
    "SetRecording",
    "CameraStatus",
    "SetRetention",
    "RetentionInfo",
    "Help",
    "Stop",
    "Cancel",
    "Yes",
    "No",
)
"""Every intent of docs/interface.md §1, in the contract's order."""

_FILTERS = ("camera", "date", "period", "time", "from_time", "to_time", "label")
SLOTS: dict[str, tuple[str, ...]] = {
    "ListClips": _FILTERS,
    "CountClips": _FILTERS,
    "ShowClip": (*_FILTERS, "which"),
    "DeleteClips": (*_FILTERS, "which"),
    "ShareClip": (*_FILTERS, "which", "member"),
    "AccessLog": ("camera", "date"),
    "SetRecording": ("camera", "state"),
    "CameraStatus": ("camera",),
    "SetRetention": ("days",),
}
"""The slots each intent may carry (docs/interface.md §1)."""

_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
_ALT_RE = re.compile(r"^\((.*)\)$")


def ordinal_words(day: int) -> str:
    """1 → 'first', 21 → 'twenty first', 30 → 'thirtieth'."""
    if day <= 20:
        return _ORDINALS[day - 1]
    if day == 30:
        return "thirtieth"
    tens = "twenty" if day < 30 else "thirty"
    return f"{tens} {_ORDINALS[day % 10 - 1]}"


def ordinal_digits(day: int) -> str:
    """1 → '1st', 22 → '22nd', 13 → '13th'."""
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def day_of_month_values() -> list[dict]:
    """The internal `dom` list: '20', '20th', 'twentieth' → 20."""
    return [
        {"in": form, "out": day} for day in range(1, 32) for form in (str(day), ordinal_digits(day), ordinal_words(day))
    ]


def ordinal_values() -> list[dict]:
    """The `ordinal` list's positions: 'second', '2nd' → 2 ... 'twentieth', '20th' → 20 ('first' is a `which`)."""
    return [{"in": form, "out": n} for n in range(2, 21) for form in (ordinal_words(n), ordinal_digits(n))]


def clock_values() -> dict[str, dict]:
    """The internal `hour` and `minute` lists: '3', 'three', '15' → 3, 15; '05', 'oh five', 'nineteen' → 5, 19."""
    hours = [{"in": str(h), "out": h} for h in range(24)]
    hours += [{"in": spell(h), "out": h} for h in range(1, 13)]
    minutes = [{"in": f"{m:02d}", "out": m} for m in range(60)]
    minutes += [{"in": form, "out": m} for m in range(1, 10) for form in (f"oh {spell(m)}", f"o {spell(m)}")]
    minutes += [{"in": spell(m), "out": m} for m in range(10, 60)]
    return {"hour": {"values": hours}, "minute": {"values": minutes}}


def _expand_alternatives(values: list[dict]) -> list[dict]:
    """Split `(a|b|c)` list values into plain values, so hassil can index them."""
    out: list[dict] = []
    for value in values:
        match = _ALT_RE.match(str(value["in"]).strip())
        if match and "(" not in match.group(1) and "[" not in match.group(1):
            out.extend({"in": alt.strip(), "out": value["out"]} for alt in match.group(1).split("|"))
        else:
            out.append(value)
    return out


def camera_phrases(cameras: Iterable[Camera]) -> list[tuple[str, str]]:
    """(spoken phrase, camera id) for every camera name and synonym, longest first."""
    pairs: dict[str, str] = {}
    for cam in cameras:
        for phrase in (cam.name, *cam.synonyms, cam.id.replace("_", " ")):
            # The parser's text normalisation: hyphens as spaces, curly apostrophes straight.
            key = " ".join(phrase.lower().replace("\u2019", "'").replace("-", " ").split())
            if key and key not in pairs:
                pairs[key] = cam.id
    return sorted(pairs.items(), key=lambda item: (-len(item[0]), item[0]))


def member_phrases(members: Iterable[Member]) -> list[tuple[str, str]]:
    """(spoken phrase, member id) for every member's name and id, longest first ("Sam Lee" → "sam lee")."""
    pairs: dict[str, str] = {}
    for member in members:
        for phrase in (member.name, member.id.replace("_", " ")):
            key = " ".join(phrase.lower().replace("\u2019", "'").replace("-", " ").split())
            if key and key not in pairs:
                pairs[key] = member.id
    return sorted(pairs.items(), key=lambda item: (-len(item[0]), item[0]))


def member_slot_list(members: Iterable[Member]) -> TextSlotList:
    """The `member` slot list for a household's members (names and ids → id)."""
    return TextSlotList.from_tuples(member_phrases(members), allow_template=False)


@dataclass
class Catalogue:
    """The parsed catalogue: the raw YAML dict and the compiled hassil intents."""

    data: dict
    intents: Intents = field(init=False)
    unknown_camera: dict | None = None
    unknown_camera_intents: Intents | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        data = dict(self.data)
        lists = {}
        for name, spec in data.get("lists", {}).items():
            lists[name] = {**spec, "values": _expand_alternatives(spec["values"])} if "values" in spec else spec
        lists["dom"] = {"values": day_of_month_values()}
        lists.update(clock_values())
        lists["ordinal"] = {"values": [*lists.get("ordinal", {}).get("values", []), *ordinal_values()]}
        lists.setdefault("camera", {"values": []})
        lists.setdefault("member", {"values": []})
        data["lists"] = lists
        self.data = data
        self.intents = Intents.from_dict(data)
        if self.unknown_camera:
            extra = {
                **data,
                "intents": self.unknown_camera["intents"],
                "lists": {**lists, **self.unknown_camera.get("lists", {})},
            }
            self.unknown_camera_intents = Intents.from_dict(extra)

    @classmethod
    def from_dict(cls, data: dict) -> Catalogue:
        """Build from an already-loaded YAML document."""
        return cls(data)

    @classmethod
    def from_yaml(
        cls, path: Path | str = DEFAULT_PATH, unknown_camera_path: Path | str | None = UNKNOWN_CAMERA_PATH
    ) -> Catalogue:
        """Load a catalogue YAML file (and the unknown-camera sentences, if given)."""
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        extra = None
        if unknown_camera_path is not None:
            with open(unknown_camera_path, encoding="utf-8") as handle:
                extra = yaml.safe_load(handle)
        return cls(data, extra)

    def list_values(self, name: str) -> list[tuple[str, str]]:
        """(spoken text, canonical value) pairs of one static slot list."""
        return [(str(v["in"]), str(v["out"])) for v in self.data["lists"][name].get("values", [])]

    def range_list(self, name: str) -> tuple[int, int]:
        """(from, to) of a numeric range list."""
        spec = self.data["lists"][name]["range"]
        return int(spec["from"]), int(spec["to"])

    def templates(self, intent: str) -> list[str]:
        """The sentence templates of one intent, as written."""
        spec = self.data["intents"][intent]
        return [s for block in spec["data"] for s in block["sentences"]]

    @property
    def expansion_rules(self) -> dict[str, str]:
        """Named template snippets (`<np>`, `<when>`, ...)."""
        return dict(self.data.get("expansion_rules", {}))

    @property
    def skip_words(self) -> list[str]:
        """Words the parser ignores anywhere."""
        return list(self.data.get("skip_words", []))


def camera_slot_list(cameras: Iterable[Camera]) -> TextSlotList:
    """The `camera` slot list for a household's cameras (names and synonyms → id)."""
    pairs = camera_phrases(cameras)
    known = {phrase for phrase, _ in pairs}
    # Possessives: "the garage's latest clip", "the front door's recordings".
    pairs += [(f"{phrase}'s", cam) for phrase, cam in pairs if not phrase.endswith("'s") and f"{phrase}'s" not in known]
    pairs.sort(key=lambda item: (-len(item[0]), item[0]))
    return TextSlotList.from_tuples(pairs, allow_template=False)


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The catalogue shipped with the package (loaded once)."""
    return Catalogue.from_yaml(DEFAULT_PATH)
