"""Starting, stopping and inspecting the one running stack.

Nothing here knows a stack by name: everything comes from its manifest. A
start that fails stops whatever it started, so nothing is left half-running.
"""

import json
import os
import re
import shutil
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

from stacks.runner import account, manifest, needs, overlay, ports, prepare, probe, proctree, rundir, supervise
from stacks.runner.errors import StackError
from stacks.runner.paths import APP_DIR, ROOT, reachable, run_base, venv_dir
from stacks.runner.render import render

SYSTEM_PYTHON = "/usr/bin/python3"
LOG_TAIL_LINES = 15


def _state_file(base: Path) -> Path:
    return base / "state.json"


def read_state(base: Path) -> dict:
    """What runs from ``base``, or {} when nothing does."""
    try:
        state = json.loads(_state_file(base).read_text())
    except (OSError, ValueError):
        return {}
    return state if supervise.pid_alive(state.get("pid", 0)) else {}


def port_value(name: str, default) -> int | str:
    raw = os.environ.get(name.upper(), default)
    if raw == "auto":
        return raw
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 65535:
        raise StackError(f"{name.upper()}={raw!r} is not a port number; use a whole number from 1 to 65535")
    return value


def app_environment_keys() -> list:
    """The app's configuration keys, as environment variable names, from its own config file."""
    import tomllib

    config = APP_DIR / "config" / "development.toml"
    try:
        keys = tomllib.loads(config.read_text())
    except (OSError, ValueError):
        return []
    return sorted(key.upper() for key in keys)


def template_values(stack: manifest.Manifest, folders: dict, binaries: dict, host: str) -> dict:
    """Everything a manifest or template may name as ``{{ name }}``."""
    user, group = account.service_account()
    venv = reachable(venv_dir())
    values = {
        "stack": stack.name,
        "root": ROOT,
        "venv": venv,
        "python": venv / "bin" / "python",
        "system_python": SYSTEM_PYTHON,
        "host": host,
        "user": user,
        "group": group,
        "python_env": os.environ.get("PYTHON_ENV", "development"),
        "cpus": len(os.sched_getaffinity(0)),
        **folders,
        **binaries,
    }
    for name, default in stack.ports.items():
        value = port_value(name, default)
        values[name] = ports.pick_free(host) if value == "auto" else value
    return values


def _environment(stack: manifest.Manifest, values: dict) -> dict:
    env = {
        "PYTHON_ENV": values["python_env"],
        "PYTHONPATH": values["release"],
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "HOST": values["host"],
        "PORT": values["port"],
    }
    env.update({k: os.environ[k] for k in app_environment_keys() if k in os.environ and k != "PORT"})
    env.update({k: render(str(v), values, f"{stack.name} [environment]") for k, v in stack.environment.items()})
    return env


def _rendered_processes(stack: manifest.Manifest, values: dict) -> list:
    where = f"stacks/{stack.name}/stack.toml"
    return [
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
    ]


def _probe_url(stack: manifest.Manifest, values: dict) -> str:
    return render(stack.probe.url, values, f"stacks/{stack.name} [probe]") + stack.probe.path


def _display_url(url: str) -> str:
    """The URL as a person types it: localhost rather than 127.0.0.1."""
    return url.replace("//127.0.0.1:", "//localhost:")


