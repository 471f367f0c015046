"""The HTTP/2 measurement on docs/http2.md: a table and its reading, from benchmarks/results/http2.json.

Written by ``make tables`` into the page's generated block; every number comes
from the results file ``make bench-http2`` writes, and the sentences that
compare are computed from them, so the page cannot say more than was measured.
Standard library only, like the rest of course/.
"""

import json

from course import blocks
from course.facts import RESULTS

RESULTS_FILE = RESULTS / "http2.json"


def _load() -> dict | None:
    return json.loads(RESULTS_FILE.read_text()) if RESULTS_FILE.is_file() else None


def _rps(entry: dict) -> str:
    r = entry["requests_per_second"]
    return f"{r['median']:,.0f} ({r['min']:,.0f}–{r['max']:,.0f})"


def table() -> str:
    data = _load()
    if data is None:
        return "*Not measured yet: `make bench-http2` writes benchmarks/results/http2.json.*"
    rows = []
    for path, measured in data["paths"].items():
        rows += [
            f"**`GET {path}`**: {measured['what']}",
            "",
            "| scenario | protocol | requests/s, median (min–max) | mean request time (ms) | "
            "header bytes per request | unanswered | 5xx |",
            "|---|---|--:|--:|--:|--:|--:|",
        ]
        for label, entry in measured["scenarios"].items():
            rows.append(
                f"| {label} | {entry['protocol']} | {_rps(entry)} | "
                f"{entry['request_ms_mean']['median']:.2f} | {entry['header_bytes_per_request']:.0f} | "
                f"{entry['unanswered']} | {entry['server_errors']} |"
            )
        rows.append("")
    load = data["load_average"]
    rows.append(
        f"{data['plan']['rounds']} interleaved rounds of {data['plan']['requests']:,} requests per scenario, "
        f"on `{data['stack']}`, {data['measured'][:10]}; {data['machine']['cpu']}, nginx "
        f"{data['tools'].get('nginx', '?')}, h2load {data['tools'].get('h2load', '?')}; load average "
        f"{load['before']} before and {load['after']} after"
        + (
            " (a busy machine: compare the rows with each other, not with other pages)"
            if max(load.values()) > data["machine"]["cores"]
            else ""
        )
        + "."
    )
    return "\n".join(rows)


def _median(data: dict, path: str, label: str) -> float:
    return data["paths"][path]["scenarios"][label]["requests_per_second"]["median"]


def _compare(data: dict, path: str, label: str, against: str) -> str:
    """'N times' when the rounds' ranges do not overlap, else that the spread covers the difference."""
    ours, theirs = (data["paths"][path]["scenarios"][x]["requests_per_second"] for x in (label, against))
    if ours["min"] > theirs["max"] or ours["max"] < theirs["min"]:
        return f"{ours['median'] / theirs['median']:.2f} times the requests a second of"
    return (
        f"no more requests a second than the spread of the rounds allows ({ours['min']:,.0f}–{ours['max']:,.0f} "
        f"against {theirs['min']:,.0f}–{theirs['max']:,.0f}) compared with"
    )


def reading() -> str:
    """What HTTP/2 bought here, in the measured numbers: behind the proxy, and at the edge alone."""
    data = _load()
    if data is None:
        return "*Not measured yet.*"
    app, edge = "/", "/metrics"
    h1_many, h1_few, h2_few = "h1, 64 connections", "h1, 4 connections", "h2, 4 connections x 16 streams"
    scenarios = data["paths"][app]["scenarios"]
    return (
        f"Behind the proxy (`GET {app}`), four HTTP/2 connections carrying 16 streams each did "
        f"{_compare(data, app, h2_few, h1_many)} 64 HTTP/1.1 connections; where nginx answered itself "
        f"(`GET {edge}`), {_compare(data, edge, h2_few, h1_many)} them. Sixteen streams on each of four "
        f"connections waited {scenarios[h2_few]['request_ms_mean']['median']:.0f} ms a request on average, "
        f"against {scenarios[h1_few]['request_ms_mean']['median']:.0f} ms for four HTTP/1.1 connections with "
        f"one request each: the app still answers as many at a time as it has workers, and the streams "
        f"queue behind them. Response headers cost {scenarios[h2_few]['header_bytes_per_request']:.0f} bytes "
        f"a request over HTTP/2 (HPACK) against {scenarios[h1_many]['header_bytes_per_request']:.0f} over "
        f"HTTP/1.1."
    )


def fill(text: str) -> str:
    """docs/http2.md with its two generated blocks rewritten."""
    return blocks.fill(text, {"http2 measurement": table, "http2 reading": reading})
