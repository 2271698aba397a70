"""`python -m bench [--quick]`: the benchmark suite of issue 9. See bench/runner.py."""

from bench.runner import main

raise SystemExit(main())
