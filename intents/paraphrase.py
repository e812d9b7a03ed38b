"""The second stage: when no template matches, a statistical intent classifier over the catalogue's own sentences.

Trained once per process, on first use (about a second), on sentences sampled from the catalogue templates in
which the slot values are replaced by their kind ("play back CAM from DATE"): the model is the same for every
household. At run time the household's camera names, the labels, dates, `which` words, ordinals and numbers are
spotted in the utterance (longest phrase first), replaced the same way, and become the slots. The classifier is
scikit-learn's logistic regression (fitted by stochastic gradient descent: 0.3 s instead of 3 s) over word uni- and
bigrams (TF-IDF).

It only guesses when the words are the catalogue's own (at most one other word, then only unsure), the word after
"the", "my", "a"... is one the catalogue puts there, and a guess about clips names some (a clip word, camera, day,
label or reference); a guess is "sure" only when the model is confident and the intent is harmless or always
asked about by its handler (delete, share). Everything else is unsure: the front ends ask "Did you mean ...?"
before acting, and `python -m intents parse` reports no intent. See docs/voice.md for why this design and the
measured figures.
"""

from __future__ import annotations

import logging
import random
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from hassil.expression import Alternative, Expression, ListReference, Permutation, RuleReference, Sequence, TextChunk
from hassil.intents import RangeSlotList, TextSlotList

from .catalogue import Catalogue, camera_phrases, default_catalogue
from .numbers import spell

logger = logging.getLogger(__name__)

_WORDS = re.compile(r"[a-z0-9']+")

SPOTTED: dict[str, str] = {
    "camera": "xcam",
    "label": "xlabel",
    "date_code": "xdate",
    "daypart": "xdate",
    "holiday": "xdate",
    "which": "xwhich",
    "ordinal": "xord",
    "days": "xnum",
    "weeks": "xnum",
    "months": "xnum",
}
"""Lists whose values are spotted and replaced by their kind, in training and at run time."""
PER_TEMPLATE = 30
SURE = 0.85
"""A guess this probable (of ~17 intents) is sure, if its intent allows it."""
LEAST = 0.5
"""Below this, no guess at all."""
OWN_SHARE = 0.75
"""An unsure guess ("Did you mean ...?") needs this share of the words said to be its intent's own."""
ASKED_BY_HANDLER = frozenset({"DeleteClips", "ShareClip"})
"""Changes whose handlers always ask first, naming what will happen: a sure guess of them still asks that."""
HARMLESS = frozenset({"ListClips", "CountClips", "ShowClip", "AccessLog", "CameraStatus", "RetentionInfo", "Help"})
NEEDS = {"SetRecording": "state", "SetRetention": "days"}
"""Intents that mean nothing without this slot: no guess without it."""
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "our",
        "of",
        "to",
        "for",
        "in",
        "on",
        "at",
        "from",
        "with",
        "and",
        "is",
        "are",
        "was",
        "were",
        "be",
        "me",
        "i",
        "you",
        "it",
        "this",
        "that",
        "what",
        "any",
        "some",
    ]
)


DETERMINERS = frozenset(["the", "my", "a", "an", "our", "your", "his", "her", "their", "these", "those", "every"])
"""After one of these comes what the sentence is about: it must be a word the catalogue puts there."""
ABOUT_CLIPS = frozenset(["ListClips", "CountClips", "ShowClip", "DeleteClips", "ShareClip"])
ANCHORS = frozenset(
    [*(kind for kind in SPOTTED.values() if kind != "xnum"), "it", "that", "this", "them", "those", "everything"]
)
"""A guess about clips needs one of these, or a clip word: which clips ("see you later" names none)."""


@dataclass(frozen=True)
class Guess:
    """The second stage's reading: intent, the catalogue's raw slots, how probable, and whether it is sure."""

    intent: str
    raw: dict = field(default_factory=dict)
    probability: float = 0.0
    sure: bool = False


class _Sampler:
    """Random sentences of the catalogue's templates, spotted lists written as their kind."""

    def __init__(self, catalogue: Catalogue, rng: random.Random) -> None:
        self.intents = catalogue.intents
        self.rng = rng

    def words(self, expr: Expression) -> list[str]:
        if isinstance(expr, TextChunk):
            return expr.text.split()
        if isinstance(expr, RuleReference):
            return self.words(self.intents.expansion_rules[expr.rule_name].expression)
        if isinstance(expr, ListReference):
            if expr.list_name in SPOTTED:
                return [SPOTTED[expr.list_name]]
            slot_list = self.intents.slot_lists.get(expr.list_name)
            if isinstance(slot_list, TextSlotList) and slot_list.values:
                return self.words(self.rng.choice(slot_list.values).text_in)
            if isinstance(slot_list, RangeSlotList):
                return [str(self.rng.randint(slot_list.start, min(slot_list.stop, 99)))]
            return []
        if isinstance(expr, Alternative):
            if expr.is_optional and self.rng.random() < 0.5:
                return []
            return self.words(self.rng.choice(expr.items))
        if isinstance(expr, Permutation):
            items = list(expr.items)
            self.rng.shuffle(items)
            return [w for item in items for w in self.words(item)]
        if isinstance(expr, Sequence):
            return [w for item in expr.items for w in self.words(item)]
        return []


def training_sentences(catalogue: Catalogue, per_template: int = PER_TEMPLATE, seed: int = 5) -> list[tuple[str, str]]:
    """(sentence, intent) pairs sampled from every template."""
    sampler = _Sampler(catalogue, random.Random(seed))
    out: list[tuple[str, str]] = []
    for name, intent in catalogue.intents.intents.items():
        for data in intent.data:
            for sentence in data.sentences:
                for _ in range(per_template):
                    text = " ".join(sampler.words(sentence.expression))
                    if text:
                        out.append((text, name))
    return out


