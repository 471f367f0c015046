"""Prepare steps, environment files and virtualenvs of their own: the manifest keys and their runner."""

import pytest

from stacks.runner import manifest, prepare
from stacks.runner.errors import StackError
from tests.runner.test_manifests import write


def test_prepare_steps_and_environment_files_load_in_order(tmp_path):
    folder = write(
        tmp_path,
        'environment_files = ["{{ state }}/a.env"]\n'
        '[[prepare]]\ncommand = "one"\n[[prepare]]\ncommand = "two"\nas_root = true\n'
        '[urls]\ntracker = "http://{{ host }}:1/"\n',
    )
    stack = manifest.load(folder)
    assert [(s.command, s.as_root) for s in stack.prepare] == [("one", False), ("two", True)]
    assert stack.environment_files == ("{{ state }}/a.env",) and stack.urls == {"tracker": "http://{{ host }}:1/"}


def test_a_venv_need_names_its_requirements(tmp_path):
    ok = write(tmp_path, '[[needs]]\nvenv = "tracker"\nrequirements = "requirements/t.txt"\n')
    need = manifest.load(ok).needs[0]
    assert (need.kind, need.name, need.requirements) == ("venv", "tracker", "requirements/t.txt")


def test_environment_files_are_read_as_key_value_lines(tmp_path):
    env = tmp_path / "app.env"
    env.write_text("# comment\n\nSENTRY_DSN=http://k@127.0.0.1:1/1\nA = b=c\n")
    assert prepare.read_environment_files([env]) == {"SENTRY_DSN": "http://k@127.0.0.1:1/1", "A": "b=c"}
    with pytest.raises(StackError, match="a prepare step should have written it"):
        prepare.read_environment_files([tmp_path / "missing.env"])


def test_a_failing_step_stops_start_up_with_its_output(tmp_path):
    steps = [
        manifest.Prepare("echo first"),
        manifest.Prepare("sh -c 'echo broken >&2; exit 3'"),
        manifest.Prepare("echo never"),
    ]
    log = tmp_path / "prepare.log"
    with pytest.raises(StackError, match="prepare step exited with 3") as caught:
        prepare.run_steps(steps, {"PATH": "/usr/bin:/bin"}, tmp_path, log)
    assert "broken" in caught.value.details and "$ echo never" not in log.read_text()


def test_private_write_is_owner_only(tmp_path):
    path = tmp_path / "secret.conf"
    prepare.private_write(path, "x=1\n")
    assert path.stat().st_mode & 0o777 == 0o600 and path.read_text() == "x=1\n"


def test_a_progress_step_is_shown_as_it_runs_and_logged(tmp_path, capsys):
    steps = [manifest.Prepare("sh -c 'echo building; echo done'", as_root=True, progress=True)]
    log = tmp_path / "prepare.log"
    prepare.run_steps(steps, {"PATH": "/usr/bin:/bin"}, tmp_path, log)
    assert capsys.readouterr().out == "  building\n  done\n"
    assert "building\ndone\n" in log.read_text()


@pytest.mark.parametrize("progress", [False, True])
def test_a_step_past_its_timeout_stops_start_up(tmp_path, progress):
    steps = [manifest.Prepare("sleep 30", as_root=True, progress=progress, timeout_seconds=1)]
    with pytest.raises(StackError, match="sleep 30.*timed out after"):
        prepare.run_steps(steps, {"PATH": "/usr/bin:/bin"}, tmp_path, tmp_path / "prepare.log")
