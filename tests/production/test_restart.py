"""State survives stop and start: the CA, the tracker's credentials and events, Redis data, releases.

It stops and restarts the session's production stack, so it is marked
``disrupts_shared``: tests/conftest.py runs such tests after every other test,
whatever the order pytest collects them in.
"""

import json

import pytest

from stacks.production import releases
from tests.integration import lab


@pytest.mark.disrupts_shared
def test_stop_and_start_keep_the_ca_the_counter_and_the_release(production):
    state = production.run / "state" / "production"
    ca = (state / "tls" / "ca.crt").read_bytes()
    credentials = (state / "bugsink" / "credentials.json").read_text()
    release = (state / "current").resolve()
    code = (release / "DIGEST").read_text().strip()
    counter = json.loads(production.request("/counter")[2])["counter"]
    stopped = lab.runner("stop", env=production.env)
    assert stopped.returncode == 0, stopped.stderr
    started = lab.runner("run", "production", env=production.env)
    assert started.returncode == 0, started.stdout + started.stderr
    production.state = lab.RunState.load(production.run)
    assert (state / "tls" / "ca.crt").read_bytes() == ca, "clients keep trusting the same CA"
    assert (state / "bugsink" / "credentials.json").read_text() == credentials
    now = (state / "current").resolve()
    if releases.digest(production.run / "release", lab.ROOT) == code:
        assert now == release, "the same code keeps its release"
    else:  # someone changed the checkout meanwhile: a new release of it, the old one kept
        assert now != release and release.is_dir()
    assert json.loads(production.request("/counter")[2])["counter"] == counter + 1, "Redis persisted"
