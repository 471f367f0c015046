"""The charts say what their results files say: every stack, fault and value the page's tables
have, coloured by process model (docs/charts/, drawn by make tables; freshness: test_generated)."""

import json
import re

import pytest

from benchmarks.shared.folders import DEFAULT_RESULTS
from course.charts import style
from stacks.runner.paths import ROOT

CHARTS = ROOT / "docs" / "charts"


def results(name: str) -> dict:
    path = DEFAULT_RESULTS / name
    if not path.is_file():
        pytest.skip(f"no committed {name} yet")
    return json.loads(path.read_text())


def texts(svg: str) -> list:
    return [re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]


def test_the_hello_chart_has_every_verified_stack_with_its_value_and_model_colour():
    svg = (CHARTS / "benchmarks-hello.svg").read_text()
    shown = texts(svg)
    for stack in (s for s in results("latest.json")["stacks"] if s["verified"]):
        best = max(stack["levels"], key=lambda lv: lv["rps"])
        assert f"{stack['name']} (c={best['connections']})" in shown
        assert any(t.startswith(f"{best['rps']:,.0f}") for t in shown), stack["name"]
        assert style.color(stack["process_model"]) in svg


def test_the_io_chart_has_every_measured_stack_against_the_ideal():
    data = results("latest.json")
    shown = texts((CHARTS / "benchmarks-io.svg").read_text())
    for stack in (s for s in data["stacks"] if s.get("io")):
        assert stack["name"] in shown and f"{stack['io']['rps']:,.0f} ×{stack['io']['ratio_to_ideal']:.2f}" in shown
    assert any(f"{data['io']['ideal_rps']:,.0f} req/s" in t for t in shown)


def test_the_availability_chart_has_every_fault_and_its_failed_requests():
    shown = texts((CHARTS / "availability.svg").read_text())
    for stack in (s for s in results("availability.json")["stacks"] if s.get("started")):
        for fault in stack["faults"]:
            assert fault["name"] in shown
            assert any(t.startswith(f"{fault['failed']} of {fault['sent']} failed") for t in shown)


def test_the_hostile_heat_map_has_a_row_per_stack():
    shown = texts((CHARTS / "hostile.svg").read_text())
    assert set(results("hostile.json")["stacks"]) <= set(shown)


def test_the_fleet_deploy_chart_draws_each_host_out_of_rotation_and_every_failed_request():
    from course.charts import fleet_deploy

    # app1 leaves (old until 1.0 s), comes back on new at 3.0 s; one request got no app answer at 2.0 s.
    rows = [[0.0, "app1", "r-old", 200, False], [0.5, "app2", "r-old", 200, False], [1.0, "app1", "r-old", 200, False]]
    rows += [[1.5, "app2", "r-old", 200, False], [2.0, "", "", 502, True], [3.0, "app1", "r-new", 200, False]]
    timeline = {"columns": ["seconds", "host", "release", "status", "failed"], "hosts": ["app1", "app2"], "rows": rows}
    assert fleet_deploy.stretches(rows, "app1") == [(0.0, 1.0, "r-old"), (3.0, 3.0, "r-new")]
    shown = texts(fleet_deploy.draw({"rolling_deploy_requests": timeline}))
    assert {"app1", "app2", fleet_deploy.NO_HOST, "r-old", "r-new", "failed request"} <= set(shown)
    assert "rolling deploy: 6 requests from client, 1 failed" in shown
    assert fleet_deploy.draw({}) == ""


def test_the_committed_fleet_deploy_chart_counts_what_fleet_json_recorded():
    data = results("fleet.json")
    if not data.get("rolling_deploy_requests"):
        pytest.skip("no per-request rows in fleet.json yet (make fleet-measure)")
    shown = texts((CHARTS / "fleet-deploy.svg").read_text())
    rows = data["rolling_deploy_requests"]["rows"]
    assert f"rolling deploy: {len(rows):,} requests from client, {sum(r[4] for r in rows)} failed" in shown
