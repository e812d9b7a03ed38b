"""Bench-only launcher: `python -m skill` exactly as shipped, or with the audit write stubbed out.

    .venv/bin/python -m bench.serve [--no-audit] --data DIR --port P

`--no-audit` replaces `AuditLog.record` with a no-op in this process only, so that the load benchmark
can show what the audit write of every clip listing costs. It breaks the privacy promise (every read
is logged) and exists for that comparison alone: never serve real data with it.
"""
from __future__ import annotations

import sys

from clipstore.audit import AuditLog


def main() -> int:
    """Apply the variant, then run the real `python -m skill` main."""
    if "--no-audit" in sys.argv:
        sys.argv.remove("--no-audit")
        AuditLog.record = lambda self, *args, **kwargs: None  # type: ignore[method-assign]
        print("BENCH ONLY: audit writes are switched off in this server", flush=True)
    from skill.__main__ import main as skill_main
    return skill_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
