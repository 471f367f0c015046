"""Availability as a picture: for every stack, a row per fault on one time axis.

Each row is the fault's observation window (grey: from the fault's start until the
load was steady again), the time until requests succeeded again (red, from the
fault's start: ``recovery_s``), and the longest gap between two answered requests
(a black tick). The label says how many requests failed of those sent. Only what
benchmarks/results/availability.json records is drawn: the harness keeps these
figures per fault, not each request's time.
"""

from course.charts import style

NAME = "availability.svg"


def draw(results: dict) -> str:
    stacks = [s for s in results["stacks"] if s.get("started") and s.get("faults")]
    if not stacks:
        return ""
    plt = style.pyplot()
    heights = [len(s["faults"]) for s in stacks]
    figure, panels = plt.subplots(
        len(stacks),
        1,
        figsize=(9, 0.3 * sum(heights) + 1.1 * len(stacks)),
        gridspec_kw={"height_ratios": heights},
        sharex=True,
        squeeze=False,
    )
    longest = max(f["window_s"] for s in stacks for f in s["faults"])
    for axes, stack in zip(panels[:, 0], stacks, strict=True):
        faults = list(reversed(stack["faults"]))
        for y, fault in enumerate(faults):
            axes.barh(y, fault["window_s"], color="#e6e6e6", height=0.7)
            if fault["recovery_s"]:
                axes.barh(y, fault["recovery_s"], color="#d62728", height=0.7)
            axes.plot([fault["longest_gap_s"]], [y], "|", color="black", markersize=9)
            failed = (
                f"{fault['failed']} of {fault['sent']} failed" if fault["failed"] else f"0 of {fault['sent']} failed"
            )
            recovered = f", answering again after {fault['recovery_s']:.2f} s" if fault["recovery_s"] else ""
            axes.text(longest * 1.01, y, failed + recovered, va="center", fontsize=style.FONT_SIZE)
        axes.set_yticks(range(len(faults)), [f["name"] for f in faults])
        axes.set_ylim(-0.6, len(faults) - 0.4)
        axes.set_title(
            f"{stack['name']} ({stack['process_model']}): {stack['availability'] * 100:.3f}% of "
            f"{stack['sent']:,} requests answered",
            fontsize=style.FONT_SIZE + 1,
            loc="left",
        )
        axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlim(0, longest * 1.75)
    axes.set_xlabel(
        "seconds from the fault's start: observation window (grey), until requests succeed again "
        "(red), longest gap between answers (|)"
    )
    figure.tight_layout()
    return style.svg(figure)


def files() -> dict:
    results = style.committed("availability.json")
    return {NAME: draw(results)} if results else {}
