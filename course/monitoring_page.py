"""The numbers of docs/monitoring.md, generated from results files and the rules, never typed.

Four blocks between HTML comments, each rewritten from its source:

- monitoring cost: benchmarks/results/metrics-cost.json (python -m benchmarks.studies.metrics_cost);
- observability ratio: the variants of benchmarks/results/latest.json (make bench);
- alert rules: stacks/production/rules/alerts.yml;
- burn-rate example: benchmarks/results/burn-rate-example.json
  (python -m benchmarks.studies.burn_rate_example).

Registered in course/registry.py: ``make tables`` fills the blocks, the freshness
test fails when one is stale. Standard library only.
"""

import json

import yaml

from benchmarks.shared.folders import DEFAULT_RESULTS as RESULTS
from course import blocks
from stacks.runner.paths import ROOT

ALERTS = ROOT / "stacks" / "production" / "rules" / "alerts.yml"


def _load(name: str) -> dict | None:
    path = RESULTS / name
    return json.loads(path.read_text()) if path.is_file() else None


def cost() -> str:
    found = _load("metrics-cost.json")
    if not found:
        return "Not measured yet: run `python -m benchmarks.studies.metrics_cost`."
    per, grown = found["per_request_microseconds"], found["after_restarts"]
    cold = found["per_request_cold_microseconds"]
    return (
        f"| measured {found['date'][:10]}, Python {found['python']} | value |\n|---|--:|\n"
        f"| one `GET /` through `hello.wsgi`, metrics off | {per['metrics_off']:.1f} µs |\n"
        f"| the same, metrics on | {per['metrics_on']:.1f} µs |\n"
        f"| added by metrics | **{per['added']:.1f} µs** |\n"
        f"| the same two, caches emptied before each call (cold) | {cold['metrics_off']:.1f} µs, "
        f"{cold['metrics_on']:.1f} µs |\n"
        f"| added by metrics, cold | **{cold['added']:.1f} µs** |\n"
        f"| files in `METRICS_DIR` after {grown['restarts']:,} worker restarts | {grown['files']:,} |\n"
        f"| their size on disk (apparent size) | {grown['disk_bytes'] / 2**20:.1f} MiB "
        f"({grown['apparent_bytes'] / 2**20:.1f} MiB) |\n"
        f"| one `/metrics` rendering over all of them | {grown['render_ms']:.0f} ms |\n\n"
        f"Without folding, every worker ever started would leave its two files behind (one for "
        f"counters, one for histograms) until the next stack start, and every scrape would read "
        f"them all; `child_exit` folds a gone worker's counts into the archive files instead, so "
        f"the folder holds the live workers' files and the archive, whatever the number of restarts."
    )


def ratio() -> str:
    latest = _load("latest.json")
    found = (latest or {}).get("variants", [])
    if not found:
        return "Not measured yet: the next `make bench` measures it (the lead's full run)."
    lines = []
    for c in found:
        shares = "; ".join(
            f"{lv['connections']} connections: {lv['stack_rps']:,.0f} against {lv['variant_rps']:,.0f} "
            f"req/s, **{lv['ratio']:.2f}**"
            for lv in c["levels"]
        )
        goal = f" Goal: ≥ {c['goal']:.2f}." if c.get("goal") else ""
        lines.append(
            f"`{c['stack']}` against `{c['variant']}` ({'quick' if latest['quick'] else 'full'} run of "
            f"{latest['date'][:10]}): {shares}.{goal}"
        )
    return "\n\n".join(lines)


def alert_rules() -> str:
    rows = ["| alert | fires when | for | severity |", "|---|---|---|---|"]
    groups = yaml.safe_load(ALERTS.read_text())["groups"]
    for rule in (rule for group in groups for rule in group["rules"] if "alert" in rule):
        expr = " ".join(rule["expr"].split()).replace("|", "\\|")  # a pipe ends a cell
        rows.append(
            f"| `{rule['alert']}` | `{expr}` | {rule.get('for', '—')} | {rule.get('labels', {}).get('severity', '—')} |"
        )
    return "\n".join(rows)


def burn_example() -> str:
    found = _load("burn-rate-example.json")
    if not found:
        return "Not run yet: start the production stack, then `python -m benchmarks.studies.burn_rate_example`."
    share, burn = found["error_share"], found["burn_rate"]
    budget = 1 - found["slo"]
    timeline = ", ".join(f"{state} at {seconds} s" for seconds, state in found["alert_timeline_seconds"])
    return (
        f"- Sent {found['requests_sent']:,} requests; {found['answered_5xx']:,} were answered with a 5xx "
        f"({found['answered_5xx'] / found['requests_sent']:.1%}). Prometheus' counters then stood at "
        f"{found['counters']['requests']:,.0f} requests and {found['counters']['errors']:,.0f} errors "
        f"(the start-up probe and health checks included).\n"
        f"- `job:hello_request_errors:ratio_rate5m` = {share['5m']:.4f}, `...ratio_rate1h` = {share['1h']:.4f}.\n"
        f"- Burn rate = share ÷ budget = {share['5m']:.4f} ÷ {budget:.3f} = **{burn['5m']:.1f}** over 5 minutes "
        f"and {burn['1h']:.1f} over the hour, both above {found['threshold_burn_rate']}: at this pace the "
        f"30-day budget would be gone in {30 * 24 / burn['5m']:.0f} hours.\n"
        f"- `{found['alert']}`: {timeline} (its `for: 2m` keeps it pending first)."
    )


BLOCKS = {
    "monitoring cost": cost,
    "observability ratio": ratio,
    "alert rules": alert_rules,
    "burn-rate example": burn_example,
}


def fill(text: str) -> str:
    """docs/monitoring.md with its four blocks rewritten."""
    return blocks.fill(text, BLOCKS)
