"""docs/benchmarks.md, generated from benchmarks/results/latest.json.

The page is never edited by hand: ``make tables`` writes it from the committed
results (``make bench`` ends with it, so a full run updates the page). The
reading of the numbers is computed from them, so it cannot drift from the
table; where a stack it talks about was not measured, it says so.
"""

import json
from pathlib import Path

from benchmarks.load.settings import SLOW_SECONDS, THINK_SECONDS
from benchmarks.matrix import compare, table
from benchmarks.matrix.run import BUSY_PERCENT
from benchmarks.matrix.settings import SETTINGS_FILE
from benchmarks.shared.folders import DEFAULT_RESULTS
from course import tuning_page
from stacks.runner.paths import ROOT

DOC = ROOT / "docs" / "benchmarks.md"
CHART = "charts/benchmarks-hello.svg"  # drawn from latest.json by make tables (course/charts/)
CHART_IO = "charts/benchmarks-io.svg"
IO_GOAL = 0.8  # the share of the ideal an event loop should reach on the I/O-bound workload


def _locust_figures() -> dict:
    """The think time and /slow wait of benchmarks/locustfile.py (declared in benchmarks/load/settings.py)."""
    low, high = THINK_SECONDS
    return {"think": f"{low:g}–{high:g} s", "slow": f"{SLOW_SECONDS:g}"}


def _by_name(results: dict) -> dict:
    return {s["name"]: s for s in results["stacks"] if s["verified"]}


def _at(stack: dict, connections: int | None = None) -> dict:
    """A stack's level at ``connections``, or its best one."""
    levels = stack["levels"]
    exact = [lv for lv in levels if lv["connections"] == connections]
    return exact[0] if exact else max(levels, key=lambda lv: lv["rps"])


