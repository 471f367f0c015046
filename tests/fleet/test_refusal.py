"""As an ordinary user every fleet command refuses with one line (namespaces need root)."""

import os
import subprocess

import pytest

from fleet import paths
from stacks.runner.account import unreachable_part

NOBODY = 65534


@pytest.mark.parametrize("command", ["up", "down", "status", "deploy", "rollback"])
def test_an_ordinary_user_gets_one_line_saying_root_is_needed(command):
    if os.geteuid() == 0 and unreachable_part(paths.ROOT):
        pytest.skip(f"the checkout is private ({unreachable_part(paths.ROOT)}): an ordinary user cannot run it")
    demote = (lambda: os.setuid(NOBODY)) if os.geteuid() == 0 else None
    result = subprocess.run(
        ["/usr/bin/python3", "-m", "fleet", command],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        preexec_fn=demote,
        timeout=30,
    )
    assert result.returncode != 0
    assert result.stderr.strip() == (
        f"error: fleet-{command}: the fleet's hosts are network namespaces, "
        f"which need root: run 'sudo make fleet-{command}'"
    )
    assert result.stdout == ""
