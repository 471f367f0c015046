"""locust as users run it: the web UI against the running stack, and `make load` headless."""

import csv
import os
import signal
import subprocess

import pytest

from stacks.runner import probe
from tests.integration import lab

pytestmark = pytest.mark.stacks

LOCUST = os.path.join(os.path.dirname(lab.PYTHON), "locust")


def test_locust_web_ui_targets_the_running_stack():
    """`locust -f benchmarks/locustfile.py` opens its UI with the running stack as the host."""
    running = lab.start("wsgi")
    ui_port = lab.free_port()
    ui = subprocess.Popen(
        [LOCUST, "-f", "benchmarks/locustfile.py", "--web-host", "127.0.0.1", "--web-port", str(ui_port)],
        cwd=lab.ROOT,
        env=running.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:

        def page():
            try:
                status, _, body = probe.request(f"http://127.0.0.1:{ui_port}/", timeout=2)
            except OSError:
                return b""
            return body if status == 200 else b""

        body = lab.wait_for(page, 30, 0.3)
        assert b"locust" in body.lower()
        assert f"127.0.0.1:{running.port}".encode() in body
    finally:
        os.killpg(ui.pid, signal.SIGTERM)
        ui.wait(timeout=20)
        left = running.stop()
    assert not left


def test_make_load_writes_an_html_report_with_no_failures(tmp_path):
    run = lab.new_run_dir()
    env = {**os.environ, "LAB_RUN_DIR": str(run), "PORT": str(lab.free_port()), "BENCH_RESULTS": str(tmp_path)}
    result = subprocess.run(
        ["make", "--no-print-directory", "load", "STACK=wsgi", "USERS=10", "SPAWN_RATE=10", "DURATION=5s"],
        cwd=lab.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    html = (tmp_path / "load-wsgi.html").read_text()
    assert "locust" in html.lower()
    with open(tmp_path / "load-wsgi_stats.csv", newline="") as handle:
        total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
    assert int(total["Request Count"]) > 0 and int(total["Failure Count"]) == 0
    assert "stopped wsgi" in result.stdout  # it started the stack, so it stopped it
    assert not (run / "state.json").exists()
