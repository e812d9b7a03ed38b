"""The catalogue as a recogniser grammar: JSGF text, the compiled FSG, number words, camera changes."""

from __future__ import annotations

import pocketsphinx
import pytest
import yaml

from clipstore.demo import DEMO_CAMERAS
from clipstore.models import Camera
from intents.catalogue import Catalogue, default_catalogue
from local_voice.domain import domain_for
from local_voice.fsg import compile_fsg
from local_voice.grammar import build_grammar
from local_voice.lm import build_arpa
from local_voice.numbers import spell
from local_voice.sentences import Corrector, phrase_list

DEMO = tuple(Camera(slug, name, syns) for slug, name, syns in DEMO_CAMERAS)
NURSERY = Camera("nursery", "Nursery", ("baby room",))


def pronounceable(word: str) -> bool:
    return not any(ch.isdigit() for ch in word)


@pytest.fixture(scope="module")
def demo_fsg():
    return compile_fsg(domain_for(DEMO).grammar.prune(pronounceable))


@pytest.mark.parametrize(
    "sentence",
    [
        "delete today's recordings",
        "show me the latest clip from the garage",
        "what clips are there from the porch",  # camera synonym
        "count the clips from the garden",  # another synonym
        "resume recording in the lounge",
        "how many times did a car come up the driveway this week",
        "keep recordings for seven days",
        "keep clips for ninety days",  # number words from the range lists
        "keep clips for three hundred sixty five days",
        "please show the doorbell clip",  # skip words around a command
        "yes",
        "no",
        "undo",
        "stop",
    ],
)
def test_grammar_accepts_catalogue_sentences(demo_fsg, sentence):
    assert demo_fsg.accepts(sentence.split())


@pytest.mark.parametrize(
    "sentence",
    ["what's the weather like", "order more paper towels", "show the nursery clip", "keep clips for 30 days"],
)
def test_grammar_rejects_what_the_catalogue_does_not_say(demo_fsg, sentence):
    assert not demo_fsg.accepts(sentence.split())


def test_number_words_are_spelt_as_the_parser_reads_them():
    assert [spell(n) for n in (7, 30, 90, 365, 3650)] == [
        "seven",
        "thirty",
        "ninety",
        "three hundred sixty five",
        "three thousand six hundred fifty",
    ]
    parser = domain_for(DEMO).parser
    for days in (1, 7, 14, 30, 90, 180, 365, 1000):
        assert parser.parse(f"keep clips for {spell(days)} days").slots == {"days": days}


def test_jsgf_text_has_rules_lists_and_camera_names():
    grammar = domain_for(DEMO).grammar
    jsgf = grammar.to_jsgf()
    assert jsgf.startswith("#JSGF V1.0;")
    assert "public <command> = " in jsgf
    for rule in ("<rule_np>", "<list_camera>", "<list_days>", "<intent_DeleteClips>"):
        assert rule in jsgf
    camera_rule = next(line for line in jsgf.splitlines() if line.startswith("<list_camera> ="))
    for phrase in ("front door", "front porch", "doorbell", "garden", "lounge", "driveway"):
        assert phrase in camera_rule
    assert "ninety" in jsgf and "hundred" in jsgf


def test_pocketsphinx_loads_the_jsgf():
    decoder = pocketsphinx.Decoder(lm=None, loglevel="FATAL")
    known = domain_for(DEMO).grammar.prune(lambda w: decoder.lookup_word(w) is not None)
    small = known.only(["Help", "Yes", "No", "Cancel", "Stop", "SetRetention"])
    decoder.add_jsgf_string("cmd", small.to_jsgf())  # raises if the text is not valid JSGF
    decoder.activate_search("cmd")


def test_a_new_camera_appears_in_the_grammar():
    before = domain_for(DEMO)
    after = domain_for((*DEMO, NURSERY))
    assert before.key != after.key
    assert domain_for(DEMO) is before  # cached per camera set
    assert "nursery" not in before.vocabulary and "nursery" in after.vocabulary
    fsg = compile_fsg(after.grammar.prune(pronounceable))
    for sentence in ("show the nursery clip", "delete the baby room recordings from yesterday"):
        assert fsg.accepts(sentence.split())
    assert after.parser.parse("show the nursery clip").slots == {"camera": "nursery"}
    assert "nursery" in after.grammar.to_jsgf()


def test_templates_glued_without_spaces_become_whole_words():
    data = {
        "language": "en",
        "intents": {"Help": {"data": [{"sentences": ["clip[s] please", "[re]play it"]}]}},
        "lists": {},
        "expansion_rules": {},
        "skip_words": [],
    }
    grammar = build_grammar(Catalogue(data), [])
    fsg = compile_fsg(grammar)
    for sentence in ("clip please", "clips please", "replay it", "play it"):
        assert fsg.accepts(sentence.split())
    assert not fsg.accepts(["clip", "s", "please"])


def test_language_model_and_phrase_list_come_from_the_catalogue(tmp_path):
    domain = domain_for(DEMO)
    sentences = domain.lm_sentences[:2000]
    arpa = build_arpa(sentences, domain.vocabulary)
    path = tmp_path / "lm.arpa"
    path.write_text(arpa)
    decoder = pocketsphinx.Decoder(lm=None, loglevel="FATAL")
    decoder.add_lm_file("lm", str(path))  # a valid ARPA model
    assert "\\3-grams:" in arpa
    phrases = phrase_list(domain.sentences, domain.vocabulary)
    assert phrases[-1] == "[unk]" and "front porch" not in phrases[:1]
    assert "garage" in phrases and any("garage" in p and " " in p for p in phrases)
    assert set(yaml.safe_load(yaml.safe_dump(phrases))) == set(phrases)  # plain strings, JSON/YAML safe


def test_fuzzy_correction_has_a_threshold():
    corrector = Corrector(["show the front door clip", "delete today's recordings"])
    assert corrector.correct("show the front door clip for") == "show the front door clip"
    assert corrector.correct("what's the weather like") is None
    assert corrector.correct("[unk] [unk] the clip") is None


def test_catalogue_is_read_at_run_time():
    intents = set(default_catalogue().data["intents"]) | {"VoiceCode"}  # and the voice code after a yes
    assert set(domain_for(DEMO).grammar.intents) == intents
