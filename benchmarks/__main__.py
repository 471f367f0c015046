"""``python -m benchmarks``: the command line of the benchmark harness."""

from benchmarks.cli import main

raise SystemExit(main())
