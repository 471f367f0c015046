"""The ``running`` fixture: the container stack, started once for the tests of this folder.

Package-scoped, as tests/production's stack is: the test that stops it
(``disrupts_shared``) runs after every other test of the folder, the image
tests included, so a module-scoped stack would be started a second time just
for it.
"""

import pytest

from tests.integration import lab


@pytest.fixture(scope="package")
def running():
    with lab.started("container", what="run the container stack") as stack:
        yield stack
