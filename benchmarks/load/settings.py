"""What a simulated visitor of benchmarks/locustfile.py does, as numbers: declared here, without
locust, so docs/benchmarks.md states them from the same objects the locustfile uses."""

THINK_SECONDS = (0.5, 2.0)  # each user waits between requests, uniformly within this range
SLOW_SECONDS = 0.5  # the wait the occasional GET /slow asks for
