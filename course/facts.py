"""Every number the course pages state, read from the code or from a results file.

A page never types a number by hand: it marks the place, ``<!--fact:NAME-->5<!--/fact-->``,
and ``make tables`` writes the value between the marks from the function below.
``python -m course --check`` (run by the tests) fails when a page holds a value
the code or the results no longer give, so a page and the code cannot disagree.
Standard library only: ``make tables`` runs under the system Python.
"""

import ast
import json
import re
import socketserver
import tomllib
from pathlib import Path

from course import container_page

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def _read(relative: str) -> str:
    return (ROOT / relative).read_text()


def _search(relative: str, pattern: str) -> str:
    found = re.search(pattern, _read(relative), re.M)
    if not found:
        raise LookupError(f"{relative}: no match for {pattern!r}: the fact's source changed")
    return found.group(1)


def _constant(relative: str, name: str):
    """A module-level ``NAME = literal`` of a Python file, without importing it."""
    for node in ast.parse(_read(relative)).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise LookupError(f"{relative}: no constant {name}")


def _config_default(name: str):
    for node in ast.walk(ast.parse(_read("apps/hello/config.py"))):
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == name:
            return ast.literal_eval(node.value)
    raise LookupError(f"apps/hello/config.py: no setting {name}")


def _manifest(stack: str) -> dict:
    return tomllib.loads(_read(f"stacks/{stack}/stack.toml"))


def _mib(size: int) -> str:
    return f"{size // (1024 * 1024)} MiB"


def _bench() -> dict:
    return {s["name"]: s for s in json.loads((RESULTS / "latest.json").read_text())["stacks"]}


def _level(stack: str, which: int) -> dict:
    return _bench()[stack]["levels"][which]


def _bench_settings() -> dict:
    return tomllib.loads((ROOT / "benchmarks" / "settings.toml").read_text())


def _io(key: str):
    return _bench_settings()["io"][key]


def _backlog(which: int) -> dict:
    return json.loads((RESULTS / "backlog.json").read_text())["runs"][which]


def _fcgiwrap_processes() -> str:
    command = next(p["command"] for p in _manifest("fcgiwrap")["process"] if p["name"] == "fcgiwrap")
    return re.search(r"\.sock (\d+) ", command).group(1)


def _uwsgi(key: str) -> str:
    return _search("interfaces/uwsgi/uwsgi.ini", rf"^{key} = (\d+)")


def _modwsgi(key: str) -> str:
    return _search("stacks/modwsgi/apache.conf", rf"WSGIDaemonProcess hello .*\b{key}=(\d+)")


def _fleet_prometheus_url() -> str:
    """Prometheus' UI on the fleet: the monitoring host's address and its port."""
    ops = _search("fleet/inventory/lab/hosts.yml", r"^    monitors:\n      hosts:\n        \w+: \{ansible_host: ([\d.]+)\}")
    port = _search("fleet/group_vars/all.yml", r"^prometheus_port: (\d+)")
    return f"http://{ops}:{port}/"


def _fleet(key: str, part: str = ""):
    """A figure of the fleet's last measured run (make fleet-measure)."""
    value = json.loads((RESULTS / "fleet.json").read_text())[key]
    return value[part] if part else value


def _alert(name: str) -> str:
    """The rule of one alert in stacks/production/rules/alerts.yml, and what follows it."""
    return _read(ALERTS).split(f"- alert: {name}")[1]


def _burn(name: str) -> float:
    """The burn rate of an alert in stacks/production/rules/alerts.yml: the factor before the error budget."""
    block = _alert(name)
    return float(re.search(r"> \(([\d.]+) \* [\d.]+\)", block).group(1))


def _budget() -> float:
    """The error budget of the SLO, as the alert rules multiply it."""
    return float(_search(ALERTS, r"> \([\d.]+ \* ([\d.]+)\)"))


def _window_hours(name: str) -> int:
    """The long window of an alert in stacks/production/rules/alerts.yml (``ratio_rate6h``: 6)."""
    block = _alert(name)
    return int(re.search(r"ratio_rate(\d+)h", block).group(1))


def _short_window(name: str) -> str:
    """The short window of an alert (``ratio_rate5m``: 5 minutes): how soon it clears after a fix."""
    block = _alert(name)
    return re.search(r"ratio_rate(\d+)m\b", block).group(1) + " minutes"


def _hours(count: int) -> str:
    return f"{count} hour" + ("" if count == 1 else "s")


