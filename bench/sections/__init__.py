"""The four sections of `make bench`, one module each (see bench/runner.py)."""
