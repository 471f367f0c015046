"""latest.png and latest-io.png: one chart per workload.

latest.png: Hello, World!, requests/s per stack on a log scale, the static ceiling marked.

One horizontal bar per stack at its best connection level (median, with the
min–max of the rounds as a whisker), fastest on top. A log scale because the
stacks span three orders of magnitude: CGI's tens and nginx's tens of
thousands would not fit on one linear axis.

latest-io.png: the I/O-bound workload, requests/s per stack on a linear scale
against its ideal (connections / wait): there the question is how close each
comes, and every stack fits between zero and the ideal.
"""

from pathlib import Path

from benchmarks.matrix import summarize


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot


def draw(results: dict, path: Path) -> None:
    pyplot = _pyplot()

    stacks = sorted((s for s in results["stacks"] if s["verified"]), key=summarize.best_rps)
    best = [max(s["levels"], key=lambda lv: lv["rps"]) for s in stacks]
    labels = [f"{s['name']} (c={lv['connections']})" for s, lv in zip(stacks, best, strict=True)]
    values = [lv["rps"] for lv in best]
    whiskers = [[lv["rps"] - lv["rps_min"] for lv in best], [lv["rps_max"] - lv["rps"] for lv in best]]
    figure, axes = pyplot.subplots(figsize=(9, 0.45 * len(stacks) + 1.8))
    colors = ["#888888" if s["name"] == results["ceiling"]["stack"] else "#3b6ea8" for s in stacks]
    axes.barh(labels, values, xerr=whiskers, color=colors, capsize=3)
    axes.set_xscale("log")
    ceiling = results["ceiling"]["rps"]
    if ceiling:
        axes.axvline(ceiling, color="#c0392b", linestyle="--", linewidth=1,
                     label=f"ceiling: {results['ceiling']['stack']}, {ceiling:,.0f} req/s")
        axes.legend(loc="lower right", fontsize=8)
    for y, (value, lv) in enumerate(zip(values, best, strict=True)):
        share = f" ×{lv['ratio_to_ceiling']:.3g}" if lv["ratio_to_ceiling"] is not None else ""
        axes.text(value, y, f" {value:,.0f}{share}", va="center", fontsize=8)
    axes.set_xlabel("requests/s, median of rounds (log scale); server on one core, wrk on the other")
    kind = "QUICK run" if results["quick"] else "full run"
    axes.set_title(f"Hello, World! through each interface — {kind}, {results['date'][:10]}", fontsize=10)
    axes.set_xlim(left=max(1, min(values) / 3) if values else 1, right=(max(values) * 4) if values else 10)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    pyplot.close(figure)


def draw_io(results: dict, path: Path) -> None:
    """The I/O-bound chart; a results file without that workload draws nothing."""
    io = results.get("io")
    stacks = sorted((s for s in results["stacks"] if s.get("io")), key=lambda s: s["io"]["rps"])
    if not io or not stacks:
        return
    pyplot = _pyplot()
    levels = [s["io"] for s in stacks]
    values = [lv["rps"] for lv in levels]
    whiskers = [[lv["rps"] - lv["rps_min"] for lv in levels], [lv["rps_max"] - lv["rps"] for lv in levels]]
    figure, axes = pyplot.subplots(figsize=(9, 0.45 * len(stacks) + 1.8))
    axes.barh([f"{s['name']} ({s['process_model']})" for s in stacks], values, xerr=whiskers,
              color="#3b8a5a", capsize=3)
    axes.axvline(io["ideal_rps"], color="#c0392b", linestyle="--", linewidth=1,
                 label=f"ideal: {io['connections']} connections / {io['wait_seconds']:g} s = "
                       f"{io['ideal_rps']:,.0f} req/s")
    axes.legend(loc="lower right", fontsize=8)
    for y, lv in enumerate(levels):
        axes.text(lv["rps"], y, f" {lv['rps']:,.0f} ×{lv['ratio_to_ideal']:.2f}", va="center", fontsize=8)
    axes.set_xlim(0, io["ideal_rps"] * 1.25)
    axes.set_xlabel("requests/s, median of rounds; server on one core, wrk on the other")
    kind = "QUICK run" if results["quick"] else "full run"
    axes.set_title(f"GET {io['path']} at {io['connections']} connections — {kind}, {results['date'][:10]}",
                   fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    pyplot.close(figure)
