"""Which inventory the fleet commands use, and what an inventory may not say (no root, no fleet needed).

``FLEET_INVENTORY`` (exercise 15's copy with app3) wins; fleet-up keeps a copy of it in the
fleet's folder, with the lab's group_vars beside it, so later commands (status, deploy) see
the hosts it made; without either, the lab's own inventory.
"""

import pytest

from fleet import inventory, paths, playbook, results

APP3 = "        app3: {ansible_host: 198.18.0.13}\n"


def with_app3(tmp_path, line: str = APP3):
    text = paths.INVENTORY.read_text()
    anchor = "        app2: {ansible_host: 198.18.0.12}\n"
    copy = tmp_path / "hosts.yml"
    copy.write_text(text.replace(anchor, anchor + line))
    return copy


@pytest.fixture
def fleet_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_FLEET_DIR", str(tmp_path / "fleet"))
    monkeypatch.delenv("FLEET_INVENTORY", raising=False)
    return tmp_path / "fleet"


def test_the_lab_inventory_by_default(fleet_dir):
    assert paths.inventory() == paths.INVENTORY
    assert playbook.inventory_args() == []


def test_a_given_inventory_is_kept_for_later_commands(fleet_dir, tmp_path, monkeypatch):
    copy = with_app3(tmp_path)
    monkeypatch.setenv("FLEET_INVENTORY", str(copy))
    assert playbook.inventory_args() == ["-i", str(paths.used_inventory())]
    assert (paths.used_inventory().parent / "group_vars").resolve() == (paths.INVENTORY.parent / "group_vars").resolve()
    monkeypatch.delenv("FLEET_INVENTORY")
    assert paths.inventory() == paths.used_inventory()
    assert "app3" in {h.name for h in inventory.hosts()}
    monkeypatch.setenv("FLEET_INVENTORY", str(paths.INVENTORY))  # back to the lab's: the record goes
    assert playbook.inventory_args() == [] and not paths.used_inventory().exists()


@pytest.mark.parametrize(
    "line,says",
    [
        ("        app3: {ansible_host: 198.18.0.12}\n", "share the address 198.18.0.12"),
        ("        app3: {ansible_host: 198.18.0.1}\n", "198.18.0.1 is the controller's"),
        ("        app3: {ansible_host: 10.0.0.3}\n", "is not a host address in 198.18.0.0/24"),
        ("        ops: {ansible_host: 198.18.0.31}\n", "host ops has two addresses"),
    ],
)
def test_an_inventory_the_fleet_cannot_make_is_refused_in_one_line(tmp_path, line, says):
    with pytest.raises(SystemExit) as refused:
        inventory.hosts(with_app3(tmp_path, line))
    assert says in str(refused.value) and "\n" not in str(refused.value)


def test_a_quick_run_never_writes_the_committed_figures(fleet_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("FLEET_RECORD", "1")
    monkeypatch.setenv("LAB_FLEET_RESULTS", str(tmp_path / "results.json"))
    assert results.results_file() == results.COMMITTED
    assert results.results_file(committed=False) == tmp_path / "results.json"
