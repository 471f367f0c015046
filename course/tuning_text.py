"""The tuning page's prose, and the renderers of the results that sit beside the sweep.

Kept apart from tuning_page.py (which assembles the page) so the explanation
reads as text; every figure in it is formatted from a results file here, none
is typed.
"""

INTRO = """\
[Benchmarks](benchmarks.md) measure every stack as it ships: the first lesson. This page
is the second: what the same servers do when configured for the work in front of them.
`make tune STACK=name` sweeps the knobs a stack's manifest declares (`[tunable]` in its
`stack.toml`, see [manifest keys](manifest-keys.md#knob)); `make tune-all` sweeps every
stack on both workloads. `make run-stack STACK=wsgi TUNE_WORKERS=6 TUNE_THREADS=16` starts
a stack in any configuration the sweep tried."""

METHOD = """\
Each configuration is started through the runner, {pinning}, and verified before it is
timed (status, exact body, headers). Then, as granian's benchmark method does, a
**primer** ({primer:g} s at {primer_c} connections: the first requests of a fresh process pay
for imports and forks), a **warm-up** ({warmup:g} s at the measured concurrency, not counted),
and the measured runs: Hello, World! for {seconds:g} s at the connections `make bench` uses
for the stack (a process per request gets its longer runs there too), then the I/O-bound
`{io_path}` for {io_seconds:g} s at {io_c} connections (ideal: {ideal:,.0f} req/s), only 2xx
answers counted. Before each measured run one request to `/` waits behind whatever the
previous run left queued, so no run inherits another's queue. Every configuration is
measured {rounds} times, {repetitions}; figures are medians with min–max.

**The grid** ({configs} configurations of {stacks} stacks): the knobs marked *grid* are
swept against each other (workers × threads: the knee and the heat map); every other knob
is tried alone, changed from the shipped configuration (what turning the access log off
costs or gains, for one configuration rather than a multiplied grid). Values are a few
points per knob, below, at and above the shipped one, chosen so that `make tune-all`
fits its budget with three repetitions."""

PINNED = "pinned as `make bench` pins (the server on one core, wrk and the harness on the other)"
NOT_PINNED = "NOT pinned (this machine lacked two cores or taskset: figures are not comparable)"
ROUNDS_RESTARTED = "each on a fresh start, every round in a new shuffled order over every stack's configurations"
ROUNDS_ON_ONE_START = (
    "all on one start: starts were slow on the shared machine, so each configuration was started once, "
    "in a shuffled order over every stack's configurations, rather than once per round "
    "(`restart_per_round` in benchmarks/tuning/settings.toml)"
)


WORKERS_AND_CORES = """\
## Why more workers than cores hurts CPU-bound work and helps I/O-bound work

On Hello, World! every request is CPU work. With the server on one core, one worker
already keeps the core busy; a second only takes turns with it, and every extra process
adds context switches, cache misses and memory: the curve is flat, then falls. gunicorn's
"(2 × cores) + 1" is a starting point for apps that wait a little on a database, not a law.
On `/slow` a request holds its worker while it waits and uses no CPU: there throughput is
concurrency ÷ wait until the core is finally busy, so each worker or thread that can wait
adds a request in flight, at the price of its memory (the MiB beside every point). Threads
wait for less memory than processes; an event loop waits for almost none."""

OPEN_LOOP = """\
wrk is closed-loop: each connection sends its next request only after the answer. When the
server stalls, wrk stops sending, so the requests that would have queued behind the stall are
never made, and the p99 looks better than users would see (coordinated omission). An
open-loop generator sends on the clock whatever happens. Here that is h2load: `--rate`
in h2load (nghttp2-client) creates *connections* at a fixed rate (its manual: "the fixed
rate at which connections are created"), not requests, so each connection makes exactly
one request (`-n` equal to `-c`) and the request rate is the connection rate; its
`--log-file` gives each request's latency, from which p50, p99 and p99.9 are computed.
Each request pays for a new TCP connection, which wrk's keep-alive connections do not:
the open-loop figures include it. wrk2, the open-loop fork of wrk, is not packaged in
Debian 12."""

