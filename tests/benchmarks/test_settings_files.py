"""The benchmarks' settings files are checked like manifests: a mistake is one line naming file, key and value.

Each case copies the real file, makes one mistake a person could make (an unknown
key, a wrong type, a misspelled fault action or attack kind), and reads it the
way the harness does. No stack starts: the mistake stops the run before anything.
"""

import pytest

from benchmarks import cli
from benchmarks.availability import settings as availability_settings
from benchmarks.matrix import settings as matrix_settings
from benchmarks.slow_clients import settings as slow_clients_settings
from benchmarks.tuning import settings as tuning_settings
from stacks.runner.errors import StackError

FILES = {
    "matrix": (matrix_settings, "SETTINGS_FILE", lambda: matrix_settings.load(quick=False)),
    "slow_clients": (slow_clients_settings.FILE, "config", lambda: slow_clients_settings.load_config(quick=False)),
    "availability": (availability_settings.FILE, "config", lambda: availability_settings.load_config(quick=False)),
    "tuning": (tuning_settings, "SETTINGS_FILE", lambda: tuning_settings.load()),
}

MISTAKES = [
    # (file, text replaced, replacement, what the one line must name)
    ("matrix", "wrk_threads = 1", "wrk_thread = 1", ["wrk_thread", "unknown key"]),
    ("matrix", "seconds = 6", 'seconds = "six"', ["[full]", "seconds", "'six'", "a number"]),
    (
        "matrix",
        'process_model = "per-request"',
        'process_model = "per-requests"',
        ["[process_per_request]", "'per-requests'"],
    ),
    ("matrix", 'stack = "production"', 'stack = "prod"', ["[variants.production-metrics-off]", "'prod'"]),
    ("slow_clients", "probe_rate = 4", "probe_rat = 4", ["probe_rat", "unknown key"]),
    ("slow_clients", 'kind = "slow-body"', 'kind = "slow-bdy"', ["[[attack]] #2", "kind", "'slow-bdy'"]),
    ("slow_clients", "connections = 300", "connections = 300.5", ["[full]", "connections", "300.5"]),
    ("availability", 'action = "kill_worker"', 'action = "kil_worker"', ["[[fault]] #1", "action", "'kil_worker'"]),
    ("availability", "per_year = 12\n", 'per_year = "monthly"\n', ["[[fault]] #1", "per_year", "'monthly'"]),
    (
        "availability",
        'when = { process_model = ["prefork", ',
        'when = { process_model = ["pre-fork", ',
        ["[[fault]] #1 [when]", "process_model[0]", "'pre-fork'"],
    ),
    ("availability", "streak = 10", "streak = 10\nstreaks = 3", ["streaks", "unknown key"]),
    (
        "availability",
        "zero_failed = [",
        'zero_failed = ["graceful-relaod", ',
        ["[goals.production]", "'graceful-relaod'"],
    ),
    ("tuning", "budget_minutes = 60", "budget_minute = 60", ["budget_minute", "unknown key"]),
    ("tuning", "rounds = 3", 'rounds = "three"', ["[full]", "rounds", "'three'", "a whole number"]),
    ("tuning", "shares = [0.5, ", 'shares = ["half", ', ["[open_loop]", "shares[0]", "'half'"]),
]


def _broken(monkeypatch, tmp_path, which: str, old: str, new: str):
    module, attribute, load = FILES[which]
    real = getattr(module, attribute)
    text = real.read_text()
    assert old in text, f"{real.name} no longer has {old!r}: update this test's mistake"
    copy = tmp_path / real.name
    copy.write_text(text.replace(old, new, 1))
    monkeypatch.setattr(module, attribute, copy)
    return copy, load


def test_the_committed_settings_files_are_valid():
    for _, _, load in FILES.values():
        load()


@pytest.mark.parametrize("which, old, new, named", MISTAKES, ids=[f"{m[0]}:{m[2][:24]}" for m in MISTAKES])
def test_a_mistake_is_one_line_naming_file_key_and_value(monkeypatch, tmp_path, which, old, new, named):
    copy, load = _broken(monkeypatch, tmp_path, which, old, new)
    with pytest.raises(StackError) as caught:
        load()
    message = str(caught.value)
    assert "\n" not in message, message
    assert str(copy) in message, message
    for word in named:
        assert word in message, f"{word!r} not in: {message}"


def test_the_harness_command_says_it_in_one_line_and_starts_nothing(monkeypatch, tmp_path, capsys):
    _broken(monkeypatch, tmp_path, "availability", 'action = "kill_worker"', 'action = "kil_worker"')
    assert cli.main(["availability", "--quick", "--stacks", "production"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err and "'kil_worker'" in err, err
