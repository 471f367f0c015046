"""The sweep's charts, drawn with its results (matplotlib, as the wrk matrix draws its own).

Per stack one figure, a row per workload: the knee plot (median req/s, and p99
on a second axis, against the first grid knob, one line per value of the
second) with the peak memory written beside every point, because more
workers cost memory and the page should show that price where the throughput
is; and, where two grid knobs interact, a heat map of req/s over both.
"""

from pathlib import Path

WORKLOAD_TITLES = {"cpu": "Hello, World! (CPU-bound)", "io": "/slow (I/O-bound)"}


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot


def _grid_points(stack: dict) -> list:
    """The configurations that differ from shipped only in grid knobs (the knee and heat map's points)."""
    others = [k for k in stack["knobs"] if k not in stack["grid"]]
    return [
        c
        for c in stack["configurations"]
        if not c["reason"] and all(c["values"][k] == stack["knobs"][k]["shipped"] for k in others)
    ]


def _knee(axes, stack: dict, workload: str) -> None:
    axis, series = stack["grid"][0], (stack["grid"][1] if len(stack["grid"]) > 1 else None)
    points = [c for c in _grid_points(stack) if c[workload]]
    groups = sorted({c["values"][series] for c in points}, key=str) if series else [None]
    latency = axes.twinx()
    for group in groups:
        chosen = sorted(
            (c for c in points if series is None or c["values"][series] == group), key=lambda c: c["values"][axis]
        )
        xs = [c["values"][axis] for c in chosen]
        name = f"{series}={group}" if series else "req/s"
        (line,) = axes.plot(xs, [c[workload]["rps"] for c in chosen], marker="o", label=name)
        latency.plot(
            xs, [c[workload]["p99_ms"] for c in chosen], linestyle="--", marker="x", color=line.get_color(), alpha=0.6
        )
        for x, c in zip(xs, chosen, strict=True):
            mark = " (shipped)" if c["shipped"] else ""
            axes.annotate(
                f"{c[workload]['rss_mib']:.0f} MiB{mark}",
                (x, c[workload]["rps"]),
                fontsize=7,
                textcoords="offset points",
                xytext=(4, 4),
            )
    axes.set_xticks(sorted({c["values"][axis] for c in points}))
    axes.set_xlabel(axis)
    axes.set_ylabel("req/s (median of rounds)")
    latency.set_ylabel("p99 ms (dashed)")
    axes.set_ylim(bottom=0)
    latency.set_ylim(bottom=0)
    axes.legend(fontsize=7, loc="best")
    axes.set_title(f"{WORKLOAD_TITLES[workload]}: knee", fontsize=9)


def _heat(axes, stack: dict, workload: str) -> None:
    first, second = stack["grid"][:2]
    points = [c for c in _grid_points(stack) if c[workload]]
    xs = sorted({c["values"][first] for c in points})
    ys = sorted({c["values"][second] for c in points})
    table = [[None] * len(xs) for _ in ys]
    for c in points:
        table[ys.index(c["values"][second])][xs.index(c["values"][first])] = c
    values = [[(cell[workload]["rps"] if cell else 0.0) for cell in row] for row in table]
    axes.imshow(values, cmap="viridis", origin="lower", aspect="auto")
    middle = (max(map(max, values)) + min(map(min, values))) / 2  # viridis is light above it: dark text there
    for j, row in enumerate(table):
        for i, cell in enumerate(row):
            if cell:
                axes.text(
                    i,
                    j,
                    f"{cell[workload]['rps']:,.0f}\n{cell[workload]['rss_mib']:.0f} MiB",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="black" if values[j][i] > middle else "white",
                )
    axes.set_xticks(range(len(xs)), [str(x) for x in xs])
    axes.set_yticks(range(len(ys)), [str(y) for y in ys])
    axes.set_xlabel(first)
    axes.set_ylabel(second)
    axes.set_title(f"{WORKLOAD_TITLES[workload]}: req/s and peak memory", fontsize=9)


def draw(stack: dict, path: Path, quick: bool) -> Path:
    """The figure of one stack: a row per workload it was measured on."""
    pyplot = _pyplot()
    workloads = [w for w in ("cpu", "io") if any(c[w] for c in stack["configurations"])]
    columns = 2 if len(stack["grid"]) > 1 else 1
    figure, grid = pyplot.subplots(
        len(workloads), columns, figsize=(6.5 * columns, 3.6 * len(workloads)), squeeze=False
    )
    for row, workload in enumerate(workloads):
        _knee(grid[row][0], stack, workload)
        if columns == 2:
            _heat(grid[row][1], stack, workload)
    figure.suptitle(f"{stack['name']}{' (QUICK run)' if quick else ''}", fontsize=10)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=90)
    pyplot.close(figure)
    return path


def folder_for(results_file: Path) -> Path:
    """Where a results file's charts go: ``tuning/`` beside the committed one, ``<name>-charts/`` beside another."""
    return results_file.parent / ("tuning" if results_file.name == "tuning.json" else f"{results_file.stem}-charts")


def draw_all(results: dict, results_file: Path) -> list:
    """One chart per stack of the sweep, beside its results file."""
    folder = folder_for(results_file)
    return [draw(stack, folder / f"{stack['name']}.png", results["quick"]) for stack in results["stacks"]]