KEEP_ALIVE = """\
## Keep-alive against a load balancer's idle timeout

A keep-alive connection lets a client send its next request without a new handshake; the
server closes it after its idle timeout (gunicorn's `keepalive`, uvicorn's
`--timeout-keep-alive`, both knobs above). Behind a load balancer the order of the two
timeouts matters: if the app server closes an idle connection while the balancer still
holds it as reusable, the balancer's next request on it meets a closed socket and the user
gets a 502. The app server's idle timeout must be *longer* than the balancer's (nginx's
`keepalive_timeout` towards clients, its `upstream` `keepalive_timeout` towards the app;
a cloud balancer's idle timeout), so that it is always the balancer that closes first.
A throughput sweep does not show this: wrk never leaves a connection idle."""

RECYCLING = """\
## Worker recycling: `max_requests` with jitter

`max_requests` replaces a worker after that many requests, which caps a slow leak; the
jitter makes each worker's limit a little different, so they do not all restart at the
same moment and leave nobody to answer. The price is a fork and a fresh import per
replacement, and a cold worker's first requests."""


def recycling(results: dict) -> str:
    """The recycling section, with its measured cost when the sweep tried ``max_requests``."""
    for stack in results["stacks"]:
        recycled = next((c for c in stack["configurations"] if set(c["changed"]) == {"max_requests"}), None)
        shipped = next((c for c in stack["configurations"] if c["shipped"]), None)
        if recycled and shipped and recycled["cpu"] and shipped["cpu"]:
            share = recycled["cpu"]["rps"] / shipped["cpu"]["rps"]
            return (
                f"{RECYCLING} Measured on `{stack['name']}` with `max_requests = "
                f"{recycled['changed']['max_requests']}`: {recycled['cpu']['rps']:,.1f} req/s on Hello, World! "
                f"against {shipped['cpu']['rps']:,.1f} without recycling ({share:.0%})."
            )
    return RECYCLING