class Spotter:
    """Finds slot phrases (longest first) and writes them as their kind: (delexicalised words, raw slots)."""

    def __init__(self, catalogue: Catalogue, cameras: Iterable) -> None:
        phrases: dict[tuple[str, ...], tuple[str, object]] = {}
        for name in SPOTTED:
            if name == "camera":
                pairs: list[tuple[str, object]] = [(p, c) for p, c in camera_phrases(cameras)]
            elif name in ("days", "weeks", "months"):
                low, high = catalogue.range_list(name)
                pairs = [(form, n) for n in range(low, min(high, 100) + 1) for form in (str(n), spell(n))]
            elif name in catalogue.data["lists"]:
                pairs = [(spoken, value) for spoken, value in catalogue.list_values(name) if "(" not in spoken]
            else:
                continue
            for spoken, value in pairs:
                phrases.setdefault(tuple(spoken.lower().split()), (name, value))
        self.phrases = phrases
        self.longest = max((len(k) for k in phrases), default=1)
        self.states = sorted(
            (
                (tuple(spoken.split()), value)
                for name in ("state", "onoff")
                for spoken, value in catalogue.list_values(name)
                if "(" not in spoken
            ),
            key=lambda item: -len(item[0]),
        )

    def state(self, words: list[str]) -> dict:
        """`state` for a recording change: the longest on/off phrase said ("turn off", "resume", "off")."""
        for phrase, value in self.states:
            for i in range(len(words) - len(phrase) + 1):
                if tuple(words[i : i + len(phrase)]) == phrase:
                    return {"state": value}
        return {}

    def spot(self, words: list[str]) -> tuple[list[str], dict]:
        out: list[str] = []
        raw: dict = {}
        i = 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):
                found = self.phrases.get(tuple(words[i : i + size]))
                if found is not None and found[0] not in raw:
                    name, value = found
                    raw[name] = value
                    out.append(SPOTTED[name])
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        return out, raw


class Classifier:
    """The trained model (TF-IDF word uni/bigrams → logistic regression) and the words it knows."""

    def __init__(self, catalogue: Catalogue) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import SGDClassifier
        from sklearn.pipeline import make_pipeline

        started = time.perf_counter()
        pairs = training_sentences(catalogue)
        texts, labels = zip(*pairs, strict=True)
        self.model = make_pipeline(
            TfidfVectorizer(token_pattern=r"[^ ]+", ngram_range=(1, 2), sublinear_tf=True, min_df=1),
            SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=30, tol=None, random_state=0),
        )
        self.model.fit(texts, labels)
        self.known = frozenset(w for text in texts for w in text.split())
        self.after_determiner = frozenset(b for text in texts for a, b in pairwise(text.split()) if a in DETERMINERS)
        """Words the catalogue's sentences put right after "the", "my", "a"...: "dump the trash" is not one."""
        self.clip_words = frozenset(_WORDS.findall(catalogue.expansion_rules.get("clip", ""))) | ANCHORS
        own: dict[str, set[str]] = {}
        for text, label in pairs:
            own.setdefault(label, set()).update(text.split())
        self.own = {label: frozenset(words) for label, words in own.items()}
        """Each intent's own words: a guess is sure only when every word said is one of them."""
        logger.info("second stage trained on %d sentences in %.1f s", len(texts), time.perf_counter() - started)

    def predict(self, text: str) -> tuple[str, float]:
        probabilities = self.model.predict_proba([text])[0]
        best = int(probabilities.argmax())
        return str(self.model.classes_[best]), float(probabilities[best])


_lock = threading.Lock()
_trained: dict[int, tuple[Catalogue, Classifier]] = {}


def classifier(catalogue: Catalogue | None = None) -> Classifier:
    """The catalogue's classifier, trained once per process on first use."""
    catalogue = catalogue or default_catalogue()
    with _lock:
        if id(catalogue) not in _trained:
            _trained[id(catalogue)] = (catalogue, Classifier(catalogue))
        return _trained[id(catalogue)][1]


def guess(spotter: Spotter, classifier_: Classifier, words: list[str], vocabulary: frozenset[str]) -> Guess | None:
    """The second stage's reading of an utterance the templates did not match (normalised words)."""
    if not words or len(words) > 16:
        return None
    delex, raw = spotter.spot(words)
    strange = [w for w in delex if w not in classifier_.known and w not in vocabulary]
    if len(strange) > 1 or not [w for w in delex if w not in FUNCTION_WORDS]:
        return None
    if any(a in DETERMINERS and b not in classifier_.after_determiner for a, b in pairwise(delex)):
        return None  # "dump the trash in the garage": "the trash" is what it is about, and not ours
    intent, probability = classifier_.predict(" ".join(delex))
    if probability < LEAST:
        return None
    if intent == "SetRecording":
        raw.update(spotter.state(words))
    if intent in NEEDS and NEEDS[intent] not in raw:
        return None
    if intent in ABOUT_CLIPS and classifier_.clip_words.isdisjoint(delex):
        return None  # no clip, camera, day, label or reference said: "see you later"
    own = classifier_.own.get(intent, frozenset())
    content = [w for w in delex if w not in FUNCTION_WORDS]
    covered = sum(w in own for w in content) / len(content)
    if strange or covered < OWN_SHARE:
        return None  # words the intent's own sentences never use: not worth a question
    sure = probability >= SURE and covered == 1.0 and (intent in HARMLESS or intent in ASKED_BY_HANDLER)
    return Guess(intent, raw, probability, sure)
