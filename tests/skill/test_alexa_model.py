"""The generated skill package (skill.model): current, valid per Alexa's rules, true to the contract."""
from __future__ import annotations

import json
import re
from functools import lru_cache

import pytest

from clipstore.demo import DEMO_CAMERAS
from clipstore.models import LABELS
from intents.catalogue import INTENTS, SLOTS
from intents.handlers.common import WHICH
from skill import model
from skill.alexa.slots import SLOT_TYPES
from skill.model import document

PACKAGE = model.PACKAGE_DIR
SAMPLE = re.compile(r"^(?:[a-z]+(?:'[a-z]+)?|\{[a-z]+\})(?: (?:[a-z]+(?:'[a-z]+)?|\{[a-z]+\}))*$")
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
    for rel, text in generated().items():
        assert (PACKAGE / rel).read_text(encoding="utf-8") == text, f"{rel} is stale: run python -m skill.model"


def test_check_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(document, "generate", lambda endpoint=model.DEFAULT_ENDPOINT: generated())
    assert model.main(["--out", str(tmp_path)]) == 0
    assert model.main(["--check", "--out", str(tmp_path)]) == 0
    (tmp_path / model.MODEL_PATH).write_text("{}")
    assert model.main(["--check", "--out", str(tmp_path)]) == 1
    assert "stale" in capsys.readouterr().out


def test_invocation_and_intents(lm):
    assert lm["invocationName"] == "home clips"
    intents = {i["name"]: i for i in lm["intents"]}
    for name in INTENTS:
        builtin = f"AMAZON.{name}Intent"
        assert builtin in intents or f"{name}Intent" in intents
    for builtin in ("AMAZON.FallbackIntent", "AMAZON.NavigateHomeIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent",
                    "AMAZON.CancelIntent", "AMAZON.YesIntent", "AMAZON.NoIntent"):
        assert builtin in intents
    for name, slots in SLOTS.items():
        declared = {s["name"]: s["type"] for s in intents[f"{name}Intent"].get("slots", [])}
        assert {k: declared[k] for k in slots} == {k: SLOT_TYPES[k] for k in slots}
        assert set(declared) - set(slots) <= {"weeks", "months"}


def test_samples_follow_alexa_rules(lm):
    everywhere: dict[str, str] = {}
    for item in lm["intents"]:
        samples = item["samples"]
        declared = {s["name"] for s in item.get("slots", [])}
        assert len(samples) <= model.MAX_SAMPLES
        assert len(samples) == len(set(samples))
        if item["name"].endswith("Intent") and not item["name"].startswith("AMAZON."):
            assert len(samples) >= 20, item["name"]
        for text in samples:
            assert SAMPLE.match(text), text
            assert not re.search(r"\d", text)
            used = re.findall(r"\{([a-z]+)\}", text)
            assert len(used) == len(set(used)) and set(used) <= declared, text
            assert text.split()[0] not in model.LAUNCH_WORDS
            assert everywhere.setdefault(text, item["name"]) == item["name"], f"{text!r} in two intents"


def test_slot_types(lm):
    types = {t["name"]: t["values"] for t in lm["types"]}
    assert set(types) == {"CAMERA", "LABEL", "WHICH", "STATE"}
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
        assert {s["name"] for s in item["slots"]} == set(SLOTS[name.removesuffix("Intent")])


def test_manifest_examples_are_backed_by_samples(lm):
    manifest = committed(model.MANIFEST_PATH)["manifest"]
    locale = manifest["publishingInformation"]["locales"]["en-US"]
    assert manifest["apis"]["custom"]["endpoint"]["uri"].startswith("https://")
    assert {"type": "ALEXA_PRESENTATION_APL"} in manifest["apis"]["custom"]["interfaces"]
    patterns = [re.compile("^" + re.sub(r"\\\{[a-z]+\\\}", ".+", re.escape(s)) + "$")
                for item in lm["intents"] for s in item["samples"]]
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
