"""Lab 09: a slow page gets its answer, and nginx waits longer than gunicorn lets a worker run.

The timeouts are read from the configs the runner rendered for this very start,
so the check follows whatever the student set.
"""

import re
import runpy
from pathlib import Path

from checking import request

STACK = "production"

# The mistake: the stack's own nginx.conf with this one change (broken); unchanged, it is the fix.
BREAK = {'nginx.conf': [(
    "proxy_read_timeout 35s;  # above gunicorn's 30 s worker timeout",
    'proxy_read_timeout 3s;',
)]}
SLOW_SECONDS = 4


def nginx_read_timeout(conf: Path) -> float | None:
    """proxy_read_timeout of the location that proxies to the app (seconds), or None."""
    block = conf.read_text().split("location / {", 1)[-1].split("}", 1)[0]
    found = re.search(r"proxy_read_timeout\s+(\d+)(s|m)?\s*;", block)
    if not found:
        return 60.0  # nginx's default
    return float(found.group(1)) * (60 if found.group(2) == "m" else 1)


def check(checks, url, state) -> None:
    status, _, body = request(url + f"/slow?seconds={SLOW_SECONDS}", cafile=state.cafile, timeout=SLOW_SECONDS + 30)
    checks.expect(status == 200, f"GET /slow?seconds={SLOW_SECONDS} answers 200", f"got {status} {body[:60]!r}")
    conf = state.run / "conf"
    nginx = nginx_read_timeout(conf / "nginx.conf")
    gunicorn = runpy.run_path(str(conf / "gunicorn_conf.py")).get("timeout", 30)
    checks.expect(nginx is not None and nginx > gunicorn,
                  f"nginx's proxy_read_timeout ({nginx:g} s) is above gunicorn's worker timeout ({gunicorn} s)",
                  "a stuck worker should be ended by gunicorn (502, WORKER TIMEOUT in its log), "
                  "not left running behind nginx's 504")
