"""Speed figures, each measured against a baseline run in the same process.

Every module `benchmarks/bench_*.py` has a `run() -> None` that prints its figures and
ratios. Run all with `.venv/bin/python -m benchmarks`, or one with
`.venv/bin/python -m benchmarks scan` (matches module names).
"""
