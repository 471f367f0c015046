"""Stage ``verify``: watch production after the roll; fail (and so roll back) when it degrades.

For the verify window (``CI_VERIFY_SECONDS``) it reads, every second, the load's failed requests
(what users saw) and, from the fleet's Prometheus, the share of 5xx answers since the roll began
and the alerts firing (the burn-rate and p99 rules of stacks/production/rules). The first failed
request ends the window at once: a bad release should stay on the fleet for seconds, not minutes.
After a quiet window, every app host must name the release, and the production checklist's
items a client can check (``make check-deploy``'s, ci/fleet_checklist.py) must pass against the
fleet's site from its client host; the first item that fails is the reason the build gives.
"""

import os
import subprocess
import time

from ci import fleet_hosts, production_load
from ci.stages import fail, python, result, settings
from fleet import monitoring, on_host
from stacks.runner.errors import StackError
from stacks.runner.paths import ROOT

ERROR_RATIO = 0.01
WATCHED_ALERTS = ("HelloErrorBudgetBurnFast", "HelloErrorBudgetBurnSlow", "HelloLatencyP99High", "TargetDown")


def error_ratio(seconds: float) -> float:
    window = f"{max(int(seconds), 15)}s"
    errors = f'sum(increase(hello_requests_total{{route!="/metrics",status=~"5.."}}[{window}]))'
    total = f'sum(increase(hello_requests_total{{route!="/metrics"}}[{window}]))'
    try:
        return monitoring.api().scalar(f"({errors} or vector(0)) / {total}", 0.0) or 0.0
    except (StackError, OSError, ValueError):
        return 0.0


def firing() -> list:
    try:
        return sorted(
            {
                a["labels"]["alertname"]
                for a in monitoring.api().alerts()
                if a["state"] == "firing" and a["labels"]["alertname"] in WATCHED_ALERTS
            }
        )
    except (StackError, OSError, ValueError, KeyError):
        return []


def checklist_failure() -> str:
    """'' when the fleet passes the checklist (ci/fleet_checklist.py, run on its client host), else
    which items failed, as check-deploy's last line names them."""
    argv = on_host.command("client", python(), "-m", "ci.fleet_checklist")
    path = os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))  # the checkout's ci/
    try:
        checked = subprocess.run(
            argv, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": path}
        )
    except subprocess.TimeoutExpired:
        return "check-deploy on the fleet did not finish within 120 s"
    print(checked.stdout + checked.stderr, end="")
    if checked.returncode == 0:
        return ""
    last = (checked.stdout.strip().splitlines() or [checked.stderr.strip() or "(no output)"])[-1]
    return f"check-deploy on the fleet: {last.split('; ', 1)[-1]}"


def main() -> None:
    config = settings()
    release_id = os.environ["CI_RELEASE_ID"]
    began = time.monotonic()
    reason = ""
    while time.monotonic() - began < config.verify_seconds and not reason:
        time.sleep(1)
        seen = production_load.progress(config.path)
        ratio = error_ratio(seen.get("seconds", 0) + 5)
        alerts = firing()
        if seen["failed"]:
            reason = f"{seen['failed']} of {seen['sent']} requests failed under load"
        elif ratio > ERROR_RATIO:
            reason = f"{ratio:.1%} of requests answered 5xx (Prometheus)"
        elif alerts:
            reason = f"alerts firing: {', '.join(alerts)}"
    summary = production_load.stop(config.path)
    served = fleet_hosts.releases_served()
    print(
        f"verify: {summary.get('sent', 0)} requests during the roll and {int(time.monotonic() - began)} s of "
        f"watching, {summary.get('failed', 0)} failed; slowest {summary.get('slowest_seconds', 0)} s"
    )
    for failure in summary.get("failures", []):
        print(f"  failed at {failure['at']} s: {failure['error']}")
    print(f"verify: app hosts serve {served}")
    values = {
        "requests": summary.get("sent", 0),
        "failed_requests": summary.get("failed", 0),
        "verified_release": release_id,
        "served": served,
    }
    if not reason and set(served.values()) != {release_id}:
        reason = f"not every app host serves {release_id}: {served}"
    if not reason:
        reason = checklist_failure()
    if reason:
        fail(f"production degraded: {reason}; rolling back", **values)
    result(**values)


if __name__ == "__main__":
    main()
