"""docs/availability.md, generated from benchmarks/results/availability.json.

Never edited by hand: ``make tables`` writes it from the committed results
(``make availability`` ends with it). Every number on it is read
from the results or computed by benchmarks/availability/nines.py (the table of nines too).
"""

import json

from benchmarks.availability import nines
from benchmarks.availability.nines import duration
from benchmarks.availability.results import nines_shown, percent
from benchmarks.shared.folders import DEFAULT_RESULTS


def _seconds(value) -> str:
    return "not recovered" if value is None else f"{value:.2f} s"


def _facts(fault: dict) -> str:
    facts = fault["facts"]
    parts = []
    if "error" in facts:
        parts.append(f"could not inject: {facts['error']}")
    if facts.get("program_back_s") is not None:
        parts.append(f"running again after {facts['program_back_s']:.1f} s")
    if "took_s" in facts:
        parts.append(f"the tool took {facts['took_s']:.0f} s, exit {facts['exit']}")
    if "while_down" in facts:
        parts.append("while down: " + ", ".join(f"`{p}` {a['status']}" for p, a in facts["while_down"].items()))
    if "answers" in facts:
        parts.append(
            f"{facts['requests']} × /slow?seconds={facts['seconds']} got "
            + ", ".join(f"{n} × {k}" for k, n in sorted(facts["answers"].items()))
        )
    if "attack" in facts:
        parts.append(f"{facts['attack']['max_connected']} slow connections held")
    for name, seen in fault.get("watched", {}).items():
        if seen["failed"]:
            parts.append(f"{name} unreachable for up to {seen['longest_gap_s']:.1f} s")
    if fault["failures"]:
        parts.append("failures: " + "; ".join(f"`{f}`" for f in fault["failures"][:2]))
    return "; ".join(parts)


def _stack_section(entry: dict) -> str:
    if not entry.get("started"):
        return f"## `{entry['name']}`\n\nDid not start: {entry.get('reason', '')}\n"
    rows = ["| fault | sent | failed | longest gap | recovery | what happened |", "|---|---|---|---|---|---|"]
    base = entry["baseline"]
    rows.append(f"| baseline (no fault) | {base['sent']} | {base['failed']} | {base['longest_gap_s']:.2f} s | — | |")
    for f in entry["faults"]:
        rows.append(
            f"| **{f['name']}**: {f['what']} | {f['sent']} | {f['failed']} | {f['longest_gap_s']:.2f} s | "
            f"{_seconds(f['recovery_s'])} | {_facts(f)} |"
        )
    year = nines.per_year(entry["faults"])  # from the raw per-fault figures, so the arithmetic is today's
    costs = ["| fault | stated rate | one every | measured downtime each | a year |", "|---|---|---|---|---|"]
    for f in entry["faults"]:
        costs.append(
            f"| {f['name']} | {f['per_year']} a year | {duration(nines.YEAR_S / f['per_year'])} | "
            f"{duration(f['downtime_s'])} | {duration(f['per_year'] * f['downtime_s'])} |"
        )
    yearly_a = year["availability"]
    yearly_nines = nines.of(yearly_a)
    goal_rows = "".join(
        f"- {'met' if g['met'] else '**missed**'}: {g['goal']} — {g['seen']}\n" for g in entry.get("goals", [])
    )
    return f"""## `{entry["name"]}`

{entry["front"] or "no front server"}, process model {entry["process_model"]}; measured {entry["when"]},
load average {entry["load_average_start"]:.2f} at the start and {entry["load_average_end"]:.2f} at the end.
Over the whole run ({entry["seconds"]:.0f} s, every fault included): **{entry["sent"]} requests, {entry["failed"]}
failed, availability {percent(entry["availability"])}, {nines_shown(entry)} nines.**

{chr(10).join(rows)}

{goal_rows}
What the measured recoveries mean over a year, at the stated rates (faults.toml):
downtime per fault = its failed requests ÷ the load's rate.

{chr(10).join(costs)}

Together: {year["events"]} faults a year, of which {_failures(year)} cost downtime (failures):
{_mtbf(year)}, {duration(year["downtime_s"])} down a year: availability MTBF ÷ (MTBF + MTTR) =
{percent(yearly_a)} ({"no finite number of" if yearly_nines is None else f"{yearly_nines:.2f}"} nines).
"""


def _failures(year: dict) -> str:
    return "none" if not year["failures"] else f"{year['failures']}"


