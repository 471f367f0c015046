"""One commit policy for every harness (benchmarks/shared/folders.py): only a full run, or one
the person commits on purpose, writes the committed results; the end-to-end tests of each
harness (test_bench_quick, test_slow_clients_quick, ...) check the same through make."""

import pytest

from benchmarks.shared import folders


@pytest.mark.parametrize(
    "quick, partial, commit, committed",
    [
        (False, False, False, True),  # a full run
        (True, False, False, False),  # quick
        (False, True, False, False),  # some stacks only (make hostile STACK=x, make bench STACKS=a,b)
        (True, True, False, False),
        (False, True, True, True),  # COMMIT=1
        (True, False, True, True),
    ],
)
def test_only_a_full_or_committed_run_writes_the_committed_results(
    monkeypatch, capsys, quick, partial, commit, committed
):
    monkeypatch.delenv("BENCH_RESULTS", raising=False)
    folder = folders.for_run(quick, partial, commit)
    assert folder == (folders.DEFAULT_RESULTS if committed else folders.SCRATCH_RESULTS)
    said = capsys.readouterr().out
    assert ("the committed ones are left alone" in said) == (not committed), said


def test_a_test_folder_overrides_both(monkeypatch, tmp_path):
    monkeypatch.setenv("BENCH_RESULTS", str(tmp_path))
    assert folders.for_run(False, False) == tmp_path
    assert folders.for_run(True, True) == tmp_path
