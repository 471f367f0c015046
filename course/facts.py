"""Every number the course pages state, read from the objects that hold it or from a results file.

A page never types a number by hand: it marks the place, ``<!--fact:NAME-->5<!--/fact-->``,
and ``make tables`` writes the value between the marks from the function below.
The freshness test (the registry in check mode) fails when a page holds a value
the code or the results no longer give, so a page and the code cannot disagree.

Each fact comes from an object, never from Python source read as text: a constant
imported from its module, a configuration or script file loaded the way its program
loads it (``runpy`` for gunicorn's config and flup's runner; the exercise checkers as modules;
``configparser`` for uWSGI's ini; ``tomllib``/YAML for settings, manifests, rules and
inventories), a manifest through the runner, a results file. Only the web servers'
own configuration languages (nginx, Apache), the stacks' config templates (valid only
once the runner renders them) and the Makefile are read as text.
"""

import configparser
import functools
import json
import re
import runpy
import shlex
import socketserver
import tomllib
from pathlib import Path

import yaml

from benchmarks.matrix import settings as matrix_settings
from course import automation_page, bench_stacks, container_page, learner_path
from stacks.production import check_deploy, releases
from stacks.runner import manifest, supervise

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def _read(relative: str) -> str:
    return (ROOT / relative).read_text()


def _search(relative: str, pattern: str) -> str:
    """A value in a web server's configuration (nginx, Apache) or the Makefile: no parser for those here."""
    found = re.search(pattern, _read(relative), re.M)
    if not found:
        raise LookupError(f"{relative}: no match for {pattern!r}: the fact's source changed")
    return found.group(1)


def _match(text: str, pattern: str, where: str) -> str:
    """A part of one loaded value (a PromQL expression, a command line) that the fact needs."""
    found = re.search(pattern, text)
    if not found:
        raise LookupError(f"{where}: no match for {pattern!r} in {text!r}: the fact's source changed")
    return found.group(1)


@functools.cache
def _program_file(relative: str) -> dict:
    """The names a Python configuration or script file defines, loaded as its program loads it
    (gunicorn runs its config file; flup's runner and the checkers are run as scripts)."""
    return runpy.run_path(str(ROOT / relative), run_name=f"facts:{relative}")


@functools.cache
def _app_defaults() -> dict:
    """The app's settings and their defaults, as the app's Config takes them."""
    return dict(_hello("config").DEFAULTS)


def _config_default(name: str):
    return _app_defaults()[name]


@functools.cache
def _yaml(relative: str):
    return yaml.safe_load(_read(relative))


@functools.cache
def _manifest(stack: str) -> manifest.Manifest:
    """A stack's manifest, through the runner (read once per run of the generators)."""
    return manifest.find(stack)


def _option(stack: str, program: str, flag: str = "", after: str = "") -> str:
    """An argument of a process of a stack's manifest: ``--flag=VALUE``'s value, or the word
    after the first one that ends with ``after``."""
    process = next(p for p in _manifest(stack).processes if p.name == program)
    words = shlex.split(process.command)
    if flag:
        return next(w.split("=", 1)[1] for w in words if w.startswith(f"{flag}="))
    return words[next(i for i, w in enumerate(words) if w.endswith(after)) + 1]


def _uwsgi_ini() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read_string(_read("interfaces/uwsgi/uwsgi.ini"))
    return parser["uwsgi"]


def _mib(size: int) -> str:
    return f"{size // (1024 * 1024)} MiB"


def _hello(module: str):
    """A module of the app (apps/hello, installed as ``hello``), imported: the app is standard library only."""
    import importlib

    return importlib.import_module(f"hello.{module}")


def _paths(paths: list) -> str:
    """Routes read out as code: "`/a`, `/b` and `/c`"."""
    *first, last = [f"`{path}`" for path in sorted(paths)]
    return f"{', '.join(first)} and {last}" if first else last


