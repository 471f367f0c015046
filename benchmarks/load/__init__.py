"""Locust, headless (``make load``), and locust's own ceiling on one core
(``make load-ceiling``). The locustfile itself stays at benchmarks/locustfile.py,
the path people type."""
