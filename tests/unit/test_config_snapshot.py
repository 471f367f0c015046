"""The configuration's snapshot (what a CGI release reads instead of TOML): the same values, the same one-line errors.

A snapshot is made once, at a CGI stack's start; it must never let a bad value
through: a bad value stops the snapshot (and so the start) with the app's one
line, a bad environment variable is still caught on every load, and a file edited
after the snapshot is read and checked again.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hello import config
from hello.config import ConfigError, load, write_snapshot

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = "/usr/bin/python3"  # the interpreter the CGI stacks run the script with


@pytest.fixture
def config_dir(tmp_path):
    """A copy of the app's environment files, free to change and to snapshot."""
    folder = tmp_path / "config"
    shutil.copytree(config.CONFIG_DIR, folder, ignore=shutil.ignore_patterns(config.SNAPSHOT))
    return folder


def test_a_snapshot_gives_what_the_files_give(config_dir):
    from_files = {env: load({"PYTHON_ENV": env}, config_dir=config_dir) for env in config.ENVIRONMENTS}
    write_snapshot(config_dir)
    for env in config.ENVIRONMENTS:
        assert load({"PYTHON_ENV": env}, config_dir=config_dir) == from_files[env]


def test_a_bad_file_value_stops_the_snapshot_with_one_line(config_dir):
    path = config_dir / "production.toml"
    path.write_text(path.read_text() + 'max_body_bytes = "ten"\n')
    with pytest.raises(ConfigError) as caught:
        write_snapshot(config_dir)
    assert str(caught.value) == f"config: max_body_bytes='ten' ({path}) is not a whole number"
    assert not (config_dir / config.SNAPSHOT).exists()


def test_a_bad_environment_variable_is_caught_with_a_snapshot(config_dir):
    write_snapshot(config_dir)
    with pytest.raises(ConfigError) as caught:
        load({"PYTHON_ENV": "production", "SLOW_CAP_SECONDS": "nan"}, config_dir=config_dir)
    assert str(caught.value) == (
        "config: SLOW_CAP_SECONDS='nan' (environment variable) must be a finite number, 0 or more"
    )


def test_a_file_edited_after_the_snapshot_is_read_and_checked_again(config_dir):
    write_snapshot(config_dir)
    path = config_dir / "production.toml"
    path.write_text(path.read_text().replace("stream_max_chunks = 20", "stream_max_chunks = 0"))
    with pytest.raises(ConfigError) as caught:
        load({"PYTHON_ENV": "production"}, config_dir=config_dir)
    assert str(caught.value) == f"config: stream_max_chunks=0 ({path}) must be 1 or more"


def test_a_snapshot_is_really_what_load_reads(config_dir):
    """Not merely written: a value changed inside the snapshot (its file untouched) is what load returns."""
    write_snapshot(config_dir)
    snapshot = config_dir / config.SNAPSHOT
    data = config.marshal.loads(snapshot.read_bytes())
    data["environments"]["production"][1]["stream_max_chunks"] = 7
    snapshot.write_bytes(config.marshal.dumps(data))
    config._snapshots.clear()
    assert load({"PYTHON_ENV": "production"}, config_dir=config_dir).stream_max_chunks == 7


def run_release(release: Path, *code: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [SYSTEM_PYTHON, "-I", "-S", *code],
        cwd=release,
        env={"PATH": "/usr/bin:/bin", **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def release(tmp_path):
    """A release laid out as the runner lays it out: hello/ and interfaces/ side by side."""
    folder = tmp_path / "release"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", config.SNAPSHOT)
    shutil.copytree(ROOT / "apps" / "hello", folder / "hello", ignore=ignore)
    shutil.copytree(ROOT / "interfaces" / "cgi", folder / "interfaces" / "cgi", ignore=ignore)
    return folder


@pytest.mark.skipif(not os.access(SYSTEM_PYTHON, os.X_OK), reason="the CGI stacks' interpreter is missing")
def test_the_prepare_step_stops_a_bad_value_with_its_one_line(release):
    """What a person sees in prepare.log when a CGI stack will not start: the app's one line, no traceback."""
    path = release / "hello" / "config" / "staging.toml"
    path.write_text(path.read_text() + 'log_level = "LOUD"\n')
    done = run_release(release, "interfaces/cgi/prepare.py")
    assert done.returncode == 1
    assert done.stderr.strip() == (f"config: log_level='LOUD' ({path}) is not one of DEBUG, INFO, WARNING, ERROR"), (
        done.stderr
    )


@pytest.mark.skipif(not os.access(SYSTEM_PYTHON, os.X_OK), reason="the CGI stacks' interpreter is missing")
def test_a_cgi_request_with_a_snapshot_imports_no_toml_parser(release):
    """The point of the snapshot: the script's request path leaves tomllib (and re, dataclasses) out."""
    assert run_release(release, "interfaces/cgi/prepare.py").returncode == 0
    probe = (
        "import sys; sys.path.insert(0, '.'); import hello.wsgi; "
        "print(' '.join(sorted({'tomllib', 're', 'dataclasses', 'json', 'logging'} & set(sys.modules))))"
    )
    done = run_release(release, "-c", probe, env={"PYTHON_ENV": "production"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"a CGI request would import {done.stdout.strip()}"