def _log_tail(path: str, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return "    (no log yet)"
    return "\n".join("    " + line for line in text[-lines:]) or "    (log is empty)"


CAUSE = re.compile(r"(\w+(Error|Exception): |\[emerg\]|\[crit\]|\[alert\]|^error: |^config: |AH\d{5}: |No such file)")


def _likely_causes(path: str, most: int = 4) -> str:
    """Distinct lines of a log that read like the reason a program failed.

    A crashing program restarted by supervisord buries its first error under
    repeated tracebacks; these lines bring it up next to the log tail.
    """
    try:
        text = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return ""
    found = []
    for line in text:
        if CAUSE.search(line) and line.strip() not in found and "HaltServer" not in line:
            found.append(line.strip())
    return "\n".join("    " + line for line in found[-most:])


def _failure_details(run: Path) -> tuple:
    """(names of failing programs, their log tails) after a failed start."""
    try:
        infos = supervise.programs(run)
    except Exception:  # supervisord itself is gone: show its own log
        return "supervisord", _log_tail(str(run / "logs" / "supervisord.log"))
    failing = [i for i in infos if i["statename"] != "RUNNING"] or infos
    names = ", ".join(i["name"] for i in failing)
    tails = "\n".join(
        f"  {i['name']} ({i['statename']}), end of {i['stdout_logfile']}:\n{_log_tail(i['stdout_logfile'])}"
        + (f"\n  likely cause:\n{causes}" if (causes := _likely_causes(i["stdout_logfile"])) else "")
        for i in failing
    )
    return names, tails


def _died_early(run: Path):
    def check() -> str:
        try:
            infos = supervise.programs(run)
        except Exception:
            return "supervisord stopped"
        dead = [i["name"] for i in infos if i["statename"] in ("FATAL", "EXITED")]
        return f"{', '.join(dead)} exited during start-up" if dead else ""

    return check


def _settle(run: Path, seconds: float = 3) -> str:
    """After the probe passes, wait for every program to count as started (startsecs)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        states = {i["name"]: i["statename"] for i in supervise.programs(run)}
        if all(s == "RUNNING" for s in states.values()):
            return ""
        bad = [n for n, s in states.items() if s not in ("RUNNING", "STARTING")]
        if bad:
            return f"{', '.join(bad)} stopped right after start-up"
        time.sleep(0.1)
    return "programs did not settle: " + ", ".join(f"{n} {s}" for n, s in states.items())


def start(name: str, base: Path | None = None, keep_failed: bool = False) -> dict:
    """Start stack ``name``; return its state. Stops a running stack first.

    A stack that fails its probe is stopped before the error is raised, unless
    ``keep_failed``: a troubleshooting lab leaves it running so the symptom can be
    seen (``make status``, curl, ``make logs``), and ``make stop-stack`` ends it.
    """
    base = base or run_base()
    stack = manifest.find(name)
    binaries = needs.check(stack)
    supervisord = needs.find_binary("supervisord")
    if not supervisord:
        raise StackError("supervisord is missing from the virtualenv: run 'make setup'")
    running = read_state(base)
    if running:
        print(f"stopping the running stack {running['stack']!r} first")
        stop(base)
    host = os.environ.get("HOST", "127.0.0.1")
    folders = rundir.prepare(base)
    folders["state"] = rundir.state_folder(base, name)
    values = template_values(stack, folders, binaries, host)
    # For servers that clear a child's environment and pass on only named variables.
    values["environment_names"] = " ".join(_environment(stack, values))
    for port_name in stack.ports:
        ports.ensure_free(values[port_name], host, port_name)
    overlaid = overlay.folder()
    for rendered, source in overlay.sources(stack.templates, stack.folder, overlaid).items():
        (folders["conf"] / rendered).write_text(render(source.read_text(), values, os.path.relpath(source, ROOT)))
    where = f"stacks/{name}/stack.toml"
    env = _environment(stack, values)
    steps = [manifest.Prepare(render(s.command, values, where), s.as_root) for s in stack.prepare]
    prepare.run_steps(steps, {**os.environ, **{k: str(v) for k, v in env.items()}}, base,
                      folders["logs"] / "prepare.log")
    env.update(prepare.read_environment_files([render(f, values, where) for f in stack.environment_files]))
    conf = folders["conf"] / "supervisord.conf"
    prepare.private_write(conf, supervise.config(_rendered_processes(stack, values), env, base))
    pid = supervise.start(supervisord, conf, base)
    state = {
        "stack": name,
        "pid": pid,
        "host": host,
        "ports": {p: values[p] for p in stack.ports},
        "url": _display_url(_probe_url(stack, values).removesuffix(stack.probe.path) + "/"),
        "probe": _probe_url(stack, values),
        "cafile": render(stack.probe.cafile, values, name),
        "urls": {k: _display_url(render(v, values, where)) for k, v in stack.urls.items()},
        "run": str(base),
        "overlay": str(overlaid or ""),
        "started": time.time(),
    }
    _state_file(base).write_text(json.dumps(state, indent=2))
    reason = probe.wait(state["probe"], stack.probe.status, stack.probe.body, stack.startup_seconds,
                        state["cafile"], _died_early(base))
    if not reason:
        reason = _settle(base)
    if reason:
        names, tails = _failure_details(base)
        if keep_failed:
            state["failed"] = reason
            _state_file(base).write_text(json.dumps(state, indent=2))
        else:
            stop(base, quiet=True)
        raise StackError(f"stack {name!r} did not start: {names}: {reason}", tails)
    return state


def _kill_leftovers(pids: list) -> list:
    """SIGKILL, by pid, any process of ours still alive; return those that were."""
    left = [p for p in pids if supervise.pid_alive(p)]
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return left


@dataclass
class Stopped:
    """What a stop did: the stack's name ('' when none ran) and what it had to clean up.

    ``problems`` (processes that outlived supervisord, ports still held) make
    ``make stop-stack`` fail; ``sockets`` the servers left in var/ are removed
    with it, and ``orphans`` (already outside supervisord's tree) ended, and both
    only reported.
    """

    stack: str = ""
    problems: list = field(default_factory=list)
    sockets: list = field(default_factory=list)
    orphans: list = field(default_factory=list)  # processes whose parent had died (a killed master's workers)

    def __bool__(self) -> bool:
        return bool(self.stack)


def stop(base: Path | None = None, quiet: bool = False) -> Stopped:
    """Stop the running stack and check nothing of it is left."""
    base = base or run_base()
    state = read_state(base)
    if not state:
        _state_file(base).unlink(missing_ok=True)
        return Stopped()
    tree = proctree.descendants(state["pid"])
    supervise.shutdown(base, state["pid"])
    deadline = time.monotonic() + 10
    while any(supervise.pid_alive(p) for p in tree) and time.monotonic() < deadline:
        time.sleep(0.05)
    result = Stopped(state["stack"])
    leftovers = _kill_leftovers(tree)
    if leftovers:
        result.problems.append(f"killed {len(leftovers)} process(es) that outlived supervisord: {leftovers}")
    result.orphans = _kill_leftovers(proctree.of_run(base))
    for port in state["ports"].values():
        if not ports.wait_free(port, state["host"], 10):
            result.problems.append(f"port {port} is still held by {ports.holder(port) or 'something'}")
    result.sockets = sorted(str(p.relative_to(base)) for p in (base / "var").rglob("*") if p.is_socket())
    for leftover in ("var", "supervisor.sock", "supervisord.pid"):
        path = base / leftover
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    _state_file(base).unlink(missing_ok=True)
    if result.problems and not quiet:
        print("warning: " + "; ".join(result.problems))
    return result


def describe(state: dict) -> str:
    """The run summary: URL, processes with pids and owners, logs, how to stop."""
    base = Path(state["run"])
    stack = manifest.find(state["stack"])
    infos = supervise.programs(base)
    lines = [f"Stack {state['stack']!r} is up at {state['url']}", f"  {stack.summary}"]
    lines.extend(f"  {name}: {url}" for name, url in state.get("urls", {}).items())
    if state.get("overlay"):
        lines.append(f"  templates replaced by the overlay in {state['overlay']}")
    if state.get("cafile"):
        lines.append(f"  its certificate authority: {state['cafile']} (curl --cacert {state['cafile']} {state['url']})")
    lines.append("  processes:")
    for info in infos:
        pid = info["pid"]
        children = proctree.descendants(pid) if pid else []  # pid 0: not running (FATAL, STOPPED)
        shown = ", ".join(map(str, children[:8])) + (", ..." if len(children) > 8 else "")
        lines.append(
            f"    {info['name']:<10} {info['statename']:<8} pid {pid} as {proctree.owner(pid)}"
            + (f"; {len(children)} child process(es) as {proctree.owner(children[0])}: {shown}" if children else "")
        )
    lines.append("  logs:")
    lines.extend(f"    {log}" for log in sorted((base / "logs").glob("*.log")))
    lines.append(f"  rendered configs: {base / 'conf'}")
    lines.append("  stop it with: make stop-stack")
    return "\n".join(lines)
