"""A killed master's workers, orphaned outside supervisord's tree, are still ended by stop."""

import os
import shutil
import signal

from stacks.runner import proctree, supervise
from tests.integration import lab


def test_stop_ends_the_workers_of_a_killed_master():
    running = lab.start("wsgi")
    master = running.processes()[1]
    workers = lab.wait_for(lambda: len(proctree.descendants(master)) >= 2 and proctree.descendants(master), 10)
    os.kill(master, signal.SIGKILL)  # supervisord starts a new master; the old workers lose their parent
    assert lab.wait_for(
        lambda: (
            all(os.getppid() != p for p in workers)
            and any(p not in proctree.descendants(running.state.pid) for p in workers)
        ),
        10,
    )
    result = lab.runner("stop", env=running.env)
    assert result.returncode == 0, result.stderr
    assert "orphaned process(es)" in result.stdout
    assert not [p for p in workers if supervise.pid_alive(p)]
    assert not proctree.of_run(running.run)
    shutil.rmtree(running.run, ignore_errors=True)
