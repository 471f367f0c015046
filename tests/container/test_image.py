"""The image ``make image`` builds: reproducible, three layers, nothing in it that the app does not need.

The image is built once (or found in Podman's storage, tagged by its inputs) and
shared. Reproducibility is checked the quick way here: the release layer — the
one every commit changes — is built again from nothing beside the cached image
and must get the same image ID. Every layer's second build from nothing
(mmdebstrap again: minutes on a loaded machine) is ``make image-measure``, whose
result is recorded in benchmarks/results/container.json.
"""

import os
import subprocess
import sys

import pytest

from stacks.container import buildah, image, launch, layers
from tests.integration import lab

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the image is built by root here (mmdebstrap, Podman)")


@pytest.fixture(scope="module")
def built():
    lab.require("container")
    result = subprocess.run(
        [sys.executable, "-m", "stacks.container.image", "build"],
        cwd=lab.ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return image.Recipe.of_checkout()


def podman_run(tag: str, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["podman", *launch.GLOBAL, "run", "--rm", "--pull=never", "--network=none", *launch.limits(), tag, *command],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_release_layer_builds_to_the_same_digest(built):
    with open(os.devnull, "w") as quiet:
        report = image.verify(built, image.cache_dir(), fresh=("release",), log=quiet)
    assert set(report["layers"]) == {"release"}
    for name, compared in report["layers"].items():
        assert compared["equal"], f"the {name} layer built twice has two image IDs: {compared['ids']}"


def test_three_layers_each_saying_what_made_it(built):
    facts = image.inspect(built.release)
    assert len(facts["RootFS"]["Layers"]) == 3
    labels = facts["Config"]["Labels"]
    made_by = [labels[buildah.LABEL_PREFIX + name] for name in image.LAYERS]
    assert made_by[0].startswith("mmdebstrap --variant=minbase") and "gunicorn" in made_by[1]
    assert made_by[2] == "release " + facts["Config"]["Labels"]["org.opencontainers.image.version"]


def test_it_runs_the_release_as_the_unprivileged_account(built):
    facts = image.inspect(built.release)
    assert facts["Config"]["User"] == image.USER
    probe = (
        "import os, pwd, gunicorn, hello.wsgi, sentry_sdk, redis, prometheus_client; "
        "print(pwd.getpwuid(os.getuid()).pw_name, os.environ['RELEASE'])"
    )
    result = podman_run(built.release, f"{layers.SERVER_VENV}/bin/python", "-c", probe)
    assert result.returncode == 0, result.stderr
    user, release = result.stdout.split()
    assert user == image.USER
    assert release == os.readlink(image.cache_dir() / "stage" / "release" / "srv" / "hello" / "current").split("/")[-1]


def test_no_installer_and_no_build_path_inside(built):
    listing = podman_run(
        built.release,
        "/bin/sh",
        "-c",
        f"ls {layers.SERVER_VENV}/bin {layers.CURRENT}/venv/bin; "
        f"cat {layers.SERVER_VENV}/pyvenv.cfg; ls {layers.CURRENT}/venv/lib/*/site-packages",
    )
    assert listing.returncode == 0, listing.stderr
    assert "pip" not in listing.stdout.split() and "setuptools" not in listing.stdout
    assert str(image.cache_dir()) not in listing.stdout
