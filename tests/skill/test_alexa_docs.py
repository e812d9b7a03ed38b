"""docs/alexa.md's commands work as written, from the directory the document says to be in."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def section_commands(number: int) -> str:
    """The first `sh` block of section `number` of docs/alexa.md."""
    text = (ROOT / "docs" / "alexa.md").read_text()
    section = re.search(rf"^## {number}\. .*?(?=^## \d)", text, re.S | re.M).group(0)
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def test_section_3_generates_the_skill_package_outside_the_repository(tmp_path):
    script = section_commands(3)
    assert re.search(r"^HOME_CLIPS=~/home-clips\b", script, re.M)
    script = re.sub(r"^HOME_CLIPS=~/home-clips\b", f"HOME_CLIPS={ROOT}", script, flags=re.M)
    script = "\n".join(line for line in script.splitlines() if not line.startswith("ask "))  # Amazon's CLI
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=home,
        env={**env, "HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    package = home / "home-clips-alexa" / "skill-package"
    manifest = json.loads((package / "skill.json").read_text())
    assert manifest["manifest"]["apis"]["custom"]["endpoint"]["uri"] == "https://clips.example.org/alexa"
    assert (package / "interactionModels" / "custom" / "en-US.json").is_file()
    assert json.loads((home / "home-clips-alexa" / "ask-resources.json").read_text())["profiles"]
