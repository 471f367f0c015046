"""A test that restarts a shared stack runs after the other tests of its folder, whatever the file names."""

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
