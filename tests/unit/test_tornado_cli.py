"""``python -m hello.tornado_app``: listens where told, prints its URL, stops on SIGTERM."""

import http.client
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

APPS = Path(__file__).resolve().parents[2] / "apps"


def start(tmp_path, *args):
    from hello.config import PARSERS

    env = {k: v for k, v in os.environ.items() if k.lower() not in PARSERS}
    env.update(PYTHON_ENV="test", PYTHONPATH=str(APPS))
    return subprocess.Popen(
        [sys.executable, "-m", "hello.tornado_app", *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def first_line(proc):
    line = proc.stdout.readline()  # the server prints it once listening, or exits
    assert line, proc.communicate(timeout=10)[1]
    return line.strip()


def test_tcp_port(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = start(tmp_path, "--host", "127.0.0.1", "--port", str(port))
    try:
        assert first_line(proc) == f"Listening on http://127.0.0.1:{port}/"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/")
        reply = conn.getresponse()
        assert (reply.status, reply.read()) == (200, b"Hello, World!")
        conn.close()
    finally:
        assert stop(proc) == 0


def test_unix_socket(tmp_path):
    path = tmp_path / "hello.sock"
    proc = start(tmp_path, "--unix-socket", str(path))
    try:
        assert first_line(proc) == f"Listening on unix:{path}"
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(5)
            sock.connect(str(path))
            sock.sendall(b"GET /json HTTP/1.0\r\nHost: x\r\n\r\n")
            reply = http.client.HTTPResponse(sock)
            reply.begin()
            assert reply.read() == b'{"message": "Hello, World!"}'
    finally:
        assert stop(proc) == 0
