"""The faults ``make availability`` injects, one function each, named by faults.toml.

Each takes the :class:`Target` (the running stack and what its manifest says)
and the fault's table, does the damage through the same means an operator would
(a signal to a pid found in /proc, supervisord's XML-RPC, ``make deploy``,
slowhttptest), and returns facts worth recording beside the load's numbers.
It returns once the damage is done; the harness watches the load recover.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from benchmarks.shared import slowhttp, stack_start, traffic
from stacks.runner import manifest, proctree, supervise
from stacks.runner.paths import ROOT

ATTACKER = "127.0.0.1"  # the load comes from 127.0.0.2 on: see traffic.py


@dataclass
class Target:
    """A stack under test: how to reach it, its manifest, the run's knobs."""

    started: stack_start.Started
    stack: manifest.Manifest
    knobs: dict

    @property
    def app_program(self) -> str:
        """The supervisord program that runs the app: the process named as the manifest's app_process."""
        wanted = self.stack.app_process.split(" ")[0].lower()
        return next((p.name for p in self.stack.processes if p.name.lower() == wanted), "")

    def rpc(self):
        return supervise.rpc(self.started.run).supervisor

    def pid(self, program: str) -> int:
        return int(self.rpc().getProcessInfo(program)["pid"])

    def get(self, path: str, source: str = "", timeout: float = 10) -> tuple:
        return traffic.fetch(self.started.base_url, path, self.started.state.cafile, timeout, source)


def applies(stack: manifest.Manifest, when: dict) -> bool:
    """Whether a fault's ``when`` holds for a stack, from its manifest alone."""
    programs = {p.name for p in stack.processes}
    checks = {
        "process_model": lambda v: stack.process_model in v,
        "program": lambda v: v in programs,
        "tool": lambda v: (stack.folder / v).is_file(),
        "contract": lambda v: stack.contract == v,
    }
    wanted_app = stack.app_process.split(" ")[0].lower()
    has_app = any(p.name.lower() == wanted_app for p in stack.processes)
    return has_app and all(checks[key](value) for key, value in when.items())


def _wait_running(target: Target, program: str, old_pid: int, seconds: float = 30) -> float:
    """Seconds until supervisord runs ``program`` under a new pid again."""
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        info = target.rpc().getProcessInfo(program)
        if info["statename"] == "RUNNING" and info["pid"] not in (0, old_pid):
            return round(time.monotonic() - began, 3)
        time.sleep(0.05)
    return None


def kill_worker(target: Target, fault: dict) -> dict:
    workers = proctree.children(target.pid(target.app_program))
    if not workers:
        return {"note": "the app server had no worker to kill"}
    os.kill(workers[0], signal.SIGKILL)
    return {"killed_pid": workers[0]}


def kill_app(target: Target, fault: dict) -> dict:
    program = target.app_program
    pid = target.pid(program)
    os.kill(pid, signal.SIGKILL)
    return {"killed_pid": pid, "program_back_s": _wait_running(target, program, pid)}


def reload_app(target: Target, fault: dict) -> dict:
    target.rpc().signalProcess(target.app_program, "HUP")
    return {}


def reload_program(target: Target, fault: dict) -> dict:
    target.rpc().signalProcess(fault["when"]["program"], "HUP")
    return {}


def _run_tool(target: Target, fault: dict, *args) -> dict:
    """Run the stack's own tool (``when.tool``, a module in its folder) as a person would."""
    module = f"stacks.{target.stack.name}.{fault['when']['tool'].removesuffix('.py')}"
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=target.started.command_line_environment(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    last = (done.stdout + done.stderr).strip().splitlines()[-1:] or [""]
    return {"exit": done.returncode, "took_s": round(time.monotonic() - began, 1), "said": last[0][:200]}


def deploy(target: Target, fault: dict) -> dict:
    return _run_tool(target, fault)


def rollback(target: Target, fault: dict) -> dict:
    return _run_tool(target, fault, "--rollback")


def stop_program(target: Target, fault: dict) -> dict:
    """Stop a backing service, check what the app answers meanwhile, start it again."""
    program = fault["when"]["program"]
    target.rpc().stopProcess(program)
    time.sleep(1)
    answers = {}
    for path, expected in fault.get("expect_while_down", {}).items():
        try:
            status, body = target.get(path, traffic.source_address(0))
        except OSError as exc:
            status, body = 0, str(exc).encode()
        answers[path] = {"status": status, "expected": expected, "body": body[:120].decode(errors="replace")}
    time.sleep(max(0.0, float(fault.get("down_s", 3)) - 1))
    target.rpc().startProcess(program)
    return {"while_down": answers}


def kill_program(target: Target, fault: dict) -> dict:
    program = fault["when"]["program"]
    pid = target.pid(program)
    os.kill(pid, signal.SIGKILL)
    return {"killed_pid": pid, "program_back_s": _wait_running(target, program, pid)}


def slow_clients(target: Target, fault: dict) -> dict:
    attack = slowhttp.Attack("slow-headers", int(target.knobs["slow_connections"]), int(target.knobs["slow_seconds"]))
    held = slowhttp.finish(slowhttp.start(attack, target.started.base_url + "/"), attack)
    return {"connections": attack.connections, "seconds": attack.seconds, "attack": held}


def slow_burst(target: Target, fault: dict) -> dict:
    """``burst`` concurrent GET /slow?seconds=N from the attacker's address; what they got."""
    seconds = target.knobs["burst_seconds"]
    got = []

    def one() -> None:
        try:
            got.append(target.get(f"/slow?seconds={seconds}", ATTACKER, timeout=seconds + 30)[0])
        except OSError as exc:
            got.append(type(exc).__name__)

    threads = [threading.Thread(target=one, daemon=True) for _ in range(int(target.knobs["burst"]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 40)
    counts = {}
    for status in got:
        counts[str(status)] = counts.get(str(status), 0) + 1
    return {"requests": len(threads), "seconds": seconds, "answers": counts}


# What faults.toml's ``action`` may name: a misspelled action is a one-line error when the file is read.
ACTIONS = {
    action.__name__: action
    for action in (
        kill_worker,
        kill_app,
        reload_app,
        reload_program,
        deploy,
        rollback,
        stop_program,
        kill_program,
        slow_clients,
        slow_burst,
    )
}
