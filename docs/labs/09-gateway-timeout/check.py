"""Lab 09: a slow page gets its answer, and nginx waits longer than gunicorn lets a worker run.

The timeouts are read from the configs the runner rendered for this very start,
so the check follows whatever the student set.
"""

import re
import runpy
from pathlib import Path

from course.tasks.checking import request

STACK = "production"

# The mistake: the stack's own proxy-app.conf with this one change (broken); unchanged, it is the fix.
BREAK = {
    "proxy-app.conf": [
        (
            "proxy_read_timeout 35s;  # above gunicorn's 30 s worker timeout, far above /slow's 5 s cap",
            "proxy_read_timeout 3s;",
        )
    ]
}
SLOW_SECONDS = 4


# nginx's time units (https://nginx.org/en/docs/syntax.html), in seconds; no unit is seconds.
UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "M": 30 * 86400, "y": 365 * 86400}
TIME = re.compile(r"(\d+)(ms|s|m|h|d|w|M|y)?")
NGINX_DEFAULT_READ_TIMEOUT = 60.0


def nginx_seconds(value: str) -> float:
    """An nginx time ('35s', '20000ms', '1m30s', '90') in seconds, as nginx reads it; ValueError if it would not."""
    parts = list(TIME.finditer(value))
    if not parts or "".join(p.group(0) for p in parts) != value:
        raise ValueError(f"{value!r} is not an nginx time: digits with ms, s, m, h, d, w, M or y")
    units = [p.group(2) or "s" for p in parts]
    if len(parts) > 1 and None in (p.group(2) for p in parts):
        raise ValueError(f"{value!r}: every part of a combined time needs its unit")
    order = [list(UNITS)[::-1].index(unit) for unit in units]  # y, M, w, d, h, m, s, ms: largest first
    if order != sorted(set(order)):
        raise ValueError(f"{value!r}: nginx wants each unit once, the largest first (1m30s)")
    return sum(int(p.group(1)) * UNITS[unit] for p, unit in zip(parts, units, strict=True))


def nginx_read_timeout(conf: Path) -> float:
    """The shortest proxy_read_timeout in the config (seconds; nginx's default when unset)."""
    values = re.findall(r"^\s*proxy_read_timeout\s+(\S+?)\s*;", conf.read_text(), re.M)
    return min((nginx_seconds(v) for v in values), default=NGINX_DEFAULT_READ_TIMEOUT)


def check(checks, url, state) -> None:
    status, _, body = request(url + f"/slow?seconds={SLOW_SECONDS}", cafile=state.cafile, timeout=SLOW_SECONDS + 30)
    checks.expect(status == 200, f"GET /slow?seconds={SLOW_SECONDS} answers 200", f"got {status} {body[:60]!r}")
    conf = state.run / "conf"
    gunicorn = runpy.run_path(str(conf / "gunicorn_conf.py")).get("timeout", 30)
    judge(checks, conf / "proxy-app.conf", gunicorn)


def judge(checks, proxy_conf: Path, gunicorn: float) -> None:
    """nginx must wait longer than gunicorn lets a worker run: a stuck worker is gunicorn's to end."""
    try:
        nginx = nginx_read_timeout(proxy_conf)
    except ValueError as exc:
        checks.expect(False, "nginx's proxy_read_timeout is a time nginx understands", str(exc))
        return
    checks.expect(
        nginx > gunicorn,
        f"nginx's proxy_read_timeout ({nginx:g} s) is above gunicorn's worker timeout ({gunicorn} s)",
        "a stuck worker should be ended by gunicorn (502, WORKER TIMEOUT in its log), "
        "not left running behind nginx's 504",
    )
