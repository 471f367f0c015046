"""The hostile-request matrix as a heat map: a row per stack, a column per case of the corpus.

A cell's colour is what the stack did with the whole request (served it, refused it
with a status, closed, or kept waiting); a dot marks a known divergence, a cross a
failure (tests/hostile/divergences.toml says why each is known). Columns follow the
corpus, grouped by the part of HTTP/1.1 each case tests, so a stack's habits show as
a stripe of one colour. From benchmarks/results/hostile.json; the page beside it has
every cell as a number.
"""

from benchmarks.hostile import corpus
from course.charts import style

NAME = "hostile.svg"
OUTCOMES = {
    "refused": "#4e79a7",
    "served": "#59a14f",
    "served, 2 responses": "#edc948",
    "closed": "#b07aa1",
    "silent": "#bab0ac",
    "error": "#e15759",
}


def _outcome(observed: str) -> str:
    return observed if observed in OUTCOMES else "error"


def draw(results: dict) -> str:
    stacks = sorted(results.get("stacks", {}))
    if not stacks:
        return ""
    cases = [c for c in corpus.load() if any(c.name in results["stacks"][s]["cases"] for s in stacks)]
    plt = style.pyplot()
    from matplotlib.colors import ListedColormap
    from matplotlib.lines import Line2D

    codes = list(OUTCOMES)
    grid, marks = [], {"known": [], "failure": []}
    for y, stack in enumerate(stacks):
        row = []
        for x, case in enumerate(cases):
            result = results["stacks"][stack]["cases"].get(case.name, {}).get("whole")
            row.append(codes.index(_outcome(result["observed"])) if result else float("nan"))
            if result and result["verdict"] in marks:
                marks[result["verdict"]].append((x, y))
        grid.append(row)
    figure, axes = plt.subplots(figsize=(12, 0.26 * len(stacks) + 2.2))
    axes.imshow(
        grid,
        aspect="auto",
        interpolation="nearest",
        cmap=ListedColormap(list(OUTCOMES.values())),
        vmin=-0.5,
        vmax=len(codes) - 0.5,
    )
    for verdict, marker in (("known", "o"), ("failure", "x")):
        if marks[verdict]:
            xs, ys = zip(*marks[verdict], strict=True)
            axes.plot(xs, ys, marker, color="black", markersize=2.5 if marker == "o" else 4, linestyle="")
    axes.set_yticks(range(len(stacks)), stacks)
    starts = [x for x, case in enumerate(cases) if x == 0 or case.category != cases[x - 1].category]
    for x in starts[1:]:
        axes.axvline(x - 0.5, color="white", linewidth=1.2)
    ends = [*starts[1:], len(cases)]
    axes.set_xticks(
        [(a + b - 1) / 2 for a, b in zip(starts, ends, strict=True)],
        [cases[x].category for x in starts],
        rotation=45,
        ha="right",
    )
    axes.set_xlabel(f"the {len(cases)} cases of the corpus (tests/hostile/cases), grouped by what they test")
    handles = [Line2D([], [], marker="s", linestyle="", color=c, label=o) for o, c in OUTCOMES.items()]
    handles += [
        Line2D([], [], marker="o", linestyle="", color="black", markersize=3, label="known divergence"),
        Line2D([], [], marker="x", linestyle="", color="black", label="failure"),
    ]
    axes.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=style.FONT_SIZE,
        title="the whole request was",
        title_fontsize=style.FONT_SIZE,
        alignment="left",
    )
    axes.set_title("What each stack did with each hostile request", loc="left")
    figure.tight_layout()
    return style.svg(figure)


def files() -> dict:
    results = style.committed("hostile.json")
    return {NAME: draw(results)} if results else {}
