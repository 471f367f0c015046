"""docs/tuning.md, generated from benchmarks/results/tuning.json and the results beside it.

Never edited by hand: ``make tune-all`` rewrites it after a full sweep,
``make tune-docs`` from the last results. Every figure comes from a results
file; what each knob does comes from the manifests' ``[tunable]`` docs (copied
into the results), why a stack is not tuned or why its shipped configuration
stays below the goal from benchmarks/tuning/settings.toml. The open-loop,
distributed-locust and CGI-floor sections appear once their results exist.
"""

import json
from pathlib import Path

from benchmarks.shared import folders
from benchmarks.tuning import charts, settings
from course import tuning_text
from stacks.runner.paths import ROOT

DOC = ROOT / "docs" / "tuning.md"
RESULTS = folders.DEFAULT_RESULTS / "tuning.json"
QUIET_LOAD = 1.0  # a load average above this at either end: the page says the figures were taken under load


def _rps(level: dict | None) -> str:
    return f"{level['rps']:,.1f}" if level else "—"


def _level(level: dict | None) -> str:
    if not level:
        return "— | — | —"
    return (
        f"{level['rps']:,.1f} ({level['rps_min']:,.0f}–{level['rps_max']:,.0f}) | {level['p99_ms']:,.1f} | "
        f"{level['rss_mib']:.0f}"
    )


def _machine(results: dict) -> list:
    m = results["machine"]
    loaded = max(m["load_average_start"], m["load_average_end"]) > QUIET_LOAD
    lines = [
        f"Measured {results['date']} on {m['cpu']} ({m['cores']} cores, {m['memory_gib']} GiB), {m['os']}, "
        f"Python {m['python']}: load average {m['load_average_start']} when the sweep began and "
        f"{m['load_average_end']} when it ended, cores {m['busy_percent_start']}% busy just before; "
        f"{results['elapsed_seconds'] / 60:.0f} minutes (budget {results['parameters']['budget_minutes']:g})."
    ]
    if loaded:
        lines += [
            "",
            '!!! warning "Measured on a shared, loaded machine"',
            "    Other work ran beside this sweep (the load average above): absolute figures are low and noisy,",
            "    and they should be measured again on a quiet machine (`make tune-all`). The shape of each",
            "    curve (where more workers stop helping) is what to read here.",
        ]
    if results["quick"] or not results.get("complete"):
        lines += ["", '!!! warning "Not a full sweep"', "    A quick or partial run: not the committed result."]
    return lines


def _method(results: dict) -> list:
    p = results["parameters"]
    restarted = p.get("starts_per_configuration", p["rounds"]) > 1
    return tuning_text.METHOD.format(
        rounds=p["rounds"],
        primer=p["primer_seconds"],
        primer_c=p["primer_connections"],
        warmup=p["warmup_seconds"],
        seconds=p["seconds"],
        io_seconds=p["io_seconds"],
        io_path=p["io_path"],
        io_c=p["io_connections"],
        ideal=p["ideal_io_rps"],
        configs=sum(len(s["configurations"]) for s in results["stacks"]),
        stacks=len(results["stacks"]),
        pinning=tuning_text.PINNED if p["pinning"] != "off" else tuning_text.NOT_PINNED,
        repetitions=tuning_text.ROUNDS_RESTARTED if restarted else tuning_text.ROUNDS_ON_ONE_START,
    ).splitlines()


def _share(entry: dict, workload: str, goal: float, reasons: dict) -> str:
    share = entry["shipped_share"].get(workload)
    if share is None:
        return "—"
    if workload != "cpu" or share >= goal:
        return f"{share:.0%}"
    why = reasons.get(entry["name"])
    return f"**{share:.0%}**: " + (
        why if why else "below the goal, and no reason recorded: the shipped configuration should change"
    )


def _summary(results: dict, reasons: dict) -> list:
    goal = results["parameters"]["shipped_goal"]
    rows = [
        "| stack | CPU: shipped req/s | CPU: best (configuration, peak MiB) | shipped share of best | "
        "I/O: shipped req/s | I/O: best (configuration, peak MiB) | shipped share |",
        "|---|--:|---|---|--:|---|--:|",
    ]
    for s in results["stacks"]:
        shipped = next(c for c in s["configurations"] if c["shipped"])
        cells = [f"`{s['name']}`"]
        for workload in ("cpu", "io"):
            top = s["best"].get(workload)
            best = (
                f"{top['rps']:,.1f} ({top['label']}, {top['rss_mib']:.0f} MiB)"
                if top
                else (s["io_reason"] if workload == "io" else "—")
            )
            cells += [_rps(shipped[workload]), best, _share(s, workload, goal, reasons)]
        rows.append("| " + " | ".join(cells) + " |")
    met = [s["name"] for s in results["stacks"] if (s["shipped_share"].get("cpu") or 0) >= goal]
    return rows + [
        "",
        f"On Hello, World! {len(met)} of {len(results['stacks'])} stacks ship a configuration "
        f"within {goal:.0%} of the best one the sweep found.",
    ]


def _knobs(entry: dict) -> list:
    rows = ["| knob | what it does | shipped | tried |", "|---|---|---|---|"]
    for name, knob in entry["knobs"].items():
        tried = ", ".join(f"`{v!r}`" if v == "" else f"`{v}`" for v in knob["values"])
        how = " (grid)" if knob["grid"] else " (alone)"
        shipped = f"`{knob['shipped']!r}`" if knob["shipped"] == "" else f"`{knob['shipped']}`"
        rows.append(f"| `{name}` | {knob['doc']} | {shipped} | {tried}{how if tried else ''} |")
    return rows


