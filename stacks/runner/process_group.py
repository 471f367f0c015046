"""Stopping a process that was started in its own session, with all it started.

Tools start short-lived servers (a release's smoke-test gunicorn, an exercise's
server) with ``start_new_session=True``; ending the group, not the pid, ends its
workers too. TERM first, KILL when it does not go in time; a process that exited
already is fine.
"""

import os
import signal
import subprocess


def end_group(process: subprocess.Popen, seconds: float = 10) -> None:
    """Stop ``process`` and everything in its process group; reap it."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(seconds)
            break
        except subprocess.TimeoutExpired:
            continue
    process.poll()
