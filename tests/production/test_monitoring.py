"""Monitoring as a user sees it: /metrics adds up every worker, `make top` shows the stack, TLS passes sslyze."""

import json
import re
import subprocess
import sys
import threading

from tests.integration import lab
from tests.production.helpers import counted, scrape


def json_requests_counted(production) -> float:
    return counted(production, route="/json", method="GET", status="200")


def test_metrics_count_every_request_whichever_worker_answered(production):
    before = json_requests_counted(production)
    pids = set()

    def hit():
        for _ in range(15):
            assert production.request("/json")[0] == 200
            pids.add(json.loads(production.request("/env")[2])["process"]["pid"])

    threads = [threading.Thread(target=hit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(pids) >= 2, "the requests were spread over several workers"
    assert json_requests_counted(production) - before == 60


def test_metrics_histogram_is_prometheus_text(production):
    status, content_type, text = scrape(production)
    assert status == 200 and content_type.startswith("text/plain; version=0.0.4")
    assert "# TYPE hello_request_duration_seconds histogram" in text
    assert re.search(r'^hello_request_duration_seconds_bucket\{le="\+Inf",route="/"\} [\d.]+$', text, re.M)


def test_top_shows_rates_workers_memory_and_redis(production):
    result = subprocess.run(
        [sys.executable, "-m", "stacks.production.top", "--iterations", "1", "--interval", "0.5"],
        cwd=lab.ROOT,
        env=production.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(r"requests\s+[\d.]+/s\s+errors \(5xx\)\s+[\d.]+/s", out), out
    assert "p99 latency" in out and re.search(r"workers\s+\d+ gunicorn", out) and "MB RSS" in out
    assert re.search(r"redis\s+ok", out), out


def test_tls_meets_mozilla_intermediate_by_sslyze(production):
    target = f"localhost:{production.state.ports['https_port']}"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sslyze",
            "--mozilla_config=intermediate",
            "--certinfo_ca_file",
            production.cafile,
            target,
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0 and f"{target}: OK - Compliant" in result.stdout, result.stdout[-3000:]
