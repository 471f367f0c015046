"""The ``production`` fixture: the production stack, started once for these tests.

Started through the runner exactly as ``make run-stack STACK=production`` does,
on free ports in its own run directory; stopped after this folder's last test
(package scope: it does not keep running, scraping and serving, through the
rest of the suite), checking that nothing is left behind. Skipped where its packages are missing, except on CI.
"""

import pytest

from tests.integration import lab


@pytest.fixture(scope="package")
def production():
    with lab.started("production", what="run the production stack") as running:
        yield running
