"""The physical limits beside the sweep: the CGI floor, and the ceiling from a generator that does not saturate.

CGI: every request starts an interpreter. The floor is ``python3 -I -S -c pass``
(the interpreter alone, as the script starts it), started on the server's core by
a small process, as mod_cgid's daemon and fcgiwrap start the script. Beside it:
the CGI script itself serving ``GET /`` with no web server (from the stack's
compiled release copy, with its configuration snapshot), and the ``cgi`` and
``fcgiwrap`` stacks' time per request, one request after another on one
keep-alive connection each from the load core. Both stacks run at once and the
four are measured one of each in turn, so a change in the machine's load meets
all four alike; a round's median of each is its figure, each round gives one
ratio to its own floor, and the rounds' median and range are reported. What the web server adds (a fork and exec, the socket to its CGI daemon
or FastCGI) is a stack's figure less the script's.

The ceiling: wrk with one thread on the load core may use all of that core
before nginx uses all of its own. The same ``static`` start is measured by wrk
with one thread, wrk with two threads on the same core, and h2load; a
generator at or above the saturation share of its core gives a lower bound.
"""

import http.client
import json
import statistics
import subprocess
import time

from benchmarks.matrix import settings as bench_settings
from benchmarks.shared import h2load, machine, pinning, stack_start, wrk
from stacks.runner.options import RunOptions

CGI_STACKS = ("cgi", "fcgiwrap")
SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = "interfaces/cgi/hello.cgi"  # in a stack's release copy
CGI_REQUEST = {  # what a web server hands the script for GET / (RFC 3875's variables)
    "GATEWAY_INTERFACE": "CGI/1.1",
    "REQUEST_METHOD": "GET",
    "SCRIPT_NAME": "",
    "PATH_INFO": "/",
    "QUERY_STRING": "",
    "SERVER_NAME": "127.0.0.1",
    "SERVER_PORT": "80",
    "SERVER_PROTOCOL": "HTTP/1.1",
    "REMOTE_ADDR": "127.0.0.1",
}


# Starts timed from a small process on the server's core, as mod_cgid's daemon and fcgiwrap
# start the script (posix_spawn and wait), not from this harness, whose own fork (a large
# process) and a taskset exec per start would inflate the floor. It starts the command whose
# number it reads on stdin and answers with the milliseconds it took.
STARTER = """
import json, os, sys, time
commands = json.loads(sys.argv[1])
quiet = os.open(os.devnull, os.O_RDWR)
streams = [(os.POSIX_SPAWN_DUP2, quiet, 0), (os.POSIX_SPAWN_DUP2, quiet, 1)]
for line in sys.stdin:
    argv = commands[int(line)]
    began = time.perf_counter()
    status = os.waitpid(os.posix_spawn(argv[0], argv, os.environ, file_actions=streams), 0)[1]
    print(-1 if status else (time.perf_counter() - began) * 1000, flush=True)
"""


