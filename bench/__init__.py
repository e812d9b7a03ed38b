"""Benchmarks: run them from the repository root with `.venv/bin/python -m bench.<name>` (see bench/README.md)."""
