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


# h2load -v echoes what it reads; two answers, as hypercorn (h11) and nginx write their status lines
ECHOED = (
    "progress: 50% done\nHTTP/1.1 200 \r\ncontent-length: 13\r\n\r\nHello, World!"
    "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\nprogress: 100% done\n"
)


def test_status_codes_are_read_off_the_wire_with_or_without_a_reason_phrase():
    assert h2load.wire_statuses(ECHOED) == {200: 1, 503: 1}


def test_an_answer_whose_status_h2load_could_not_read_counts_by_its_status_on_the_wire():
    """Status 0 in h2load's log: a complete answer, its status line without a reason phrase (hypercorn)."""
    log = "1000000\t0\t2000\n1010000\t0\t4000\n1020000\t-1\t0\n"
    found = h2load.parse_log(log, {200: 2})
    assert (found["requests"], found["succeeded"], found["failed"]) == (3, 2, 1)
    assert (found["status_unread_by_h2load"], found["p50_ms"], found["max_ms"]) == (2, 2.0, 4.0)
    assert h2load.parse_log(log, {200: 1, 503: 1})["failed"] == 2, "the wire's 503 is a failure"
    assert h2load.parse_log(log)["failed"] == 3, "without the wire an unread status cannot be told from a failure"