def _configurations(entry: dict) -> list:
    rows = [
        "| configuration | processes | CPU req/s (min–max) | CPU p99 ms | CPU peak MiB | I/O req/s (min–max) | "
        "I/O p99 ms | I/O peak MiB |",
        "|---|---|--:|--:|--:|--:|--:|--:|",
    ]
    for c in sorted(entry["configurations"], key=lambda c: (not c["shipped"], c["label"])):
        if c["reason"]:
            rows.append(f"| {c['label']} | failed: {c['reason']} | | | | | | |")
            continue
        processes = ", ".join(f"{k} {v}" for k, v in c["processes"].items())
        rows.append(f"| {c['label']} | {processes} | {_level(c['cpu'])} | {_level(c['io'])} |")
    return rows


def _stack(entry: dict, chart_folder: Path) -> list:
    chart = chart_folder / f"{entry['name']}.png"
    link = chart.relative_to(ROOT).as_posix() if chart.is_relative_to(ROOT) else chart.as_posix()
    lines = [f"### `{entry['name']}`", "", entry["summary"] + ".", ""] + _knobs(entry) + [""]
    lines += [f"![knee plot and heat map of {entry['name']}](../{link})", ""]
    return lines + _configurations(entry) + [""]


def _untuned(results: dict) -> list:
    rows = ["| stack | why it is not swept |", "|---|---|"]
    return rows + [f"| `{name}` | {why} |" for name, why in sorted(results["untuned"].items())]


def _extra(name: str, render) -> list:
    path = folders.DEFAULT_RESULTS / name
    if not path.is_file():
        return [f"Not measured yet (`benchmarks/results/{name}` is missing)."]
    return render(json.loads(path.read_text()))


def render(results: dict, results_file: Path = RESULTS) -> str:
    """The page from a sweep's results; its charts are the ones drawn beside ``results_file``."""
    reasons = settings.load().deliberate
    lines = [
        "# Tuning: each stack at its best configuration",
        "",
        "<!-- generated by 'make tables' (course/tuning_page.py) from benchmarks/results/tuning.json and the results beside it; do not edit -->",
        "",
    ]
    lines += tuning_text.INTRO.splitlines() + [""] + _machine(results) + [""]
    lines += ["## How the sweep measures", ""] + _method(results) + [""]
    lines += ["## Shipped against best", ""] + _summary(results, reasons) + [""]
    lines += tuning_text.WORKERS_AND_CORES.splitlines() + [""] + tuning_text.workers_reading(results) + [""]
    lines += ["## Every stack's knobs and curves", ""]
    for entry in results["stacks"]:
        lines += _stack(entry, charts.folder_for(results_file))
    lines += ["## Stacks without knobs", ""] + _untuned(results) + [""]
    lines += ["## Open-loop latency", ""] + tuning_text.OPEN_LOOP.splitlines() + [""]
    lines += _extra("open-loop.json", tuning_text.open_loop_table) + [""]
    lines += ["## One load generator, or several", ""] + _extra("locust-distributed.json", tuning_text.distributed)
    lines += ["", "## The physical limits", ""] + _extra("cgi-floor.json", tuning_text.cgi_floor) + [""]
    lines += _extra("ceiling.json", tuning_text.ceiling) + [""]
    lines += tuning_text.KEEP_ALIVE.splitlines() + [""] + tuning_text.recycling(results).splitlines()
    return "\n".join(lines).rstrip("\n") + "\n"


def render_committed() -> str:
    """The page from the committed sweep, benchmarks/results/tuning.json."""
    return render(json.loads(RESULTS.read_text()))


def io_beside_shipped() -> str:
    """For docs/benchmarks.md's I/O section: each tuned stack's shipped and best figure on /slow, from the sweep
    (its own run, on its own machine state, so both figures come from the same conditions)."""
    if not RESULTS.is_file():
        return ""
    results = json.loads(RESULTS.read_text())
    rows = [
        "| stack | shipped: req/s, peak MiB | best tuned: req/s | its configuration | its peak MiB |",
        "|---|--:|--:|---|--:|",
    ]
    for s in sorted(results["stacks"], key=lambda s: -(s["best"].get("io") or {}).get("rps", 0)):
        top = s["best"].get("io")
        shipped = next(c for c in s["configurations"] if c["shipped"])
        if top and shipped["io"]:
            rows.append(
                f"| `{s['name']}` | {shipped['io']['rps']:,.1f}, {shipped['io']['rss_mib']:.0f} | "
                f"{top['rps']:,.1f} | {top['label']} | {top['rss_mib']:.0f} |"
            )
    load = results["machine"]["load_average_start"]
    return "\n".join(
        [
            "### Shipped and tuned",
            "",
            f"The same workload in the [tuning sweep](tuning.md) ({results['date']}, load average {load} when it began, "
            "so compare the two columns with each other rather than with the table above): each stack as it ships, "
            "and at the best configuration the sweep found for waiting, with what that costs in memory. "
            "Processes and threads can wait too, at this price.",
            "",
            *rows,
            "",
        ]
    )
