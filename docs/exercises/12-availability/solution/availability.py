"""Availability of a service, from a run of probes.

``summarize(samples)`` takes the probes of one run, in time order: a list of
``(seconds, ok)`` pairs — when the probe was sent (seconds since the run began)
and whether the service answered it correctly. Each probe's result holds until
the next probe, so the run covers the time from the first probe to the last.
"""

from itertools import pairwise


def summarize(samples: list) -> dict:
    up = down = 0.0
    incidents = 0
    was_ok = True
    for (start, ok), (end, _) in pairwise(samples):
        if ok:
            up += end - start
        else:
            down += end - start
            incidents += was_ok  # a new incident begins where the service was up before
        was_ok = ok
    total = up + down
    return {
        "availability": up / total if total else 1.0,
        "downtime_seconds": down,
        "incidents": incidents,
        "mttr_seconds": down / incidents if incidents else 0.0,
    }
