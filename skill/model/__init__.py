"""`python -m skill.model`: the Alexa skill package, generated from the intent catalogue.

Writes `skill-package/skill.json` (the manifest, `document.skill_manifest`) and
`skill-package/interactionModels/custom/en-US.json` (the interaction model, `document.interaction_model`)
with sample utterances from `samples.SampleMaker`. `--check` (in `__main__`) compares instead of writing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .document import (
    DEFAULT_ENDPOINT,
    MANIFEST_PATH,
    MODEL_PATH,
    PACKAGE_DIR,
    generate,
    interaction_model,
    render,
    skill_manifest,
    slot_types,
    stale_files,
)
from .samples import LAUNCH_WORDS, MAX_SAMPLES, SampleMaker, alexa_rules_problem, demo_cameras, expand, grammar_problem

if TYPE_CHECKING:
    from .__main__ import main

__all__ = [
    "DEFAULT_ENDPOINT",
    "LAUNCH_WORDS",
    "MANIFEST_PATH",
    "MAX_SAMPLES",
    "MODEL_PATH",
    "PACKAGE_DIR",
    "SampleMaker",
    "alexa_rules_problem",
    "demo_cameras",
    "expand",
    "generate",
    "grammar_problem",
    "interaction_model",
    "main",
    "render",
    "skill_manifest",
    "slot_types",
    "stale_files",
]


def __getattr__(name: str) -> Any:
    """`main`, imported on first use: importing `__main__` here would make `python -m skill.model` warn."""
    if name == "main":
        from .__main__ import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
