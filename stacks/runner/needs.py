"""Checking that what a stack needs is installed, and saying how to install it."""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

from stacks.runner.errors import StackError
from stacks.runner.manifest import Manifest, Need
from stacks.runner.paths import extra_venv_dir, reachable, venv_dir

SYSTEM_BIN_DIRS = ("/usr/sbin", "/sbin", "/usr/local/sbin")


def find_binary(name: str, venv: Path | None = None) -> str:
    """The absolute path of a program: the virtualenv first, then PATH, then sbin."""
    search = os.pathsep.join([str(reachable(venv_dir(venv)) / "bin"), os.environ.get("PATH", ""), *SYSTEM_BIN_DIRS])
    return shutil.which(name, path=search) or ""


def _present(need: Need, venv: Path | None) -> bool:
    if need.kind == "binary":
        return bool(find_binary(need.name, venv))
    if need.kind == "file":
        return Path(need.name).exists()
    if need.kind == "venv":
        return (extra_venv_dir(need.name, venv) / "bin" / "python").exists()
    return _importable_in_venv(need.name, venv)


def _importable_in_venv(module: str, venv: Path | None) -> bool:
    """Whether the virtualenv's Python (not necessarily the runner's) can import ``module``."""
    python = venv_dir(venv) / "bin" / "python"
    if Path(sys.executable).absolute() == python.absolute():
        return importlib.util.find_spec(module) is not None
    if not python.exists():
        return False
    check = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return subprocess.run([str(python), "-c", check], capture_output=True).returncode == 0


def how_to_install(need: Need) -> str:
    """The command that installs a missing need."""
    if need.debian:
        return f"'sudo apt-get install -y {need.debian}' (or 'sudo make setup')"
    if need.kind == "venv":
        return "'make setup', which builds it from " + need.requirements
    return f"pip install {need.pypi or need.name} into the virtualenv ('make setup')"


def placeholder_key(name: str) -> str:
    """A need's name as it appears in a placeholder: bin_<key>, venv_<key>."""
    return name.replace("-", "_").replace(".", "_")


def _source(need: Need) -> str:
    if need.kind == "venv":
        return f"a virtualenv from {need.requirements}"
    return f"Debian package {need.debian}" if need.debian else f"PyPI package {need.pypi or need.name}"


def check(manifest: Manifest, venv: Path | None = None) -> dict:
    """Fail on the first missing need; return ``{"bin_<name>": path}`` for binaries and
    ``{"venv_<name>": folder}`` for virtualenvs of their own (beside ``venv``, default the checkout's)."""
    binaries = {}
    for need in manifest.needs:
        if not _present(need, venv):
            source = _source(need)
            raise StackError(
                f"stack {manifest.name!r} needs {need.name} ({source}), which is missing: run {how_to_install(need)}"
            )
        if need.kind == "binary":
            binaries["bin_" + placeholder_key(need.name)] = find_binary(need.name, venv)
        if need.kind == "venv":
            binaries["venv_" + placeholder_key(need.name)] = reachable(extra_venv_dir(need.name, venv))
    return binaries


def debian_packages(manifests) -> list:
    """Every Debian package the given stacks name, sorted, once each."""
    return sorted({need.debian for m in manifests for need in m.needs if need.debian})


def extra_venvs(manifests) -> dict:
    """Every virtualenv of its own the given stacks name: {name: requirements file}."""
    return {need.name: need.requirements for m in manifests for need in m.needs if need.kind == "venv"}
