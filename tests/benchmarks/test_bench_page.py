"""docs/benchmarks.md is what ``make bench-docs`` writes from the committed benchmarks/results/latest.json.

The page's figures are only as good as that: a hand edit, or a results file committed
without rewriting the page, fails here.
"""

import json

from benchmarks.shared.folders import DEFAULT_RESULTS
from course import benchmarks_page as docs


def test_the_benchmarks_page_is_generated_from_the_committed_results():
    results = json.loads((DEFAULT_RESULTS / "latest.json").read_text())
    assert docs.DOC.read_text() == docs.render(results), "docs/benchmarks.md is stale: run 'make bench-docs'"
