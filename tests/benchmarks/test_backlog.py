"""The backlog measurement behind the wsgiref page: the server it times listens as it says.

``python -m benchmarks.studies.backlog`` compares run.py's server with wsgiref's own listen
backlog and with a large one. A short run here checks the parts a wrong page
would come from: the backlog really is wsgiref's (read back from the server, not
assumed), the large one is applied, wrk's requests were answered, and the
kernel's counters were read.
"""

import socketserver

from benchmarks.studies import backlog


def test_kernel_counters_are_read():
    counters = backlog.kernel_counters()
    assert set(counters) == {"listen_overflows", "syn_retransmits", "retransmitted_segments"}
    assert all(isinstance(v, int) and v >= 0 for v in counters.values())


def test_both_backlogs_serve_and_report():
    small = backlog.measure(0, connections=8, seconds=1)
    large = backlog.measure(backlog.LARGE_BACKLOG, connections=8, seconds=1)
    assert small["backlog"] == socketserver.TCPServer.request_queue_size and large["backlog"] == backlog.LARGE_BACKLOG
    for run in (small, large):
        assert run["requests"] > 0 and run["non_2xx"] == 0
        assert run["listen_overflows"] >= 0
