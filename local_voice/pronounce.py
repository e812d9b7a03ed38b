"""Pronunciations (CMU phones) for words the recogniser's dictionary lacks: camera names, "undelete"."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from collections.abc import Callable

logger = logging.getLogger(__name__)

Lookup = Callable[[str], "str | None"]
"""word → its phones ("K AE M ER AH") or None."""

# espeak-ng's phoneme mnemonics (`espeak-ng -x`) → CMU phones.
_ESPEAK_TO_CMU = {
    "@": "AH",
    "@2": "AH",
    "@5": "AH",
    "@L": "AH L",
    "3": "ER",
    "3:": "ER",
    "a": "AE",
    "a#": "AH",
    "aa": "AE",
    "A:": "AA",
    "A@": "AA R",
    "A": "AA",
    "aI": "AY",
    "aI@": "AY ER",
    "aI3": "AY ER",
    "aU": "AW",
    "aU@": "AW ER",
    "e": "EH",
    "e@": "EH R",
    "E": "EH",
    "eI": "EY",
    "i": "IY",
    "i:": "IY",
    "i@": "IH R",
    "i@3": "IH R",
    "I": "IH",
    "I#": "IH",
    "I2": "IH",
    "0": "AA",
    "O": "AO",
    "O:": "AO",
    "O@": "AO R",
    "o@": "AO R",
    "OI": "OY",
    "oU": "OW",
    "o": "OW",
    "U": "UH",
    "U@": "UH R",
    "u:": "UW",
    "u": "UW",
    "V": "AH",
    "p": "P",
    "b": "B",
    "t": "T",
    "t#": "T",
    "d": "D",
    "d#": "D",
    "k": "K",
    "g": "G",
    "f": "F",
    "v": "V",
    "T": "TH",
    "D": "DH",
    "s": "S",
    "z": "Z",
    "S": "SH",
    "Z": "ZH",
    "tS": "CH",
    "dZ": "JH",
    "h": "HH",
    "m": "M",
    "n": "N",
    "n-": "N",
    "N": "NG",
    "l": "L",
    "l-": "L",
    "r": "R",
    "r-": "R",
    "j": "Y",
    "w": "W",
    "x": "K",
    "C": "HH",
    "?": "",
}
_STRESS = re.compile(r"[',%=;!]")


def espeak_phones(word: str) -> str | None:
    """CMU phones for one word from espeak-ng's letter-to-sound rules, or None without espeak-ng."""
    exe = shutil.which("espeak-ng") or shutil.which("espeak")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "-q", "-x", "--sep=_", "-v", "en-us", word], capture_output=True, text=True, timeout=5, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        logger.debug("espeak-ng could not spell %r: %s", word, exc)
        return None
    phones = []
    for token in re.split(r"[_\s]+", _STRESS.sub("", out)):
        if not token:
            continue
        mapped = _ESPEAK_TO_CMU.get(token)
        if mapped is None:
            logger.debug("no CMU phone for espeak phoneme %r in %r", token, word)
            continue
        phones.extend(mapped.split())
    return " ".join(phones) or None


def pronounce(word: str, lookup: Lookup, *, use_espeak: bool = True) -> str | None:
    """Phones for `word`: the dictionary, else its parts ("kiki's", "undelete"), else espeak-ng; None if none."""
    if not word or any(ch.isdigit() for ch in word):
        return None
    phones = lookup(word)
    if phones:
        return phones
    if word.endswith("'s") and len(word) > 2:
        stem = pronounce(word[:-2], lookup, use_espeak=use_espeak)
        if stem:
            last = stem.split()[-1]
            return f"{stem} {'S' if last in ('P', 'T', 'K', 'F', 'TH') else 'Z'}"
    bare = word.replace("'", "")
    for cut in range(len(bare) - 2, 1, -1):
        head, tail = lookup(bare[:cut]), lookup(bare[cut:])
        if head and tail:
            return f"{head} {tail}"
    return espeak_phones(word) if use_espeak else None
