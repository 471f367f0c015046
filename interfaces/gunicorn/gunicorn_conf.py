"""gunicorn settings for the lab, as a real gunicorn config file.

The worker count follows gunicorn's documented rule of thumb, (2 x cores) + 1,
counted from the cores this process may run on (so a benchmark that pins the
server to one core gets 3 workers). ``WEB_CONCURRENCY`` overrides it, as
gunicorn itself allows. With ``METRICS_DIR`` set (the production stack, the
fleet's app hosts) the master prepares prometheus_client's multiprocess mode and
folds every gone worker's counts into the folder's archive (``child_exit``).
"""

import os

cores = len(os.sched_getaffinity(0))
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * cores + 1))
bind = os.environ.get("BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8080')}")
worker_class = "sync"
timeout = 30
graceful_timeout = 20
# GUNICORN_ACCESS_LOG="" turns the access log off (make tune measures what logging costs)
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = "info"
proc_name = "hello"
# gunicorn 25+ opens a control socket (for gunicornc) under $XDG_RUNTIME_DIR or
# $HOME/.gunicorn; started by root as the service account it tried /root/.gunicorn
# and logged "Control server error: Permission denied". The lab steers gunicorn
# through supervisord and signals (HUP for a graceful reload, TTIN/TTOU), so the
# control socket is off on purpose: one way in fewer, nothing written outside the run dir.
control_socket_disable = True


def on_starting(server):
    """Say how the worker count was chosen: the stack's start-up log shows it."""
    source = "WEB_CONCURRENCY" if "WEB_CONCURRENCY" in os.environ else f"(2 x {cores} cores) + 1"
    server.log.info("workers: %d, from %s", workers, source)


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
