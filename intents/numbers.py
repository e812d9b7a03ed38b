"""Number words for the catalogue's range lists ("seven", "thirty", "three hundred sixty five")."""

from __future__ import annotations

ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def spell(number: int) -> str:
    """0 → 'zero', 21 → 'twenty one', 365 → 'three hundred sixty five' (the parser's spelling, 0..9999)."""
    if number == 0:
        return "zero"
    if not 0 < number < 10000:
        raise ValueError(f"cannot spell {number}")
    words: list[str] = []
    thousands, rest = divmod(number, 1000)
    hundreds, rest = divmod(rest, 100)
    if thousands:
        words += [ONES[thousands - 1], "thousand"]
    if hundreds:
        words += [ONES[hundreds - 1], "hundred"]
    if rest >= 20:
        words.append(TENS[rest // 10 - 2])
        if rest % 10:
            words.append(ONES[rest % 10 - 1])
    elif rest >= 10:
        words.append(TEENS[rest - 10])
    elif rest:
        words.append(ONES[rest - 1])
    return " ".join(words)
