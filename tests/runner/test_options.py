"""Run options: read from the environment once, by the command line; checked where they are used."""

import os

import pytest

from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions


def test_ports_settings_and_folders_come_from_the_variables_a_person_sets(tmp_path):
    options = RunOptions.from_environ(
        {
            "PORT": "8081",
            "HTTPS_PORT": "8444",
            "PYTHON_ENV": "staging",
            "LAB_RUN_DIR": str(tmp_path),
            "LOG_LEVEL": "debug",
            "UNRELATED": "x",
        }
    )
    assert (options.port("port", 8080), options.port("https_port", 8443), options.port("tracker_port", 8580)) == (
        8081,
        8444,
        8580,
    )
    assert (options.python_env, options.run_dir, options.overlay) == ("staging", tmp_path, None)
    assert options.app_settings == {"LOG_LEVEL": "debug"}, "only the app's own settings reach its processes"


def test_a_bad_port_is_one_line_naming_the_variable_and_other_ports_are_not_ours():
    options = RunOptions.from_environ({"PORT": "eighty", "KUBERNETES_PORT": "tcp://10.0.0.1:443"})
    with pytest.raises(StackError, match=r"^PORT='eighty' is not a port number; use a whole number from 1 to 65535$"):
        options.port("port", 8080)
    assert options.port("https_port", 8443) == 8443


def test_options_never_change_the_process_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    RunOptions.from_environ({}).but(ports={"port": 9999}, overlay=tmp_path)
    assert "PORT" not in os.environ and "LAB_OVERLAY" not in os.environ