def _spent(name: str) -> str:
    """Share of the SLO period's error budget an alert's burn rate spends over its long window."""
    days = int(_search(ALERTS, r"over (\d+) days"))
    return f"{_burn(name) * _window_hours(name) / (days * 24):.0%}"


def _seconds(value: float) -> str:
    return f"{value * 1000:g} ms" if value < 1 else f"{value:g} s"


ALERTS = "stacks/production/rules/alerts.yml"
BURN_TESTS = "stacks/production/rules/tests/burn_rate.test.yml"
OUTAGE_SHARE = r"value: ([\d.]+)"  # the one-hour error share the outage test expects after the page clears


def _monitoring_facts() -> dict:
    """The production stack's monitoring: SLO, burn rates, scrape interval, histogram buckets."""
    buckets = _constant("apps/hello/integrations/metrics.py", "BUCKETS")
    return {
        "monitoring.slo": lambda: f"{100 * (1 - _budget()):g}%",
        "monitoring.budget": lambda: f"{100 * _budget():g}%",
        "monitoring.slo_days": lambda: _search(ALERTS, r"over (\d+) days"),
        "monitoring.fast_burn": lambda: f"{_burn('HelloErrorBudgetBurnFast'):g}",
        "monitoring.fast_spend": lambda: _spent("HelloErrorBudgetBurnFast"),
        "monitoring.fast_window": lambda: _hours(_window_hours("HelloErrorBudgetBurnFast")),
        "monitoring.fast_short_window": lambda: _short_window("HelloErrorBudgetBurnFast"),
        "monitoring.slow_burn": lambda: f"{_burn('HelloErrorBudgetBurnSlow'):g}",
        "monitoring.slow_spend": lambda: _spent("HelloErrorBudgetBurnSlow"),
        "monitoring.slow_window": lambda: _hours(_window_hours("HelloErrorBudgetBurnSlow")),
        "monitoring.scrape_interval": lambda: _search("stacks/production/prometheus.yml", r"scrape_interval: (\d+)s") + " s",
        "monitoring.bucket_min": lambda: _seconds(buckets[0]),
        "monitoring.bucket_max": lambda: _seconds(buckets[-1]),
        "monitoring.outage_share_1h": lambda: f"{float(_search(BURN_TESTS, OUTAGE_SHARE)):.0%}",
    }


def _connections(count: int) -> str:
    return f"{count} connection" + ("" if count == 1 else "s")


def _bench_facts() -> dict:
    """Per stack: median latency at the lowest load, req/s at the highest, memory, processes."""
    facts = {}
    for name, stack in _bench().items():
        if not stack.get("verified"):
            continue
        low, high = stack["levels"][0], stack["levels"][-1]
        facts[f"bench.{name}.p50_ms"] = lambda low=low: f"{low['p50_ms']:.2f} ms"
        facts[f"bench.{name}.low_connections"] = lambda low=low: _connections(low["connections"])
        facts[f"bench.{name}.rps"] = lambda high=high: f"{high['rps']:,.0f}"
        facts[f"bench.{name}.high_connections"] = lambda high=high: _connections(high["connections"])
        facts[f"bench.{name}.p99_ms"] = lambda high=high: f"{high['p99_ms']:,.0f} ms"
        facts[f"bench.{name}.rss"] = lambda high=high: f"{high['rss_mib']:.0f} MiB"
        facts[f"bench.{name}.processes"] = lambda s=stack: str(sum(s["processes"].values()))
    return facts


def _checker_facts() -> dict:
    """The figures an exercise's or a lab's checker uses: ``exercise.09.requests`` is REQUESTS in its check.py."""
    found = {}
    for kind, folder in (("exercise", "exercises"), ("lab", "labs")):
        for check in sorted((ROOT / "docs" / folder).glob("[0-9]*/check.py")):
            number = check.parent.name.split("-")[0]
            for node in ast.parse(check.read_text()).body:
                if not isinstance(node, ast.Assign):
                    continue
                try:
                    figure = _figure(ast.literal_eval(node.value))
                except ValueError:
                    continue
                if figure:
                    for target in node.targets:
                        found[f"{kind}.{number}.{target.id.lower()}"] = lambda figure=figure: figure
    return found


def _figure(value) -> str:
    """A number, or a list of numbers read out ("1, 2 and 4"); empty for anything else."""
    if type(value) in (int, float):
        return f"{value:g}"
    if isinstance(value, list) and value and all(type(v) in (int, float) for v in value):
        *first, last = [f"{v:g}" for v in value]
        return f"{', '.join(first)} and {last}" if first else last
    return ""


