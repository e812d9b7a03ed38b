"""`python -m clipstore ...`: see clipstore.cli."""
import logging
import sys

from .cli import main

if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    sys.exit(main())
