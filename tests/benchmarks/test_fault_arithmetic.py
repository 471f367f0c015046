"""The arithmetic behind the availability and slow-client pages, on made-up timelines.

Gaps, recoveries and nines are what the generated pages stand on; here each is
checked against a case worked out by hand. Which faults apply to which stack is
read from the real manifests, and the slow-client explanation from the real
texts, so a manifest change that breaks either shows here.
"""

import math

import pytest

from benchmarks.availability import nines
from benchmarks.availability import run as availability
from benchmarks.availability import settings as availability_settings
from benchmarks.availability.faults import applies
from benchmarks.shared import timeline
from benchmarks.shared.traffic import Outcome
from benchmarks.slow_clients import settings as slow_clients_settings
from course import availability_page as availability_docs
from course import slow_clients_page as slow_clients_docs
from stacks.runner import manifest


def pattern(marks: str, step: float = 0.1) -> list:
    """Outcomes from '++--+++': one request every ``step`` s, each answered step/2 later."""
    return [Outcome(i * step, i * step + step / 2, c == "+", "" if c == "+" else "502") for i, c in enumerate(marks)]


def test_a_window_without_failures_recovers_at_once_and_its_gap_is_the_spacing():
    got = timeline.summary(pattern("+" * 20), 0.0, 2.0, streak=5)
    assert (got["sent"], got["failed"], got["recovery_s"]) == (20, 0, 0.0)
    assert got["longest_gap_s"] == pytest.approx(0.1)


def test_recovery_is_the_first_of_streak_successes_after_the_first_failure():
    # failures at 0.3..0.5 s, a lone success at 0.6, a failure at 0.7, then five successes from 0.8
    got = timeline.summary(pattern("+++---+-+++++"), 0.0, 1.3, streak=5)
    assert got["failed"] == 4
    assert got["recovery_s"] == pytest.approx(0.85)  # answered 0.85 s after the window's start
    assert got["longest_gap_s"] == pytest.approx(0.4)  # last success 0.25 s, next one 0.65 s
    assert got["failures"] == ["502"]


def test_a_window_that_never_recovers_says_so():
    got = timeline.summary(pattern("++----++"), 0.0, 0.8, streak=3)
    assert got["recovery_s"] is None


def test_only_requests_sent_inside_the_window_count():
    outcomes = pattern("----++++")
    assert timeline.summary(outcomes, 0.4, 0.8, streak=2)["failed"] == 0
    assert timeline.summary(outcomes, 0.0, 0.4, streak=2)["sent"] == 4


def test_nines_of_a_run_and_the_lower_bound_without_failures():
    assert nines.nines(1000, 1)["nines"] == 3.0
    assert nines.nines(10000, 1)["availability"] == pytest.approx(0.9999)
    clean = nines.nines(5000, 0)
    assert clean["nines_lower_bound"] and clean["nines"] == pytest.approx(math.log10(5000), abs=0.01)


def test_the_table_of_nines_is_computed_from_the_year_and_the_day():
    three = next(row for row in nines.table() if row["nines"] == 3)
    assert three["per_year_s"] / 3600 == pytest.approx(8.766)  # 8.77 hours a year at 99.9%
    assert three["per_day_s"] == pytest.approx(86.4)
    assert [row["nines"] for row in nines.table()] == [1, 2, 3, 4, 5, 6]
    assert nines.duration(86.4) == "1.44 min" and nines.duration(0.0864) == "86.4 ms"


def test_mtbf_and_mttr_are_means_over_failures_not_over_every_fault():
    # 12 faults a year cost 2 s each; 4 more cost nothing: 12 failures, not 16
    year = nines.per_year([{"per_year": 12, "downtime_s": 2.0}, {"per_year": 4, "downtime_s": 0.0}])
    assert (year["events"], year["failures"], year["downtime_s"]) == (16, 12, 24.0)
    assert year["mttr_s"] == 2.0  # what one failure costs, not diluted by the harmless faults
    assert year["mtbf_s"] == pytest.approx((nines.YEAR_S - 24) / 12)
    assert year["availability"] == pytest.approx(1 - 24 / nines.YEAR_S, rel=1e-9)


def test_without_a_failure_there_is_no_mtbf_or_mttr():
    year = nines.per_year([{"per_year": 52, "downtime_s": 0.0}])
    assert (year["failures"], year["mtbf_s"], year["mttr_s"], year["availability"]) == (0, None, None, 1.0)


def test_stacks_measured_under_different_machine_load_are_said_not_to_compare():
    quiet = {"name": "a", "started": True, "load_average_start": 0.4, "load_average_end": 1.2}
    busy = {"name": "b", "started": True, "load_average_start": 0.9, "load_average_end": 3.5}
    assert "comparable machine load" in availability_docs.comparable([quiet], cores=2)
    verdict = availability_docs.comparable([quiet, busy], cores=2)
    assert verdict.startswith("**Not comparable:** `b`") and "`a`" not in verdict


def _applying(name: str) -> set:
    config = availability_settings.load_config(quick=True)
    return {f["name"] for f in availability.faults_for(manifest.find(name), config)}


def test_which_faults_apply_comes_from_each_manifest():
    assert _applying("production") == {f["name"] for f in availability_settings.load_config(True)["fault"]}
    wsgi = _applying("wsgi")
    assert {"kill-worker", "kill-master", "graceful-reload", "slow-clients", "slow-burst"} <= wsgi
    assert not wsgi & {"deploy", "rollback", "nginx-reload", "redis-down", "tracker-killed"}
    proxy = _applying("proxy")
    assert {"kill-master", "nginx-reload"} <= proxy and "kill-worker" not in proxy and "graceful-reload" not in proxy
    assert not applies(manifest.find("static"), {})  # nothing of the app's to break


def test_every_slow_client_row_gets_an_explanation_from_its_manifest():
    texts = slow_clients_settings.load_config(quick=False)["why"]
    assert set(texts["process_model"]) == set(manifest.PROCESS_MODELS)  # every model a manifest may name
    for stack in manifest.discover().values():
        assert slow_clients_docs.why(stack.front, stack.process_model, texts), stack.name
    assert "nginx buffering" in slow_clients_docs.why("nginx, TLS", "prefork", texts)
    assert "sync workers" in slow_clients_docs.why("", "prefork", texts)
