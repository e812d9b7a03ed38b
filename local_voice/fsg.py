"""Compile a word grammar into a compact finite-state grammar (no null transitions but into the end).

PocketSphinx's own JSGF compiler copies a rule at every reference and then closes over the null
transitions of every optional part; for this catalogue that is ~30 s and ~2 GB. Here the automaton is built
from the end of the sentence backwards: a part is compiled once per distinct continuation and identical
states are shared, so `<np> [<post>] [<post>]` costs one copy for all the templates that end alike.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from .grammar import Alt, Grammar, Node, Ref, Rep, Seq, Words

logger = logging.getLogger(__name__)

Arcs = frozenset  # of (word, target state)


@dataclass(frozen=True)
class Fsg:
    """States 0..n-1; `transitions` are (from, to, probability, word or None for a null move)."""

    n_states: int
    start: int
    final: int
    transitions: list[tuple[int, int, float, str | None]]

    def words(self) -> set[str]:
        """Every word on an arc."""
        return {w for _, _, _, w in self.transitions if w is not None}

    def accepts(self, words: list[str]) -> bool:
        """True when this word sequence leads from the start to the final state."""
        out: dict[int, list[tuple[str | None, int]]] = {}
        for src, dst, _, word in self.transitions:
            out.setdefault(src, []).append((word, dst))

        def close(states: set[int]) -> set[int]:
            todo, seen = list(states), set(states)
            while todo:
                for word, dst in out.get(todo.pop(), []):
                    if word is None and dst not in seen:
                        seen.add(dst)
                        todo.append(dst)
            return seen

        current = close({self.start})
        for w in words:
            current = close({dst for s in current for word, dst in out.get(s, []) if word == w})
            if not current:
                return False
        return self.final in current


class _Builder:
    """States are (word arcs, null arcs); identical states are shared (hash-consing)."""

    def __init__(self, grammar: Grammar) -> None:
        self.grammar = grammar
        self.states: list[tuple[Arcs, frozenset]] = []
        self.index: dict[tuple[Arcs, frozenset], int] = {}
        self.memo: dict[tuple[object, int], int] = {}
        self.keep: list[Node] = []

    def intern(self, arcs: Arcs, nulls: frozenset = frozenset()) -> int:
        key = (arcs, nulls)
        if key not in self.index:
            self.index[key] = len(self.states)
            self.states.append(key)
        return self.index[key]

    def build(self, node: Node, cont: int) -> int:
        """The state from which `node` then the continuation `cont` can be spoken."""
        key = (node.name if isinstance(node, Ref) else id(node), cont)
        if key in self.memo:
            return self.memo[key]
        if isinstance(node, Words):
            state = cont
            for word in reversed(node.words):
                state = self.intern(frozenset({(word, state)}))
        elif isinstance(node, Ref):
            state = self.build(self.grammar.rules[node.name], cont)
        elif isinstance(node, Seq):
            state = cont
            for item in reversed(node.items):
                state = self.build(item, state)
        elif isinstance(node, Alt):
            # the alternatives' first words are merged into one state; skipping an optional part is a
            # null move to the continuation, so the continuation's words are not copied (and searched) twice
            starts = [self.build(item, cont) for item in node.items]
            arcs = frozenset().union(*(self.states[s][0] for s in starts))
            nulls = frozenset().union(*(self.states[s][1] for s in starts))
            state = self.intern(arcs, nulls | ({cont} if node.optional else set()))
        elif isinstance(node, Rep):
            # a loop: its own state, never shared
            state = len(self.states)
            self.states.append((frozenset(), frozenset()))
            item = _required(node.item)
            self.keep.append(item)  # memo keys use id(): keep temporaries alive
            body = self.build(item, state)
            self.states[state] = (self.states[body][0], self.states[body][1] | {cont})
        else:
            raise TypeError(f"unexpected grammar node {node!r}")
        self.memo[key] = state
        return state


def _null_closure(builder: _Builder, state: int) -> set[int]:
    seen: set[int] = set()
    todo = list(builder.states[state][1])
    while todo:
        dst = todo.pop()
        if dst not in seen and dst != state:
            seen.add(dst)
            todo.extend(builder.states[dst][1])
    return seen


def _required(node: Node) -> Node:
    return Alt(node.items) if isinstance(node, Alt) and node.optional else node


def _split_wide(builder: _Builder, width: int) -> None:
    """Give states with many words sub-states of at most `width` words, reached by null moves.

    PocketSphinx's search walks a state's whole list of first phones for every word it enters the state
    with, so its cost grows with the square of the fan-out; a few narrow states are much cheaper.
    """
    for state in range(len(builder.states)):
        arcs, nulls = builder.states[state]
        if len(arcs) <= width:
            continue
        ordered = sorted(arcs)
        subs = {builder.intern(frozenset(ordered[i : i + width])) for i in range(0, len(ordered), width)}
        builder.states[state] = (frozenset(), nulls | subs)


def compile_fsg(grammar: Grammar, width: int = 0) -> Fsg:
    """The grammar's top rule as a finite-state grammar with uniform probabilities out of each state."""
    builder = _Builder(grammar)
    end = builder.intern(frozenset())
    start = builder.build(grammar.top, end)
    if width:
        _split_wide(builder, width)
    if builder.states[start][1]:  # the search does not follow null moves out of the start state: copy
        reach = _null_closure(builder, start) | {start}
        start = builder.intern(frozenset().union(*(builder.states[s][0] for s in reach)))
        if end in reach:
            raise ValueError("the grammar accepts the empty sentence")
    # keep only states reachable from the start, renumbered
    order, seen = [start], {start}
    for state in order:
        arcs, nulls = builder.states[state]
        for dst in [d for _, d in arcs] + sorted(nulls):
            if dst not in seen:
                seen.add(dst)
                order.append(dst)
    if end not in seen:
        order.append(end)
    number = {old: new for new, old in enumerate(order)}
    transitions: list[tuple[int, int, float, str | None]] = []
    for old in order:
        arcs, _ = builder.states[old]
        closure = _null_closure(builder, old)  # the search follows one null move only: close them here
        fanout = len(arcs) + len(closure)
        for word, dst in sorted(arcs):
            transitions.append((number[old], number[dst], 1.0 / fanout, word))
        for dst in sorted(closure):
            transitions.append((number[old], number[dst], 1.0 / fanout, None))
    logger.debug("grammar compiled to %d states, %d transitions", len(order), len(transitions))
    return Fsg(len(order), number[start], number[end], transitions)
