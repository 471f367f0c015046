"""A steady load from the client host (fleet/load.py) around a block of the test."""

import contextlib
import json
import signal
import subprocess

from fleet import inventory, on_host, paths


@contextlib.contextmanager
def steady_load(rate: float = 20, post_every: int = 0, record: bool = False):
    """Run the load while the block runs; the dict it yields gets the load's summary afterwards
    (``record``: with every request in it, fleet/load.py's ``--record``)."""
    argv = on_host.command(
        "client",
        "/usr/bin/python3",
        str(paths.FLEET / "load.py"),
        "--host",
        inventory.setting("site_name"),
        "--cafile",
        str(paths.fleet_dir() / "tls" / "ca.crt"),
        "--rate",
        str(rate),
        "--post-every",
        str(post_every),
        *(["--record"] if record else []),
    )
    process = subprocess.Popen(argv, cwd=paths.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    summary: dict = {}
    try:
        yield summary
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
        assert out.strip(), f"the load generator printed nothing: {err[-1000:]}"
        summary.update(json.loads(out.strip().splitlines()[-1]))
