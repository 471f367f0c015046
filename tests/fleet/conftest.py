"""The fleet for the tests: made once by ``python -m fleet up`` (as ``make fleet-up``
does), shared by every fleet test, removed after the last of them (package scope:
the hosts do not keep running through the rest of the suite).

Namespaces need root: as an ordinary user the tests are skipped with that reason.
CI runs as root, so it builds the fleet from zero. A fleet someone left running is
not reused (the tests must see one built from zero): they are skipped, naming
'make fleet-down'.
"""

import os
import subprocess
import sys

import pytest

from fleet import network, on_host, paths

ROOT = paths.ROOT
FLEET_COMMAND_TIMEOUT = 600  # seconds: a safeguard for a hung run, not a speed test (five minutes is the target)


def fleet_command(*args: str, timeout: float = FLEET_COMMAND_TIMEOUT, **env: str) -> subprocess.CompletedProcess:
    """``python -m fleet ARGS`` as the make targets run it (``env``: extra variables, e.g. RELEASE)."""
    return subprocess.run(
        [sys.executable, "-m", "fleet", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **env},
    )


@pytest.fixture(scope="package")
def fleet(tmp_path_factory):
    if os.environ.get("FLEET_RECORD") != "1":  # figures of a test run stay out of the committed results
        os.environ.setdefault("LAB_FLEET_RESULTS", str(tmp_path_factory.mktemp("fleet") / "results.json"))
    if os.geteuid() != 0:
        pytest.skip("the fleet's hosts are network namespaces, which need root (CI runs these as root)")
    if network.namespaces() and os.environ.get("LAB_FLEET_REUSE") == "1":  # while working on the tests
        yield None
        return
    if network.namespaces():
        pytest.skip(
            "a fleet is already running here; 'make fleet-down' first so the tests build one from zero "
            "(LAB_FLEET_REUSE=1 reuses it)"
        )
    result = fleet_command("up")
    if result.returncode != 0:
        fleet_command("down")
        pytest.fail(f"fleet-up failed:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}")
    yield result
    if network.namespaces():
        fleet_command("down")


def on(host: str, *argv: str, timeout: float = 30) -> subprocess.CompletedProcess:
    """Run a command on a fleet host (its network, hostname and files)."""
    return on_host.run(host, *argv, timeout=timeout)


def site_url(path: str = "/") -> str:
    from fleet import inventory

    return f"https://{inventory.setting('site_name')}{path}"


def curl(host: str, *args: str) -> subprocess.CompletedProcess:
    return on(host, "curl", "-sS", "--max-time", "10", "--cacert", str(paths.fleet_dir() / "tls" / "ca.crt"), *args)
