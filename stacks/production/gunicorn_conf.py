"""gunicorn for the production stack: the lab's settings, on a unix socket, with a release id.

Rendered by the runner into the run directory. gunicorn re-reads this file on
every graceful reload (HUP), so the release id is read again from the ``current``
release a deploy has just switched to, and the new workers report it.
"""

import json
import os
import sys
from pathlib import Path

from gunicorn.workers.sync import SyncWorker

exec(Path("{{ release }}/interfaces/gunicorn/gunicorn_conf.py").read_text())  # workers, timeouts, metrics hook

SOCKET = "{{ var }}/gunicorn.sock"
bind = "unix:" + SOCKET
umask = 0o007  # the socket: the service account (nginx's workers) only
timeout = 30
graceful_timeout = 20
keepalive = 5
chdir = "{{ state }}/current"
# The release's code, then its own virtualenv's packages (releases.py), ahead of the stack's.
pythonpath = (
    "{{ state }}/current,{{ state }}/current/venv/lib/python"
    + ".".join(map(str, sys.version_info[:2]))
    + "/site-packages"
)
access_log_format = json.dumps(
    {
        "time": "%(t)s",
        "request_id": "%({x-request-id}i)s",
        "remote_addr": "%({x-forwarded-for}i)s",
        "method": "%(m)s",
        "path": "%(U)s",
        "status": "%(s)s",
        "bytes": "%(B)s",
        "duration_us": "%(D)s",
    }
)
raw_env = ["RELEASE=" + Path("{{ state }}/current/RELEASE").read_text().strip()]


class HandoverWorker(SyncWorker):
    """A sync worker that outlives a killed master until a new master owns the socket.

    gunicorn's workers leave as soon as their master is gone. When the master is
    killed (SIGKILL, the OOM killer), supervisord starts a new one, but until it has
    bound the socket nobody listens on it and nginx answers 502 (make availability
    measured about 5 s of it). This worker keeps serving the old socket while its
    path still names that socket, and leaves once the new master has bound the path
    (a new inode): requests meanwhile are served by the orphans or wait in the new
    socket's backlog for its workers, instead of failing. With a live master it
    is gunicorn's sync worker, unchanged; ``make stop-stack`` ends orphans too.
    """

    def init_process(self):
        self.socket_inode = os.stat(SOCKET).st_ino
        super().init_process()

    def is_parent_alive(self):
        if self.ppid != os.getppid():
            try:
                unchanged = os.stat(SOCKET).st_ino == self.socket_inode
            except OSError:
                unchanged = False
            if unchanged:
                return True
        return super().is_parent_alive()


worker_class = HandoverWorker
