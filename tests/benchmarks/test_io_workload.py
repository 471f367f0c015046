"""The I/O-bound workload's decisions, on data: who runs it, its ideal, its reading.

No server needed; ``make bench QUICK=1`` (test_bench_quick) runs it for real.
"""

from pathlib import Path

from benchmarks.matrix import settings, summarize, table
from course import benchmarks_page as docs


def _run(rps, errors=0):
    return {
        "connections": 256,
        "rps": rps,
        "seconds": 5,
        "p50_ms": 100,
        "p90_ms": 101,
        "p99_ms": 105,
        "requests": rps * 5,
        "errors": errors,
        "non_2xx": 0,
        "cpu_percent": 30,
        "rss_mib": 20,
        "wrk_cpu_percent": 5,
    }


def test_the_ideal_is_every_connection_waiting_in_parallel():
    io = settings.load(quick=False).io
    assert (io.path, io.connections, io.wait_seconds) == ("/slow?seconds=0.1", 256, 0.1)
    assert io.ideal_rps == 2560
    assert io.body == "slept 0.1 seconds"


def test_per_request_stacks_and_static_are_left_out_with_a_reason():
    io = settings.load(quick=True).io
    assert "time out" in io.reason_left_out("cgi") and io.reason_left_out("fcgiwrap")
    assert io.reason_left_out("static")
    assert [n for n in ("wsgi", "uvicorn", "integrated", "granian-wsgi") if io.reason_left_out(n)] == []


def test_production_is_left_out_while_its_nginx_limits_connections_per_client_on_slow():
    """The reason given must stay true: the limit it names is in production's nginx config."""
    io = settings.load(quick=False).io
    assert "2 connections" in io.reason_left_out("production")
    conf = (Path(__file__).resolve().parents[2] / "stacks" / "production" / "nginx.conf").read_text()
    assert "limit_conn expensive_per_client 2;" in conf
    assert io.connections > 2


def test_the_benchmark_configuration_lets_slow_wait_that_long(monkeypatch):
    """/slow is capped by configuration: the cap under the benchmark's PYTHON_ENV must allow the wait."""
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "apps"))
    from hello.config import load

    bench = settings.load(quick=False)
    assert load({"PYTHON_ENV": bench.python_env}).slow_cap_seconds >= bench.io.wait_seconds


def test_rounds_give_the_share_of_the_ideal():
    level = summarize.io_level([_run(2000), _run(2400), _run(2200, errors=3)], 90, 2560)
    assert (level["rps"], level["rps_min"], level["rps_max"], level["errors"]) == (2200, 2000, 2400, 3)
    assert level["ratio_to_ideal"] == round(2200 / 2560, 4) and "ratio_to_ceiling" not in level


def test_only_2xx_answers_count_towards_the_ideal():
    """A front server answering 502 at once must not look faster than the ideal."""
    refused = dict(_run(50000), requests=250000, non_2xx=249500)
    level = summarize.io_level([refused], 90, 2560)
    assert level["rps_all"] == 50000 and level["rps"] == 100
    assert level["ratio_to_ideal"] == round(100 / 2560, 4)


def _results():
    def stack(name, model, interface, io_rps=None, reason=""):
        io = summarize.io_level([_run(io_rps)], 90, 2560) if io_rps else None
        return {
            "name": name,
            "verified": True,
            "process_model": model,
            "interface": interface,
            "app_process": name,
            "io": io,
            "io_reason": reason,
            "levels": [],
        }

    stacks = [
        stack("wsgi", "prefork", "HTTP → WSGI", 30),
        stack("uvicorn", "event-loop", "HTTP → ASGI", 2400),
        stack("hypercorn", "event-loop", "HTTP → ASGI", 1500),
        stack("cgi", "per-request", "CGI", None, "a process per request"),
    ]
    return {
        "io": {
            "path": "/slow?seconds=0.1",
            "connections": 256,
            "wait_seconds": 0.1,
            "ideal_rps": 2560.0,
            "seconds": 5,
            "rounds": 1,
            "left_out": {"cgi": "a process per request"},
            "ranking": summarize.io_ranking(stacks),
        },
        "stacks": stacks,
    }


def test_the_table_lists_the_closest_first_then_what_was_left_out():
    results = _results()
    assert results["io"]["ranking"] == ["uvicorn", "hypercorn", "wsgi"]
    rows = table.render_io(results).splitlines()[2:]
    assert [r.split("|")[1].strip() for r in rows] == ["`uvicorn`", "`hypercorn`", "`wsgi`", "`cgi`"]
    assert "0.938" in rows[0] and "left out**: a process per request" in rows[3]


def test_the_reading_is_computed_from_the_numbers():
    reading = docs._io_reading(_results())
    assert "`wsgi` 3; `hypercorn` 150; `uvicorn` 240" in reading  # requests waiting at once = rps x wait
    assert "0.59–0.94 of the ideal" in reading
    assert "below 0.8 of the ideal: `hypercorn` (0.59)" in reading
