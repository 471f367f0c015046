"""The results as a Markdown table: one row per stack and connection level.

Written beside latest.json as latest.md, and embedded in docs/benchmarks.md.
Stacks come fastest first; a stack that failed verification has one row that
says why, and no numbers.
"""

from benchmarks.matrix import summarize, variants

HEADER = (
    "| stack | conns | req/s median (min–max) | × static | p50 ms | p90 ms | p99 ms | errors | non-2xx "
    "| server CPU % | core 0 busy % | peak RSS MiB | wrk CPU % |\n"
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def _ratio(value) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if value >= 0.01 else f"{value:.1e}"


def percent(value) -> str:
    """A percentage that may be unknown (None: the core was not pinned)."""
    return "—" if value is None else f"{value:.0f}"


def _row(stack: dict, lv: dict, first: bool) -> str:
    name = f"`{stack['name']}`" if first else ""
    if first and stack["class"] != "default":
        name += f" ({stack['class'].replace('_', '-')})"
    wrk_cpu = f"{lv['wrk_cpu_percent']:.0f}" + (" **saturated**" if lv["load_generator_saturated"] else "")
    return (
        f"| {name} | {lv['connections']} | {_number(lv['rps'])} ({_number(lv['rps_min'])}–{_number(lv['rps_max'])}) "
        f"| {_ratio(lv['ratio_to_ceiling'])} | {lv['p50_ms']:.2f} | {lv['p90_ms']:.2f} | {lv['p99_ms']:.2f} "
        f"| {lv['errors']} | {lv['non_2xx']} | {lv['cpu_percent']:.0f} | {percent(lv.get('core_busy_percent'))} "
        f"| {lv['rss_mib']:.1f} | {wrk_cpu} |"
    )


def render(results: dict) -> str:
    """The table, fastest stack first, failed stacks last."""
    stacks = sorted(results["stacks"], key=lambda s: (not s["verified"], -summarize.best_rps(s), s["name"]))
    rows = [HEADER]
    for stack in stacks:
        if not stack["verified"]:
            rows.append(
                f"| `{stack['name']}` | — | **failed**: {stack['reason'].replace('|', '/')} "
                "| — | — | — | — | — | — | — | — | — | — |"
            )
            continue
        rows.extend(_row(stack, lv, i == 0) for i, lv in enumerate(stack["levels"]))
    compared = variants.describe(results.get("variants", []))
    return "\n".join(rows) + "\n" + (f"\n{compared}\n" if compared else "")


IO_HEADER = (
    "| stack | process model | 2xx req/s median (min–max) | × ideal | p50 ms | p99 ms | errors | non-2xx "
    "| server CPU % | peak RSS MiB |\n"
    "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|"
)


def render_io(results: dict) -> str:
    """The I/O-bound workload: closest to the ideal first, then the stacks left out and why."""
    io = results.get("io")
    if not io:
        return "*This run has no I/O-bound workload.*\n"
    rows = [IO_HEADER]
    for stack in sorted((s for s in results["stacks"] if s.get("io")), key=lambda s: -s["io"]["rps"]):
        lv = stack["io"]
        rows.append(
            f"| `{stack['name']}` | {stack['process_model']} | {_number(lv['rps'])} "
            f"({_number(lv['rps_min'])}–{_number(lv['rps_max'])}) | {lv['ratio_to_ideal']:.3f} "
            f"| {lv['p50_ms']:.1f} | {lv['p99_ms']:.1f} | {lv['errors']} | {lv['non_2xx']} "
            f"| {lv['cpu_percent']:.0f} | {lv['rss_mib']:.1f} |"
        )
    for stack in results["stacks"]:
        if not stack.get("io") and stack["verified"]:
            why = (stack.get("io_reason") or "not measured").replace("|", "/")
            rows.append(
                f"| `{stack['name']}` | {stack.get('process_model', '')} | **left out**: {why} "
                "| — | — | — | — | — | — | — |"
            )
    return "\n".join(rows) + "\n"


def document(results: dict) -> str:
    """latest.md: the table with the one line of context it needs."""
    m = results["machine"]
    kind = "QUICK run (short, for tests and classes)" if results["quick"] else "full run"
    return (
        f"# Benchmark results, {results['date']}\n\n{kind} on {m['cpu']}, {m['cores']} cores; "
        f"server pinned to one core, wrk to the other. Requests/s against `{results['parameters']['path']}`; "
        f"× static is the share of the ceiling ({_number(results['ceiling']['rps'] or 0)} req/s).\n\n"
        + render(results)
        + _io_document(results)
    )


def _io_document(results: dict) -> str:
    io = results.get("io")
    if not io:
        return ""
    return (
        f"\n## I/O-bound: `GET {io['path']}` at {io['connections']} connections\n\n"
        f"Ideal: {_number(io['ideal_rps'])} req/s (every connection waiting {io['wait_seconds']:g} s "
        "in parallel); × ideal is the share of it.\n\n" + render_io(results)
    )
