"""Every generated page of the lab, registered in one place: the only writer of pages.

Measuring (benchmarks/, stacks/, fleet/) writes results files and nothing else; the
generators registered here turn results files, manifests and settings objects into
pages. ``make tables`` (``python -m course``) rewrites every registered page, and
``python -m course --check`` -- the one freshness test, tests/docs/test_generated.py --
fails when any of them is stale. Every harness target of the Makefile ends with
``make tables``, so after a measurement the pages follow the committed results.

To register a page, add one entry to ``GENERATORS`` below:

    Page("docs/my-page.md", my_page.render, sources=("benchmarks/results/my.json",))
        a whole file: ``render()`` returns its full text.
    Blocks("docs/*.md", my_blocks.fill, sources=("stacks/*/stack.toml",))
        generated parts of hand-written pages: ``fill(text)`` returns the text with
        its parts rewritten (blocks.replace() fills one ``<!-- generated: NAME ... -->`` block).
    Files("docs/diagrams", "*.svg", diagrams.files, sources=(...))
        a folder of generated files: ``files()`` returns {file name: text}; others matching
        the pattern are removed.

``sources`` name what the page is made from, as paths or globs from the repository
root: results files, manifests, settings files -- never Python source read as text
(import the constant instead). The freshness test checks that each one exists.
Generators run in the order listed; later ones see what earlier ones wrote (facts
last, so a fact inside a generated block is filled too).
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from course import (
    automation_page,
    availability_page,
    benchmarks_page,
    blocks,
    charts,
    cloud_results,
    container_page,
    diagrams,
    environ_page,
    facts,
    first_run_block,
    fleet_page,
    http2_results,
    manifest_keys_page,
    monitoring_page,
    path_pages,
    security_page,
    slow_clients_page,
    stacks_table,
    tuning_page,
    wire_page,
)
from course.facts import ROOT

COURSE_PAGES = "docs/**/*.md"  # the course's pages (students' own copies under docs/*/work/ left out)


def _glob(pattern: str) -> list:
    found = sorted(ROOT.glob(pattern))
    return [p for p in found if "work" not in p.relative_to(ROOT).parts[1:3]]


def course_pages() -> list:
    """Every Markdown page of the course, the students' own copies left out."""
    return _glob(COURSE_PAGES)


def whole_pages() -> list:
    """The files a ``Page`` generator writes whole (every figure on them comes from its sources)."""
    return [ROOT / g.path for g in GENERATORS if isinstance(g, Page)]


@dataclass(frozen=True)
class Page:
    """A whole generated file."""

    path: str
    render: Callable[[], str]
    sources: tuple = ()

    def outputs(self, texts: "Texts") -> dict:
        return {ROOT / self.path: self.render()}


@dataclass(frozen=True)
class Blocks:
    """Generated parts inside hand-written files: ``fill(text) -> text`` on each file the pattern matches."""

    pattern: str
    fill: Callable[[str], str]
    sources: tuple = ()

    def outputs(self, texts: "Texts") -> dict:
        return {path: self.fill(texts.read(path)) for path in _glob(self.pattern)}


@dataclass(frozen=True)
class Files:
    """A folder of generated files: ``files() -> {name: text}``; other files matching ``pattern`` are removed."""

    folder: str
    pattern: str
    files: Callable[[], dict]
    sources: tuple = ()

    def outputs(self, texts: "Texts") -> dict:
        wanted = {ROOT / self.folder / name: text for name, text in self.files().items()}
        gone = {path: None for path in (ROOT / self.folder).glob(self.pattern) if path not in wanted}
        return {**wanted, **gone}


