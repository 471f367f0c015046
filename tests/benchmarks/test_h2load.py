"""Reading h2load's report (a real one, saved from a run against nginx): the numbers the HTTP/2 page is made of."""

from pathlib import Path

import pytest

from benchmarks.shared import h2load

REPORT = (Path(__file__).parent / "data" / "h2load-report.txt").read_text()


def test_a_report_becomes_numbers():
    report = h2load.parse(REPORT)
    assert report["protocol"] == "h2"
    assert (report["requests"], report["succeeded"], report["failed"]) == (500, 500, 0)
    assert report["status"] == {"2xx": 500, "3xx": 0, "4xx": 0, "5xx": 0}
    assert report["seconds"] == pytest.approx(0.0843)
    assert report["requests_per_second"] == 5933.73
    assert (report["bytes_headers"], report["header_space_savings_percent"]) == (24500, 50.51)
    assert report["request_ms"] == {"min": 0.089, "max": 10.57, "mean": 2.06, "sd": 2.79}


def test_a_report_it_cannot_read_is_an_error_not_a_guess():
    with pytest.raises(h2load.H2loadError, match="requests"):
        h2load.parse(REPORT.replace("requests: ", "reqs: "))


def test_http_1_1_cannot_be_asked_for_several_streams():
    with pytest.raises(h2load.H2loadError, match="one request at a time"):
        h2load.command("https://x/", 10, 1, 4, h1=True)
    assert h2load.command("https://x/", 10, 2, 1, h1=True)[-2:] == ["--h1", "https://x/"]
