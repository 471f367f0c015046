"""A manifest's ``[tunable]`` knobs: checked like every key, rendered from the run's choice, else shipped.

``make tune`` reaches a stack only through these: a placeholder in a command or
template, or an environment variable set only when a value is chosen. A knob
the stack does not declare is a one-line error, never silently ignored.
"""

import pytest

from benchmarks.tuning import grid
from stacks.runner import manifest
from stacks.runner.errors import StackError
from stacks.runner.options import RunOptions
from stacks.runner.startplan import rendered_plan
from tests.runner.test_manifests import write
from tests.runner.test_render_every_stack import stand_ins


def plan_of(name: str, tmp_path, **tuning):
    stack = manifest.find(name)
    options = RunOptions(run_dir=tmp_path / "run", ports={"port": 18080}, tuning=tuning)
    return rendered_plan(stack, options, stand_ins(stack), "/stand-in/supervisord")


def test_a_placeholder_knob_renders_shipped_unless_chosen(tmp_path):
    shipped = plan_of("wsgi", tmp_path).processes[0].command
    chosen = plan_of("wsgi", tmp_path, threads=16).processes[0].command
    assert "--threads 1 " in shipped and "--threads 16 " in chosen


def test_an_environment_knob_is_set_only_when_chosen(tmp_path):
    assert "WEB_CONCURRENCY" not in plan_of("wsgi", tmp_path).env  # gunicorn's (2 x cores) + 1 applies
    assert plan_of("wsgi", tmp_path, workers=6).env["WEB_CONCURRENCY"] == "6"


def test_a_knob_in_a_template_reaches_the_rendered_file(tmp_path):
    assert "processes = 4\n" in plan_of("uwsgi", tmp_path, processes=4).files["uwsgi.ini"]
    assert "processes = 2\n" in plan_of("uwsgi", tmp_path).files["uwsgi.ini"]


def test_a_knob_the_stack_does_not_declare_is_named(tmp_path):
    with pytest.raises(StackError, match=r"TUNE_WORKRES: wsgi has no tunable knob 'workres' \(its knobs: workers,"):
        plan_of("wsgi", tmp_path, workres=4)


def test_tune_variables_come_from_the_environment():
    assert RunOptions.from_environ({"TUNE_WORKERS": "6", "PORT": "8401"}).tuning == {"workers": "6"}


@pytest.mark.parametrize(
    "text, message",
    [
        ('[tunable.workers]\ndoc = "w"\nshipped = 1\n', r"a tunable knob needs a values"),
        ('[tunable.workers]\ndoc = "w"\nshipped = 1\nvalues = []\n', r"values is empty"),
        (
            '[tunable.workers]\ndoc = "w"\nshipped = 1\nvalues = [1]\nsteps = 2\n',
            r"\[tunable.workers\]: unknown key 'steps'",
        ),
        ('[tunable.workers]\ndoc = "w"\nshipped = [1]\nvalues = [1]\n', r"shipped = \[1\] should be a string, number"),
    ],
)
def test_a_mistake_in_a_knob_is_named(tmp_path, text, message):
    with pytest.raises(StackError, match=message):
        manifest.load(write(tmp_path, text))


def test_the_grid_is_the_product_of_grid_knobs_and_one_at_a_time_for_the_rest():
    configs = grid.configurations(manifest.find("wsgi"))
    assert configs[0].is_shipped
    labels = {c.label for c in configs}
    assert {"workers=1, threads=16", "workers=6", "worker_class=gevent"} <= labels
    assert not any("worker_class" in c.changed and len(c.changed) > 1 for c in configs)
    assert len(configs) == len({c.key for c in configs})
