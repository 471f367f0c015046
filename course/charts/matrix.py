"""The wrk matrix's two charts: dots, not bars, coloured by process model.

Hello, World!: each stack's best median (a dot) with the min–max of its rounds (a line),
on a log axis because the stacks span four orders of magnitude (CGI's tens, nginx's
hundred thousands). Dots and not bars: a bar on a log axis starts at an arbitrary
value and its length says nothing (a bar from 5 req/s made cgi look a ninth of
static). The value is written past the end of the min–max line, so it never meets it.

I/O-bound: requests/s at many connections on /slow against the ideal (connections /
wait), on a linear axis; the colour is the lesson: event loops reach the ideal,
prefork workers do not.
"""

from benchmarks.matrix import summarize
from course.charts import style

HELLO, IO = "benchmarks-hello.svg", "benchmarks-io.svg"


def _dots(axes, rows, label_at) -> None:
    """rows: (label, median, min, max, process model, note), drawn bottom to top."""
    for y, (_, value, low, high, model, note) in enumerate(rows):
        axes.plot([low, high], [y, y], color=style.color(model), linewidth=1.5, alpha=0.6, solid_capstyle="butt")
        axes.plot([value], [y], "o", color=style.color(model), markersize=5)
        axes.text(label_at(high), y, f"{value:,.0f}{note}", va="center", fontsize=style.FONT_SIZE)
    axes.set_yticks(range(len(rows)), [r[0] for r in rows])
    axes.set_ylim(-0.7, len(rows) - 0.3)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)


def _run_kind(results: dict) -> str:
    return f"{'QUICK run' if results['quick'] else 'full run'}, {results['date'][:10]}"


def hello(results: dict) -> str:
    stacks = sorted((s for s in results["stacks"] if s["verified"]), key=summarize.best_rps)
    if not stacks:
        return ""
    plt = style.pyplot()
    rows = []
    for stack in stacks:
        best = max(stack["levels"], key=lambda lv: lv["rps"])
        ratio = best.get("ratio_to_ceiling")
        note = f"  ×{ratio:.3g} of {results['ceiling']['stack']}" if ratio is not None and ratio < 1 else ""
        rows.append(
            (
                f"{stack['name']} (c={best['connections']})",
                best["rps"],
                best["rps_min"],
                best["rps_max"],
                stack["process_model"],
                note,
            )
        )
    figure, axes = plt.subplots(figsize=(9, 0.32 * len(rows) + 1.6))
    _dots(axes, rows, lambda high: high * 1.25)
    axes.set_xscale("log")
    low = min(r[2] for r in rows)
    axes.set_xlim(low / 2, max(r[3] for r in rows) * 40)
    axes.set_xlabel(
        "requests/s: the median of the rounds (dot) and their min–max (line), log scale; "
        "server on one core, wrk on the other"
    )
    axes.set_title(f"Hello, World! through each interface, best connection level — {_run_kind(results)}")
    style.model_legend(axes, [r[4] for r in rows], loc="lower right")
    figure.tight_layout()
    return style.svg(figure)


def io(results: dict) -> str:
    workload = results.get("io")
    stacks = sorted((s for s in results["stacks"] if s.get("io")), key=lambda s: s["io"]["rps"])
    if not workload or not stacks:
        return ""
    plt = style.pyplot()
    rows = [
        (
            s["name"],
            s["io"]["rps"],
            s["io"]["rps_min"],
            s["io"]["rps_max"],
            s["process_model"],
            f"  ×{s['io']['ratio_to_ideal']:.2f}",
        )
        for s in stacks
    ]
    ideal = workload["ideal_rps"]
    figure, axes = plt.subplots(figsize=(9, 0.32 * len(rows) + 1.6))
    _dots(axes, rows, lambda high: ideal * 1.03)  # a column of values right of the ideal: nothing to cross
    axes.axvline(ideal, color="#555555", linestyle="--", linewidth=1)
    axes.set_xlim(0, ideal * 1.28)
    axes.set_xticks([t for t in axes.get_xticks() if t <= ideal])
    axes.set_xlabel(
        "requests/s answered 2xx: median (dot) and min–max (line) of the rounds; server on one core, wrk on the other"
    )
    axes.set_title(
        f"GET {workload['path']} at {workload['connections']} connections — {_run_kind(results)}; "
        f"dashed: the ideal, {workload['connections']} / {workload['wait_seconds']:g} s = {ideal:,.0f} req/s"
    )
    style.model_legend(axes, [r[4] for r in rows], loc="lower right", bbox_to_anchor=(0.72, 0.02))
    figure.tight_layout()
    return style.svg(figure)


def files() -> dict:
    results = style.committed("latest.json")
    return {HELLO: hello(results), IO: io(results)} if results else {}
