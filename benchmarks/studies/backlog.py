"""Why `standalone` has a p99 of over a second at 64 connections: wsgiref's listen backlog.

wsgiref's server is a ``socketserver.TCPServer``, whose ``request_queue_size``
(the ``listen()`` backlog) is 5, and it speaks HTTP/1.0: every request is a new
connection. With 64 clients reconnecting at once the kernel's accept queue
overflows, the SYN is dropped, and the client sends it again only after its
retransmission timeout (one second for a first SYN). This runs the same
server (apps/hello/run.py's class) twice under the same wrk load — once with
wsgiref's backlog, once with a large one — and records the latency and the
kernel's ListenOverflows, TCPSynRetrans and RetransSegs counters around each run, in
``benchmarks/results/backlog.json``. The counters are machine-wide: other
traffic adds to them, which is why both runs are reported side by side.

    python -m benchmarks.studies.backlog [--connections 64] [--seconds 5]
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.shared import wrk
from benchmarks.shared.machine import describe
from stacks.runner import ports
from stacks.runner.paths import ROOT

RESULTS = ROOT / "benchmarks" / "results" / "backlog.json"
LARGE_BACKLOG = 1024
SERVER = """
import socketserver, sys
sys.path[:0] = [{apps!r}, {apps!r} + "/hello"]
import run
from hello.wsgi import application
from wsgiref.simple_server import WSGIRequestHandler
backlog = int(sys.argv[2])
cls = type("Server", (run.ThreadingWSGIServer,), {{"request_queue_size": backlog or run.ThreadingWSGIServer.request_queue_size}})
server = cls(("127.0.0.1", int(sys.argv[1])), WSGIRequestHandler)
server.set_app(application)
print(server.request_queue_size, flush=True)
server.serve_forever()
"""


def kernel_counters() -> dict:
    """TcpExt ListenOverflows and TCPSynRetrans, Tcp RetransSegs, from /proc (no tool needed)."""
    found = {}
    for path in ("/proc/net/netstat", "/proc/net/snmp"):
        lines = Path(path).read_text().splitlines()
        for names, values in zip(lines[::2], lines[1::2], strict=True):
            prefix = names.split(":")[0]
            for name, value in zip(names.split()[1:], values.split()[1:], strict=True):
                found[f"{prefix}.{name}"] = int(value)
    return {
        "listen_overflows": found["TcpExt.ListenOverflows"],
        "syn_retransmits": found["TcpExt.TCPSynRetrans"],
        "retransmitted_segments": found["Tcp.RetransSegs"],
    }


def measure(backlog: int, connections: int, seconds: float) -> dict:
    """One wrk run against run.py's server listening with ``backlog`` (0: wsgiref's own)."""
    port = ports.pick_free()
    code = SERVER.format(apps=str(ROOT / "apps"))
    env = {**os.environ, "PYTHON_ENV": "production"}
    server = subprocess.Popen(
        [sys.executable, "-c", code, str(port), str(backlog)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        actual = int(server.stdout.readline())
        time.sleep(0.2)
        before = kernel_counters()
        result = wrk.run(f"http://127.0.0.1:{port}/", connections, seconds)
        after = kernel_counters()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {
        "backlog": actual,
        "connections": connections,
        **{k: round(v, 3) for k, v in result.items()},
        **{k: after[k] - before[k] for k in before},
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args(argv)
    runs = [measure(backlog, args.connections, args.seconds) for backlog in (0, LARGE_BACKLOG)]
    results = {"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": describe(), "runs": runs}
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    for run in runs:
        print(
            f"backlog {run['backlog']:>5}: p50 {run['p50_ms']:.2f} ms, p99 {run['p99_ms']:.0f} ms, "
            f"{run['rps']:.0f} req/s, listen overflows {run['listen_overflows']}, SYNs sent again {run['syn_retransmits']}, "
            f"retransmitted segments {run['retransmitted_segments']}"
        )
    print(f"wrote {RESULTS.relative_to(ROOT)}; 'make tables' puts it on the pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
