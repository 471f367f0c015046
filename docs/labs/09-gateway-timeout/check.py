"""Lab 09: a slow page gets its answer, and nginx waits longer than gunicorn lets a worker run.

The timeouts are read from the configs the runner rendered for this very start,
so the check follows whatever the student set.
"""

import re
import runpy
from pathlib import Path

from checking import request

STACK = "production"

# The mistake: the stack's own proxy-app.conf with this one change (broken); unchanged, it is the fix.
BREAK = {"proxy-app.conf": [(
    "proxy_read_timeout 35s;  # above gunicorn's 30 s worker timeout, far above /slow's 5 s cap",
    "proxy_read_timeout 3s;",
)]}
SLOW_SECONDS = 4


def nginx_read_timeout(conf: Path) -> float:
    """proxy_read_timeout of the locations that proxy to the app (seconds; nginx's default when unset)."""
    found = re.search(r"proxy_read_timeout\s+(\d+)(s|m)?\s*;", conf.read_text())
    if not found:
        return 60.0  # nginx's default
    return float(found.group(1)) * (60 if found.group(2) == "m" else 1)


def check(checks, url, state) -> None:
    status, _, body = request(url + f"/slow?seconds={SLOW_SECONDS}", cafile=state.cafile, timeout=SLOW_SECONDS + 30)
    checks.expect(status == 200, f"GET /slow?seconds={SLOW_SECONDS} answers 200", f"got {status} {body[:60]!r}")
    conf = state.run / "conf"
    nginx = nginx_read_timeout(conf / "proxy-app.conf")
    gunicorn = runpy.run_path(str(conf / "gunicorn_conf.py")).get("timeout", 30)
    checks.expect(nginx > gunicorn,
                  f"nginx's proxy_read_timeout ({nginx:g} s) is above gunicorn's worker timeout ({gunicorn} s)",
                  "a stuck worker should be ended by gunicorn (502, WORKER TIMEOUT in its log), "
                  "not left running behind nginx's 504")
