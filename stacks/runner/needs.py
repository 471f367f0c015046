"""Checking that what a stack needs is installed, and saying how to install it."""

import importlib.util
import os
import shutil
from pathlib import Path

from stacks.runner.errors import StackError
from stacks.runner.manifest import Manifest, Need
from stacks.runner.paths import venv_dir

SYSTEM_BIN_DIRS = ("/usr/sbin", "/sbin", "/usr/local/sbin")


def find_binary(name: str) -> str:
    """The absolute path of a program: the virtualenv first, then PATH, then sbin."""
    search = os.pathsep.join(
        [str(venv_dir() / "bin"), os.environ.get("PATH", ""), *SYSTEM_BIN_DIRS]
    )
    return shutil.which(name, path=search) or ""


def _present(need: Need) -> bool:
    if need.kind == "binary":
        return bool(find_binary(need.name))
    if need.kind == "file":
        return Path(need.name).exists()
    return importlib.util.find_spec(need.name) is not None


def how_to_install(need: Need) -> str:
    """The command that installs a missing need."""
    if need.debian:
        return f"apt-get install {need.debian} (or 'make setup' as root)"
    return f"pip install {need.pypi or need.name} into the virtualenv ('make setup')"


def check(manifest: Manifest) -> dict:
    """Fail on the first missing need; return ``{"bin_<name>": path}`` for binaries."""
    binaries = {}
    for need in manifest.needs:
        if not _present(need):
            source = f"Debian package {need.debian}" if need.debian else f"PyPI package {need.pypi or need.name}"
            raise StackError(
                f"stack {manifest.name!r} needs {need.name} ({source}), which is missing: "
                f"run {how_to_install(need)}"
            )
        if need.kind == "binary":
            binaries["bin_" + need.name.replace("-", "_").replace(".", "_")] = find_binary(need.name)
    return binaries


def debian_packages(manifests) -> list:
    """Every Debian package the given stacks name, sorted, once each."""
    return sorted({need.debian for m in manifests for need in m.needs if need.debian})
