"""gunicorn's worker count follows its documented rule, (2 x cores) + 1, and says so."""

import os

from tests.integration import lab


def test_gunicorn_workers_follow_the_formula():
    running = lab.start("wsgi")
    try:
        cores = len(os.sched_getaffinity(0))
        expected = 2 * cores + 1
        master = running.processes()[1]
        workers = lab.wait_for(lambda: len(lab.proctree.descendants(master)) == expected and expected, 10)
        assert workers == expected
        assert f"{expected} child process(es)" in running.output
        log = (running.run / "logs" / "gunicorn.log").read_text()
        assert f"workers: {expected}, from (2 x {cores} cores) + 1" in log
    finally:
        left = running.stop()
    assert not left
