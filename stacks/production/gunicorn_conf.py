"""gunicorn for the production stack: the lab's settings, on a unix socket, with a release id.

Rendered by the runner into the run directory. gunicorn re-reads this file on
every graceful reload (HUP), so the release id is read again from the ``current``
release a deploy has just switched to, and the new workers report it.
"""

import json
import os
import sys
from pathlib import Path

exec(Path("{{ release }}/interfaces/gunicorn/gunicorn_conf.py").read_text())  # workers, timeouts

bind = "unix:{{ var }}/gunicorn.sock"
umask = 0o007  # the socket: the service account (nginx's workers) only
timeout = 30
graceful_timeout = 20
keepalive = 5
chdir = "{{ state }}/current"
# The release's code, then its own virtualenv's packages (releases.py), ahead of the stack's.
pythonpath = "{{ state }}/current,{{ state }}/current/venv/lib/python" + ".".join(map(str, sys.version_info[:2])) + "/site-packages"
access_log_format = json.dumps({
    "time": "%(t)s", "request_id": "%({x-request-id}i)s", "remote_addr": "%({x-forwarded-for}i)s",
    "method": "%(m)s", "path": "%(U)s", "status": "%(s)s", "bytes": "%(B)s", "duration_us": "%(D)s",
})
raw_env = ["RELEASE=" + Path("{{ state }}/current/RELEASE").read_text().strip()]

# prometheus_client chooses multiprocess mode when first imported, in whichever process
# imports it first: the master (child_exit below) passes it on to every worker it forks.
METRICS_DIR = os.environ.get("METRICS_DIR", "")
if METRICS_DIR:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = METRICS_DIR


def child_exit(server, worker):
    """A worker is gone (replaced, timed out, reloaded): its counts join the folder's archive,
    its files and live gauges go (hello.integrations.metrics.process_exited)."""
    if METRICS_DIR:
        try:
            from hello.integrations import metrics

            metrics.process_exited(worker.pid, METRICS_DIR)
        except Exception:  # the master must outlive a metrics problem
            server.log.exception("metrics: could not fold the files of worker %s", worker.pid)
