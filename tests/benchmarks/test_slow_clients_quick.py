"""``make slow-clients QUICK=1 STACKS=wsgi,production`` end to end, checked through its JSON.

Real stacks, real slowhttptest, the real probe. The results go to a temporary
folder (BENCH_RESULTS), so the committed results and docs/slow-clients.md are left
alone. What a user would see: the production stack, nginx in front, answers every
probe while slow clients hold their connections; gunicorn's sync workers alone
do not (the lesson of the page), and the page explains each row.
"""

import json

import pytest

from course import slow_clients_page as slow_clients_docs
from stacks.runner.paths import ROOT
from tests.benchmarks import quick_run

pytestmark = [pytest.mark.stacks, pytest.mark.slow]

STACKS = ["wsgi", "production"]
PAGE = ROOT / "docs" / "slow-clients.md"


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    quick_run.require(STACKS, {"slowhttptest": "slowhttptest"})
    out = tmp_path_factory.mktemp("slow")
    before = PAGE.read_text()
    done = quick_run.make(["slow-clients", "QUICK=1", f"STACKS={','.join(STACKS)}"], out, timeout=600)
    output = done.stdout[-3000:] + done.stderr[-2000:]
    assert done.returncode == 0, output
    assert PAGE.read_text() == before, "a quick run must not rewrite the committed page"
    data = json.loads((out / "slow-clients-quick.json").read_text())
    return {s["name"]: s for s in data["stacks"]} | {"_all": data}


def test_every_attack_held_its_connections_and_was_probed(results):
    for name in STACKS:
        entry = results[name]
        assert entry["started"], entry
        assert [a["kind"] for a in entry["attacks"]] == ["slow-headers", "slow-body"]
        for attack in entry["attacks"]:
            assert attack["attack"]["max_connected"] >= attack["connections"] // 2, (name, attack)
            assert attack["probes"] >= 3 * attack["seconds"], (name, attack)  # a few a second, all along


def test_production_answers_every_probe(results):
    entry = results["production"]
    assert entry["answered"] == entry["probes"], entry["attacks"]


def test_sync_workers_alone_are_held_by_slow_clients(results):
    entry = results["wsgi"]
    assert entry["answered"] < entry["probes"], "gunicorn's sync workers should be held by slow headers"
    assert entry["worst_latency_s"] >= 1.0


def test_the_page_explains_each_row_from_the_manifest(results):
    page = slow_clients_docs.render(results["_all"])
    assert "| `production` |" in page and "| `wsgi` |" in page
    assert "nginx buffering" in page and "sync workers" in page
    assert "answered every probe" in page
