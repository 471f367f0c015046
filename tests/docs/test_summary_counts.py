"""A manifest's summary, shown in the generated stacks table, agrees with the stack's configuration.

A summary may say "a master and two workers of four threads": words, so the digit
lint of test_numbers misses them, and a config change would leave the table wrong.
Every count a summary spells out (or types in digits) must name a setting below, read
from the config by course/facts.py, and equal it; a count with no source fails too.
"""

import pytest

from course import facts
from stacks.runner import manifest
from tests.docs.test_numbers import NOT_A_QUANTITY, NUMBER, spelled_counts

# (stack, what is counted) -> the fact that reads it from the stack's configuration
SOURCES = {
    ("uwsgi", "worker"): "uwsgi.processes",
    ("uwsgi", "thread"): "uwsgi.threads",
    ("modwsgi", "process"): "modwsgi.processes",
    ("modwsgi", "thread"): "modwsgi.threads",
    ("fastcgi", "thread"): "flup.max_threads",
    ("scgi", "thread"): "flup.max_threads",
    ("waitress", "thread"): "waitress.threads",
    ("fcgiwrap", "process"): "fcgiwrap.processes",
}
STACKS = manifest.discover()


def disagreements(stack: str, summary: str) -> list:
    """What the summary counts that its configuration does not say, in words a reader can act on."""
    quantities = NOT_A_QUANTITY.sub(" ", summary)  # "HTTP/3" names a protocol, it counts nothing
    found = [f"{number!r} typed in digits" for number in (m.group(0) for m in NUMBER.finditer(quantities))]
    for count, noun in spelled_counts(summary):
        source = SOURCES.get((stack, noun))
        if source is None:
            found.append(f"{count} {noun}(s): no setting backs it; add it to SOURCES or reword")
        elif int(facts.value(source)) != count:
            found.append(f"{count} {noun}(s), but {source} is {facts.value(source)}")
    return found


@pytest.mark.parametrize("name", sorted(STACKS))
def test_a_summary_counts_what_the_config_says(name):
    assert disagreements(name, STACKS[name].summary) == [], f"stacks/{name}/stack.toml summary"


def test_the_uwsgi_summary_states_its_workers_and_threads():
    assert spelled_counts(STACKS["uwsgi"].summary) == [
        (int(facts.value("uwsgi.processes")), "worker"),
        (int(facts.value("uwsgi.threads")), "thread"),
    ]


def test_a_summary_that_disagrees_with_the_config_fails():
    assert disagreements("uwsgi", "a master and three workers of four threads") == [
        f"3 worker(s), but uwsgi.processes is {facts.value('uwsgi.processes')}"
    ]
    assert disagreements("wsgi", "gunicorn with five workers") == [
        "5 worker(s): no setting backs it; add it to SOURCES or reword"
    ]
    assert disagreements("waitress", "waitress with 4 threads") == ["'4' typed in digits"]
