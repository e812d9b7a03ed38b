"""A small back-off trigram language model (ARPA text) estimated from catalogue sentences.

Absolute discounting with back-off (Katz style): seen n-grams keep their count less `DISCOUNT`; the mass
taken goes to the lower order. Every vocabulary word is a unigram, so nothing the grammar can say is
impossible, only unlikely.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable

DISCOUNT = 0.5
UNIGRAM_FLOOR = 0.1
BOS, EOS = "<s>", "</s>"

Gram = tuple[str, ...]


def estimate(
    sentences: Iterable[list[str]],
    vocabulary: Iterable[str],
    order: int = 3,
    *,
    extra: Iterable[str] = (),
    extra_mass: float = 0.0,
) -> tuple[list[dict[Gram, float]], dict[Gram, float]]:
    """Probabilities per order (index 1..order) and back-off weights per history.

    `extra` words (out-of-domain English) share `extra_mass` of the unigram probability and are reached
    only by backing off: they let the decoder say "weather" instead of forcing a catalogue word.
    """
    counts: list[Counter] = [Counter() for _ in range(order + 1)]
    for words in sentences:
        tokens = [BOS, *words, EOS]
        for n in range(1, order + 1):
            for i in range(len(tokens) - n + 1):
                counts[n][tuple(tokens[i : i + n])] += 1
    unigrams = counts[1]
    unigrams.pop((BOS,), None)
    for word in vocabulary:
        unigrams[(word,)] += 0
    total = sum(unigrams.values()) + UNIGRAM_FLOOR * len(unigrams)
    probs: list[dict[Gram, float]] = [
        {},
        {g: (1 - extra_mass) * (c + UNIGRAM_FLOOR) / total for g, c in unigrams.items()},
    ]
    others = [w for w in dict.fromkeys(extra) if (w,) not in unigrams]
    for word in others:
        probs[1][(word,)] = extra_mass / len(others)
    probs[1][(BOS,)] = 0.0
    backoff: dict[Gram, float] = {}
    for n in range(2, order + 1):
        by_history: dict[Gram, list[tuple[Gram, int]]] = defaultdict(list)
        for gram, c in counts[n].items():
            by_history[gram[:-1]].append((gram, c))
        level: dict[Gram, float] = {}
        for history, grams in by_history.items():
            total_h = sum(c for _, c in grams)
            for gram, c in grams:
                level[gram] = (c - DISCOUNT) / total_h
            freed = DISCOUNT * len(grams) / total_h
            lower = sum(_prob(probs, backoff, gram[1:]) for gram, _ in grams)
            backoff[history] = freed / max(1e-9, 1.0 - lower)
        probs.append(level)
    return probs, backoff


def _prob(probs: list[dict[Gram, float]], backoff: dict[Gram, float], gram: Gram) -> float:
    n = len(gram)
    if gram in probs[n]:
        return probs[n][gram]
    if n == 1:
        return 0.0
    return backoff.get(gram[:-1], 1.0) * _prob(probs, backoff, gram[1:])


def _log10(p: float) -> float:
    return math.log10(p) if p > 0 else -99.0


def to_arpa(probs: list[dict[Gram, float]], backoff: dict[Gram, float]) -> str:
    """The model in ARPA text format."""
    order = len(probs) - 1
    lines = ["\\data\\"] + [f"ngram {n}={len(probs[n])}" for n in range(1, order + 1)]
    for n in range(1, order + 1):
        lines += ["", f"\\{n}-grams:"]
        for gram, p in sorted(probs[n].items()):
            line = f"{_log10(p):.4f} {' '.join(gram)}"
            if n < order:
                line += f" {_log10(backoff.get(gram, 1.0)):.4f}"
            lines.append(line)
    lines += ["", "\\end\\", ""]
    return "\n".join(lines)


def build_arpa(
    sentences: Iterable[list[str]],
    vocabulary: Iterable[str],
    order: int = 3,
    *,
    extra: Iterable[str] = (),
    extra_mass: float = 0.0,
) -> str:
    """Estimate and format in one go."""
    return to_arpa(*estimate(sentences, vocabulary, order, extra=extra, extra_mass=extra_mass))