GENERATORS = (
    Blocks("README.md", stacks_table.fill, sources=("stacks/*/stack.toml",)),
    Blocks(
        "README.md",
        first_run_block.fill,
        sources=("benchmarks/results/first-run.json", "benchmarks/results/latest.json"),
    ),
    Blocks("docs/stacks.md", stacks_table.fill, sources=("stacks/*/stack.toml",)),
    Page("docs/manifest-keys.md", manifest_keys_page.render, sources=("stacks/runner/manifest.py", "stacks/common")),
    Page("docs/interfaces/environ.md", environ_page.render_committed, sources=("benchmarks/results/environ.json",)),
    Page("docs/wire.md", wire_page.render_committed, sources=("benchmarks/results/wire.json",)),
    Page(
        "docs/benchmarks.md",
        benchmarks_page.render_committed,
        sources=("benchmarks/results/latest.json", "benchmarks/matrix/settings.toml", "benchmarks/results/tuning.json"),
    ),
    Page(
        "docs/tuning.md",
        tuning_page.render_committed,
        sources=(
            "benchmarks/results/tuning.json",
            "benchmarks/tuning/settings.toml",
            "benchmarks/results/open-loop.json",
            "benchmarks/results/locust-distributed.json",
            "benchmarks/results/cgi-floor.json",
            "benchmarks/results/ceiling.json",
        ),
    ),
    Page(
        "docs/security.md",
        security_page.render_committed,
        sources=("benchmarks/results/hostile.json", "tests/hostile/cases", "tests/hostile/divergences.toml"),
    ),
    Page(
        "docs/slow-clients.md",
        slow_clients_page.render_committed,
        sources=("benchmarks/results/slow-clients.json", "benchmarks/slow_clients/attacks.toml"),
    ),
    Page(
        "docs/availability.md",
        availability_page.render_committed,
        sources=("benchmarks/results/availability.json", "benchmarks/availability/faults.toml"),
    ),
    Blocks(
        "docs/monitoring.md",
        monitoring_page.fill,
        sources=(
            "benchmarks/results/metrics-cost.json",
            "benchmarks/results/burn-rate-example.json",
            "stacks/production/rules/alerts.yml",
        ),
    ),
    Blocks("docs/http2.md", http2_results.fill, sources=("benchmarks/results/http2.json",)),
    Blocks("docs/cloud.md", cloud_results.fill, sources=("benchmarks/results/cloud.json",)),
    # ci/results.py reads benchmarks/results/pipeline.json, which only make pipeline-measure writes (the
    # page says "not measured yet" without it): the pipeline's own test stage must pass before the first.
    Blocks("docs/automation.md", automation_page.fill, sources=("ci/plan.py", "ci/results.py")),
    Blocks("docs/fleet.md", fleet_page.fill, sources=("benchmarks/results/fleet.json",)),
    Blocks(
        "docs/interfaces/container.md",
        container_page.fill,
        sources=("benchmarks/results/container.json", "benchmarks/results/latest.json"),
    ),
    Blocks(
        COURSE_PAGES,
        blocks.fill_course_blocks,
        sources=("fleet/inventory/lab/hosts.yml", "fleet/site.yml", "apps/hello/config/*.toml"),
    ),
    Blocks(
        "docs/index.md",
        path_pages.fill,
        sources=("course/path.toml", "docs/exercises/*/check.py", "docs/labs/*/check.py"),
    ),
    Page("docs/afternoon.md", path_pages.afternoon, sources=("course/path.toml",)),
    Files("docs/diagrams", "*.svg", diagrams.files, sources=("stacks/*/stack.toml",)),
    Files(charts.FOLDER, "*.svg", charts.files, sources=charts.SOURCES),
    Blocks(COURSE_PAGES, facts.fill, sources=("benchmarks/results/*.json",)),
    Blocks(COURSE_PAGES, blocks.placed),  # last: where a fact's span sits on its line
)


class Texts:
    """The files as the generators have left them so far: read from disk once, changed in memory."""

    def __init__(self) -> None:
        self.changed: dict = {}

    def read(self, path: Path) -> str | None:
        if path in self.changed:
            return self.changed[path]
        return path.read_text() if path.is_file() else None

    def stale(self) -> list:
        """The files whose new text differs from what is on disk (None: to be removed)."""
        return sorted(p for p, text in self.changed.items() if text != (p.read_text() if p.is_file() else None))


def generate() -> Texts:
    """Run every generator in order, in memory."""
    texts = Texts()
    for generator in GENERATORS:
        for path, text in generator.outputs(texts).items():
            texts.changed[path] = text
    return texts


def update(check: bool = False) -> list:
    """The generated files that were (or, with ``check``, would be) rewritten, relative to the root."""
    texts = generate()
    stale = texts.stale()
    if not check:
        for path in stale:
            text = texts.changed[path]
            if text is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
    return [p.relative_to(ROOT) for p in stale]


def missing_sources() -> list:
    """Declared sources that match nothing: a declaration that no longer says where a page comes from."""
    return [
        f"{type(g).__name__} {getattr(g, 'path', None) or getattr(g, 'pattern', None) or g.folder}: {source}"
        for g in GENERATORS
        for source in g.sources
        if not any(ROOT.glob(source))
    ]
