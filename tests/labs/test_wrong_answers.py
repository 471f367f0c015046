"""Wrong fixes that once passed a lab's check are refused now.

Lab 03's wrong limits run for real: the proxy stack starts with the student's
nginx-http.conf, as ``make lab-check`` does. Labs 09 and 12 judge something a
running stack does not show on its own — how nginx reads a time, whether a
release's files are still what it was built from — so their judges are fed the
wrong answer directly: a config file, a release folder changed in place.
"""

import shutil

import pytest

from course.tasks.checking import Checks
from stacks.production import releases
from tests.labs.test_labs import LABS, lab_env, lab_module, lab_py, run_dirs  # noqa: F401  (run_dirs: a fixture)

UPLOAD = "03-upload-too-large"


@pytest.mark.parametrize(
    "limit, refusal",
    [
        ("0", "nginx refuses a body of"),  # no limit at all: nginx would write any body to disk
        ("3m", "gets the app's own 413"),  # the photo passes, but nginx still refuses what the app accepts
    ],
)
def test_lab_03_refuses_a_limit_that_is_not_above_the_apps(tmp_path, run_dirs, limit, refusal):  # noqa: F811
    solution = (LABS / UPLOAD / "solution" / "nginx-http.conf").read_text()
    assert "client_max_body_size 16m;" in solution
    (tmp_path / "nginx-http.conf").write_text(
        solution.replace("client_max_body_size 16m;", f"client_max_body_size {limit};")
    )
    lab = lab_module(UPLOAD)
    result = lab_py("check", UPLOAD, "--overlay", str(tmp_path), env=lab_env(lab.STACK, run_dirs(lab.STACK)))
    assert result.returncode == 1, result.stdout + result.stderr
    failed = [line for line in result.stdout.splitlines() if line.lstrip().startswith("FAIL")]
    assert any(refusal in line for line in failed), result.stdout


@pytest.mark.parametrize(
    "value, seconds",
    [
        ("35s", 35),
        ("35", 35),
        ("20000ms", 20),
        ("40000ms", 40),
        ("1m30s", 90),
        ("2h", 7200),
        ("1d", 86400),
        ("1w", 604800),
        ("1M", 2592000),
        ("1y", 31536000),
    ],
)
def test_lab_09_reads_every_nginx_time_unit(value, seconds):
    assert lab_module("09-gateway-timeout").nginx_seconds(value) == seconds


@pytest.mark.parametrize(
    "value, passes", [("20000ms", False), ("29s", False), ("1m30s", True), ("40000ms", True), ("30s1m", False)]
)
def test_lab_09_judges_the_timeout_as_nginx_reads_it(tmp_path, value, passes):
    conf = tmp_path / "proxy-app.conf"
    conf.write_text(f"location / {{\n    proxy_pass http://app;\n    proxy_read_timeout {value};\n}}\n")
    checks = Checks("lab 09 judge")
    lab_module("09-gateway-timeout").judge(checks, conf, gunicorn=30)
    assert (checks.failed == 0) is passes


def test_lab_12_refuses_a_release_patched_in_place(tmp_path):
    release = tmp_path / "20260101T000000Z-abc"
    checkout = LABS.parents[1]
    shutil.copytree(checkout / "apps" / "hello", release / "hello", ignore=releases.IGNORE)
    (release / "DIGEST").write_text(releases.digest(release, checkout) + "\n")
    judge = lab_module("12-broken-deploy").release_intact
    intact = Checks("as built")
    judge(intact, release)
    assert intact.failed == 0
    config = release / "hello" / "config" / "production.toml"
    config.write_text(config.read_text() + "max_body_bytes = 10485760  # the fix, made in the release itself\n")
    patched = Checks("patched in place")
    judge(patched, release)
    assert patched.failed == 1
