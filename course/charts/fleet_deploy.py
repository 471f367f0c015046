"""The fleet's rolling deploy and rollback as a picture: a row per app host over the seconds of the run.

A bar is a stretch of time in which the host answered, coloured by the release it answered
with; a gap is the host out of the load balancer's rotation (drained, restarted, checked).
A red cross is a request that failed, on the row of the host that answered it, or on the
"no app answer" row when none did. From the per-request rows ``make fleet-measure`` keeps
in benchmarks/results/fleet.json (tests/fleet/test_rolling_deploy.py, fleet/deploy_timeline.py).
"""

from course.charts import style

NAME = "fleet-deploy.svg"
RUNS = (("rolling_deploy_requests", "rolling deploy"), ("rollback_requests", "rollback"))
GAP_SECONDS = 1.0  # no answer from a host for longer than this splits its bar: it was out of rotation
RELEASE_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd")
NO_HOST = "no app answer"


def stretches(rows: list, host: str) -> list:
    """[(start, end, release)] of the host's answers: one per run of one release without a long gap."""
    found: list = []
    for seconds, who, release, _, _ in rows:
        if who != host:
            continue
        if found and found[-1][2] == release and seconds - found[-1][1] <= GAP_SECONDS:
            found[-1][1] = seconds
        else:
            found.append([seconds, seconds, release])
    return [tuple(s) for s in found]


def _releases(runs: list) -> list:
    """Every release answered, in the order first seen (so the first run's old release comes first)."""
    seen: list = []
    for timeline, _ in runs:
        for row in timeline["rows"]:
            if row[2] and row[2] not in seen:
                seen.append(row[2])
    return seen


def draw(results: dict) -> str:
    runs = [(results[key], title) for key, title in RUNS if results.get(key, {}).get("rows")]
    if not runs:
        return ""
    plt = style.pyplot()
    releases = _releases(runs)
    colors = {release: RELEASE_COLORS[i % len(RELEASE_COLORS)] for i, release in enumerate(releases)}
    figure, panels = plt.subplots(len(runs), 1, figsize=(7, 1.6 * len(runs) + 1.0), squeeze=False)
    for axes, (timeline, title) in zip(panels[:, 0], runs, strict=True):
        rows = timeline["rows"]
        lanes = list(timeline["hosts"]) + ([NO_HOST] if any(r[4] and not r[1] for r in rows) else [])
        y = {lane: len(lanes) - 1 - i for i, lane in enumerate(lanes)}
        for host in timeline["hosts"]:
            for start, end, release in stretches(rows, host):
                axes.barh(y[host], max(end - start, 0.05), left=start, height=0.6, color=colors[release])
        failed = [(r[0], y[r[1] or NO_HOST]) for r in rows if r[4]]
        if failed:
            axes.plot(*zip(*failed, strict=True), "x", color="#d62728", markersize=6)
        axes.set_yticks(list(y.values()), list(y))
        axes.set_ylim(-0.6, len(lanes) - 0.4)
        axes.set_xlim(0, max(r[0] for r in rows) * 1.01)
        axes.set_title(
            f"{title}: {len(rows):,} requests from client, {len(failed)} failed",
            fontsize=style.FONT_SIZE + 1,
            loc="left",
        )
        axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlabel("seconds from the start of the load; a gap is a host out of the load balancer's rotation")
    from matplotlib.patches import Patch

    handles = [Patch(color=colors[r], label=r) for r in releases]
    handles.append(plt.Line2D([], [], marker="x", linestyle="", color="#d62728", label="failed request"))
    # Below the panels, not beside them: the chart keeps the content column's width, so its text is not scaled down.
    figure.legend(
        handles=handles,
        title="answered with release",
        fontsize=style.FONT_SIZE,
        title_fontsize=style.FONT_SIZE,
        loc="lower center",
        ncol=len(handles),
        frameon=False,
    )
    figure.tight_layout(rect=(0, 0.12, 1, 1))
    return style.svg(figure)


def files() -> dict:
    results = style.committed("fleet.json")
    return {NAME: draw(results)} if results else {}
