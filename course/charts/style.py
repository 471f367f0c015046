"""What every chart shares: matplotlib without a display, one colour per process model,
and SVG output that is the same text for the same results (a freshness test compares it)."""

import io
import json

from benchmarks.shared.folders import DEFAULT_RESULTS

PROCESS_MODEL_COLORS = {  # the lesson of the I/O chart: what waiting costs each model
    "per-request": "#7f7f7f",
    "prefork": "#d62728",
    "prefork+threads": "#ff7f0e",
    "threads": "#bcbd22",
    "event-loop": "#2ca02c",
    "prefork+event-loop": "#17becf",
    "none": "#1f77b4",
}
FONT_SIZE = 8


def pyplot():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {"svg.hashsalt": "interface-lab", "font.size": FONT_SIZE, "svg.fonttype": "none", "font.family": "DejaVu Sans"}
    )
    from matplotlib import pyplot as plt

    return plt


def color(process_model: str) -> str:
    return PROCESS_MODEL_COLORS.get(process_model, "#444444")


def model_legend(axes, models, **kwargs) -> None:
    """A legend of the process models shown, in the order of PROCESS_MODEL_COLORS."""
    from matplotlib.lines import Line2D

    shown = [m for m in PROCESS_MODEL_COLORS if m in set(models)]
    handles = [Line2D([], [], marker="o", linestyle="", color=color(m), label=m) for m in shown]
    axes.legend(handles=handles, title="process model", fontsize=FONT_SIZE, title_fontsize=FONT_SIZE, **kwargs)


def svg(figure) -> str:
    """The figure as SVG text, without the date matplotlib would stamp into it."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.1)
    pyplot().close(figure)
    return buffer.getvalue()


def committed(name: str) -> dict | None:
    """A committed results file (benchmarks/results/NAME), or None when there is none yet."""
    path = DEFAULT_RESULTS / name
    return json.loads(path.read_text()) if path.is_file() else None
