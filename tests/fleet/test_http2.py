"""The fleet's load balancer speaks HTTP/2 by ALPN and keeps HTTP/1.1, as the client host sees it."""

import pytest

from benchmarks.shared import h2load
from tests.fleet.conftest import curl, on, site_url


@pytest.mark.parametrize("flag, version", [("--http2", "2"), ("--http1.1", "1.1")])
def test_curl_reaches_the_site_over_either_protocol(fleet, flag, version):
    result = curl("client", flag, "-w", "\n%{http_version}", site_url("/"))
    assert result.stdout == f"Hello, World!\n{version}", result.stderr


def test_h2load_from_the_client_host_gets_every_answer_over_h2(fleet):
    result = on("client", *h2load.command(site_url("/"), 100, 2, 10), timeout=60)
    assert result.returncode == 0, result.stderr
    report = h2load.parse(result.stdout)
    assert report["protocol"] == "h2"
    assert (report["succeeded"], report["status"]["2xx"]) == (100, 100), report
