"""The generated skill package (skill.model): current, valid per Alexa's rules, true to the contract."""

from __future__ import annotations

import json
import re
from functools import lru_cache

import pytest
from pinned import NOW

from clipstore.demo import DEMO_CAMERAS
from clipstore.models import LABELS
from intents.catalogue import INTENTS, SLOTS
from intents.handlers.common import WHICH
from skill import model
from skill.alexa.slots import SLOT_TYPES
from skill.model import document

PACKAGE = model.PACKAGE_DIR
SAMPLE = re.compile(r"^(?:[a-z]+(?:'[a-z]+)?|\{[a-z_]+\})(?: (?:[a-z]+(?:'[a-z]+)?|\{[a-z_]+\}))*$")
SYNONYM = re.compile(r"^[a-z]+(?:['.][a-z]+)*\.?(?: [a-z]+(?:['.][a-z]+)*\.?)*$")


@lru_cache(maxsize=1)
def generated() -> dict:
    return model.generate()


def committed(rel) -> dict:
    return json.loads((PACKAGE / rel).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def lm() -> dict:
    return committed(model.MODEL_PATH)["interactionModel"]["languageModel"]


def test_committed_files_are_current():
    """Regenerate from the catalogue and compare: run `python -m skill.model` after changing it."""
    for rel, content in generated().items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        assert (PACKAGE / rel).read_bytes() == data, f"{rel} is stale: run python -m skill.model"


def test_check_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(document, "generate", lambda endpoint=model.DEFAULT_ENDPOINT, privacy_url=None: generated())
    assert model.main(["--out", str(tmp_path)]) == 0
    capsys.readouterr()
    assert model.main(["--check", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"The skill package in {tmp_path} is current.\n"  # not silence
    (tmp_path / model.MODEL_PATH).write_text("{}")
    assert model.main(["--check", "--out", str(tmp_path)]) == 1
    assert "stale" in capsys.readouterr().out


def test_invocation_and_intents(lm):
    assert lm["invocationName"] == "home clips"
    intents = {i["name"]: i for i in lm["intents"]}
    for name in INTENTS:
        builtin = f"AMAZON.{name}Intent"
        assert builtin in intents or f"{name}Intent" in intents
    for builtin in (
        "AMAZON.FallbackIntent",
        "AMAZON.NavigateHomeIntent",
        "AMAZON.HelpIntent",
        "AMAZON.StopIntent",
        "AMAZON.CancelIntent",
        "AMAZON.YesIntent",
        "AMAZON.NoIntent",
    ):
        assert builtin in intents
    for name, slots in SLOTS.items():
        declared = {s["name"]: s["type"] for s in intents[f"{name}Intent"].get("slots", [])}
        assert {k: declared[k] for k in slots} == {k: SLOT_TYPES[k] for k in slots}
        assert set(declared) - set(slots) <= {"weeks", "months", "position"}
    assert intents["VoiceCodeIntent"]["slots"] == [{"name": "code", "type": "AMAZON.FOUR_DIGIT_NUMBER"}]
    assert "AMAZON.PauseIntent" in intents and "AMAZON.ResumeIntent" in intents


def test_samples_follow_alexa_rules(lm):
    everywhere: dict[str, str] = {}
    for item in lm["intents"]:
        samples = item["samples"]
        declared = {s["name"] for s in item.get("slots", [])}
        assert len(samples) <= model.MAX_SAMPLES
        assert len(samples) == len(set(samples))
        if item["name"].endswith("Intent") and not item["name"].startswith("AMAZON."):
            assert len(samples) >= (5 if item["name"] == "VoiceCodeIntent" else 15), item["name"]
        for text in samples:
            assert SAMPLE.match(text), text
            assert not re.search(r"\d", text)
            used = re.findall(r"\{([a-z_]+)\}", text)
            assert len(used) == len(set(used)) and set(used) <= declared, text
            assert text.split()[0] not in model.LAUNCH_WORDS
            assert everywhere.setdefault(text, item["name"]) == item["name"], f"{text!r} in two intents"


def test_slot_types(lm):
    types = {t["name"]: t["values"] for t in lm["types"]}
    assert set(types) == {"CAMERA", "MEMBER", "LABEL", "WHICH", "STATE"}
    assert [v["id"] for v in types["CAMERA"]] == [slug for slug, _, _ in DEMO_CAMERAS]
    porch = types["CAMERA"][0]["name"]
    assert porch["value"] == "front door" and "porch" in porch["synonyms"]
    assert [v["id"] for v in types["LABEL"]] == list(LABELS)
    assert [v["id"] for v in types["WHICH"]] == list(WHICH)
    assert [v["id"] for v in types["STATE"]] == ["off", "on"]
    for values in types.values():
        for value in values:
            assert SYNONYM.match(value["name"]["value"])
            for synonym in value["name"]["synonyms"]:
                assert SYNONYM.match(synonym), synonym
    stop = next(v for v in types["STATE"] if v["id"] == "off")["name"]["synonyms"]
    assert "pause" in stop and "of" not in stop


def test_dialog_model_confirms_delete_and_share():
    doc = committed(model.MODEL_PATH)["interactionModel"]
    dialog = doc["dialog"]
    assert dialog["delegationStrategy"] == "SKILL_RESPONSE"
    prompts = {p["id"] for p in doc["prompts"]}
    confirmed = {i["name"]: i for i in dialog["intents"]}
    assert set(confirmed) == {"DeleteClipsIntent", "ShareClipIntent"}
    for name, item in confirmed.items():
        assert item["confirmationRequired"] is True
        assert item["prompts"]["confirmation"] in prompts
        assert {s["name"] for s in item["slots"]} == set(SLOTS[name.removesuffix("Intent")]) | {"position"}


def test_manifest_examples_are_backed_by_samples(lm):
    manifest = committed(model.MANIFEST_PATH)["manifest"]
    locale = manifest["publishingInformation"]["locales"]["en-US"]
    assert manifest["apis"]["custom"]["endpoint"]["uri"].startswith("https://")
    assert {"type": "ALEXA_PRESENTATION_APL"} in manifest["apis"]["custom"]["interfaces"]
    patterns = [
        re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", ".+", re.escape(s)) + "$")
        for item in lm["intents"]
        for s in item["samples"]
    ]
    for phrase in locale["examplePhrases"]:
        rest = phrase.removeprefix("Alexa, ").lower()
        if rest == "open home clips":
            continue
        utterance = re.sub(r"^ask home clips (to )?", "", rest)
        assert any(p.match(utterance) for p in patterns), phrase


def test_generator_rejects_what_alexa_rejects():
    allowed = {"camera": "CAMERA", "date": "AMAZON.DATE"}
    assert model.alexa_rules_problem("show {camera} from {date}", ("camera", "date"), allowed) is None
    assert model.alexa_rules_problem("show clip 2", (), allowed)
    assert model.alexa_rules_problem("show {camera} and {camera}", ("camera", "camera"), allowed)
    assert model.alexa_rules_problem("show {label}", ("label",), allowed)
    assert model.alexa_rules_problem("open {camera}", ("camera",), allowed)
    assert model.alexa_rules_problem("show 'em", (), allowed)
    assert model.alexa_rules_problem("show clips, please", (), allowed)


# --- Amazon's documented rules for the interaction model --------------------------------------------------
# [utterances] "Create Intents, Utterances, and Slots", Alexa Skills Kit documentation,
#   https://developer.amazon.com/en-US/docs/alexa/custom-skills/create-intents-utterances-and-slots.html
#   (sample utterance rules: letters, spaces, and only possessive/contraction apostrophes, periods in
#   abbreviations and hyphens as punctuation; no numerals (spell numbers out); each slot at most once per
#   utterance, and only slots the intent declares; utterances unique within and across intents)
# [limits] "Interaction model limits" (same documentation): a sample utterance is at most 200 characters;
#   a slot name starts with a letter and holds letters, digits and underscores
# [invocation] "Choose the Invocation Name for a Custom Skill": lower-case letters, spaces, at least two words
# [slot types] "Slot Type Reference" / "Create and Edit Custom Slot Types": a slot's type is a built-in
#   AMAZON.* type or a custom type the model defines
# [built-ins] "Standard Built-in Intents": AMAZON.CancelIntent, HelpIntent and StopIntent are required;
#   AMAZON.FallbackIntent, PauseIntent and ResumeIntent are standard built-ins (Pause/Resume: APL video)

AMAZON_CHARS = re.compile(r"^[a-z {}'._-]+$")  # [utterances]: lower case here, as the generator writes them
SLOT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")  # [limits]


def test_model_follows_amazons_documented_rules(lm):
    """Characters, length, duplicates within and across intents, slot use: checked on the committed model."""
    assert re.fullmatch(r"[a-z]+( [a-z]+)+", lm["invocationName"])  # [invocation]
    names = {i["name"] for i in lm["intents"]}
    assert {"AMAZON.CancelIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent"} <= names  # [built-ins]
    custom_types = {t["name"] for t in lm["types"]}
    owner: dict[str, str] = {}
    for item in lm["intents"]:
        declared = {}
        for slot in item.get("slots", []):
            assert SLOT_NAME.match(slot["name"]), slot  # [limits]
            assert slot["type"].startswith("AMAZON.") or slot["type"] in custom_types, slot  # [slot types]
            declared[slot["name"]] = slot["type"]
        used_anywhere: set[str] = set()
        assert len(item["samples"]) == len(set(item["samples"])), item["name"]  # [utterances]: no duplicate
        for text in item["samples"]:
            assert 0 < len(text) <= 200, text  # [limits]
            assert AMAZON_CHARS.match(text) and not re.search(r"[0-9]", text), text  # [utterances]
            assert not re.search(r"(^|[^a-z])'|'($|[^a-z])", text), text  # apostrophes only inside words
            slots = re.findall(r"\{([^}]*)\}", text)
            assert len(slots) == len(set(slots)), text  # [utterances]: each slot once
            assert set(slots) <= set(declared), text  # [utterances]: only declared slots
            assert not re.search(r"\}\S|\S\{", text), text  # a slot stands as a word of its own
            used_anywhere |= set(slots)
            assert owner.setdefault(text, item["name"]) == item["name"], f"{text!r} in two intents"  # [utterances]
        if item["samples"]:
            assert used_anywhere == set(declared), (item["name"], set(declared) - used_anywhere)


def test_no_doubled_words_and_no_wrong_articles(lm):
    """Every sample is plain English: 'bring up up the {camera}' and 'report an clip' are rejected."""
    doubled = [s for i in lm["intents"] for s in i["samples"] if re.search(r"\b(\w+) \1\b", s)]
    articles = [
        s for i in lm["intents"] for s in i["samples"] if re.search(r"\ban (?![aeiou])|\ba (?=[aeiou])|\ban? \{", s)
    ]
    assert doubled == [] and articles == []
    for bad in (
        "bring up up the {camera}",
        "cancel all of share links links",
        "report an clip for feedback",
        "keep an motion clips {days} days",
        "show a {label}",
        "is there a animal",
        "play me me {which}",
    ):
        assert model.grammar_problem(bad), bad
    for good in ("report the {which} clip", "show an old clip", "is there a person", "a union of cameras"):
        assert model.grammar_problem(good) is None, good


def test_common_phrasings_are_kept(lm):
    """Each contract intent keeps its everyday phrasings, with "today's" reaching AMAZON.DATE."""
    samples = {i["name"]: set(i["samples"]) for i in lm["intents"]}
    for intent, text in (
        ("ListClipsIntent", "what happened at the {camera} {date}"),
        ("ListClipsIntent", "what happened {date}"),
        ("CountClipsIntent", "how many clips from the {camera} {date}"),
        ("ShowClipIntent", "show the {which} clip"),
        ("ShowClipIntent", "show me the {which} one"),
        ("DeleteClipsIntent", "delete {date} recordings"),
        ("DeleteClipsIntent", "delete {which}"),
        ("RestoreClipsIntent", "undo"),
        ("ShareClipIntent", "share the {which} clip with {member}"),
        ("RevokeSharesIntent", "stop sharing"),
        ("AccessLogIntent", "who watched my clips {date}"),
        ("SetRecordingIntent", "{state} recording the {camera}"),
        ("SetRetentionIntent", "keep clips for {days} days"),
        ("RetentionInfoIntent", "how long do you keep clips"),
        ("VoiceCodeIntent", "{code}"),
    ):
        assert text in samples[intent], (intent, text)
    delete = next(i for i in lm["intents"] if i["name"] == "DeleteClipsIntent")
    assert {"name": "date", "type": "AMAZON.DATE"} in delete["slots"]
    from intents.parser import Parser

    parsed = Parser(model.demo_cameras()).parse("delete today's recordings", now=NOW, tz="UTC")
    assert (parsed.intent, parsed.slots) == ("DeleteClips", {"date": NOW.date().isoformat()})


def test_manifest_for_certification():
    manifest = committed(model.MANIFEST_PATH)["manifest"]
    privacy = manifest["privacyAndCompliance"]
    assert privacy["usesPersonalInfo"] is True
    assert privacy["locales"]["en-US"]["privacyPolicyUrl"] == "https://clips.example.com/privacy"
    custom = document.skill_manifest("https://cams.example.org/alexa", "https://cams.example.org/policy")
    assert (
        custom["manifest"]["privacyAndCompliance"]["locales"]["en-US"]["privacyPolicyUrl"]
        == "https://cams.example.org/policy"
    )
    assert "household token" in manifest["publishingInformation"]["testingInstructions"]
    from PIL import Image

    locale = manifest["publishingInformation"]["locales"]["en-US"]
    for key, size in (("smallIconUri", 108), ("largeIconUri", 512)):
        path = PACKAGE / locale[key].removeprefix("file://")
        with Image.open(path) as icon:
            assert icon.format == "PNG" and icon.size == (size, size)
