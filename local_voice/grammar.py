"""The catalogue's sentence templates as a word grammar (JSGF for PocketSphinx, samples for the rest).

The hassil expression trees are walked, not enumerated: expansion rules become grammar rules, slot lists
become alternatives, range lists become compact number-word rules ("three hundred sixty five"), and
parts written without a space between them ("clip[s]") are spelt out as whole words.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable

from hassil.expression import (
    Alternative,
    Expression,
    Group,
    ListReference,
    Permutation,
    RuleReference,
    Sentence,
    Sequence,
    TextChunk,
)
from hassil.intents import RangeSlotList, TextSlotList
from hassil.sample import sample_expression

from clipstore import Camera, Member
from intents.catalogue import Catalogue, camera_phrases, camera_slot_list, member_phrases
from intents.voicecode import CODE_PREFIXES, DIGIT_WORDS, VOICE_CODE_INTENT

from .numbers import ONES, TEENS, TENS
from .wordgraph import EMPTY, Alt, Grammar, Node, Ref, Rep, Seq, Words, alt, rule_name, seq, words_of

logger = logging.getLogger(__name__)

MAX_GLUED = 200
"""At most this many spellings of a word glued from several template parts ("clip[s]")."""
SUFFIX_SKIP = ("please", "for me")
"""Skip words that also make sense at the end of a command."""
FILLERS = ("um", "uh")


class _Converter:
    """hassil expressions → grammar nodes, with rules for expansion rules and lists."""

    def __init__(self, catalogue: Catalogue, cameras: Iterable[Camera], members: Iterable[Member] = ()) -> None:
        self.intents = catalogue.intents
        self.cameras = list(cameras)
        self.members = list(members)
        self.slot_lists = {**self.intents.slot_lists, "camera": camera_slot_list(self.cameras)}
        self.rules: dict[str, Node] = {}

    def rule(self, name: str) -> Ref:
        ref = Ref(rule_name("rule", name))
        if ref.name not in self.rules:
            self.rules[ref.name] = EMPTY  # placeholder against cycles
            self.rules[ref.name] = self.node(self.intents.expansion_rules[name].expression)
        return ref

    def slot_list(self, name: str) -> Ref:
        ref = Ref(rule_name("list", name))
        if ref.name in self.rules:
            return ref
        if name == "camera":
            node = alt(words_of(phrase) for phrase, _ in camera_phrases(self.cameras))
        elif name == "member":
            node = alt(words_of(phrase) for phrase, _ in member_phrases(self.members))
        else:
            slot_list = self.slot_lists.get(name)
            if isinstance(slot_list, TextSlotList):
                node = alt(self.node(v.text_in) for v in slot_list.values)
            elif isinstance(slot_list, RangeSlotList):
                node = self.number(slot_list.start, slot_list.stop)
            else:  # wildcards and unknown lists cannot be spoken to a grammar
                node = Words(("<wildcard>",))
        self.rules[ref.name] = node
        return ref

    def number(self, lo: int, hi: int) -> Node:
        """Number words from lo to hi (exact below 100, a little generous above)."""
        ones = Ref("num_ones")
        self.rules.setdefault("num_ones", alt(Words((w,)) for w in ONES))
        below: list[Node] = [Words((w,)) for w in ONES[: min(hi, 9)]]
        below += [Words((w,)) for w in TEENS[: max(0, min(hi, 19) - 9)]]
        for tens in range(20, min(hi, 99) + 1, 10):
            top = min(9, hi - tens)
            units = ones if top == 9 else alt(Words((w,)) for w in ONES[:top])
            below.append(Seq((Words((TENS[tens // 10 - 2],)), alt([units], optional=True))))
        options: list[Node] = [alt(below)]
        if hi >= 100:
            self.rules.setdefault("num_1_99", self.number(1, 99))
            rest = alt([Ref("num_1_99")], optional=True)
            hundreds = Seq(
                (ones if hi >= 999 else alt(Words((w,)) for w in ONES[: hi // 100]), Words(("hundred",)), rest)
            )
            options.append(hundreds)
            if hi >= 1000:
                lead = alt(Words((w,)) for w in ONES[: min(9, hi // 1000)])
                options.append(
                    Seq((lead, Words(("thousand",)), alt([Seq((ones, Words(("hundred",))))], optional=True), rest))
                )
        if lo <= 0:
            options.append(Words(("zero",)))
        return alt(options)

    def node(self, expr: Expression) -> Node:
        if isinstance(expr, TextChunk):
            return words_of(expr.text)
        if isinstance(expr, RuleReference):
            return self.rule(expr.rule_name)
        if isinstance(expr, ListReference):
            return self.slot_list(expr.list_name)
        if isinstance(expr, Permutation):
            return alt(Seq(tuple(self.node(i) for i in order)) for order in itertools.permutations(expr.items))
        if isinstance(expr, Alternative):
            return alt((self.node(i) for i in expr.items), optional=expr.is_optional)
        if isinstance(expr, Sequence):
            return seq(self._glued(run) if len(run) > 1 else self.node(run[0]) for run in _word_runs(expr.items))
        if isinstance(expr, Group):
            return Seq(tuple(self.node(i) for i in expr.items))
        raise TypeError(f"unexpected template part {expr!r}")

    def _glued(self, run: list[Expression]) -> Node:
        """Parts written without a space between them ("clip[s]") are spelt out as whole words."""
        texts = sample_expression(Sequence(items=list(run)), self.slot_lists, self.intents.expansion_rules)
        spellings = list(itertools.islice(texts, MAX_GLUED + 1))
        if len(spellings) > MAX_GLUED:
            logger.warning("template part %r has over %d spellings; using the first ones", run, MAX_GLUED)
        return alt(words_of(text) for text in spellings[:MAX_GLUED])


def _edge(expr: Expression, last: bool) -> str:
    """'space', 'empty' or 'solid' at one end of a template part."""
    if isinstance(expr, TextChunk):
        if not expr.text:
            return "empty"
        char = expr.text[-1] if last else expr.text[0]
        return "space" if char.isspace() else "solid"
    return "solid"


def _word_runs(items: list[Expression]) -> list[list[Expression]]:
    """Split a sequence into runs of parts that touch without whitespace."""
    runs: list[list[Expression]] = []
    for item in items:
        if _edge(item, last=False) == "empty":
            continue
        if runs and _edge(runs[-1][-1], last=True) == "solid" and _edge(item, last=False) == "solid":
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def build_grammar(catalogue: Catalogue, cameras: Iterable[Camera], members: Iterable[Member] = ()) -> Grammar:
    """The whole catalogue (wildcard sentences left out) for these cameras and members, with optional skip
    words."""
    conv = _Converter(catalogue, cameras, members)
    per_intent: dict[str, list[Node]] = {}
    for name, intent in conv.intents.intents.items():
        nodes = []
        for data in intent.data:
            for sentence in data.sentences:
                names = sentence.list_names(conv.intents.expansion_rules) if isinstance(sentence, Sentence) else ()
                if (
                    isinstance(sentence, Sentence)
                    and not any(n in data.wildcard_list_names for n in names)
                    and (conv.members or "member" not in names)
                ):  # nobody to name: no "share it with ..."
                    nodes.append(conv.node(sentence.expression))
        per_intent[name] = nodes
        conv.rules[rule_name("intent", name)] = alt(nodes)
    digit = alt(words_of(word) for word in DIGIT_WORDS)  # the voice code after a yes: four digits
    code = seq([alt([words_of(p) for p in CODE_PREFIXES], optional=True), digit, digit, digit, digit])
    per_intent[VOICE_CODE_INTENT] = [code]
    conv.rules[rule_name("intent", VOICE_CODE_INTENT)] = code
    skip = [s for s in catalogue.skip_words if s not in FILLERS]
    conv.rules["skip_before"] = alt(words_of(s) for s in skip)
    conv.rules["skip_after"] = alt(words_of(s) for s in skip if s in SUFFIX_SKIP)
    body = alt(Ref(rule_name("intent", name)) for name in per_intent)
    top = Seq((alt([Ref("skip_before")], optional=True), body, alt([Ref("skip_after")], optional=True)))
    grammar = Grammar(conv.rules, top, per_intent)
    return grammar.prune(lambda word: word != "<wildcard>")


__all__ = ["Alt", "Grammar", "Node", "Ref", "Rep", "Seq", "Words", "build_grammar"]
