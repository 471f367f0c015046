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
        rows += [f"**`GET {path}`**: {measured['what']}", "",
                 "| scenario | protocol | requests/s, median (min–max) | mean request time (ms) | "
                 "header bytes per request | failed |", "|---|---|--:|--:|--:|--:|"]
        for label, entry in measured["scenarios"].items():
            rows.append(f"| {label} | {entry['protocol']} | {_rps(entry)} | "
                        f"{entry['request_ms_mean']['median']:.2f} | {entry['header_bytes_per_request']:.0f} | "
                        f"{entry['failed']} |")
        rows.append("")
    load = data["load_average"]
    rows.append(f"{data['plan']['rounds']} interleaved rounds of {data['plan']['requests']:,} requests per scenario, "
                f"on `{data['stack']}`, {data['measured'][:10]}; {data['machine']['cpu']}, nginx "
                f"{data['tools'].get('nginx', '?')}, h2load {data['tools'].get('h2load', '?')}; load average "
                f"{load['before']} before and {load['after']} after"
                + (" (a busy machine: compare the rows with each other, not with other pages)"
                   if max(load.values()) > data["machine"]["cores"] else "") + ".")
    return "\n".join(rows)


def _median(data: dict, path: str, label: str) -> float:
    return data["paths"][path]["scenarios"][label]["requests_per_second"]["median"]


def reading() -> str:
    """What HTTP/2 bought here, in the measured numbers: behind the proxy, and at the edge alone."""
    data = _load()
    if data is None:
        return "*Not measured yet.*"
    app, edge = "/", "/metrics"
    h1_many, h2_few = "h1, 64 connections", "h2, 4 connections x 16 streams"
    ratio_app = _median(data, app, h2_few) / _median(data, app, h1_many)
    ratio_edge = _median(data, edge, h2_few) / _median(data, edge, h1_many)
    headers_h1 = data["paths"][app]["scenarios"][h1_many]["header_bytes_per_request"]
    headers_h2 = data["paths"][app]["scenarios"][h2_few]["header_bytes_per_request"]
    return (f"Four HTTP/2 connections carrying 16 streams each did {ratio_app:.2f} times the requests a second of "
            f"64 HTTP/1.1 connections when every request went on to the app, and {ratio_edge:.2f} times when nginx "
            f"answered itself. Response headers cost {headers_h2:.0f} bytes a request over HTTP/2 (HPACK) against "
            f"{headers_h1:.0f} over HTTP/1.1.")


def fill(text: str) -> str:
    """docs/http2.md with its two generated blocks rewritten."""
    return blocks.fill(text, {"http2 measurement": table, "http2 reading": reading})