def _event_loop_routes(on_a_thread: bool) -> str:
    """The routes an event-loop server (hello.event_loop) runs in its thread pool, or awaits as a timer."""
    logic, loop = _hello("logic"), _hello("event_loop")
    waiting = {path for path, route in logic.ROUTES.items() if route.view in loop.WAITING_VIEWS}
    blocking = {path for path, route in logic.ROUTES.items() if route.blocks} - waiting
    return _paths(blocking if on_a_thread else waiting)


def _level(stack: str, which: int) -> dict:
    return bench_stacks.by_name()[stack]["levels"][which]


@functools.cache
def _bench_settings() -> dict:
    return matrix_settings.load(quick=False).raw


def _io(key: str):
    return _bench_settings()["io"][key]


def _backlog(which: int) -> dict:
    return json.loads((RESULTS / "backlog.json").read_text())["runs"][which]


def _shipped(stack: str, knob: str) -> str:
    """The value a stack ships with for a knob its manifest declares tunable (the placeholder's default)."""
    return str(manifest.find(stack).tunable[knob].shipped)


def _fcgiwrap_processes() -> str:
    return _shipped("fcgiwrap", "processes")


def _uwsgi(key: str) -> str:
    """uwsgi.ini's setting; the shipped value of a knob the manifest declares tunable (a placeholder there)."""
    return _shipped("uwsgi", key) if key in manifest.find("uwsgi").tunable else _uwsgi_ini()[key]


def _modwsgi(key: str) -> str:
    return _shipped("modwsgi", key)


def _fleet_prometheus_url() -> str:
    """Prometheus' UI on the fleet: the monitoring host's address and its port."""
    monitors = _yaml("fleet/inventory/lab/hosts.yml")["all"]["children"]["monitors"]["hosts"]
    host = next(iter(monitors.values()))
    port = _yaml("fleet/group_vars/all.yml")["prometheus_port"]
    return f"http://{host['ansible_host']}:{port}/"


def _fleet(key: str, part: str = ""):
    """A figure of the fleet's last measured run (make fleet-measure)."""
    value = json.loads((RESULTS / "fleet.json").read_text())[key]
    return value[part] if part else value


def _alert(name: str, rules: str = "") -> dict:
    """One alert rule of a Prometheus rules file (by default the production stack's)."""
    groups = _yaml(rules or ALERTS)["groups"]
    return next(rule for group in groups for rule in group["rules"] if rule.get("alert") == name)


def _expr(name: str, pattern: str, rules: str = "") -> str:
    return _match(_alert(name, rules)["expr"], pattern, f"{rules or ALERTS} {name}")


def _burn(name: str) -> float:
    """The burn rate of an alert in stacks/production/rules/alerts.yml: the factor before the error budget."""
    return float(_expr(name, r"> \(([\d.]+) \* [\d.]+\)"))


def _budget() -> float:
    """The error budget of the SLO, as the alert rules multiply it."""
    return float(_expr("HelloErrorBudgetBurnFast", r"> \([\d.]+ \* ([\d.]+)\)"))


def _slo_days() -> int:
    """The SLO's period, as the fast burn alert's summary states it (``the 30-day error budget``)."""
    summary = _alert("HelloErrorBudgetBurnFast")["annotations"]["summary"]
    return int(_match(summary, r"(\d+)-day", f"{ALERTS} HelloErrorBudgetBurnFast summary"))


def _window_hours(name: str) -> int:
    """The long window of an alert in stacks/production/rules/alerts.yml (``ratio_rate6h``: 6)."""
    return int(_expr(name, r"ratio_rate(\d+)h"))


def _short_window(name: str) -> str:
    """The short window of an alert (``ratio_rate5m``: 5 minutes): how soon it clears after a fix."""
    return _expr(name, r"ratio_rate(\d+)m\b") + " minutes"


def _outage_share() -> float:
    """The one-hour error share the outage test of the burn-rate rules expects after the page clears."""
    tests = _yaml(BURN_TESTS)["tests"]
    return next(
        sample["value"]
        for test in tests
        for check in test.get("promql_expr_test", [])
        for sample in check["exp_samples"]
    )