def open_loop_table(results: dict) -> list:
    rows = [
        "| stack | capacity (closed loop, req/s) | wrk p50 / p99 ms (closed loop) | share | rate asked | rate made | "
        "p50 ms | p99 ms | p99.9 ms | failed |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for s in results["stacks"]:
        closed = f"{s['closed_loop']['p50_ms']:,.1f} / {s['closed_loop']['p99_ms']:,.1f}"
        for r in s["rates"]:
            latencies = (
                f"{r['p50_ms']:,.1f} | {r['p99_ms']:,.1f} | {r['p999_ms']:,.1f}" if r["succeeded"] else "— | — | —"
            )
            rows.append(
                f"| `{s['name']}` | {s['capacity_rps']:,.0f} | {closed} | {r['share']:.0%} | {r['rate']:,} | "
                f"{r['achieved_rps']:,.0f} | {latencies} | {r['failed']} |"
            )
    return rows + [
        "",
        *open_loop_notes(results),
        "",
        f"Measured {results['date']}, load average {results['load_average_start']} at the start; "
        f"{results['seconds']:g} s at each rate. Not measured: "
        + ("; ".join(f"`{n}` ({why})" for n, why in results.get("left_out", {}).items()) or "none")
        + ".",
    ]


def distributed(results: dict) -> list:
    hosts = results.get("hosts", [])
    rows = [
        "| locust workers | req/s against `static` | failures | locust CPU (all its processes) |"
        + (" requests from each client host |" if hosts else ""),
        "|--:|--:|--:|--:|" + ("---|" if hosts else ""),
    ]
    for r in results["runs"]:
        sent = r.get("requests_by_host", {})
        spread = ", ".join(f"{host} {sent[host]:,}" for host in hosts if sent.get(host))
        shape = str(r["workers"]) if r["distributed"] else "locust alone"
        rows.append(
            f"| {shape} | {r['rps']:,.0f} | {r['failures']} | {r['cpu_percent']:.0f}% |"
            + (f" {spread} |" if hosts else "")
        )
    where = results.get("where", "this machine's loopback")
    if hosts:
        placed = (
            f"Here the workers ran on {where}, in turn, and the master and `static` on the controller's "
            f"fleet address; locust alone ran on {hosts[0]}. The last column is what `static`'s own access log "
            "counted from each host's address: the users really were spread. The client hosts are network "
            "namespaces of this one machine, so every locust process is still pinned to its one load core and "
            "the workers share it: the table shows what sharing one core allows. On machines of their own, "
            "each worker would bring its own core."
        )
    else:
        placed = (
            "Here every locust process ran on this machine's loopback, pinned to the one load core, so the "
            "workers share that core, and the table shows what sharing it allows."
        )
    return [
        "`make load WORKERS=N` runs locust's own distributed mode: one master and N worker processes, the same "
        "locustfile, no think time, against `static`; `FLEET=1` puts the workers on the fleet's client hosts "
        "(`make fleet-up` first, as root). One locust process is limited by its one core; workers add cores "
        "where there are some to add. " + placed,
        "",
        *rows,
        "",
        f"Measured {results['date']}, load average {results['load_average_start']} at the start and "
        f"{results['load_average_end']} at the end, {results['users']} users for {results['duration']} a run, on a "
        f"{results['cores']}-core machine.",
    ]


CGI_ROWS = {  # results key -> what was measured
    "floor": "`python3 -I -S -c pass`: the interpreter alone, the floor",
    "script": "the CGI script serving `GET /` by itself, no web server",
    "cgi": "`cgi`: Apache and mod_cgid, one connection, the whole request",
    "fcgiwrap": "`fcgiwrap`: nginx, FastCGI and fcgiwrap, one connection, the whole request",
}


def _range(entry: dict, unit: str = "") -> str:
    return f"{entry['median']:.2f}{unit} ({entry['min']:.2f}–{entry['max']:.2f})"


def cgi_floor(results: dict) -> list:
    ms, ratios = results["ms"], results["ratio_to_floor"]
    rows = [
        "| what | ms per request, median (range) | against the floor, median of the rounds (range) |",
        "|---|--:|--:|",
        f"| {CGI_ROWS['floor']} | {_range(ms['floor'])} | 1.00× |",
    ]
    rows += [f"| {CGI_ROWS[key]} | {_range(ms[key])} | {_range(ratios[key], '×')} |" for key in ratios]
    verdicts, beyond = [], []
    for name in (key for key in ratios if key != "script"):
        ratio = ratios[name]["median"]
        verdicts.append(f"`{name}` is {'within' if ratio <= 2 else 'beyond'} 2× of the floor ({ratio:.2f}×)")
        added = ms[name]["median"] - ms["script"]["median"]
        if ratio > 2:
            beyond.append(
                f"`{name}`'s web server adds {added:.1f} ms to the script's {ms['script']['median']:.1f} ms, "
                f"{added / ms['floor']['median']:.2f}× the floor by itself"
            )
    out = [
        "A CGI request costs the start of an interpreter. The floor is that start alone, run on the server's "
        "core by a small process, as mod_cgid's daemon and fcgiwrap start the script; beside it the CGI script "
        "by itself, and the two CGI stacks, each on one keep-alive connection. Both stacks run at once and the "
        f"four are measured one of each in turn, {results['runs_per_round']} turns a round, {results['rounds']} "
        "rounds, so a change in the machine's load meets all four alike; a round's median of each is its figure, "
        "and every round gives one ratio to its own floor.",
        "",
        *rows,
        "",
        "; ".join(verdicts) + ". The script alone is "
        f"{ratios['script']['median']:.2f}× the floor; the rest of a stack's figure is its web server's: "
        "a fork and an exec, and the socket between the server and its CGI daemon (mod_cgid) or fcgiwrap.",
    ]
    if beyond:
        out += ["", "; ".join(beyond) + ": that part is not the app's to save."]
    out += [
        "",
        "What keeps the script near the floor: it starts with `-I -S` (no site packages, no user paths, no "
        "PYTHON* variables); its gateway from CGI to WSGI is a small module of its own (`wsgiref`'s imports `re` "
        "and `traceback`); the app imports on every request only what every request uses (`json`, `logging`, "
        "`urllib.parse` where they are used; plain classes, not dataclasses, whose import pulls `inspect` and "
        "`ast`); the configuration comes from a snapshot the stack's prepare step writes and checks once (no "
        "`tomllib`); the release is compiled once at start; and the process ends with `os._exit` once the answer "
        "is out, skipping the interpreter's teardown, when no thread or exit hook is waiting. "
        "`python3 -I -S -X importtime interfaces/cgi/hello.cgi` shows what is left.",
        "",
        f"Measured {results['date']}, load average {results['load_average_start']} at the start and "
        f"{results['load_average_end']} at the end. The milliseconds move with the machine's load; the ratios, "
        "each taken within one round, are the figures to compare.",
    ]
    return out


def ceiling(results: dict) -> list:
    rows = ["| generator | req/s against `static` | generator CPU | saturated |", "|---|--:|--:|---|"]
    rows += [
        f"| {r['generator']} | {r['rps']:,.0f} | {r['cpu_percent']:.0f}% | {'yes' if r['saturated'] else 'no'} |"
        for r in results["runs"]
    ]
    return [
        "The ceiling, `static`, is nginx answering by itself; wrk with one thread on one core may run out of core "
        "before nginx does. " + results["verdict"],
        "",
    ] + rows


def _along(stack: dict, knob: str) -> list:
    """The configurations that differ from shipped only in ``knob``, by its value."""
    others = {k: v["shipped"] for k, v in stack["knobs"].items() if k != knob}
    return sorted(
        (c for c in stack["configurations"] if not c["reason"] and all(c["values"][k] == v for k, v in others.items())),
        key=lambda c: c["values"][knob],
    )


def workers_reading(results: dict) -> list:
    """Per stack whose first grid knob counts processes or threads: each workload at the fewest and the most."""
    lines = []
    for stack in results["stacks"]:
        knob = stack["grid"][0] if stack["grid"] else ""
        points = _along(stack, knob) if knob else []
        if len(points) < 2:
            continue
        low, high = points[0], points[-1]
        parts = []
        for workload, title in (("cpu", "Hello, World!"), ("io", "/slow")):
            if low[workload] and high[workload]:
                parts.append(
                    f"{title} {low[workload]['rps']:,.1f} req/s at {knob} = {low['values'][knob]} "
                    f"({low[workload]['rss_mib']:.0f} MiB), {high[workload]['rps']:,.1f} at "
                    f"{high['values'][knob]} ({high[workload]['rss_mib']:.0f} MiB)"
                )
        if parts:
            lines.append(f"- `{stack['name']}`: " + "; ".join(parts) + ".")
    return (
        [
            "What the sweep measured here, each stack's first grid knob at its fewest and its most, the "
            "others as shipped:",
            "",
            *lines,
        ]
        if lines
        else []
    )


def open_loop_notes(results: dict) -> list:
    """Where h2load could not make the rate it was asked for, or read no answer at all: those rows are not
    open-loop figures."""
    failed = [f"`{s['name']}`" for s in results["stacks"] if not any(r["succeeded"] for r in s["rates"])]
    notes = (
        [f"Every answer of {', '.join(failed)} failed at every rate: no open-loop figure for it here.", ""]
        if failed
        else []
    )
    unread = [f"`{s['name']}`" for s in results["stacks"] if any(r.get("status_unread_by_h2load") for r in s["rates"])]
    if unread:
        notes += [
            f"{', '.join(unread)} {'writes its status line' if len(unread) == 1 else 'write their status lines'} "
            "without a reason phrase (`HTTP/1.1 200 `, which RFC 9112 allows), and h2load's HTTP/1.1 parser hands "
            "over the status code only together with the phrase: its "
            "log shows those answers with no status, and h2load's own summary calls them failed. Their codes are "
            "read off the wire instead (h2load `-v` echoes every byte it reads), so an answer counts as failed by "
            "its real status.",
            "",
        ]
    short = [
        f"`{s['name']}` at {r['share']:.0%}"
        for s in results["stacks"]
        for r in s["rates"]
        if r["achieved_rps"] < 0.9 * r["rate"]
    ]
    if not short:
        return [*notes, "h2load made every rate it was asked for (within 10%)."]
    return [
        *notes,
        "h2load made less than 90% of the rate it was asked for at "
        + ", ".join(short)
        + ": there the rate was not kept (the generator, a new "
        "connection per request on one core, or a server that could not accept connections that fast), and those "
        "rows are not open-loop figures.",
    ]
