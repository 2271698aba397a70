"""Benchmarks (`python -m bench`, `make bench`) and the roll-call load test (`python -m bench.load`).

Not part of `make test`; tests/bench proves both run at a tiny scale.
"""
