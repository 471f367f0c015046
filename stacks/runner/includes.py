"""Shared parts of manifests: ``include = ["common/nginx.toml"]``.

Seven stacks put nginx in front and three Apache httpd; the block that names
its binary, package, templates and process lives once, in a part under
stacks/common/, and a manifest includes it. A part is a manifest fragment,
checked by the same schema (it may not include others). Merging is simple:
a part's lists (templates, needs, processes, prepare steps) come before the
manifest's own; its tables (ports, environment, probe) and values are defaults
the manifest may override key by key.
"""

import os
import tomllib
from pathlib import Path

from stacks.runner.errors import StackError


def shown(path: Path) -> str:
    """A manifest's path as errors name it: relative to the checkout when inside it."""
    root = Path(__file__).resolve().parents[2]
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise StackError(f"{shown(path)}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise StackError(f"{shown(path)}: cannot be read ({exc.strerror})") from None


def _merge(base: dict, over: dict) -> dict:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = merged[key] + value
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _part(name, where: str, stacks_dir: Path, stack_folder: Path, check) -> dict:
    if not isinstance(name, str):
        raise StackError(f"{where}: include item {name!r} should be a string: a file under stacks/")
    path = (stacks_dir / name).resolve()
    if not path.is_relative_to(stacks_dir.resolve()) or not path.is_file():
        raise StackError(f'{where}: include {name!r} is not a file under stacks/ (e.g. "common/nginx.toml")')
    part = read(path)
    if "include" in part:
        raise StackError(f"{shown(path)}: a shared part may not include others")
    check(part, shown(path))  # the same schema as any manifest
    templates = [os.path.relpath(path.parent / t, stack_folder) for t in part.get("templates", [])]
    return {**part, **({"templates": templates} if templates else {})}


def merged(path: Path, stacks_dir: Path, check) -> dict:
    """The manifest at ``path`` with every part it includes merged in (parts first, in order)."""
    own = read(path)
    names = own.get("include", [])
    if not isinstance(names, list):
        return own  # the schema names the mistake
    result = {}
    for name in names:
        result = _merge(result, _part(name, shown(path), stacks_dir, path.parent, check))
    return _merge(result, own)
