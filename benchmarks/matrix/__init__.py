"""The wrk matrix (``make bench``): every stack verified, then measured in interleaved
rounds on two workloads. settings.py reads settings.toml, run.py measures, results.py
writes benchmarks/results/latest.*; docs/benchmarks.md is course/benchmarks_page.py's."""
