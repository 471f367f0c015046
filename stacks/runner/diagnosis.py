"""Why a start failed: the failing programs, the end of their logs, the lines that read like a cause.

Start-up polls the probe with a deadline; these helpers tell it to stop early
(a program already died), check every program settled after the probe passed,
and turn a failure into the details printed under its one-line error.
"""

import re
import time
from pathlib import Path

from stacks.runner import supervise

LOG_TAIL_LINES = 15
CAUSE = re.compile(r"(\w+(Error|Exception): |\[emerg\]|\[crit\]|\[alert\]|^error: |^config: |AH\d{5}: |No such file)")


def log_tail(path: str, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return "    (no log yet)"
    return "\n".join("    " + line for line in text[-lines:]) or "    (log is empty)"


def likely_causes(path: str, most: int = 4) -> str:
    """Distinct lines of a log that read like the reason a program failed.

    A crashing program restarted by supervisord buries its first error under
    repeated tracebacks; these lines bring it up next to the log tail.
    """
    try:
        text = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return ""
    found = []
    for line in text:
        if CAUSE.search(line) and line.strip() not in found and "HaltServer" not in line:
            found.append(line.strip())
    return "\n".join("    " + line for line in found[-most:])


def failure_details(run: Path) -> tuple:
    """(names of failing programs, their log tails) after a failed start."""
    try:
        infos = supervise.programs(run)
    except Exception:  # supervisord itself is gone: show its own log
        return "supervisord", log_tail(str(run / "logs" / "supervisord.log"))
    failing = [i for i in infos if i["statename"] != "RUNNING"] or infos
    names = ", ".join(i["name"] for i in failing)
    tails = "\n".join(
        f"  {i['name']} ({i['statename']}), end of {i['stdout_logfile']}:\n{log_tail(i['stdout_logfile'])}"
        + (f"\n  likely cause:\n{causes}" if (causes := likely_causes(i["stdout_logfile"])) else "")
        for i in failing
    )
    return names, tails


def died_early(run: Path):
    """A check for probe.wait: a reason once a program has exited during start-up."""

    def check() -> str:
        try:
            infos = supervise.programs(run)
        except Exception:
            return "supervisord stopped"
        dead = [i["name"] for i in infos if i["statename"] in ("FATAL", "EXITED")]
        return f"{', '.join(dead)} exited during start-up" if dead else ""

    return check


def settle(run: Path, seconds: float = 3) -> str:
    """After the probe passes, wait for every program to count as started (startsecs)."""
    deadline = time.monotonic() + seconds
    states = {}
    while time.monotonic() < deadline:
        states = {i["name"]: i["statename"] for i in supervise.programs(run)}
        if all(s == "RUNNING" for s in states.values()):
            return ""
        bad = [n for n, s in states.items() if s not in ("RUNNING", "STARTING")]
        if bad:
            return f"{', '.join(bad)} stopped right after start-up"
        time.sleep(0.1)
    return "programs did not settle: " + ", ".join(f"{n} {s}" for n, s in states.items())
