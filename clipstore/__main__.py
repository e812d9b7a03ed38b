"""`python -m clipstore ...`: the store's commands (clipstore.cli) and camera intake's (intake.cli).

The entry point is the one place where the store's package names a package above it: the command line
that users know as `python -m clipstore` also records streams, watches folders and imports from Frigate.
"""

import logging
import sys
from collections.abc import Sequence

from intake.cli import register as register_intake

from .cli import main as store_main


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `python -m clipstore` command; returns the exit status."""
    return store_main(argv, extra=(register_intake,))


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    sys.exit(main())
