"""A word grammar: named rules over words, optional parts, repetitions; rendered as JSGF or sampled.

The nodes are what `grammar.py` makes of the catalogue's hassil templates; `fsg.py` compiles them for
PocketSphinx and `sentences.py` samples them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from intents.parser import normalize


@dataclass(frozen=True)
class Words:
    """A fixed run of words (empty: matches nothing, i.e. epsilon)."""

    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Seq:
    """Items one after another."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Alt:
    """One of the items; `optional` also allows none."""

    items: tuple[Node, ...]
    optional: bool = False


@dataclass(frozen=True)
class Ref:
    """A named rule."""

    name: str


@dataclass(frozen=True)
class Rep:
    """The item any number of times, none included (what `[x] [x] [x]` in a template becomes)."""

    item: Node


Node = Words | Seq | Alt | Ref | Rep
EMPTY = Words()


def alt(items: Iterable[Node], optional: bool = False) -> Node:
    items = list(items)
    unique = tuple(dict.fromkeys(i for i in items if i != EMPTY))
    optional = optional or any(i == EMPTY for i in items)
    if not unique:
        return EMPTY
    if len(unique) == 1 and not optional:
        return unique[0]
    return Alt(unique, optional)


def seq(items: Iterable[Node]) -> Node:
    """A sequence, with runs of the same optional part (`[<post>] [<post>]`) made one repetition."""
    out: list[Node] = []
    for item in items:
        if item == EMPTY:
            continue
        if out and isinstance(item, Alt) and item.optional:
            last = out[-1]
            body = alt(item.items)
            if last == item or (isinstance(last, Rep) and last.item == body):
                out[-1] = Rep(body)
                continue
        out.append(item)
    if not out:
        return EMPTY
    return out[0] if len(out) == 1 else Seq(tuple(out))


def words_of(text: str) -> Words:
    return Words(tuple(normalize(text).split()))


def rule_name(kind: str, name: str) -> str:
    return f"{kind}_{re.sub(r'[^A-Za-z0-9_]', '_', name)}"


@dataclass
class Grammar:
    """Named rules plus the top node; every `Ref` names a rule."""

    rules: dict[str, Node]
    top: Node
    intents: dict[str, list[Node]] = field(default_factory=dict)

    # -- pruning -------------------------------------------------------------
    def prune(self, known: Callable[[str], bool]) -> Grammar:
        """Drop every alternative that contains a word `known` rejects (no pronunciation)."""
        memo: dict[str, Node | None] = {}

        def walk(node: Node) -> Node | None:
            if isinstance(node, Words):
                return node if all(known(w) for w in node.words) else None
            if isinstance(node, Ref):
                if node.name not in memo:
                    memo[node.name] = None  # cycle guard
                    memo[node.name] = walk(self.rules[node.name])
                return node if memo[node.name] is not None else None
            if isinstance(node, Seq):
                items = [walk(i) for i in node.items]
                return None if any(i is None for i in items) else Seq(tuple(items))  # type: ignore[arg-type]
            if isinstance(node, Rep):
                item = walk(node.item)
                return EMPTY if item is None or item == EMPTY else Rep(item)
            kept = [i for i in (walk(i) for i in node.items) if i is not None]
            if not kept:
                return EMPTY if node.optional else None
            return Alt(tuple(kept), node.optional)

        top = walk(self.top)
        if top is None:
            raise ValueError("no sentence of the catalogue can be pronounced")
        intents = {name: [n for n in (walk(t) for t in nodes) if n is not None] for name, nodes in self.intents.items()}
        rules = {name: node for name, node in memo.items() if node is not None}
        return Grammar(rules, top, intents)

    def only(self, intents: Iterable[str]) -> Grammar:
        """The same grammar limited to some intents (smaller grammars for tests and tools)."""
        names = [n for n in intents if n in self.intents]
        top = alt(Ref(rule_name("intent", n)) for n in names)
        return Grammar(self.rules, top, {n: self.intents[n] for n in names})

    # -- rendering -----------------------------------------------------------
    def to_jsgf(self, name: str = "voice") -> str:
        """The grammar in JSGF, with one public rule `<command>`."""
        lines = ["#JSGF V1.0;", f"grammar {name};", f"public <command> = {_jsgf(self.top)};"]
        for rule in sorted(self._reachable()):
            lines.append(f"<{rule}> = {_jsgf(self.rules[rule])};")
        return "\n".join(lines) + "\n"

    def _reachable(self) -> set[str]:
        seen: set[str] = set()
        todo = [self.top]
        while todo:
            node = todo.pop()
            if isinstance(node, Ref):
                if node.name not in seen:
                    seen.add(node.name)
                    todo.append(self.rules[node.name])
            elif isinstance(node, (Seq, Alt)):
                todo.extend(node.items)
            elif isinstance(node, Rep):
                todo.append(node.item)
        return seen

    def vocabulary(self) -> set[str]:
        """Every word the grammar can produce."""
        words: set[str] = set()
        for node in [self.top, *(self.rules[r] for r in self._reachable())]:
            todo = [node]
            while todo:
                item = todo.pop()
                if isinstance(item, Words):
                    words.update(item.words)
                elif isinstance(item, (Seq, Alt)):
                    todo.extend(item.items)
                elif isinstance(item, Rep):
                    todo.append(item.item)
        return words

    # -- sampling ------------------------------------------------------------
    def sample(self, node: Node, rng: random.Random, p_optional: float = 0.5) -> list[str]:
        """One random word sequence of `node`."""
        if isinstance(node, Words):
            return list(node.words)
        if isinstance(node, Ref):
            return self.sample(self.rules[node.name], rng, p_optional)
        if isinstance(node, Seq):
            return [w for item in node.items for w in self.sample(item, rng, p_optional)]
        if isinstance(node, Rep):
            words: list[str] = []
            while rng.random() < p_optional / (1 + len(words)):
                words += self.sample(node.item, rng, p_optional)
            return words
        if node.optional and rng.random() >= p_optional:
            return []
        return self.sample(rng.choice(node.items), rng, p_optional)


def _jsgf(node: Node) -> str:
    if isinstance(node, Words):
        return " ".join(node.words) if node.words else "<NULL>"
    if isinstance(node, Ref):
        return f"<{node.name}>"
    if isinstance(node, Seq):
        parts = [_jsgf(i) for i in node.items if i != EMPTY]
        return " ".join(parts) if parts else "<NULL>"
    if isinstance(node, Rep):
        return f"[ ( {_jsgf(node.item)} )+ ]"
    body = " | ".join(_jsgf(i) for i in node.items)
    return f"[ {body} ]" if node.optional else f"( {body} )"
