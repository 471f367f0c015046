"""A launch that fails after supervisord started stops what it started and ends in one StackError line.

The failure is injected where a real one happens (supervisord's socket going
away while start-up checks the programs): everything else is the real runner
starting the real wsgi stack.
"""

import errno
import os

import pytest

from stacks.runner import diagnosis, lifecycle, proctree, supervise
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions
from stacks.runner.runstate import state_file
from tests.integration import lab


def test_an_error_during_launch_stops_supervisord_and_reads_as_one_line(monkeypatch):
    missing = lab.missing_need("wsgi")
    if missing:
        pytest.skip(missing)
    run = lab.new_run_dir()
    started = {}

    gone = ConnectionRefusedError(errno.ECONNREFUSED, os.strerror(errno.ECONNREFUSED))

    def socket_gone(base, *args):
        started["state"] = lifecycle.read_state(base)
        raise gone

    monkeypatch.setattr(diagnosis, "settle", socket_gone)
    options = RunOptions(run_dir=run, ports={"port": lab.free_port()}, python_env="test")
    with pytest.raises(StackError) as raised:
        lifecycle.start("wsgi", options)
    assert str(raised.value) == f"stack 'wsgi' did not start: ConnectionRefusedError: {gone}"
    state = started["state"]
    assert state is not None and state.stack == "wsgi", "supervisord was running when the failure came"
    assert not supervise.pid_alive(state.pid), "supervisord was stopped"
    assert not proctree.of_run(run), "no program of the stack is left"
    assert not state_file(run).exists()
