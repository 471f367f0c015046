"""Checker for exercise 07: the student's [program:hello] under a real supervisord.

A supervisord.conf of the checker's own (socket, logs and pid file in a temporary
folder) includes the student's section; supervisord runs from the checkout in the
foreground. Then the app is killed with SIGKILL, as the kernel's OOM killer
would, and must come back by itself; its output must land in LOG_DIR.

    python check.py path/to/program.conf
"""

import os
import signal
import sys
import tempfile
import time
import xmlrpc.client
from pathlib import Path

from course.tasks.checking import ROOT, Checks, NotServing, free_port, request, serving
from stacks.runner import supervise

SUPERVISORD = Path(sys.executable).parent / "supervisord"
MAIN = """\
[supervisord]
nodaemon = true
logfile = {folder}/supervisord.log
pidfile = {folder}/supervisord.pid
childlogdir = {folder}/auto
directory = {root}

[unix_http_server]
file = {folder}/supervisor.sock
chmod = 0700

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[include]
files = {program}
"""


def hello(folder: Path) -> dict:
    """supervisord's view of the program 'hello' ({} when there is none)."""
    try:
        return next((p for p in supervise.programs(folder) if p["name"] == "hello"), {})
    except (OSError, xmlrpc.client.Fault):
        return {}


def settled(folder: Path, seconds: float = 10) -> dict:
    """The program's info once it has left STARTING (startsecs passed, or it failed)."""
    deadline = time.monotonic() + seconds
    info = hello(folder)
    while info.get("statename") in (None, "STARTING", "BACKOFF") and time.monotonic() < deadline:
        time.sleep(0.2)
        info = hello(folder)
    return info


def back_after_kill(folder: Path, url: str, pid: int, seconds: float = 10) -> int:
    """The new pid once the program runs again and answers after ``pid`` was killed; 0 if never."""
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        info = hello(folder)
        if info.get("statename") == "RUNNING" and info.get("pid") not in (0, pid):
            try:
                if request(url)[0] == 200:
                    return info["pid"]
            except OSError:
                pass
        time.sleep(0.2)
    return 0


def main(path: str) -> int:
    checks = Checks(f"exercise 07: the supervisord program in {path}")
    port = free_port()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "logs").mkdir()
        (folder / "auto").mkdir()
        conf = folder / "supervisord.conf"
        conf.write_text(MAIN.format(folder=folder, root=ROOT, program=Path(path).resolve()))
        env = {**os.environ, "PORT": str(port), "LOG_DIR": str(folder / "logs")}
        command = [str(SUPERVISORD), "-c", str(conf)]
        url = f"http://127.0.0.1:{port}/"
        try:
            with serving(command, port, folder / "supervisord.out", env, seconds=20):
                info = settled(folder)
                checks.expect(
                    info.get("statename") == "RUNNING" and request(url)[0] == 200,
                    f"supervisord runs program 'hello', and it answers on PORT ({port})",
                    f"supervisord says {info.get('statename', 'no program hello')}",
                )
                new_pid = back_after_kill(folder, url, info["pid"]) if info.get("pid") else 0
                checks.expect(
                    bool(new_pid),
                    "after SIGKILL the app is back by itself, with a new pid",
                    f"supervisord says {hello(folder).get('statename')} (see autorestart)",
                )
                logs = [p for p in (folder / "logs").iterdir() if "Serving on" in p.read_text(errors="replace")]
                checks.expect(
                    bool(logs),
                    "the app's output goes to a log file in LOG_DIR",
                    "no file in LOG_DIR holds the app's 'Serving on' line (stdout_logfile)",
                )
        except NotServing as exc:
            return checks.stop(f"supervisord with your section: {exc}")
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
