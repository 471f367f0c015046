"""The harness's pure parts: parsing wrk's JSON, checking a response, summarizing rounds.

No server needed: these are the decisions the benchmark makes on data, checked
on data a real run produces.
"""

import pytest

from benchmarks.load import run as load
from benchmarks.matrix import compare, settings, summarize, verify
from benchmarks.shared import wrk
from stacks.runner.errors import StackError

TEXT = "text/plain; charset=utf-8"
GOOD_HEADERS = [("Server", "x"), ("Date", "now"), ("Content-Length", "13"), ("Content-Type", TEXT)]


def test_wrk_json_line_is_found_among_wrks_text():
    out = 'Running 1s test\n  1 threads\nWRK_JSON {"requests": 5, "status": 0}\nRequests/sec: 5\n'
    assert wrk.parse(out) == {"requests": 5, "status": 0}


def test_wrk_without_a_result_is_an_error_quoting_it():
    with pytest.raises(RuntimeError, match="unable to connect"):
        wrk.parse("unable to connect to 127.0.0.1:1 Connection refused\n")


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"status": 500}, "status 500"),
        ({"body": b"Hello"}, "body"),
        ({"headers": GOOD_HEADERS[1:]}, "no Server"),
        ({"headers": [h for h in GOOD_HEADERS if h[0] != "Content-Length"]}, "no Content-Length"),
        ({"headers": [*GOOD_HEADERS[:3], ("Content-Type", "text/html")]}, "Content-Type"),
        ({"headers": [("Server", "x"), ("Date", "d"), ("Content-Length", "12"), ("Content-Type", TEXT)]}, "13 bytes"),
    ],
)
def test_a_wrong_response_is_named(change, reason):
    response = {"status": 200, "headers": GOOD_HEADERS, "body": b"Hello, World!", **change}
    found = verify.check_response("/", response["status"], response["headers"], response["body"], TEXT, "Hello, World!")
    assert reason in found


def test_a_right_response_passes_whatever_the_header_case():
    headers = [("server", "x"), ("date", "d"), ("content-length", "13"), ("content-type", "text/plain;charset=UTF-8")]
    assert verify.check_response("/", 200, headers, b"Hello, World!", TEXT, "Hello, World!") == ""


def _run(c, rps, wrk_cpu=10.0):
    return {
        "connections": c,
        "rps": rps,
        "seconds": 2,
        "p50_ms": 1,
        "p90_ms": 2,
        "p99_ms": 3,
        "requests": rps * 2,
        "errors": 0,
        "non_2xx": 0,
        "cpu_percent": 90,
        "rss_mib": 10,
        "wrk_cpu_percent": wrk_cpu,
    }


def test_rounds_give_median_min_max_and_the_saturation_flag():
    rounds = [[_run(4, 100), _run(64, 200)], [_run(4, 300), _run(64, 220, wrk_cpu=95)], [_run(4, 200), _run(64, 210)]]
    low, high = summarize.levels(rounds, saturated_percent=90)
    assert (low["rps"], low["rps_min"], low["rps_max"], low["rounds"]) == (200, 100, 300, 3)
    assert not low["load_generator_saturated"] and high["load_generator_saturated"]


def test_ratios_are_against_the_ceilings_best_level():
    stacks = [
        {
            "name": "static",
            "verified": True,
            "levels": [{"rps": 500.0, "connections": 4}, {"rps": 1000.0, "connections": 64}],
        },
        {"name": "cgi", "verified": True, "levels": [{"rps": 10.0, "connections": 4}]},
        {"name": "broken", "verified": False, "levels": []},
    ]
    assert summarize.apply_ceiling(stacks, "static") == {"stack": "static", "rps": 1000.0, "connections": 64}
    assert [lv["ratio_to_ceiling"] for lv in stacks[0]["levels"]] == [0.5, 1.0]
    assert stacks[1]["levels"][0]["ratio_to_ceiling"] == 0.01
    assert summarize.ranking(stacks) == ["static", "cgi"]


def test_only_clearly_different_stacks_must_keep_their_order():
    old = {"a": 100.0, "b": 110.0, "c": 50.0}
    assert compare.swaps(old, {"a": 110.0, "b": 100.0, "c": 50.0}, 0.2) == []  # within 20%: may swap
    assert compare.swaps(old, {"a": 100.0, "b": 110.0, "c": 150.0}, 0.2) == [("a", "c"), ("b", "c")]


def test_process_per_request_stacks_get_their_own_plan():
    quick = settings.load(quick=True)
    assert quick.plan("cgi").stack_class == "process_per_request"
    assert max(quick.plan("cgi").connections) < max(quick.plan("wsgi").connections)
    assert quick.plan("wsgi").stack_class == "default"
    full = settings.load(quick=False)
    assert full.plan("wsgi").rounds >= 3 and len(full.plan("wsgi").connections) >= 2


def test_durations_in_locusts_syntax():
    assert load.seconds("20s") == 20 and load.seconds("2m") == 120 and load.seconds("1m30s") == 90
    with pytest.raises(StackError, match="DURATION"):
        load.seconds("soon")
