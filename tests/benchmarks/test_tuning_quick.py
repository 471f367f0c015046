"""``make tune STACK=wsgi QUICK=1 WORKLOAD=cpu`` end to end, and the limits beside it, checked through their JSON.

The real harness on real stacks: the quick grid of wsgi is two configurations
(shipped, and one worker instead of (2 x cores) + 1), so the test sees that a
knob's value reached gunicorn (its process count) and that the sweep reports
each configuration measured, the best one and the shipped one's share of it.
Then the page generator draws and writes from that file, the open-loop run
measures one stack with h2load, and locust's distributed mode runs a master and
two workers for a few seconds. Orderings and counts only, never speed targets.
"""

import json

import pytest

from benchmarks.load import distributed
from benchmarks.shared import h2load
from benchmarks.tuning import openloop, settings
from course import tuning_page
from tests.benchmarks.quick_run import make, require

pytestmark = [pytest.mark.stacks, pytest.mark.slow]


@pytest.fixture(scope="module")
def tuned(tmp_path_factory):
    require(["wsgi"], {"wrk": "wrk"})
    out = tmp_path_factory.mktemp("tuning")
    done = make(["tune", "STACK=wsgi", "QUICK=1", "WORKLOAD=cpu"], out, timeout=300)
    path = out / "tuning-wsgi-quick.json"
    assert path.is_file(), done.stdout[-3000:] + done.stderr[-2000:]
    return json.loads(path.read_text()), done, out


def test_the_quick_grid_is_measured_and_each_knob_reaches_the_server(tuned):
    results, done, _ = tuned
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert results["quick"] and not results["complete"]
    (stack,) = results["stacks"]
    by_label = {c["label"]: c for c in stack["configurations"]}
    assert set(by_label) == {"shipped", "workers=1"}
    assert all(c["cpu"] and c["cpu"]["rps"] > 0 and not c["reason"] for c in by_label.values())
    assert all(c["io"] is None for c in by_label.values()), "WORKLOAD=cpu runs the CPU workload only"
    # gunicorn's master plus its workers: (2 x 1 pinned core) + 1 = 3 shipped, 1 chosen
    assert by_label["shipped"]["processes"] == {"gunicorn": 4}
    assert by_label["workers=1"]["processes"] == {"gunicorn": 2}
    best = max(by_label.values(), key=lambda c: c["cpu"]["rps"])
    assert stack["best"]["cpu"]["label"] == best["label"]
    assert 0 < stack["shipped_share"]["cpu"] <= 1


def test_the_charts_are_drawn_with_the_results_and_the_page_written_from_them(tuned):
    results, _, out = tuned
    chart = out / "tuning-wsgi-quick-charts" / "wsgi.png"
    assert chart.stat().st_size > 10_000
    page = tuning_page.render(results, out / "tuning-wsgi-quick.json")
    assert "### `wsgi`" in page and "Not a full sweep" in page and chart.as_posix() in page
    assert f"{results['machine']['load_average_start']}" in page, "the machine's load is on the page"
    for config in results["stacks"][0]["configurations"]:
        assert f"{config['cpu']['rps']:,.1f}" in page


def test_open_loop_on_one_stack(tmp_path):
    """On hypercorn, whose status lines have no reason phrase (``HTTP/1.1 200 ``): h2load's log cannot show
    their code, and every answer used to count as failed; read off the wire, they are the 200s they are."""
    require(["hypercorn"], {"wrk": "wrk", "h2load": "nghttp2-client"})
    found = openloop.measure(["hypercorn"], settings.load(), quick=True)  # its stack starts privately (start_private)
    assert not found["failed"], found["failed"]
    (stack,) = found["stacks"]
    assert stack["capacity_rps"] > 0 and stack["closed_loop"]["p99_ms"] > 0
    assert [r["share"] for r in stack["rates"]] == list(settings.load().open_loop.shares)
    for rate in stack["rates"]:
        assert rate["requests"] > 0 and rate["achieved_rps"] > 0
        assert rate["failed"] == 0 and rate["succeeded"] == rate["requests"], rate
        assert 0 < rate["p50_ms"] <= rate["p99_ms"] <= rate["p999_ms"]


def test_locust_distributed_with_two_workers():
    require(["static"], {})
    found = distributed.compare([2], 8, "3s")  # its stack starts privately (start_private)
    (only,) = found["runs"]
    assert only["distributed"] and only["workers"] == 2
    assert only["exit_status"] == 0 and only["requests"] > 0 and only["failures"] == 0


def test_h2load_log_is_read_into_percentiles():
    log = "\n".join(f"{1_000_000 + i * 10_000}\t200\t{(i + 1) * 1000}" for i in range(1000)) + "\n5\t-1\t0\n"
    found = h2load.parse_log(log)
    assert found["requests"] == 1001 and found["failed"] == 1 and found["succeeded"] == 1000
    assert (found["p50_ms"], found["p99_ms"], found["p999_ms"]) == (500.0, 990.0, 999.0)
