"""moto's server mode on loopback: the AWS API (EC2, ELB, Route 53) emulated in one local process.

Started on a free loopback port for one check and stopped after it, its process group
and all. boto3 reaches it through ``endpoint_url`` with dummy credentials: nothing
leaves the machine, and nothing it creates exists anywhere but in its memory.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from stacks.runner.ports import pick_free

START_SECONDS = 60
REGION = "us-east-1"


@contextmanager
def running():
    """The emulator's URL while it runs; stopped (its whole process group) afterwards."""
    port = pick_free()
    server = Path(sys.executable).parent / "moto_server"
    if not server.exists():
        raise RuntimeError(f"{server} is missing: moto[server] comes with 'make setup' (requirements/dev.txt)")
    process = subprocess.Popen(
        [str(server), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                urllib.request.urlopen(url + "/moto-api/", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto_server did not start: {process.stderr.read().decode()[-300:]}") from None
                time.sleep(0.2)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGINT)  # werkzeug's server stops on ^C at once; on TERM it lingers
        try:
            process.wait(timeout=2)  # it holds nothing worth a graceful stop: its state dies with it
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def client(url: str, service: str):
    import boto3

    return boto3.client(
        service, endpoint_url=url, region_name=REGION, aws_access_key_id="lab", aws_secret_access_key="lab"
    )