def _hours(count: int) -> str:
    return f"{count} hour" + ("" if count == 1 else "s")


def _spent(name: str) -> str:
    """Share of the SLO period's error budget an alert's burn rate spends over its long window."""
    return f"{_burn(name) * _window_hours(name) / (_slo_days() * 24):.0%}"


def _seconds(value: float) -> str:
    return f"{value * 1000:g} ms" if value < 1 else f"{value:g} s"


ALERTS = "stacks/production/rules/alerts.yml"
BURN_TESTS = "stacks/production/rules/tests/burn_rate.test.yml"


def _monitoring_facts() -> dict:
    """The production stack's monitoring: SLO, burn rates, scrape interval, histogram buckets."""
    buckets = _hello("integrations.metrics").BUCKETS
    return {
        "monitoring.slo": lambda: f"{100 * (1 - _budget()):g}%",
        "monitoring.budget": lambda: f"{100 * _budget():g}%",
        "monitoring.slo_days": lambda: str(_slo_days()),
        "monitoring.fast_burn": lambda: f"{_burn('HelloErrorBudgetBurnFast'):g}",
        "monitoring.fast_spend": lambda: _spent("HelloErrorBudgetBurnFast"),
        "monitoring.fast_window": lambda: _hours(_window_hours("HelloErrorBudgetBurnFast")),
        "monitoring.fast_short_window": lambda: _short_window("HelloErrorBudgetBurnFast"),
        "monitoring.slow_burn": lambda: f"{_burn('HelloErrorBudgetBurnSlow'):g}",
        "monitoring.slow_spend": lambda: _spent("HelloErrorBudgetBurnSlow"),
        "monitoring.slow_window": lambda: _hours(_window_hours("HelloErrorBudgetBurnSlow")),
        "monitoring.scrape_interval": lambda: (
            _search("stacks/production/prometheus.yml", r"scrape_interval: (\d+)s") + " s"
        ),
        "monitoring.bucket_min": lambda: _seconds(buckets[0]),
        "monitoring.bucket_max": lambda: _seconds(buckets[-1]),
        "monitoring.outage_share_1h": lambda: f"{_outage_share():.0%}",
    }


def _connections(count: int) -> str:
    return f"{count} connection" + ("" if count == 1 else "s")


def _bench_facts() -> dict:
    """Per stack: median latency at the lowest load, req/s at the highest, memory, processes."""
    facts = {}
    for name, stack in bench_stacks.by_name().items():
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
    """The figures an exercise's or a lab's checker uses: ``exercise.09.requests`` is REQUESTS in its check.py,
    read from the checker module the learner's path loads (course/learner_path.py)."""
    found = {}
    for step in learner_path.steps():
        if step.kind == "page":
            continue
        number = step.name.split("-")[0]
        for name, figure in vars(step.checker).items():
            if name.isupper() and _figure(figure):
                found[f"{step.kind}.{number}.{name.lower()}"] = lambda figure=figure: _figure(figure)
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
EXERCISE_ALERT = "HelloTooManyNotFound"


