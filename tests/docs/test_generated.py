"""Every generated page is fresh: the registry of generators (course/registry.py) in check mode.

Pages are made only from results files, manifests and settings: a results file
committed without ``make tables``, a manifest or a setting changed, a hand edit of a
generated page -- any of them leaves a page that contradicts its source, and this
one test names every such file. It also fails on a generator whose declared source
no longer exists, so the registry keeps saying truly where each page comes from.
"""

from course import registry


def test_every_generated_page_is_fresh_and_its_sources_exist():
    assert registry.missing_sources() == [], "a generator declares a source that is not there"
    stale = registry.update(check=True)
    assert stale == [], f"stale generated files: {', '.join(map(str, stale))}: run 'make tables'"
