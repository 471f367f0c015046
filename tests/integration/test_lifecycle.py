"""What a person sees from the runner: the run summary, and who the processes run as."""

import re

from stacks.runner import procfs, proctree
from tests.integration import lab


def test_summary_names_url_processes_logs_and_stop(stack):
    out = stack.output
    assert f"is up at {stack.url.replace('//127.0.0.1:', '//localhost:')}/" in out
    for process in stack.manifest().processes:
        assert re.search(rf"^    {re.escape(process.name)} +RUNNING +pid \d+", out, re.M), out
    assert str(stack.run / "logs") in out
    assert "make stop-stack" in out


def test_nothing_serves_as_root(stack):
    """Started by root, only web server masters stay root; every serving process drops.

    A serving process holds a listening socket; the stack's processes are supervisord's
    and those carrying its mark outside its tree (a container's, under Podman's conmon).
    A program that only relays (the container stack's podman client, root) serves nothing.
    """
    processes = set(proctree.descendants(stack.state.pid)) | set(proctree.of_run(stack.run))
    parents = {procfs.parent(p) for p in processes}
    workers = [p for p in processes if p not in parents and procfs.socket_inodes(p) & procfs.listening_inodes(p)]
    assert workers, "a stack runs at least one process that serves"
    assert all(procfs.owner(p) != "root" for p in workers), [
        (p, procfs.owner(p), procfs.command_line(p)) for p in workers
    ]


def test_status_says_healthy_and_logs_show_every_log(stack):
    status = lab.runner("status", env=stack.env)
    assert status.returncode == 0, status.stdout + status.stderr
    assert f"Stack {stack.name!r} is up" in status.stdout and ": healthy" in status.stdout
    logs = lab.runner("logs", env=stack.env)
    assert logs.returncode == 0
    for process in stack.manifest().processes:
        assert f"==> {stack.run}/logs/{process.name}.log <==" in logs.stdout
