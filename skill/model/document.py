"""The generated files: slot types, the interaction model, the manifest, and their JSON text.

- one intent per contract intent (`ListClipsIntent`, ...) with the slots and types of docs/interface.md §4;
  the AMAZON.* built-ins stand in for Help/Stop/Cancel/Yes/No/Fallback/NavigateHome;
- sample utterances from `samples.SampleMaker`;
- custom slot types CAMERA (the demo household's cameras; households' own names arrive at run time
  as dynamic entities), MEMBER (statically only `support`, the operator's support where SUPPORT_CONTACT names
  one; the household's members arrive at run time as dynamic entities), LABEL, WHICH and STATE (ids are the
  canonical values, synonyms the catalogue's);
- a dialog model in which DeleteClipsIntent and ShareClipIntent require confirmation, with the
  skill sending the question (`delegationStrategy: SKILL_RESPONSE`).
"""

from __future__ import annotations

import json
from pathlib import Path

from clipstore import SUPPORT, Camera
from intents.catalogue import Catalogue, default_catalogue

from ..alexa.slots import CONFIRMED_INTENTS, CUSTOM_INTENTS, alexa_slots
from .icons import LARGE_ICON, SMALL_ICON, icon_png
from .samples import MAX_SAMPLES, SampleMaker, demo_cameras

ROOT = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = ROOT / "skill-package"
MODEL_PATH = Path("interactionModels") / "custom" / "en-US.json"
MANIFEST_PATH = Path("skill.json")
INVOCATION_NAME = "home clips"
DEFAULT_ENDPOINT = "https://clips.example.com/alexa"

BUILTIN_SAMPLES: dict[str, str] = {
    "Help": "AMAZON.HelpIntent",
    "Stop": "AMAZON.StopIntent",
    "Cancel": "AMAZON.CancelIntent",
}
"""Built-ins that get the catalogue's extra phrasings. Yes/No keep Alexa's own: the catalogue's
"delete it" / "don't delete it" forms would compete with DeleteClipsIntent."""

OTHER_BUILTINS = (
    "AMAZON.YesIntent",
    "AMAZON.NoIntent",
    "AMAZON.FallbackIntent",
    "AMAZON.NavigateHomeIntent",
    "AMAZON.PauseIntent",
    "AMAZON.ResumeIntent",
)
"""Built-ins with Alexa's own samples; Pause and Resume control a playing clip (APL video must be pausable)."""

EXAMPLE_PHRASES = (
    "Alexa, open home clips",
    "Alexa, ask home clips what happened at the front door today",
    "Alexa, ask home clips to delete today's recordings",
)

_NOT_SYNONYMS = frozenset({"of"})  # the parser's allowance for a speech-recognition slip, not a word for Alexa


def _values(pairs: list[tuple[str, str]], order: list[str]) -> list[dict]:
    synonyms: dict[str, list[str]] = {value: [] for value in order}
    for said, value in pairs:
        spoken = " ".join(said.lower().split())
        if value in synonyms and spoken != value and spoken not in _NOT_SYNONYMS and spoken not in synonyms[value]:
            synonyms[value].append(spoken)
    return [{"id": value, "name": {"value": value, "synonyms": synonyms[value]}} for value in order]


SUPPORT_WORDS = (
    "support team",
    "tech support",
    "customer support",
    "the support team",
    "vendor",
    "the vendor",
    "manufacturer",
    "camera company",
    "the camera company",
    "camera maker",
    "developers",
    "the developers",
)
"""Synonyms of MEMBER's static value `support`."""


def slot_types(catalogue: Catalogue, cameras: list[Camera]) -> list[dict]:
    """CAMERA, MEMBER, LABEL, WHICH and STATE with ids = canonical values and the catalogue's synonyms."""

    def ordered(names: tuple[str, ...]) -> list[str]:
        out: list[str] = []
        for name in names:
            for _, value in catalogue.list_values(name):
                if value not in out:
                    out.append(value)
        return out

    def pairs(names: tuple[str, ...]) -> list[tuple[str, str]]:
        return [pair for name in names for pair in catalogue.list_values(name)]

    camera_values = [
        {"id": cam.id, "name": {"value": cam.name.lower(), "synonyms": [s.lower() for s in cam.synonyms]}}
        for cam in cameras
    ]
    types = [
        {"name": "CAMERA", "values": camera_values},
        {"name": "MEMBER", "values": [{"id": SUPPORT, "name": {"value": SUPPORT, "synonyms": list(SUPPORT_WORDS)}}]},
    ]
    for type_name, lists in (("LABEL", ("label",)), ("WHICH", ("which", "which_ref")), ("STATE", ("state", "onoff"))):
        types.append({"name": type_name, "values": _values(pairs(lists), ordered(lists))})
    return types


def _slot_defs(intent: str) -> list[dict]:
    return [{"name": name, "type": type_name} for name, type_name in alexa_slots(intent).items()]


