"""The course's charts, drawn from the results files by ``make tables`` (course/registry.py).

Each module draws one kind of picture from one results file and returns SVG text: a
chart is a derived file like a table, regenerated with the pages and checked for
freshness by the same test. SVG because it is text (the registry writes and
compares text) and stays sharp at any zoom.

    docs/charts/benchmarks-hello.svg   the wrk matrix, Hello, World! (latest.json)
    docs/charts/benchmarks-io.svg      the wrk matrix, the I/O-bound workload (latest.json)
    docs/charts/availability.svg       each fault's window, failed requests, recovery (availability.json)
    docs/charts/hostile.svg            stacks x hostile cases, what each stack did (hostile.json)
    docs/charts/fleet-deploy.svg       the fleet's app hosts over a rolling deploy and rollback (fleet.json)
"""

from course.charts import availability, fleet_deploy, hostile, matrix

FOLDER = "docs/charts"
SOURCES = (
    "benchmarks/results/latest.json",
    "benchmarks/results/availability.json",
    "benchmarks/results/hostile.json",
    "benchmarks/results/fleet.json",
)


def files() -> dict:
    """{file name: SVG text} of every chart whose results file holds something to draw."""
    drawn = {**matrix.files(), **availability.files(), **hostile.files(), **fleet_deploy.files()}
    return {name: svg for name, svg in drawn.items() if svg}
