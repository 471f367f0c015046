"""gunicorn's worker count follows its documented rule, (2 x cores) + 1, and says so."""

import os

import pytest

from tests.integration import lab


@pytest.mark.parametrize("stack", ["wsgi"], indirect=True)  # the shared wsgi stack: only read here
def test_gunicorn_workers_follow_the_formula(stack):
    cores = len(os.sched_getaffinity(0))
    expected = 2 * cores + 1
    master = stack.processes()[1]
    workers = lab.wait_for(lambda: len(lab.proctree.descendants(master)) == expected and expected, 10)
    assert workers == expected
    assert f"{expected} child process(es)" in stack.output
    log = (stack.run / "logs" / "gunicorn.log").read_text()
    assert f"workers: {expected}, from (2 x {cores} cores) + 1" in log
