"""Availability in nines, and what a measured recovery time means over a year.

The arithmetic of the operations course, computed rather than typed:

- availability A = answered / sent; its nines = -log10(1 - A) (99.9% is 3 nines).
  With no failure at all the run only shows A > 1 - 1/sent: the nines are then
  a lower bound, log10(sent), and said to be one.
- the table of nines: the downtime a year and a day that each level allows.
- MTBF and MTTR: a fault that happens ``per_year`` times costs ``per_year x
  downtime`` a year. They are means over *failures* — the faults that cost the
  service some downtime — not over every fault injected: a reload that drops no
  request is no failure, and counting it would shrink the MTTR towards zero
  (a mean over 510 events of which 12 failed reads 0.7 ms where a failure took
  31 ms). A = MTBF / (MTBF + MTTR) = uptime / year, the same either way.
"""

import math

YEAR_S = 365.25 * 24 * 3600
DAY_S = 24 * 3600
LEVELS = (0.9, 0.99, 0.999, 0.9999, 0.99999, 0.999999)


def nines(sent: int, failed: int) -> dict:
    """{"availability", "nines", "nines_lower_bound"} of a run."""
    if sent == 0:
        return {"availability": None, "nines": None, "nines_lower_bound": False}
    availability = (sent - failed) / sent
    if failed == 0:
        return {"availability": 1.0, "nines": round(math.log10(sent), 2), "nines_lower_bound": True}
    return {"availability": availability, "nines": round(-math.log10(1 - availability), 2), "nines_lower_bound": False}


def of(availability: float) -> float | None:
    """The nines of an availability; None for 100% (no finite number)."""
    return None if availability >= 1 else round(-math.log10(1 - availability), 2)


def allowed_downtime(level: float) -> dict:
    """Seconds of downtime a year and a day at availability ``level``."""
    return {
        "level": level,
        "nines": round(-math.log10(1 - level)),
        "per_year_s": (1 - level) * YEAR_S,
        "per_day_s": (1 - level) * DAY_S,
    }


def table() -> list:
    return [allowed_downtime(level) for level in LEVELS]


def duration(seconds: float) -> str:
    """A human duration: '8.8 h', '52.6 min', '8.6 s', '86 ms'."""
    for unit, size in (("d", DAY_S), ("h", 3600), ("min", 60), ("s", 1)):
        if seconds >= size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds * 1000:.3g} ms" if seconds > 0 else "0 s"


def per_year(faults: list) -> dict:
    """Faults at their stated rates: each ``{"per_year", "downtime_s"}``; the year's faults and
    failures (faults with downtime), downtime, MTBF and MTTR over the failures, and A."""
    events = sum(f["per_year"] for f in faults)
    failures = sum(f["per_year"] for f in faults if f["downtime_s"] > 0)
    down = sum(f["per_year"] * f["downtime_s"] for f in faults)
    if failures == 0:
        return {"events": events, "failures": 0, "downtime_s": 0.0, "mtbf_s": None, "mttr_s": None, "availability": 1.0}
    mttr = down / failures
    mtbf = (YEAR_S - down) / failures  # mean up time between failures
    return {
        "events": events,
        "failures": failures,
        "downtime_s": down,
        "mtbf_s": mtbf,
        "mttr_s": mttr,
        "availability": mtbf / (mtbf + mttr),
    }
