"""A real run of the fast burn-rate alert, for the worked example of docs/monitoring.md.

Against the running production stack (``make run-stack STACK=production``): sends
REQUESTS requests, ERRORS of them to /error, then asks Prometheus, through its
HTTP API, what its recording rules make of them (the 5xx share over 5 minutes and
over 1 hour, hence the burn rate) and waits for HelloErrorBudgetBurnFast to go
from pending to firing. Writes benchmarks/results/burn-rate-example.json; the
page's numbers are generated from it (``make tables``).

    python -m benchmarks.studies.burn_rate_example [--requests 1000] [--errors 20]
"""

import argparse
import json
import sys
import time

from stacks.production.running import Running
from stacks.runner import probe
from stacks.runner.errors import reported
from stacks.runner.paths import ROOT

RESULTS = ROOT / "benchmarks" / "results" / "burn-rate-example.json"
SLO = 0.999
ALERT = "HelloErrorBudgetBurnFast"


def _alert_state(running: Running) -> str:
    states = [a["state"] for a in running.prometheus.alerts() if a["name"] == ALERT]
    return "firing" if "firing" in states else (states[0] if states else "inactive")


def example(requests: int, errors: int, wait_seconds: float = 240) -> dict:
    running = Running()
    api = running.prometheus
    every = max(1, requests // errors)
    sent = failed = 0
    began = time.time()
    for number in range(requests):
        path = f"/error?id=burn-{number}" if number % every == 0 and failed < errors else "/"
        status = probe.request(running.url + path, running.cafile, timeout=30)[0]
        sent += 1
        failed += status >= 500
    timeline = []
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        state = _alert_state(running)
        if not timeline or timeline[-1][1] != state:
            timeline.append((round(time.time() - began), state))
        if state == "firing":
            break
        time.sleep(2)
    share = {window: api.scalar(f"job:hello_request_errors:ratio_rate{window}") for window in ("5m", "1h")}
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "slo": SLO,
        "requests_sent": sent,
        "answered_5xx": failed,
        "error_share": {w: round(v, 5) if v is not None else None for w, v in share.items()},
        "burn_rate": {w: round(v / (1 - SLO), 1) if v is not None else None for w, v in share.items()},
        "threshold_burn_rate": 14.4,
        "alert": ALERT,
        "alert_timeline_seconds": timeline,  # (seconds since the first request, state)
        "counters": {
            "requests": api.scalar('sum(hello_requests_total{route!="/metrics"})'),
            "errors": api.scalar('sum(hello_requests_total{route!="/metrics", status=~"5.."})'),
        },
    }


def run(args) -> int:
    found = example(args.requests, args.errors)
    RESULTS.write_text(json.dumps(found, indent=2) + "\n")
    print(json.dumps(found, indent=2))
    print(f"wrote {RESULTS}; 'make tables' puts it on the pages")
    return 0 if found["alert_timeline_seconds"][-1][1] == "firing" else 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.studies.burn_rate_example", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--errors", type=int, default=20)
    return reported(run, parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
