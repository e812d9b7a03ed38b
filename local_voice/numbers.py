"""Number words of the catalogue's range lists; they live with the catalogue (`intents.numbers`)."""

from __future__ import annotations

from intents.numbers import ONES, TEENS, TENS, spell

__all__ = ["ONES", "TEENS", "TENS", "spell"]
