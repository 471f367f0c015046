"""A test that restarts a shared stack runs after the other tests of its folder, whatever the file names;
under make test, the tests that share a stack, a folder or a module stay on one worker."""

from pathlib import Path

from tests import conftest


class Item:
    def __init__(self, path: str, restarts: bool = False) -> None:
        self.path = Path(path)
        self.restarts = restarts

    def get_closest_marker(self, name: str):
        return name == "disrupts_shared" and self.restarts or None

    def __repr__(self) -> str:
        return str(self.path)


def test_a_restarting_test_moves_behind_its_folder_only():
    restart = Item("tests/production/test_a_restart.py", restarts=True)
    items = [
        Item("tests/integration/test_x.py"),
        restart,
        Item("tests/production/test_b.py"),
        Item("tests/production/test_c.py"),
        Item("tests/runner/test_d.py"),
    ]
    conftest.pytest_collection_modifyitems(None, None, items)
    assert [str(i.path) for i in items] == [
        "tests/integration/test_x.py",
        "tests/production/test_b.py",
        "tests/production/test_c.py",
        "tests/production/test_a_restart.py",
        "tests/runner/test_d.py",
    ]


def test_make_test_keeps_a_stack_a_folder_or_a_module_on_one_worker():
    """The groups ``make test`` hands its two workers, read from test ids alone."""
    group = conftest.worker_group
    assert group("tests/integration/test_contract.py::test_contract[hypercorn-h3-hello]") == "stack-hypercorn-h3"
    assert group("tests/integration/test_broken_body.py::test_b[hypercorn-bad-chunk-size]") == "stack-hypercorn"
    assert group("tests/integration/test_hostile.py::test_corpus_replay[container]") == "container"
    assert group("tests/container/test_image.py::test_three_layers") == "container"  # one image, one worker
    assert group("tests/fleet/test_bench.py::test_quick") == group("tests/fleet/test_refusal.py::test_x[up]") == "fleet"
    assert group("tests/production/test_edge.py::test_tls") == "production"
    assert (
        group("tests/integration/test_runner_errors.py::test_bad_port_value")
        == "tests/integration/test_runner_errors.py"
    )
    assert group("tests/benchmarks/test_bench_quick.py::test_ranking") == "tests/benchmarks/test_bench_quick.py"
    alone = "tests/labs/test_labs.py::test_broken_fails_and_solution_passes[07-redis-down]"
    assert group(alone) == alone
