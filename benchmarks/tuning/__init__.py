"""``make tune``: every stack measured at its best configuration, and the sweep that finds it.

settings (what the sweep measures, validated like a manifest), grid (the
configurations a stack's ``[tunable]`` knobs make), run (the pinned, verified,
shuffled sweep, reusing the wrk matrix's harness), results (medians, the best
configuration per workload, the shipped one's share of it), and the physical
limits beside it: open-loop latency (h2load), the CGI floor and a ceiling from a
generator that does not saturate. Locust's distributed mode is measured on the fleet's
client hosts by ``make fleet-measure`` (tests/fleet/test_locust_distributed.py).
"""