def _rps(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def _cgi_reading(stacks: dict, ceiling: float) -> str:
    cgi = [s for n, s in stacks.items() if s["class"] == "process_per_request"]
    if not cgi:
        return "*CGI was not measured in this run.*"
    parts = []
    for stack in cgi:
        best = _at(stack)
        busy = best.get("core_busy_percent") or best["cpu_percent"]
        ms_per_request = 10 * busy / best["rps"] if best["rps"] else 0
        parts.append(
            f"`{stack['name']}` answers {_rps(best['rps'])} requests/s "
            f"({best['ratio_to_ceiling']:.1e} of the ceiling), about {ms_per_request:.0f} ms of the server "
            "core per request"
        )
    return (
        "**Why CGI is slow.** " + "; ".join(parts) + ". Every request starts a new Python interpreter "
        "(fork, exec of /usr/bin/python3, imports of the standard library and the app), runs one call and "
        "exits: the start-up costs far more than the request. The WSGI servers start Python once and reuse "
        f"it for every request, which is the whole reason they exist (the ceiling is {_rps(ceiling)} req/s)."
    )


def _proxy_reading(stacks: dict) -> str:
    if "proxy" not in stacks or "integrated" not in stacks:
        return "*The proxy hop was not measured in this run (it needs both `proxy` and `integrated`).*"
    direct, proxied = _at(stacks["integrated"]), _at(stacks["proxy"])
    c = proxied["connections"]
    direct = _at(stacks["integrated"], c)
    change = 100 * (proxied["rps"] / direct["rps"] - 1) if direct["rps"] else 0
    return (
        f"**What the proxy hop costs.** `proxy` is `integrated` (the same tornado app) with nginx in front. "
        f"At {c} connections it serves {_rps(proxied['rps'])} req/s against {_rps(direct['rps'])} direct "
        f"({change:+.0f}%), p50 {proxied['p50_ms']:.2f} ms against {direct['p50_ms']:.2f} ms. On one core "
        "nginx's parsing and the second HTTP exchange take CPU from the app itself; in exchange nginx owns the "
        "client connection, buffers slow clients and can serve static files, which is why production puts it "
        "there anyway."
    )


def _threads_reading(stacks: dict) -> str:
    present = [n for n in ("waitress", "standalone", "wsgi", "integrated") if n in stacks]
    if len(present) < 2:
        return (
            "*Too few of `waitress`, `standalone`, `wsgi`, `integrated` were measured to compare concurrency models.*"
        )
    rows = []
    for name in present:
        levels = stacks[name]["levels"]
        low, high = levels[0], levels[-1]
        rows.append(
            f"`{name}` {_rps(low['rps'])} → {_rps(high['rps'])} req/s "
            f"(p99 {low['p99_ms']:.1f} → {high['p99_ms']:.1f} ms) from {low['connections']} to "
            f"{high['connections']} connections"
        )
    return (
        "**Where threads help.** " + "; ".join(rows) + ". Hello, World! never waits: it is pure CPU, "
        "and the server side has one core, which runs one Python bytecode stream at a time (the GIL). Threads "
        "(`waitress`, `standalone`) and extra processes (`wsgi`'s workers) cannot add CPU here; at best "
        "they keep the core busy while one request is on the network, and past that more connections only add "
        "queueing, visible in p99. They pay off when requests wait — on `/slow`, a database, an API — which "
        "`make load` with its `/slow` requests shows and wrk's tight loop on `/` does not."
    )


def is_asgi(stack: dict) -> bool:
    return "ASGI" in stack.get("interface", "")


def _is_wsgi(stack: dict, ceiling: str) -> bool:
    """Every stack here that calls the WSGI callable: neither ASGI, tornado's own handlers, nor static."""
    return not is_asgi(stack) and stack.get("app_process") not in ("tornado", "") and stack["name"] != ceiling


def _asgi_reading(stacks: dict, ceiling: str) -> str:
    asgi = [s for s in stacks.values() if is_asgi(s)]
    wsgi = [s for s in stacks.values() if _is_wsgi(s, ceiling)]
    if not asgi or not wsgi:
        return "*ASGI and WSGI stacks were not both measured in this run.*"
    a, w = (max(group, key=lambda s: _at(s)["rps"]) for group in (asgi, wsgi))
    ra, rw = _at(a)["rps"], _at(w)["rps"]
    verdict = "at least matches" if ra >= rw else "does not match"
    text = (
        f"**ASGI against WSGI.** The fastest ASGI stack, `{a['name']}`, serves {_rps(ra)} req/s; the fastest "
        f"WSGI stack, `{w['name']}`, {_rps(rw)} req/s ({100 * (ra / rw - 1):+.0f}%): ASGI {verdict} WSGI on "
        "a request that never waits."
    )
    if "granian-wsgi" in stacks:
        peers = [n for n in ("wsgi", "uwsgi") if n in stacks]
        g = _at(stacks["granian-wsgi"])["rps"]
        text += (
            f" `granian-wsgi`, the same WSGI callable behind a Rust HTTP server, serves {_rps(g)} req/s"
            + (" against " + " and ".join(f"`{n}` {_rps(_at(stacks[n])['rps'])}" for n in peers) if peers else "")
            + "."
        )
    return text


def _io_reading(results: dict) -> str:
    io = results["io"]
    measured = [s for s in results["stacks"] if s.get("io")]
    if not measured:
        return "*No stack was measured on the I/O-bound workload in this run.*"
    in_flight = "; ".join(
        f"`{s['name']}` {s['io']['rps'] * io['wait_seconds']:.0f}"
        for s in sorted(measured, key=lambda s: s["io"]["rps"])
    )
    loops = [s for s in measured if "event-loop" in s["process_model"] or is_asgi(s)]
    short = [s for s in loops if s["io"]["ratio_to_ideal"] < IO_GOAL]
    goal = (
        f"every one of them reaches {IO_GOAL:g} of the ideal or more"
        if not short
        else f"below {IO_GOAL:g} of the ideal: "
        + ", ".join(f"`{s['name']}` ({s['io']['ratio_to_ideal']:.2f})" for s in short)
    )
    loop_range = (
        (f"{min(s['io']['ratio_to_ideal'] for s in loops):.2f}–{max(s['io']['ratio_to_ideal'] for s in loops):.2f}")
        if loops
        else "—"
    )
    return (
        f"**What waiting costs.** Each request here sleeps {io['wait_seconds']:g} s and uses almost no CPU, so "
        f"requests/s × {io['wait_seconds']:g} s is how many requests a stack kept waiting at once: {in_flight} "
        f"(of {io['connections']} connections). A pre-forked sync worker holds one request at a time, a thread "
        f"one per thread, so those stacks serve their worker or thread count {1 / io['wait_seconds']:g} times a "
        "second and the other connections queue (p99 shows the queue). An event loop holds a timer per request, not a worker: "
        f"the event-loop and ASGI stacks reach {loop_range} of the ideal; {goal}." + _refused_reading(measured)
    )


def _refused_reading(measured: list) -> str:
    """Stacks that answered most of the load with errors: only their 2xx answers count above."""
    refused = [s for s in measured if s["io"]["requests"] and s["io"]["non_2xx"] * 2 > s["io"]["requests"]]
    if not refused:
        return ""
    return (
        " Refused, not served: "
        + "; ".join(
            f"`{s['name']}` answered {s['io']['non_2xx'] / s['io']['requests']:.0%} of {s['io']['requests']:,} requests "
            f"with an error ({s['io'].get('rps_all', s['io']['rps']):,.0f} answers/s counting them)"
            for s in refused
        )
        + ". Once the app's queue is full, the front server answers an error at once instead of waiting, so only "
        "2xx answers count towards the ideal."
    )


def _io_section(results: dict) -> str:
    io = results.get("io")
    if not io:
        return ""
    left = "".join(f"\n- `{n}`: {why}" for n, why in io["left_out"].items())
    tuned = "\n" + tuning_page.io_beside_shipped() if tuning_page.RESULTS.is_file() else ""
    return f"""## I/O-bound workload

`GET {io["path"]}` at {io["connections"]} connections: every request waits {io["wait_seconds"]:g} s on the
server, doing nothing. With {io["connections"]} connections
the ideal is {io["connections"]} / {io["wait_seconds"]:g} s = **{_rps(io["ideal_rps"])} requests/s**: every
connection waiting in parallel, none queued. Measured right after `Hello, World!` on the same start and pinning,
{io["seconds"]:g} s per round, verified first (`{io["path"]}` must answer 200 with its exact body).
Fastest first: {" > ".join(f"`{n}`" for n in io["ranking"])}.

![requests per second per stack against the ideal]({CHART_IO})

{table.render_io(results)}
Left out of this workload, as the harness said when it ran:{left or " none."}
{tuned}
{_io_reading(results)}
"""


def _locust_section(results_dir: Path) -> str:
    source = results_dir / "locust-ceiling.json"
    measured = ""
    locust = _locust_figures()
    if source.is_file():
        c = json.loads(source.read_text())
        measured = (
            f" Measured here on {c['date'][:10]} (locust {c['locust']}, {c['users']} users, no think time, "
            f"against `static`, locust pinned to one core): **{c['rps']:,.0f} requests/s** with locust at "
            f"{c['locust_cpu_percent']:.0f}% of its core and {c['failures']} failures."
        )
        if c["locust_cpu_percent"] < 90:
            measured += " Locust did not get its whole core (another job competed), so its true ceiling is higher."
    return f"""## locust: behaviour under user-shaped load

`benchmarks/locustfile.py` simulates visitors: each waits {locust["think"]} between requests and mostly reads `/` and
`/json`, sometimes posts to `/echo` (the answer is checked byte for byte), now and then asks for `/slow`
({locust["slow"]} s of waiting on the server) and `/counter` when the stack has Redis. Its host defaults to the
stack that is running.

```sh
locust -f benchmarks/locustfile.py                         # web UI on http://localhost:8089
make load STACK=wsgi USERS=20 SPAWN_RATE=5 DURATION=20s     # headless; starts the stack if needed
```

`make load` writes locust's CSV files and HTML report to `benchmarks/results/load-<stack>*`. If it had to
start the stack it stops it afterwards; the same stack already running is left running, and another one running is an error (stop it first).

wrk measures throughput: a C event loop with a handful of connections and no think time keeps the server
saturated, so requests/s is the server's capacity. locust measures behaviour: simulated users in Python, each
doing one thing at a time, with pauses, which shows latency distributions, failures and the effect of
`/slow` on the other requests when workers run out. It is never the throughput tool here: one locust process
tops out far below the fastest stacks.{measured} Re-measure with `make load-ceiling`.
"""


def _method(results: dict) -> str:
    p = results["parameters"]
    d = p["default"]
    gunicorn = _by_name(results).get("wsgi", {}).get("processes", {}).get("gunicorn")
    example = f"; gunicorn's {gunicorn} = master + {gunicorn - 1} workers" if gunicorn else ""
    classes = "".join(
        f"\n- `{name.replace('_', '-')}` stacks ({', '.join(f'`{s}`' for s in c['stacks'])}): "
        f"connections {c.get('connections', d['connections'])}, {c.get('seconds', d['seconds'])} s per run. "
        f"They answer tens of requests a second; {max(d['connections'])} connections would only queue into timeouts."
        for name, c in p["classes"].items()
    )
    return f"""## Method

- **Verification first.** Each stack is started through the runner (`python -m stacks run`, in a run
  directory of the benchmark's own, on a free port) and `/` and `/json` must answer 200 with the exact body
  (`/`: the manifest's probe body), the contract's `Content-Type`, and `Server`, `Date` and a
  `Content-Length` that matches the body. A stack that fails is listed as failed with the reason, never timed.
- **Pinning.** {p["pinning"]}. Starting pinned means every server sizes itself for the one core it has, as
  on a one-core machine, instead of being sized for two and squeezed onto one. The process counts per
  program are in latest.json (`processes`{example}).
- **Rounds.** {p["rounds"]} round(s); in each, the stacks run in a new shuffled order (seed {p["seed"]}) and
  each is started fresh, verified, warmed up for {d["warmup_seconds"]:g} s with wrk (not counted), measured at
  each connection level ({d["connections"]}, {d["seconds"]:g} s each) and stopped. Only one stack can run at a
  time, so interleaving means restarting; it spreads drift in the machine over every stack. Figures are the
  median over rounds, with min–max.{classes}
- **Load.** wrk {results["tools"].get("wrk", "")}, {p["wrk_threads"]} thread, keep-alive connections, `GET
  {p["path"]}`, timeout {p["wrk_timeout_seconds"]:g} s; its numbers come from a Lua `done()` hook that prints
  JSON (`benchmarks/shared/report.lua`). *errors* are socket errors (connect, read, write, timeout); *non-2xx* is
  wrk's count of responses with status ≥ 400.
- **Server cost.** A sampler reads `/proc/<pid>/stat` and `/proc/<pid>/status` of every process of the stack
  several times a second: *server CPU %* is CPU time (with reaped children, so CGI's short-lived processes
  count) per wall second, in percent of one core; *peak RSS* is the largest sum of VmRSS (forked workers'
  shared pages are counted in each, so prefork stacks look heavier than they are). *core 0 busy %* is the
  server core's busy time from `/proc/stat`: it also counts the kernel's work on the loopback connections,
  short-lived processes whose time never reaches a parent the sampler sees (the CGI processes of `cgi` and
  `fcgiwrap`: their *server CPU %* is far too low, read this column for them), and anything else that ran
  on that core, so it is exact only on a quiet machine.
- **The harness is not the bottleneck**, or says so: *wrk CPU %* is wrk's own CPU time on its core; at
  {p["saturated_percent"]:g}% or more the row is flagged **saturated**, and the server may be faster than shown.
- **Ceiling.** `{results["ceiling"]["stack"]}` (nginx answering by itself) measured in the same run; *× static*
  divides each median by its best median.
- The app runs with `PYTHON_ENV={p["python_env"]}`; each stack keeps its own access logging, as deployed.
- Parameters live in `{SETTINGS_FILE.relative_to(ROOT)}`.
"""


REFERENCES = """
## References

- Tools: [wrk](https://github.com/wg/wrk) · [locust](https://docs.locust.io/) · [taskset](https://man7.org/linux/man-pages/man1/taskset.1.html)
- Method: [TechEmpower Framework Benchmarks](https://github.com/TechEmpower/FrameworkBenchmarks) (verify every variant before measuring it) · [Gil Tene, How NOT to Measure Latency](https://www.infoq.com/presentations/latency-response-time/) (why the tail, not the mean)
- Comparing servers: [Comparison of web server software](https://en.wikipedia.org/wiki/Comparison_of_web_server_software) (features, not speed) · [TechEmpower results](https://www.techempower.com/benchmarks/) (many frameworks, one method)
- Further reading: [Full Stack Python: WSGI servers](https://www.fullstackpython.com/wsgi-servers.html) · [The Twelve-Factor App](https://12factor.net/) · [What happens when you type a URL and press Enter](https://github.com/alex/what-happens-when)
"""


def render(results: dict, results_dir: Path = DEFAULT_RESULTS) -> str:
    m = results["machine"]
    stacks = _by_name(results)
    ceiling = results["ceiling"]["rps"] or 0
    kind = (
        "a **QUICK** run (a few seconds per stack: for tests and classes, not for conclusions)"
        if results["quick"]
        else "a full run"
    )
    failed = [s for s in results["stacks"] if not s["verified"]]
    saturated = [s["name"] for s in results["stacks"] for lv in s.get("levels", []) if lv["load_generator_saturated"]]
    tools = ", ".join(f"{k} {v}" for k, v in sorted(results["tools"].items()))
    notes = ""
    if failed:
        notes += (
            f"\n{len(failed)} stack(s) failed verification or start-up and were not timed: "
            + ", ".join(f"`{s['name']}`" for s in failed)
            + ".\n"
        )
    if m.get("busy_percent_start", 0) > BUSY_PERCENT:
        notes += (
            f"\nThe machine was not quiet ({m['busy_percent_start']}% busy before the run): other jobs "
            "shared the cores, so these figures are noisy. Re-run `make bench` on a quiet machine.\n"
        )
    if saturated:
        notes += f"\nwrk saturated its core on: {', '.join(sorted(set(saturated)))}; those stacks may be faster.\n"
    previous = results_dir / "previous.json"
    if previous.is_file():
        earlier = json.loads(previous.read_text())
        found = compare.swaps(compare.best_of(earlier), compare.best_of(results), compare.MARGIN)
        verdict = (
            "the same ranking" if not found else "a different order for " + ", ".join(f"`{a}`/`{b}`" for a, b in found)
        )
        notes += (
            f"\nAgainst the previous full run ({earlier['date'][:10]}, kept as `previous.json`): {verdict} "
            f"for every two stacks more than {compare.MARGIN:.0%} apart.\n"
        )
    order = " > ".join(f"`{n}`" for n in results["ranking"])
    io_sentence = (
        "A second workload, [I/O-bound](#io-bound-workload), has every request wait on the\n"
        "server: what threads, event loops and ASGI are for."
        if results.get("io")
        else "A second, I/O-bound workload (every request waits on the server) is in runs made since it\n"
        "was added; this run predates it."
    )
    return f"""<!-- generated by 'make tables' from benchmarks/results/latest.json; do not edit -->
# Benchmarks: what each interface costs

Every stack serves the same `Hello, World!` on one core of this machine while wrk loads it from the other:
pure CPU, what each interface costs. {io_sentence} These figures are from {kind} on {results["date"][:10]},
measured in {results["elapsed_seconds"] / 60:.1f} minutes.

```sh
make bench                          # every stack, both workloads (the time is above): updates this page
make bench QUICK=1 STACKS=static,wsgi,cgi   # a few seconds per stack, into benchmarks/scratch/ (untracked)
make tables                         # rewrite every generated page, this one from benchmarks/results/latest.json
python -m benchmarks compare old.json new.json  # same ranking in two runs?
```

Results: `benchmarks/results/latest.json` (everything) and `latest.md` (the tables); the charts below
are drawn from `latest.json` by `make tables` (`docs/charts/`), each stack's dot coloured by its process model.

## Results

![requests per second per stack, log scale]({CHART})

Fastest first: {order}.
{notes}
{table.render(results)}
## Reading the numbers

{_cgi_reading(stacks, ceiling)}

{_proxy_reading(stacks)}

{_threads_reading(stacks)}

{_asgi_reading(stacks, results["ceiling"]["stack"])}

Everything that puts Python behind nginx (`fastcgi`, `scgi`, `uwsgi`, `proxy`) pays for two programs on one
core; everything that embeds or pre-forks Python (`wsgi`, `modwsgi`, `modpython`, `uwsgi`) pays the start-up
once. `static` shows what the web server alone costs: the rest of each figure is the interface and Python.

{_io_section(results)}
{_method(results)}
## Machine

| | |
|---|---|
| CPU | {m["cpu"]}, {m["cores"]} cores |
| memory | {m["memory_gib"]} GiB |
| system | {m["os"]}, Linux {m["kernel"]}, Python {m["python"]} |
| cores busy before the run | {m.get("busy_percent_start", "?")}% |
| load average (1 min) at start / end | {m["load_average_start"]} / {m["load_average_end"]} |
| tools | {tools} |

{_locust_section(results_dir)}
{REFERENCES}"""


def render_committed() -> str:
    """The page from the committed full run, benchmarks/results/latest.json."""
    return render(json.loads((DEFAULT_RESULTS / "latest.json").read_text()))