ALERT_EXERCISE = "docs/exercises/16-alert-rule/solution/rule.yml"


FACTS = {
    # the app (apps/hello/config.py defaults)
    "app.max_body": lambda: _mib(_config_default("max_body_bytes")),
    "app.slow_cap": lambda: f"{_config_default('slow_cap_seconds'):g}",
    "app.stream_max_chunks": lambda: str(_config_default("stream_max_chunks")),
    "make.docs_port": lambda: _search("Makefile", r"^DOCS_PORT \?= (\d+)"),
    # servers and their limits
    "flup.max_threads": lambda: str(_constant("interfaces/flup/serve.py", "MAX_THREADS")),
    "fcgiwrap.processes": _fcgiwrap_processes,
    "uwsgi.processes": lambda: _uwsgi("processes"),
    "uwsgi.threads": lambda: _uwsgi("threads"),
    "uwsgi.concurrency": lambda: str(int(_uwsgi("processes")) * int(_uwsgi("threads"))),
    "uwsgi.harakiri": lambda: _uwsgi("harakiri"),
    "modwsgi.processes": lambda: _modwsgi("processes"),
    "modwsgi.threads": lambda: _modwsgi("threads"),
    "modwsgi.concurrency": lambda: str(int(_modwsgi("processes")) * int(_modwsgi("threads"))),
    "prefork.max_workers": lambda: _search("stacks/common/apache-prefork.conf", r"^MaxRequestWorkers (\d+)"),
    "waitress.threads": lambda: _search("stacks/waitress/stack.toml", r"--threads=(\d+)"),
    "proxy.keepalive": lambda: _search("stacks/proxy/nginx.conf", r"^\s*keepalive (\d+);"),
    "nginx.client_max_body_size": lambda: _search("stacks/common/nginx-http.conf", r"^client_max_body_size (\w+);"),
    "gunicorn.timeout": lambda: _search("interfaces/gunicorn/gunicorn_conf.py", r"^timeout = (\d+)"),
    "production.proxy_read_timeout": lambda: _search("stacks/production/proxy-app.conf", r"proxy_read_timeout (\d+)s;"),
    "production.slow_cap": lambda: _search("apps/hello/config/production.toml", r"^slow_cap_seconds = (\d+)"),
    "production.expensive_connections": lambda: _search("stacks/production/nginx.conf", r"limit_conn expensive_per_client (\d+);"),
    "wsgiref.backlog": lambda: str(socketserver.TCPServer.request_queue_size),
    "gunicorn.graceful_timeout": lambda: _search("interfaces/gunicorn/gunicorn_conf.py", r"^graceful_timeout = (\d+)"),
    "production.stopwaitsecs": lambda: _search("stacks/production/stack.toml", r"^stopwaitsecs = (\d+)"),
    "supervisor.startsecs": lambda: _search("stacks/runner/supervise.py", r'"startsecs=(\d+)"'),
    "supervisor.startretries": lambda: _search("stacks/runner/supervise.py", r'"startretries=(\d+)"'),
    "releases.keep": lambda: str(_constant("stacks/production/releases.py", "KEEP_DEFAULT")),
    "check_deploy.min_cert_days": lambda: str(_constant("stacks/production/check_deploy.py", "MIN_CERT_DAYS")),
    # the I/O-bound benchmark workload (benchmarks/settings.toml [io])
    "io.connections": lambda: str(_io("connections")),
    "io.wait_ms": lambda: f"{_io('wait_seconds') * 1000:g} ms",
    "io.ideal_rps": lambda: f"{_io('connections') / _io('wait_seconds'):,.0f}",
    # the backlog measurement (python -m benchmarks.backlog)
    "backlog.connections": lambda: _connections(_backlog(0)["connections"]),
    "backlog.small.p99": lambda: f"{_backlog(0)['p99_ms']:,.0f} ms",
    "backlog.small.overflows": lambda: f"{_backlog(0)['listen_overflows']:,}",
    "backlog.small.p50": lambda: f"{_backlog(0)['p50_ms']:.1f} ms",
    "backlog.large.p50": lambda: f"{_backlog(1)['p50_ms']:.1f} ms",
    "backlog.small.syn_retransmits": lambda: f"{_backlog(0)['syn_retransmits']:,}",
    "backlog.large.syn_retransmits": lambda: f"{_backlog(1)['syn_retransmits']:,}",
    "backlog.small.rps": lambda: f"{_backlog(0)['rps']:,.0f}",
    "backlog.large": lambda: str(_backlog(1)["backlog"]),
    "backlog.large.p99": lambda: f"{_backlog(1)['p99_ms']:,.0f} ms",
    "backlog.large.overflows": lambda: f"{_backlog(1)['listen_overflows']:,}",
    "backlog.large.rps": lambda: f"{_backlog(1)['rps']:,.0f}",
    # the fleet (fleet/; measured figures from benchmarks/results/fleet.json)
    "fleet.fail_timeout": lambda: _search("fleet/roles/lb/templates/upstream.conf", r"fail_timeout=(\w+)"),
    "fleet.connect_timeout": lambda: _search("fleet/roles/lb/templates/nginx.conf", r"proxy_connect_timeout (\w+);"),
    "fleet.next_upstream_tries": lambda: _search("fleet/roles/lb/templates/nginx.conf", r"proxy_next_upstream_tries (\d+);"),
    "fleet.outage_seconds": lambda: str(_constant("tests/fleet/test_lost_host.py", "OUTAGE_SECONDS")),
    "fleet.up_seconds": lambda: f"{_fleet('fleet_up_from_zero_seconds'):.0f} s",
    "fleet.up_again_seconds": lambda: f"{_fleet('fleet_up_again_seconds'):.0f} s",
    "fleet.up_adding_app3_seconds": lambda: f"{_fleet('fleet_up_adding_hosts_seconds'):.0f} s",
    "fleet.load_average": lambda: f"{_fleet('load_average_during_fleet_up'):g}",
    "fleet.memory_mib": lambda: f"{_fleet('fleet_memory_after_tests', 'pss_mib'):.0f} MiB",
    "fleet.processes": lambda: str(_fleet("fleet_memory_after_tests", "processes")),
    "fleet.deploy_requests": lambda: str(_fleet("rolling_deploy", "requests")),
    "fleet.deploy_failed": lambda: str(_fleet("rolling_deploy", "failed")),
    "fleet.rollback_requests": lambda: str(_fleet("rollback", "requests")),
    "fleet.rollback_failed": lambda: str(_fleet("rollback", "failed")),
    "fleet.lost_gets": lambda: str(_fleet("lost_host", "gets")),
    "fleet.lost_failed": lambda: str(_fleet("lost_host", "failed_gets")),
    "fleet.bench_connections": lambda: str(_fleet("bench", "connections")),
    "fleet.bench_seconds": lambda: f"{_fleet('bench', 'seconds')} s",
    "fleet.bench_fleet_rps": lambda: f"{_fleet('bench', 'fleet')['rps']:,.0f}",
    "fleet.bench_fleet_p99": lambda: f"{_fleet('bench', 'fleet')['p99_ms']:.0f} ms",
    "fleet.bench_production_rps": lambda: f"{_fleet('bench', 'production')['rps']:,.0f}",
    "fleet.bench_production_p99": lambda: f"{_fleet('bench', 'production')['p99_ms']:.0f} ms",
    "fleet.bench_errors": lambda: str(_fleet("bench", "fleet")["errors"] + _fleet("bench", "production")["errors"]),
    "fleet.lost_slowest": lambda: f"{_fleet('lost_host', 'slowest_get_seconds'):.1f} s",
    "fleet.prometheus_url": _fleet_prometheus_url,
    "production.https_port": lambda: _search("stacks/production/stack.toml", r"^https_port = (\d+)"),
    **_bench_facts(),
    **_monitoring_facts(),
    # the alert exercise's reference rule
    "exercise.16.share": lambda: format(float(_search(ALERT_EXERCISE, r"> ([\d.]+)$")), ".0%"),
    "exercise.16.window_minutes": lambda: _search(ALERT_EXERCISE, r"\[(\d+)m\]"),
    "exercise.16.for_minutes": lambda: _search(ALERT_EXERCISE, r"for: (\d+)m"),
    **_checker_facts(),
    **container_page.facts(),
}

MARK = re.compile(r"<!--fact:([a-z0-9_.]+)-->(.*?)<!--/fact-->")


def value(name: str) -> str:
    if name not in FACTS:
        raise LookupError(f"unknown fact {name!r}: add it to course/facts.py")
    return FACTS[name]()


def fill(text: str) -> str:
    """The page with every marked fact rewritten from its source."""
    return MARK.sub(lambda m: f"<!--fact:{m.group(1)}-->{value(m.group(1))}<!--/fact-->", text)
