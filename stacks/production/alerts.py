"""``make alerts``: the alerts the production stack's Prometheus has pending or firing now.

The rules are stacks/production/rules/alerts.yml; Prometheus evaluates them
every few seconds and this lists what its HTTP API says, one alert a line:
state, name, since when, labels and summary. Exit status 0 either way: an
alert is news, not a failure of the command.

    python -m stacks.production.alerts
"""

import argparse
import sys

from stacks.production.running import Running
from stacks.runner.errors import reported


def lines(alerts: list) -> list:
    """One line per alert, firing ones first."""
    ordered = sorted(alerts, key=lambda a: (a["state"] != "firing", a["name"]))
    return [
        f"  {a['state']:<8} {a['name']:<26} since {a['since'][:19].replace('T', ' ')} UTC  "
        + " ".join(f"{k}={v}" for k, v in sorted(a["labels"].items()))
        + (f"  {a['summary']}" if a["summary"] else "")
        for a in ordered
    ]


def show() -> int:
    running = Running()
    alerts = running.prometheus.alerts()
    firing = sum(a["state"] == "firing" for a in alerts)
    print(f"{firing} alert(s) firing, {len(alerts) - firing} pending, at {running.prometheus.url}/alerts")
    print("\n".join(lines(alerts)) if alerts else "  nothing pending or firing")
    return 0


def main(argv=None) -> int:
    argparse.ArgumentParser(prog="python -m stacks.production.alerts", description=__doc__.splitlines()[0]).parse_args(
        argv
    )
    return reported(show)


if __name__ == "__main__":
    sys.exit(main())
