"""The roll-call load test: `python -m bench.load --db sqlite|postgres [--quick]`."""
