"""``make fleet-bench QUICK=1`` (``python -m fleet bench --quick``): a short wrk run through the
fleet's load balancer and on the production stack, both printed; the committed figures untouched
even with FLEET_RECORD=1, as the make target sets it."""

import json

from fleet import results
from tests.fleet.conftest import fleet_command


def test_quick_fleet_bench_prints_both_figures_and_leaves_the_committed_ones(fleet, tmp_path):
    committed = results.COMMITTED.read_bytes()
    written = tmp_path / "results.json"
    bench = fleet_command("bench", "--quick", FLEET_RECORD="1", LAB_FLEET_RESULTS=str(written))
    assert bench.returncode == 0, bench.stdout[-3000:] + bench.stderr[-2000:]
    figures = {line.split()[0]: line.split() for line in bench.stdout.splitlines() if " req/s " in line}
    assert set(figures) == {"fleet", "production"}, bench.stdout
    for name, words in figures.items():
        assert float(words[1]) > 0 and words[-2:] == ["non-2xx", "0"], (name, words)
    assert results.COMMITTED.read_bytes() == committed
    quick = json.loads(written.read_text())["bench_quick"]
    assert quick["fleet"]["requests"] > 0 and quick["production"]["requests"] > 0, quick
