"""Planning a start: everything decided and rendered before anything is started.

``plan`` reads the manifest, checks what the stack needs, picks its ports,
renders every template, process, prepare step and URL from the run options.
Every mistake a person can make in a manifest, a template or an option fails
here, while nothing runs yet; ``lifecycle.launch`` then only carries it out.
"""

import os
from dataclasses import dataclass, replace
from pathlib import Path

from stacks.runner import account, manifest, needs, overlay, ports, rundir
from stacks.runner.errors import StackError
from stacks.runner.options import TUNE_PREFIX, RunOptions
from stacks.runner.paths import ROOT, reachable
from stacks.runner.render import render
from stacks.runner.runstate import RunState

SYSTEM_PYTHON = "/usr/bin/python3"


@dataclass(frozen=True)
class Plan:
    """A start, fully decided: what to write, run and wait for."""

    stack: manifest.Manifest
    options: RunOptions
    supervisord: str
    values: dict  # every {{ name }} a manifest or template may use
    env: dict  # the programs' environment (environment files join it at launch)
    files: dict  # rendered name in conf/ -> text
    steps: tuple  # rendered prepare steps
    environment_files: tuple  # rendered paths
    processes: tuple  # rendered processes
    state: RunState  # what runs once launched (pid still 0)

    @property
    def run(self) -> Path:
        return self.options.run_dir


def template_values(stack: manifest.Manifest, folders: dict, binaries: dict, options: RunOptions) -> dict:
    """Everything a manifest or template may name as ``{{ name }}``."""
    user, group = account.service_account(options.user)
    venv = reachable(options.venv)
    values = {
        "stack": stack.name,
        "root": ROOT,
        "venv": venv,
        "python": venv / "bin" / "python",
        "system_python": SYSTEM_PYTHON,
        "host": options.host,
        "user": user,
        "group": group,
        "python_env": options.python_env,
        "cpus": len(os.sched_getaffinity(0)),
        **folders,
        **binaries,
    }
    for name, default in stack.ports.items():
        value = options.port(name, default)
        values[name] = ports.pick_free(options.host) if value == "auto" else value
    return {**values, **knob_values(stack, options, values)}


def knob_values(stack: manifest.Manifest, options: RunOptions, taken: dict) -> dict:
    """The placeholder of every tunable knob: the value this run chose, else the shipped one."""
    unknown = sorted(set(options.tuning) - set(stack.tunable))
    if unknown:
        knobs = ", ".join(stack.tunable) or "none"
        raise StackError(
            f"{TUNE_PREFIX}{unknown[0].upper()}: {stack.name} has no tunable knob {unknown[0]!r} "
            f"(its knobs: {knobs}); see [tunable] in stacks/{stack.name}/stack.toml"
        )
    clash = sorted(set(stack.tunable) & set(taken))
    if clash:
        raise StackError(
            f"stacks/{stack.name}/stack.toml [tunable.{clash[0]}]: the name is a placeholder the runner "
            "sets already; rename the knob"
        )
    return {name: options.tuning.get(name, knob.shipped) for name, knob in stack.tunable.items() if not knob.env}


def knob_environment(stack: manifest.Manifest, options: RunOptions) -> dict:
    """The environment variables of the knobs a run chose that are delivered that way."""
    return {
        knob.env: str(options.tuning[name])
        for name, knob in stack.tunable.items()
        if knob.env and name in options.tuning
    }


def program_environment(stack: manifest.Manifest, values: dict, options: RunOptions) -> dict:
    """What every program of the stack finds in its environment."""
    env = {
        "PYTHON_ENV": values["python_env"],
        "PYTHONPATH": values["release"],
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "HOST": values["host"],
        "PORT": values["port"],
        **options.app_settings,
        **knob_environment(stack, options),
    }
    env.update({k: render(str(v), values, f"{stack.name} [environment]") for k, v in stack.environment.items()})
    return env


def _rendered_processes(stack: manifest.Manifest, values: dict, where: str) -> tuple:
    return tuple(
        manifest.Process(
            name=p.name,
            command=render(p.command, values, where),
            directory=render(p.directory, values, where),
            as_root=p.as_root,
            stopsignal=p.stopsignal,
            stopwaitsecs=p.stopwaitsecs,
            environment={k: render(str(v), values, where) for k, v in p.environment.items()},
        )
        for p in stack.processes
    )


def _display_url(url: str) -> str:
    """The URL as a person types it: localhost rather than 127.0.0.1."""
    return url.replace("//127.0.0.1:", "//localhost:")


def _state(stack: manifest.Manifest, values: dict, options: RunOptions, where: str) -> RunState:
    base_url = render(stack.probe.url, values, f"stacks/{stack.name} [probe]").rstrip("/")
    return RunState(
        stack=stack.name,
        pid=0,
        host=options.host,
        ports={p: values[p] for p in stack.ports},
        base_url=base_url,
        url=_display_url(base_url + "/"),
        probe=base_url + stack.probe.path,
        run=options.run_dir,
        cafile=render(stack.probe.cafile, values, stack.name),
        urls={k: _display_url(render(v, values, where)) for k, v in stack.urls.items()},
        overlay=str(options.overlay or ""),
        user=options.user,
    )


def plan(name: str, options: RunOptions) -> Plan:
    """Decide and render the start of stack ``name``; raise a StackError on any mistake."""
    stack = manifest.find(name)
    binaries = needs.check(stack, options.venv)
    supervisord = needs.find_binary("supervisord", options.venv)
    if not supervisord:
        raise StackError("supervisord is missing from the virtualenv: run 'make setup'")
    return rendered_plan(stack, options, binaries, supervisord)


def rendered_plan(stack: manifest.Manifest, options: RunOptions, binaries: dict, supervisord: str) -> Plan:
    """Render everything of ``stack`` with the paths of its needs already found (``bin_<name>``, ``venv_<name>``)."""
    name = stack.name
    where = f"stacks/{name}/stack.toml"
    values = template_values(stack, rundir.folders(options.run_dir, name), binaries, options)
    env = program_environment(stack, values, options)
    # For servers that clear a child's environment and pass on only named variables.
    values["environment_names"] = " ".join(env)
    files = {
        rendered: render(source.read_text(), values, os.path.relpath(source, ROOT))
        for rendered, source in overlay.sources(stack.templates, stack.folder, options.overlay).items()
    }
    return Plan(
        stack=stack,
        options=options,
        supervisord=supervisord,
        values=values,
        env=env,
        files=files,
        steps=tuple(replace(s, command=render(s.command, values, where)) for s in stack.prepare),
        environment_files=tuple(render(f, values, where) for f in stack.environment_files),
        processes=_rendered_processes(stack, values, where),
        state=_state(stack, values, options, where),
    )
