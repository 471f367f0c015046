"""What a window of the load's timeline says: sent, failed, the longest gap, the recovery.

Pure functions over lists of :class:`benchmarks.traffic.Outcome`, so the arithmetic
is tested without a server. Outcomes are taken in the order they were answered.

- ``longest_gap_s``: the longest time in the window with no successful answer
  (from the window's start to the first success, between successes, and from the
  last success to the window's end).
- ``recovery_s``: 0 when nothing failed; else the time from the window's start
  (the fault) to the answer of the first of ``streak`` consecutive successes
  after the first failure. None when the window ends before that.
"""


def within(outcomes: list, start: float, end: float) -> list:
    """The requests sent in [start, end), in the order they were answered."""
    return sorted((o for o in outcomes if start <= o.sent < end), key=lambda o: o.done)


def longest_gap(outcomes: list, start: float, end: float) -> float:
    moments = [start, *(o.done for o in outcomes if o.ok), max(end, *(o.done for o in outcomes), start)]
    return max(b - a for a, b in zip(moments, moments[1:], strict=False))


def recovery(outcomes: list, start: float, streak: int) -> float | None:
    first_failure = next((i for i, o in enumerate(outcomes) if not o.ok), None)
    if first_failure is None:
        return 0.0
    run = 0
    for outcome in outcomes[first_failure + 1 :]:
        run = run + 1 if outcome.ok else 0
        if run == 1:
            first_of_run = outcome
        if run == streak:
            return first_of_run.done - start
    return None


def summary(outcomes: list, start: float, end: float, streak: int) -> dict:
    """The numbers of one window: what a fault cost the load."""
    window = within(outcomes, start, end)
    failed = [o for o in window if not o.ok]
    rec = recovery(window, start, streak)
    return {
        "sent": len(window),
        "failed": len(failed),
        "longest_gap_s": round(longest_gap(window, start, end), 3),
        "recovery_s": None if rec is None else round(rec, 3),
        "worst_latency_s": round(max((o.latency for o in window), default=0.0), 3),
        "window_s": round(end - start, 3),
        "failures": sorted({o.detail for o in failed})[:5],  # what the failures were, a few kinds
    }
