"""``make availability QUICK=1`` on the production stack, checked through its JSON.

Every fault of faults.toml is injected into the real stack under a real load:
SIGKILLs, reloads, a deploy and a rollback, Redis stopped, the tracker killed,
slow clients, a burst of /slow. The results go to a temporary folder. The checks
are the issue's goals for the reference deployment, as a user would see them:
no failed request through the graceful operations, the master's death healed in
under 5 s, Redis down costing only the routes that need it, 99.9% over the run.
"""

import json

import pytest

from benchmarks.availability import run as availability
from benchmarks.availability import settings as availability_settings
from course import availability_page as availability_docs
from stacks.runner import manifest
from tests.benchmarks import quick_run

pytestmark = [pytest.mark.stacks, pytest.mark.slow]


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    quick_run.require(["production"], {"slowhttptest": "slowhttptest"})
    out = tmp_path_factory.mktemp("availability")
    done = quick_run.make(["availability", "QUICK=1", "STACK=production"], out, timeout=900)
    output = done.stdout[-3000:] + done.stderr[-3000:]
    assert (out / "availability-quick.json").is_file(), output
    data = json.loads((out / "availability-quick.json").read_text())
    entry = next(s for s in data["stacks"] if s["name"] == "production")
    return {**entry, "_output": output, "_status": done.returncode, "_all": data}


def test_every_fault_that_applies_was_injected_and_measured(production):
    wanted = [
        f["name"] for f in availability.faults_for(manifest.find("production"), availability_settings.load_config(True))
    ]
    assert [f["name"] for f in production["faults"]] == wanted
    for fault in production["faults"]:
        assert "error" not in fault["facts"], fault
        assert fault["sent"] > 0 and fault["recovery_s"] is not None, fault
    assert production["sent"] == production["baseline"]["sent"] + sum(f["sent"] for f in production["faults"])


def test_the_goals_of_the_reference_deployment_are_met(production):
    missed = [g for g in production["goals"] if not g["met"]]
    assert not missed, f"{missed}\n{production['_output']}"
    assert production["_status"] == 0, production["_output"]
    assert len(production["goals"]) >= 7


def test_a_redis_outage_answers_503_with_a_reason_only_where_redis_is_needed(production):
    down = next(f for f in production["faults"] if f["name"] == "redis-down")["facts"]["while_down"]
    assert down["/counter"]["status"] == 503 and "redis" in down["/counter"]["body"].lower()
    assert down["/health"]["status"] == 503
    assert down["/"]["status"] == down["/json"]["status"] == 200


def test_the_page_has_the_table_of_nines_and_each_fault(production):
    page = availability_docs.render(production["_all"])
    assert "| 99.999% | 5 | 5.26 min | 864 ms |" in page  # computed by nines.py, checked here by hand
    for fault in production["faults"]:
        assert f"**{fault['name']}**" in page
