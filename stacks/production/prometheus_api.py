"""Asking the production stack's Prometheus: instant queries, scrape targets, alerts.

``make top``, ``make alerts``, ``make check-deploy`` and the tests read the
numbers Prometheus has scraped and computed (its recording rules) through its
HTTP API (``/api/v1/...``), the same API its web UI uses, rather than adding up
the app's /metrics themselves. Standard library only.
"""

import json
import urllib.error
import urllib.parse
import urllib.request

from stacks.runner.errors import StackError


class Prometheus:
    """The HTTP API of one Prometheus server, at ``url`` (its web UI's address)."""

    def __init__(self, url: str, timeout: float = 10) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout

    def _get(self, path: str, **params) -> dict:
        query = ("?" + urllib.parse.urlencode(params)) if params else ""
        try:
            with urllib.request.urlopen(f"{self.url}/api/v1/{path}{query}", timeout=self.timeout) as response:
                answer = json.load(response)
        except urllib.error.HTTPError as exc:  # a bad query: Prometheus says why in the body
            answer = json.load(exc)
        except (OSError, ValueError) as exc:
            raise StackError(f"Prometheus at {self.url}/ did not answer: {exc}") from None
        if answer.get("status") != "success":
            raise StackError(f"Prometheus refused {path} {params}: {answer.get('error', answer)}")
        return answer["data"]

    def query(self, expr: str) -> list:
        """An instant query: [(labels, value)] for every series of the result."""
        return [(item["metric"], float(item["value"][1])) for item in self._get("query", query=expr)["result"]]

    def query_range(self, expr: str, start: float, end: float, step: float) -> list:
        """A range query: [(labels, [(time, value), ...])] for every series of the result."""
        data = self._get("query_range", query=expr, start=start, end=end, step=step)
        return [(item["metric"], [(float(t), float(v)) for t, v in item["values"]]) for item in data["result"]]

    def scalar(self, expr: str, default: float | None = None) -> float | None:
        """The one value an aggregating query returns, or ``default`` when it returns none (no data yet)."""
        found = self.query(expr)
        return found[0][1] if found else default

    def targets(self) -> list:
        """Every active scrape target: dicts with job, instance, health and lastError."""
        return [
            {
                "job": t["labels"].get("job", ""),
                "instance": t["labels"].get("instance", ""),
                "health": t["health"],
                "lastError": t.get("lastError", ""),
            }
            for t in self._get("targets", state="active")["activeTargets"]
        ]

    def alerts(self) -> list:
        """Every pending or firing alert: dicts with name, state, since, labels and summary."""
        return [
            {
                "name": a["labels"].get("alertname", ""),
                "state": a["state"],
                "since": a.get("activeAt", ""),
                "labels": {k: v for k, v in a["labels"].items() if k != "alertname"},
                "summary": a.get("annotations", {}).get("summary", ""),
            }
            for a in self._get("alerts")["alerts"]
        ]
