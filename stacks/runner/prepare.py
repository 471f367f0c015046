"""Prepare steps: commands a manifest runs, in order, before supervisord starts.

A stack whose services keep state across stop and start (a database, a local
certificate authority, releases) sets that state up here, once, in its state
folder ``{{ state }}``, which the runner never wipes. Steps run as the service
account unless ``as_root``, so what they create is owned by whoever serves it.
A step may write ``KEY=VALUE`` files the manifest names in ``environment_files``;
their values join the environment of every program (generated secrets, a DSN),
so nothing secret is written into a template or the checkout.
"""

import os
import pwd
import shlex
import subprocess
import threading
from pathlib import Path

from stacks.runner import account
from stacks.runner.errors import StackError

OUTPUT_TAIL_LINES = 15


def run_steps(steps: list, env: dict, cwd: Path, log: Path, user: str = "www-data") -> None:
    """Run rendered prepare steps in order (as the service account ``user`` unless a step is
    ``as_root``); the first failure stops start-up with its output."""
    with log.open("a") as out:
        for step in steps:
            identity = {}
            if account.is_root() and not step.as_root:
                name, group = account.service_account(user)
                identity = {"user": name, "group": group, "extra_groups": []}
                env = {**env, "HOME": pwd.getpwnam(name).pw_dir, "USER": name}
            out.write(f"$ {step.command}\n")
            out.flush()
            try:
                returncode = _run(step, env, cwd, out, identity)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise StackError(f"prepare step failed: {step.command}: {exc}") from None
            if returncode != 0:
                out.flush()
                tail = log.read_text(errors="replace").splitlines()[-OUTPUT_TAIL_LINES:]
                raise StackError(
                    f"prepare step exited with {returncode}: {step.command}; log: {log}",
                    "\n".join("    " + line for line in tail),
                )


def _run(step, env: dict, cwd: Path, out, identity: dict) -> int:
    """Run one step into ``out``; a ``progress`` step's lines are shown as they come too."""
    command = shlex.split(step.command)
    if not step.progress:
        return subprocess.run(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=step.timeout_seconds, **identity
        ).returncode
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        **identity,
    ) as process:
        deadline = threading.Timer(step.timeout_seconds, process.terminate)
        deadline.start()
        try:
            for line in process.stdout:
                out.write(line)
                print("  " + line, end="", flush=True)
            returncode = process.wait()
        finally:
            expired = not deadline.is_alive()
            deadline.cancel()
    if expired:
        raise subprocess.TimeoutExpired(command, step.timeout_seconds)
    return returncode


def read_environment_files(paths: list) -> dict:
    """KEY=VALUE lines of each file (blank lines and # comments skipped)."""
    values = {}
    for path in paths:
        try:
            lines = Path(path).read_text().splitlines()
        except OSError as exc:
            raise StackError(
                f"environment file {path} could not be read ({exc.strerror}); a prepare step should have written it"
            ) from None
        for line in lines:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip()
    return values


def private_write(path: Path, text: str) -> None:
    """Write a file only its owner can read (supervisord's config carries those values)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.chmod(path, 0o600)
