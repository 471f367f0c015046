"""Releases: a deploy under load fails no request; a broken release is refused; rollback returns."""

import json
import shutil
import subprocess
import sys
import time

import pytest

from tests.integration import lab
from tests.production.helpers import counted
from tests.production.load import Load

APPS = lab.ROOT / "apps"


def deploy(production, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "stacks.production.deploy", *args],
        cwd=lab.ROOT,
        env=production.env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def serving(production) -> str:
    return json.loads(production.request("/health")[2])["release"]


def current(production) -> str:
    return (production.run / "state" / "production" / "current").resolve().name


def test_deploy_under_load_fails_no_request_then_rollback_returns(production):
    before = serving(production)
    requests_before = counted(production)
    with Load(production) as load:
        time.sleep(1)
        result = deploy(production)
        time.sleep(1)
    assert result.returncode == 0, result.stdout + result.stderr
    assert load.failures == [], f"{len(load.failures)} failed of {load.ok + len(load.failures)}: {load.failures[:5]}"
    assert load.ok >= 100, "the load ran through the deploy"
    print(f"deploy under load: {load.ok} requests, {len(load.failures)} failed")
    after = serving(production)
    assert after != before and after == current(production)
    # Every old worker has gone and its counts with it into the archive: the counters only grew.
    requests_deployed = counted(production)
    assert requests_deployed >= requests_before + load.ok
    with Load(production) as load:
        result = deploy(production, "--rollback")
    assert result.returncode == 0, result.stdout + result.stderr
    assert load.failures == []
    assert counted(production) >= requests_deployed + load.ok
    assert serving(production) == before == current(production)


BREAKAGES = {
    "does-not-import": ("logic.py", "\nraise ImportError('broken on purpose')\n"),
    "bad-production-config": ("config/production.toml", "\nworkerz = 3\n"),
    "fails-its-smoke-request": (
        "logic.py",
        "\ndef hello(request, config):\n    raise RuntimeError('broken')\nROUTES['/'] = Route(hello)\n",
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_broken_release_is_refused_and_the_running_one_untouched(production, tmp_path, breakage):
    source = tmp_path / "apps"
    shutil.copytree(APPS / "hello", source / "hello")
    name, text = BREAKAGES[breakage]
    with (source / "hello" / name).open("a") as handle:
        handle.write(text)
    before, live = serving(production), current(production)
    releases = sorted(p.name for p in (production.run / "state" / "production" / "releases").iterdir())
    result = deploy(production, "--source", str(source))
    assert result.returncode != 0
    assert "error: release" in result.stderr and ("import" in result.stderr or "smoke" in result.stderr), result.stderr
    assert (serving(production), current(production)) == (before, live)
    assert sorted(p.name for p in (production.run / "state" / "production" / "releases").iterdir()) == releases
    assert production.request("/")[0] == 200
