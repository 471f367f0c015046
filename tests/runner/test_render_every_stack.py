"""Every stack's templates and processes render, and supervisord reads back exactly what was meant.

No server starts: each manifest is rendered with stand-in paths for what it
needs, in a run folder whose name holds a ``%`` (supervisord's interpolation
character) and with an app setting holding one, and supervisord's own config
parser reads the result. What it parses must be the rendered commands and
environment, character for character: quoting that breaks shows up here.
"""

import pytest
from supervisor.options import ServerOptions

from stacks.runner import manifest, needs, supervise
from stacks.runner.options import RunOptions
from stacks.runner.render import PLACEHOLDER
from stacks.runner.startplan import rendered_plan

STACKS = list(manifest.discover())


def stand_ins(stack) -> dict:
    """What needs.check would return, with made-up paths."""
    found = {}
    for need in stack.needs:
        if need.kind in ("binary", "venv"):
            prefix = "bin_" if need.kind == "binary" else "venv_"
            found[prefix + needs.placeholder_key(need.name)] = f"/stand-in/{need.kind}/{need.name}"
    return found


def parsed(conf_text: str, tmp_path) -> ServerOptions:
    path = tmp_path / "supervisord.conf"
    path.write_text(conf_text)
    options = ServerOptions()
    options.configfile = str(path)
    options.process_config(do_usage=False)
    return options


@pytest.mark.parametrize("name", STACKS)
def test_a_stack_renders_and_supervisord_reads_it_back(name, tmp_path):
    stack = manifest.find(name)
    run = tmp_path / "run 100%"
    options = RunOptions(run_dir=run, ports={"port": 18080}, python_env="test", app_settings={"LOG_LEVEL": "50%"})
    plan = rendered_plan(stack, options, stand_ins(stack), "/stand-in/supervisord")
    assert set(plan.files) == {t.rsplit("/", 1)[-1] for t in stack.templates}
    # The runner's own {{ name }} only: Prometheus' rule templates ({{ $value }}) pass through as written.
    assert not any(PLACEHOLDER.search(text) for text in plan.files.values()), "every placeholder rendered"
    conf = supervise.config(list(plan.processes), plan.env, run)
    (run / "logs").mkdir(parents=True)
    read = parsed(conf, tmp_path)
    programs = {group.name: group.process_configs[0] for group in read.process_group_configs}
    assert set(programs) == {p.name for p in plan.processes}
    for process in plan.processes:
        seen = programs[process.name]
        assert seen.command == process.command
        assert seen.directory == process.directory
        assert seen.stdout_logfile == f"{run}/logs/{process.name}.log"
        assert seen.environment == {k: str(v) for k, v in {**plan.env, **process.environment}.items()}
        assert seen.environment["LOG_LEVEL"] == "50%"
