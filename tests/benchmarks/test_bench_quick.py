"""``make bench QUICK=1 STACKS=static,wsgi,cgi`` end to end, checked through its JSON.

The real harness, real stacks and real wrk: what a person running the target
gets: as a quick, partial run it writes to the untracked benchmarks/scratch/,
and the committed results and docs/benchmarks.md are left alone (git status is
the same before and after). The checks are orderings and
counts, never speed targets: static (nginx alone) must beat the WSGI server,
which must beat a process per request, and nothing may fail or error.
"""

import json
import os
import shutil
import subprocess
import time

import pytest

from benchmarks.shared import folders
from tests.integration import lab

pytestmark = [pytest.mark.stacks, pytest.mark.slow]

STACKS = ["static", "wsgi", "cgi"]


def _missing() -> str:
    reasons = [] if shutil.which("wrk") else ["wrk is missing (Debian package wrk; make setup)"]
    reasons += [m for name in STACKS if (m := lab.missing_need(name))]
    return "; ".join(reasons)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the benchmark: {missing}")
        pytest.skip(missing)
    out = folders.SCRATCH_RESULTS  # the developer's own quick runs may be there: written over, never deleted
    began = time.time()
    env = {k: v for k, v in os.environ.items() if k != "BENCH_RESULTS"}
    tree_before = git_status()
    done = subprocess.run(
        ["make", "bench", "QUICK=1", f"STACKS={','.join(STACKS)}"],
        cwd=lab.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = done.stdout[-4000:] + done.stderr[-2000:]
    latest = out / "latest.json"
    assert latest.is_file() and latest.stat().st_mtime >= began, f"no new latest.json; make bench said:\n{output}"
    data = json.loads((out / "latest.json").read_text())
    data["_output"] = output
    data["_status"] = done.returncode
    data["_files"] = sorted(p.name for p in out.iterdir() if p.stat().st_mtime >= began)  # this run's files
    data["_tree"] = (tree_before, git_status())
    return data


def git_status() -> str:
    """``git status --porcelain`` of the checkout: empty on a clean one."""
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=lab.ROOT, capture_output=True, text=True, check=True
    ).stdout


def test_a_quick_run_leaves_the_committed_results_alone(results):
    before, after = results["_tree"]
    assert after == before, f"make bench QUICK=1 changed the tree:\n{after}"
    assert "the committed ones are left alone" in results["_output"]


def _stack(results, name):
    return next(s for s in results["stacks"] if s["name"] == name)


def test_every_stack_verified_and_measured(results):
    failed = {s["name"]: s["reason"] for s in results["stacks"] if not s["verified"]}
    assert not failed, f"{failed}\n{results['_output']}"
    assert results["_status"] == 0, results["_output"]
    assert sorted(s["name"] for s in results["stacks"]) == sorted(STACKS)
    for stack in results["stacks"]:
        assert len(stack["levels"]) >= 2, stack
        assert all(lv["requests"] > 0 for lv in stack["levels"]), stack


def test_no_errors_and_no_failed_responses(results):
    bad = [
        (s["name"], lv["connections"], lv["errors"], lv["non_2xx"])
        for s in results["stacks"]
        for lv in s["levels"]
        if lv["errors"] or lv["non_2xx"]
    ]
    assert not bad, f"(stack, connections, errors, non-2xx): {bad}"


def test_static_is_fastest_and_cgi_slowest(results):
    assert results["ranking"][0] == "static", results["ranking"]
    assert results["ranking"][-1] == "cgi", results["ranking"]


def test_ratios_to_the_ceiling(results):
    assert results["ceiling"]["stack"] == "static" and results["ceiling"]["rps"] > 0
    ratios = [lv["ratio_to_ceiling"] for s in results["stacks"] for lv in s["levels"]]
    assert all(0 < r <= 1 for r in ratios), ratios
    assert max(_stack(results, "static")["levels"], key=lambda lv: lv["rps"])["ratio_to_ceiling"] == 1


def test_results_describe_the_run(results):
    for key in ("machine", "tools", "date", "parameters"):
        assert results[key], key
    assert "wrk" in results["tools"]
    for stack in results["stacks"]:
        for lv in stack["levels"]:
            for key in (
                "connections",
                "rps",
                "p50_ms",
                "p99_ms",
                "errors",
                "non_2xx",
                "cpu_percent",
                "rss_mib",
                "ratio_to_ceiling",
            ):
                assert key in lv, (stack["name"], key)
            assert lv["cpu_percent"] > 0 and lv["rss_mib"] > 0, (stack["name"], lv)
    assert _stack(results, "wsgi")["processes"], "the worker counts are recorded"
    assert {"latest.json", "latest.md"} <= set(results["_files"])


def test_the_io_workload_measures_the_app_stacks_and_says_what_it_left_out(results):
    io = results["io"]
    assert (io["connections"], io["ideal_rps"]) == (256, 2560)
    assert set(io["left_out"]) == {"static", "cgi"} and all(io["left_out"].values())
    wsgi = _stack(results, "wsgi")["io"]
    assert wsgi["requests"] > 0 and 0 < wsgi["ratio_to_ideal"] < 1
    assert io["ranking"] == ["wsgi"]