def _mtbf(year: dict) -> str:
    """MTBF and MTTR, means over the failures (benchmarks/nines.py), or why there are none."""
    if not year["failures"]:
        return "no failure to average over, so no MTBF or MTTR"
    return f"MTBF {duration(year['mtbf_s'])} and MTTR {duration(year['mttr_s'])} over the failures"


def comparable(stacks: list, cores: int) -> str:
    """Whether the stacks were measured under comparable machine load: the sentence the page says.

    Comparable: every run's load average, at its start and its end, stays under the
    machine's core count (nothing else queued for a core) — otherwise the runs are
    not compared, and the page says which were taken under load.
    """
    started = [e for e in stacks if e.get("started")]
    loaded = [e["name"] for e in started if max(e["load_average_start"], e["load_average_end"]) >= cores]
    if not loaded:
        return (
            f"Every run's load average stayed under the machine's {cores} cores, start and end: "
            "the stacks were measured under comparable machine load."
        )
    *first, last = [f"`{name}`" for name in loaded]
    named = f"{', '.join(first)} and {last}" if first else last
    return (
        f"**Not comparable:** {named} ran with a load average at or above "
        f"the machine's {cores} cores (other programs waited for a core). Compare the "
        "stacks only after `make availability` has measured them all on a quiet machine."
    )


def render(results: dict) -> str:
    knobs = results["settings"]
    levels = ["| availability | nines | downtime a year | downtime a day |", "|---|---|---|---|"]
    for level in nines.table():
        levels.append(
            f"| {100 * level['level']:g}% | {level['nines']} | {duration(level['per_year_s'])} | "
            f"{duration(level['per_day_s'])} |"
        )
    sections = "\n".join(_stack_section(e) for e in results["stacks"])
    overview = [
        "| stack | front | process model | load average (start, end) | sent | failed | availability | nines | goals |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for e in (e for e in results["stacks"] if e.get("started")):
        met = sum(g["met"] for g in e.get("goals", []))
        goals = f"{met} of {len(e['goals'])} met" if e.get("goals") else "—"
        overview.append(
            f"| `{e['name']}` | {e['front'] or '—'} | {e['process_model']} | "
            f"{e['load_average_start']:.2f}, {e['load_average_end']:.2f} | {e['sent']} | {e['failed']} | "
            f"{percent(e['availability'])} | {nines_shown(e)} | {goals} |"
        )
    return f"""<!-- generated by 'make tables' from benchmarks/results/availability.json; do not edit -->
# Availability under faults

Availability is the share of requests that got the right answer; its *nines*
are -log10(1 - availability). Each level allows this much downtime (computed,
not typed):

{chr(10).join(levels)}

`make availability STACK=name` measures it: {knobs["clients"]} loopback clients
(127.0.0.2 on) each send `GET /` {knobs["rate"]} times a second on a fresh
connection, on schedule whether or not earlier requests were answered (an open
loop: a stalled server meets as many requests as a healthy one). A request not
answered `200 Hello, World!` within {knobs["timeout_s"]} s has failed. After a
{knobs["baseline_s"]} s baseline, the faults that apply to the stack (chosen by
its manifest) are injected one after another; the next one waits until
{results["streak"]} requests in a row have succeeded. The attacks (slow
clients, a burst of `/slow`) come from 127.0.0.1, another client than the load.

- **sent / failed**: requests sent from the fault to the next one.
- **longest gap**: the longest time in that window without a successful answer
  (a healthy run shows the load's own spacing).
- **recovery**: 0 when nothing failed; else from the fault to the first of
  {results["streak"]} successes in a row after the first failure.

With no failure at all, a run only shows availability above 1 - 1/sent: its
nines are then a lower bound (≥).

{chr(10).join(overview)}

![each fault on a time axis: its window, the requests that failed and when answers came back](charts/availability.svg)

{comparable(results["stacks"], results["machine"]["cores"])}

The same faults cost each stack differently: a process manager (supervisord)
brings a killed server back, a pre-fork master replaces a killed worker and
reloads without closing its socket, and a front server (nginx) owns the client
connections while what is behind it restarts. The sections below show which
fault cost what.

{sections}"""


def render_committed() -> str:
    """The page from the committed results, benchmarks/results/availability.json."""
    return render(json.loads((DEFAULT_RESULTS / "availability.json").read_text()))