class Starter:
    """The starter process: ``time(key)`` starts that command once and returns its milliseconds."""

    def __init__(self, commands: dict, env: dict):
        self.keys = list(commands)
        self.process = subprocess.Popen(
            [*pinning.prefix(pinning.SERVER_CPU), SYSTEM_PYTHON, "-I", "-S", "-c", STARTER]
            + [json.dumps(list(commands.values()))],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def time(self, key: str) -> float:
        self.process.stdin.write(f"{self.keys.index(key)}\n")
        self.process.stdin.flush()
        ms = float(self.process.stdout.readline() or -1)
        if ms < 0:
            raise RuntimeError(f"{key}: the command failed or the starter ended: not a start to time")
        return ms

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


class Client:
    """One keep-alive connection to a stack: ``time()`` makes one request and returns its milliseconds;
    any answer but a 200 is an error (a stack that fails is not a figure)."""

    def __init__(self, base_url: str, path: str):
        host, port = base_url.split("://", 1)[1].rsplit(":", 1)
        self.connection = http.client.HTTPConnection(host, int(port), timeout=30)
        self.url, self.path = base_url + path, path

    def time(self) -> float:
        began = time.perf_counter()
        self.connection.request("GET", self.path)
        answer = self.connection.getresponse()
        answer.read()
        ms = (time.perf_counter() - began) * 1000
        if answer.status != 200:
            raise RuntimeError(f"{self.url} answered {answer.status}: not a request to time")
        return ms


def _summary(values: list) -> dict:
    return {
        "median": round(statistics.median(values), 2),
        "min": round(min(values), 2),
        "max": round(max(values), 2),
    }


def cgi_floor(quick: bool) -> dict:
    bench = bench_settings.load(quick)
    rounds = 2 if quick else 25
    count = 5 if quick else 15
    pinning.pin_harness()
    load_start = machine.load_average()
    started = {}
    try:
        for name in CGI_STACKS:
            started[name] = stack_start.start(name, RunOptions(python_env=bench.python_env))
        env = {"PATH": "/usr/bin:/bin", "PYTHON_ENV": bench.python_env}
        script = str(started["cgi"].run / "release" / SCRIPT)
        commands = {
            "floor": [SYSTEM_PYTHON, "-I", "-S", "-c", "pass"],
            "script": [SYSTEM_PYTHON, "-I", "-S", script],
        }
        timings = {key: [] for key in (*commands, *CGI_STACKS)}
        starter = Starter(commands, {**env, **CGI_REQUEST})
        clients = {name: Client(started[name].base_url, bench.path) for name in CGI_STACKS}
        try:
            for number in range(rounds):
                batch = {key: [] for key in timings}
                for _ in range(count):  # one of each in turn, so a change of load meets all four
                    for key in commands:
                        batch[key].append(starter.time(key))
                    for name, client in clients.items():
                        batch[name].append(client.time())
                for key, values in batch.items():
                    timings[key].append(statistics.median(values))
                shown = ", ".join(f"{key} {values[-1]:.1f}" for key, values in timings.items())
                print(f"    round {number + 1}/{rounds}: {shown} ms", flush=True)
        finally:
            starter.close()
            for client in clients.values():
                client.connection.close()
    finally:
        for one in started.values():
            stack_start.stop(one)
    ratios = {
        key: _summary([ms / floor for ms, floor in zip(timings[key], timings["floor"], strict=True)])
        for key in ("script", *CGI_STACKS)
    }
    print(
        "    against the floor: "
        + ", ".join(f"{key} {r['median']}x ({r['min']}-{r['max']})" for key, r in ratios.items())
    )
    return {
        "schema": 2,
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "quick": quick,
        "load_average_start": load_start,
        "load_average_end": machine.load_average(),
        "python": f"{SYSTEM_PYTHON} -I -S",
        "rounds": rounds,
        "runs_per_round": count,
        "ms": {key: _summary(values) for key, values in timings.items()},
        "ratio_to_floor": ratios,
        "pinned": pinning.available(),
    }


def ceiling(quick: bool) -> dict:
    bench = bench_settings.load(quick)
    seconds = 2 if quick else 5
    connections = max(bench.plan("static").connections)
    load_start = machine.load_average()
    started = stack_start.start("static", RunOptions(python_env=bench.python_env))
    runs = []
    try:
        url = started.base_url + bench.path
        for threads in (1, 2):
            found = wrk.run(url, connections, seconds, threads, bench.wrk_timeout_seconds)
            runs.append(
                {
                    "generator": f"wrk, {threads} thread{'s' if threads > 1 else ''}, {connections} connections",
                    "rps": round(found["rps"], 1),
                    "cpu_percent": round(found["wrk_cpu_percent"], 1),
                }
            )
        if h2load.available():
            found = h2load.closed_loop(url, connections, seconds)
            runs.append(
                {
                    "generator": f"h2load, 1 thread, {connections} connections (keep-alive)",
                    "rps": found["rps"],
                    "cpu_percent": found["cpu_percent"],
                }
            )
    finally:
        stack_start.stop(started)
    for run in runs:
        run["saturated"] = run["cpu_percent"] >= bench.saturated_percent
    top = max(runs, key=lambda r: r["rps"])
    if top["saturated"]:
        verdict = (
            f"Here every generator that reached the top figure used its whole core, so the ceiling "
            f"({top['rps']:,.0f} req/s, {top['generator']}) is a lower bound: nginx could answer more."
        )
    else:
        verdict = (
            f"The top figure ({top['rps']:,.0f} req/s, {top['generator']}) came from a generator below "
            f"{bench.saturated_percent:g}% of its core: that is nginx's ceiling, not the generator's."
        )
    print(f"    ceiling: {verdict}")
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "quick": quick,
        "load_average_start": load_start,
        "load_average_end": machine.load_average(),
        "runs": runs,
        "verdict": verdict,
        "saturated_percent": bench.saturated_percent,
    }
