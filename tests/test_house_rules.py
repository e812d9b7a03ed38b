"""The house rules, checked on every run: every installed package pinned, no sys.path hacks, no import circles,
modules of a readable size, and the store entered only through its package's public names."""

from __future__ import annotations

import ast
import re
import subprocess
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("clipstore", "intake", "intents", "skill", "local_voice")
MAX_MODULE_LINES = 320


def _sources(*roots: str) -> list[Path]:
    return sorted(p for root in roots for p in (ROOT / root).rglob("*.py") if "__pycache__" not in p.parts)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, modules: set[str] | None = None) -> set[str]:
    """Project modules `path` imports, anywhere in it (an import inside a function is still an arrow).

    `from pkg import name` is an arrow to the module `pkg.name` when there is one, else to `pkg` itself.
    """
    modules = modules if modules is not None else {_module_name(p) for p in _sources(*PACKAGES)}
    tree = ast.parse(path.read_text(), str(path))
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                found.add(f"{module}.{alias.name}" if f"{module}.{alias.name}" in modules else module)
    return {name for name in found if name.split(".")[0] in PACKAGES}


def test_every_installed_package_is_pinned_in_the_lock() -> None:
    pins = {}
    for raw in (ROOT / "constraints.txt").read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    unpinned = []
    for dist in metadata.distributions():
        name = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
        if name == "home-clips":
            continue
        if pins.get(name) != dist.version:
            unpinned.append(f"{name}=={dist.version} (lock: {pins.get(name, 'missing')})")
    assert not unpinned, "installed but not pinned in constraints.txt (run scripts/lock.sh): " + ", ".join(unpinned)


def test_no_sys_path_manipulation() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in _sources(*PACKAGES, "tests", "bench", "testkit")
        if re.search(r"sys\.path\.(insert|append)|sys\.path\s*[+]?=", p.read_text()) and p != Path(__file__)
    ]
    assert not offenders


def test_no_import_circles() -> None:
    modules = {_module_name(p): p for p in _sources(*PACKAGES)}
    names = set(modules)
    graph = {name: {m for m in _imports(path, names) if m in names and m != name} for name, path in modules.items()}
    circles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not circles, "import circles: " + "; ".join(" -> ".join(c) for c in circles)


def test_modules_stay_readable() -> None:
    long = [
        f"{p.relative_to(ROOT)} ({n} lines)"
        for p in _sources(*PACKAGES)
        if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert not long, f"modules over {MAX_MODULE_LINES} lines: " + ", ".join(long)


@pytest.mark.parametrize("package", [p for p in PACKAGES if p != "clipstore"])
def test_the_store_is_entered_only_through_its_public_names(package: str) -> None:
    """Outside `clipstore`, code imports `from clipstore import ...` only: repositories, the database and SQL
    stay inside the store's package."""
    offenders = []
    for path in _sources(package):
        for name in _imports(path):
            if name.startswith("clipstore.") and name.split(".")[1] not in _public_names():
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert not offenders, "reaches inside clipstore: " + ", ".join(sorted(set(offenders)))


def _public_names() -> set[str]:
    import clipstore

    return set(clipstore.__all__)


def test_every_test_the_privacy_promises_cite_exists() -> None:
    """docs/privacy.md maps each promise to its tests: each named file and test function must exist."""
    missing = []
    for row in (ROOT / "docs" / "privacy.md").read_text().splitlines():
        current = None
        for ref in re.findall(r"`((?:tests/[\w/]+\.py)?(?:::\w+)?)`", row):
            path, _, name = ref.partition("::")
            if path:
                current = ROOT / path
                if not current.exists():
                    missing.append(path)
                    continue
            if name and current is not None and not re.search(rf"^def {name}\b", current.read_text(), re.M):
                missing.append(f"{current.relative_to(ROOT)}::{name}")
    assert not missing, "docs/privacy.md cites tests that don't exist: " + ", ".join(missing)


def test_the_readme_stays_a_front_door() -> None:
    """At most 200 lines, the two commands first, and nothing in the repository points outside it."""
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 200
    commands = re.findall(r"^    (\./scripts/setup\.sh.*)$", readme, re.M)[:2]
    assert commands == [
        "./scripts/setup.sh && .venv/bin/python -m skill --demo --data ./data",
        "./scripts/setup.sh --test && .venv/bin/python -m pytest",
    ]
    assert "./scripts/setup.sh --test && .venv/bin/python -m pytest" in (ROOT / ".ci" / "run").read_text()
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    sibling = "../" + "shared"  # spelled apart so that this file does not point there itself
    outside = [
        name
        for name in tracked
        if Path(name).suffix in {".md", ".py", ".sh", ".toml", ".yaml", ".html", ".txt"}
        and sibling in (ROOT / name).read_text(errors="replace")
    ]
    assert outside == [], f"these files point outside the repository: {outside}"


def test_the_project_builds_a_wheel_with_its_packages_data_and_commands(tmp_path) -> None:
    import shutil
    import subprocess
    import sys
    import zipfile

    source = tmp_path / "source"  # setuptools builds in the project's folder: a copy keeps the checkout clean
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, source / name)  # a link is copied as what it points to
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(source),
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            "-q",
            "--disable-pip-version-check",
        ],
        capture_output=True,
        check=False,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = tmp_path.glob("home_clips-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for package in PACKAGES:
        assert f"{package}/__init__.py" in names
    for data in (
        "intents/data/sentences.yaml",
        "clipstore/migrations/0001_initial.sqlite.sql",
        "skill/privacy.md",
        "skill/web/templates/base.html",
        "skill/web/static/web.js",
        "skill/model/samples.yaml",
    ):
        assert data in names, data
    assert not any(name.startswith(("tests/", "bench/", "testkit/")) for name in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "home-clips = skill.__main__:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def _tool(name: str) -> Path:
    """A command installed beside the interpreter running the tests (ruff, mypy)."""
    import sys

    return Path(sys.executable).with_name(name)


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"]],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_lint_format_and_types_are_clean(command: list[str], tmp_path) -> None:
    """ruff (lint and format) and mypy with the project's configuration in pyproject.toml find nothing."""
    cache = ["--cache-dir", str(tmp_path / "cache")]  # a fresh cache, so the result is this checkout's own
    done = subprocess.run(
        [str(_tool(command[0])), *command[1:], *cache],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