def interaction_model(catalogue: Catalogue | None = None, limit: int = MAX_SAMPLES) -> dict:
    """The en-US interaction model."""
    catalogue = catalogue or default_catalogue()
    maker = SampleMaker(catalogue, limit)
    intents: list[dict] = []
    taken: set[str] = set()
    for alexa_name, intent in CUSTOM_INTENTS.items():
        samples = [s for s in maker.samples(intent) if s not in taken]
        taken.update(samples)
        intents.append({"name": alexa_name, "slots": _slot_defs(intent), "samples": samples})
    for intent, alexa_name in BUILTIN_SAMPLES.items():
        samples = [s for s in maker.samples(intent) if s not in taken]
        taken.update(samples)
        intents.append({"name": alexa_name, "samples": samples})
    intents.extend({"name": name, "samples": []} for name in OTHER_BUILTINS)
    dialog_intents, prompts = [], []
    for intent in CONFIRMED_INTENTS:
        prompt_id = f"Confirm.Intent.{intent}"
        dialog_intents.append(
            {
                "name": f"{intent}Intent",
                "confirmationRequired": True,
                "prompts": {"confirmation": prompt_id},
                "slots": [
                    {**slot, "confirmationRequired": False, "elicitationRequired": False, "prompts": {}}
                    for slot in _slot_defs(intent)
                ],
            }
        )
        action = "delete those clips" if intent == "DeleteClips" else "share that clip"
        prompts.append({"id": prompt_id, "variations": [{"type": "PlainText", "value": f"Should I {action}?"}]})
    return {
        "interactionModel": {
            "languageModel": {
                "invocationName": INVOCATION_NAME,
                "intents": intents,
                "types": slot_types(catalogue, demo_cameras()),
            },
            "dialog": {"intents": dialog_intents, "delegationStrategy": "SKILL_RESPONSE"},
            "prompts": prompts,
        }
    }


TESTING_INSTRUCTIONS = (
    "Home Clips talks to a clip server that each household runs; ours for certification is at the endpoint "
    "above, seeded with a demo household (five cameras: front door, backyard, garage, living room, driveway; "
    "clips of the last few days with people, animals, vehicles and packages). To link the account: choose "
    "Link Account, and on the page that opens enter the household token we give in the certification notes "
    "(a test household of your own: run python -m skill --demo --data DIR behind an https proxy; the token is "
    "in DIR/demo-token). Try: what happened at the front door today; how many clips from the garage yesterday; "
    "show the latest clip (on an Echo Show it plays; say pause or resume); delete today's recordings (it asks, "
    "then deletes on yes; say undo within ten minutes). A voice code can be set on the settings page "
    "(PUBLIC_URL/settings): then deleting, sharing, recording on or off and shortening retention also ask for "
    "it after the yes. Unlinking on that page makes the next request ask to link again."
)


PERSONALIZATION = "alexa::person_id:read"
"""Skill personalization: requests carry the recognised speaker (`context.System.person`), whose enrolled or
assigned voice makes the member the actor."""


def skill_manifest(endpoint: str = DEFAULT_ENDPOINT, privacy_url: str | None = None) -> dict:
    """The skill manifest (skill.json); `endpoint` is the https URL of `POST /alexa`, `privacy_url` the
    privacy page (default: `/privacy` beside the endpoint)."""
    privacy_url = privacy_url or endpoint.rsplit("/alexa", 1)[0] + "/privacy"
    return {
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": {
                    "en-US": {
                        "name": "Home Clips",
                        "summary": "Find, watch and delete your home camera clips by voice.",
                        "description": (
                            "Home Clips talks to your own home camera clip server. Ask what happened "
                            "at a camera, how many clips there are, watch a clip on an Echo Show, delete "
                            "clips (always after you confirm), pause recording a camera, and hear who "
                            "has viewed your clips. Your clips stay on your server. To link the skill, "
                            "sign in with your household token; Alexa gets a key of its own that you "
                            "can revoke on your server's settings page, where you can also set a voice "
                            "code for deleting and sharing."
                        ),
                        "smallIconUri": f"file://{SMALL_ICON.as_posix()}",
                        "largeIconUri": f"file://{LARGE_ICON.as_posix()}",
                        "examplePhrases": list(EXAMPLE_PHRASES),
                        "keywords": ["camera", "clips", "security", "privacy", "recordings"],
                    }
                },
                "isAvailableWorldwide": False,
                "distributionCountries": ["US"],
                "testingInstructions": TESTING_INSTRUCTIONS,
                "category": "SMART_HOME",
            },
            "apis": {
                "custom": {
                    "endpoint": {"uri": endpoint, "sslCertificateType": "Trusted"},
                    "interfaces": [{"type": "ALEXA_PRESENTATION_APL"}],
                }
            },
            "permissions": [{"name": PERSONALIZATION}],
            "privacyAndCompliance": {
                "allowsPurchases": False,
                "usesPersonalInfo": True,  # video of people's homes
                "isChildDirected": False,
                "isExportCompliant": True,
                "containsAds": False,
                "locales": {"en-US": {"privacyPolicyUrl": privacy_url}},
            },
        }
    }


def render(document: dict) -> str:
    """Stable JSON text for a generated file."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def generate(endpoint: str = DEFAULT_ENDPOINT, privacy_url: str | None = None) -> dict[Path, str | bytes]:
    """Relative path → file text (or PNG bytes) for every generated file."""
    return {
        MANIFEST_PATH: render(skill_manifest(endpoint, privacy_url)),
        MODEL_PATH: render(interaction_model()),
        SMALL_ICON: icon_png(108),
        LARGE_ICON: icon_png(512),
    }


def stale_files(
    out_dir: Path = PACKAGE_DIR, endpoint: str = DEFAULT_ENDPOINT, privacy_url: str | None = None
) -> list[Path]:
    """The generated files that are missing or differ under `out_dir`."""
    stale = []
    for rel, content in generate(endpoint, privacy_url).items():
        path = out_dir / rel
        data = content.encode("utf-8") if isinstance(content, str) else content
        if not path.exists() or path.read_bytes() != data:
            stale.append(rel)
    return stale