FACTS = {
    # the app (apps/hello/config.py defaults)
    "app.max_body": lambda: _mib(_config_default("max_body_bytes")),
    "app.slow_cap": lambda: f"{_config_default('slow_cap_seconds'):g}",
    "app.stream_max_chunks": lambda: str(_config_default("stream_max_chunks")),
    "event_loop.timer_routes": lambda: _event_loop_routes(on_a_thread=False),
    "event_loop.thread_routes": lambda: _event_loop_routes(on_a_thread=True),
    "make.docs_port": lambda: _search("Makefile", r"^DOCS_PORT \?= (\d+)"),
    # servers and their limits
    "flup.max_threads": lambda: str(_program_file("interfaces/flup/serve.py")["MAX_THREADS"]),
    "fcgiwrap.processes": _fcgiwrap_processes,
    "uwsgi.processes": lambda: _uwsgi("processes"),
    "uwsgi.threads": lambda: _uwsgi("threads"),
    "uwsgi.concurrency": lambda: str(int(_uwsgi("processes")) * int(_uwsgi("threads"))),
    "uwsgi.harakiri": lambda: _uwsgi("harakiri"),
    "modwsgi.processes": lambda: _modwsgi("processes"),
    "modwsgi.threads": lambda: _modwsgi("threads"),
    "modwsgi.concurrency": lambda: str(int(_modwsgi("processes")) * int(_modwsgi("threads"))),
    "prefork.max_workers": lambda: _shipped("modpython", "max_request_workers"),
    "waitress.threads": lambda: _shipped("waitress", "threads"),
    "proxy.keepalive": lambda: _search("stacks/proxy/nginx.conf", r"^\s*keepalive (\d+);"),
    "nginx.client_max_body_size": lambda: _search("stacks/common/nginx-http.conf", r"^client_max_body_size (\w+);"),
    "gunicorn.timeout": lambda: str(_program_file("interfaces/gunicorn/gunicorn_conf.py")["timeout"]),
    "production.proxy_read_timeout": lambda: _search("stacks/production/proxy-app.conf", r"proxy_read_timeout (\d+)s;"),
    "production.slow_cap": lambda: f"{tomllib.loads(_read('apps/hello/config/production.toml'))['slow_cap_seconds']:g}",
    "production.expensive_connections": lambda: _search(
        "stacks/production/nginx.conf", r"limit_conn expensive_per_client (\d+);"
    ),
    "production.http2_streams": lambda: _search(
        "stacks/production/nginx.conf", r"^\s*http2_max_concurrent_streams (\d+);"
    ),
    "production.keepalive_requests": lambda: _search("stacks/production/nginx.conf", r"^\s*keepalive_requests (\d+);"),
    "wsgiref.backlog": lambda: str(socketserver.TCPServer.request_queue_size),
    "gunicorn.graceful_timeout": lambda: str(_program_file("interfaces/gunicorn/gunicorn_conf.py")["graceful_timeout"]),
    "production.stopwaitsecs": lambda: str(
        next(p.stopwaitsecs for p in _manifest("production").processes if p.name == "gunicorn")
    ),
    "supervisor.startsecs": lambda: str(supervise.STARTSECS),
    "supervisor.startretries": lambda: str(supervise.STARTRETRIES),
    "releases.keep": lambda: str(releases.KEEP_DEFAULT),
    "check_deploy.min_cert_days": lambda: str(check_deploy.MIN_CERT_DAYS),
    # the I/O-bound benchmark workload (benchmarks/matrix/settings.toml [io])
    "io.connections": lambda: str(_io("connections")),
    "io.wait_ms": lambda: f"{_io('wait_seconds') * 1000:g} ms",
    "io.ideal_rps": lambda: f"{_io('connections') / _io('wait_seconds'):,.0f}",
    # the backlog measurement (python -m benchmarks.studies.backlog)
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
    "fleet.next_upstream_tries": lambda: _search(
        "fleet/roles/lb/templates/nginx.conf", r"proxy_next_upstream_tries (\d+);"
    ),
    "fleet.outage_seconds": lambda: str(_fleet("lost_host", "outage_seconds")),
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
    "production.https_port": lambda: str(_manifest("production").ports["https_port"]),
    **_bench_facts(),
    **_monitoring_facts(),
    # the alert exercise's reference rule
    "exercise.16.share": lambda: format(float(_expr(EXERCISE_ALERT, r"> ([\d.]+)$", ALERT_EXERCISE)), ".0%"),
    "exercise.16.window_minutes": lambda: _expr(EXERCISE_ALERT, r"\[(\d+)m\]", ALERT_EXERCISE),
    "exercise.16.for_minutes": lambda: _match(_alert(EXERCISE_ALERT, ALERT_EXERCISE)["for"], r"(\d+)m", ALERT_EXERCISE),
    **_checker_facts(),
    **automation_page.facts(),  # the CI server and the pipeline (ci/)
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
