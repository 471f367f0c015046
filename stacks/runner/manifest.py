"""Reading and checking ``stacks/<name>/stack.toml``.

A manifest is the whole description of a stack: what it is (for tables and
docs), what it needs installed, which ports it takes, which templates it
renders, the steps that prepare its persistent state before supervisord starts,
which processes supervisord runs and the probe that says it is up.
Keys the runner does not know are an error, so a typo never passes silently.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from stacks.runner.errors import StackError
from stacks.runner.paths import STACKS_DIR

NUMBER = (int, float)
# Every key a manifest may use, with the TOML type its value must have.
TOP_KEYS = {
    "summary": str, "front": str, "interface": str, "app_process": str, "templates": list,
    "startup_seconds": NUMBER, "ports": dict, "needs": list, "process": list, "probe": dict,
    "environment": dict, "teaches": str, "contract": str, "environ": dict, "chunked_request": str,
    "prepare": list, "environment_files": list, "urls": dict, "process_model": str,
}
# How the app's code is run: what benchmarks group by and the tables show.
PROCESS_MODELS = {"per-request", "prefork", "threads", "prefork+threads", "event-loop", "prefork+event-loop", "none"}
CHUNKED = {"echoed", "411", "400"}  # what a chunked request body to /echo gets
CONTRACTS = {"full", "hello"}  # the whole app contract, or only / and /json (no app behind)
NEED_KEYS = dict.fromkeys(("binary", "file", "python", "venv", "debian", "pypi", "requirements"), str)
PREPARE_KEYS = {"command": str, "as_root": bool}
PROCESS_KEYS = {
    "name": str, "command": str, "directory": str, "as_root": bool, "stopsignal": str,
    "environment": dict, "stopwaitsecs": int,
}
PROBE_KEYS = {"path": str, "status": int, "body": str, "url": str, "cafile": str}
TYPE_WORDS = {str: "a string", list: "a list", dict: "a table", bool: "true or false", int: "a whole number",
              NUMBER: "a number"}


@dataclass(frozen=True)
class Need:
    """One thing a stack needs installed, and where it comes from."""

    kind: str  # "binary", "file", "python" or "venv" (a virtualenv of its own)
    name: str
    debian: str = ""
    pypi: str = ""
    requirements: str = ""  # a venv's pinned requirements file, relative to the checkout


@dataclass(frozen=True)
class Process:
    """One program supervisord runs for the stack (templated strings)."""

    name: str
    command: str
    directory: str = "{{ release }}"
    as_root: bool = False
    stopsignal: str = "TERM"
    stopwaitsecs: int = 10
    environment: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Prepare:
    """One command run in order before supervisord starts (templated): sets up persistent state."""

    command: str
    as_root: bool = False


@dataclass(frozen=True)
class Probe:
    """The request that tells the stack is serving: used by start, verify, tests, benchmarks."""

    path: str = "/"
    status: int = 200
    body: str = "Hello, World!"
    url: str = "http://{{ host }}:{{ port }}"
    cafile: str = ""


@dataclass(frozen=True)
class Manifest:
    """A parsed, checked stack manifest."""

    name: str
    folder: Path
    summary: str
    front: str
    interface: str
    app_process: str
    templates: tuple
    startup_seconds: float
    ports: dict
    needs: tuple
    processes: tuple
    probe: Probe
    environment: dict
    teaches: str
    contract: str
    environ: dict
    chunked_request: str
    prepare: tuple = ()
    environment_files: tuple = ()  # KEY=VALUE files written by prepare steps, read at start
    urls: dict = field(default_factory=dict)  # more URLs the run summary names (templated)
    process_model: str = "none"


def _check_keys(where: str, table, allowed: dict) -> None:
    """Unknown keys and values of the wrong type are errors naming the file and the key."""
    if not isinstance(table, dict):
        raise StackError(f"{where}: must be a table, not {table!r}")
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise StackError(
            f"{where}: unknown key {unknown[0]!r}; known keys: {', '.join(sorted(allowed))}"
        )
    for key, value in table.items():
        expected = allowed[key]
        wrong_bool = isinstance(value, bool) and expected is not bool
        if wrong_bool or not isinstance(value, expected):
            raise StackError(f"{where}: {key} = {value!r} should be {TYPE_WORDS[expected]}")


def _choice(where: str, key: str, value: str, allowed: set) -> str:
    if value not in allowed:
        raise StackError(f"{where}: {key} {value!r} is not one of {', '.join(sorted(allowed))}")
    return value


def _need(where: str, raw: dict) -> Need:
    _check_keys(where, raw, NEED_KEYS)
    kinds = [k for k in ("binary", "file", "python", "venv") if k in raw]
    if len(kinds) != 1:
        raise StackError(f"{where}: a need names exactly one of binary, file, python or venv")
    kind = kinds[0]
    if (kind == "venv") != ("requirements" in raw):
        raise StackError(f"{where}: a venv need names its requirements file, and only a venv need does")
    return Need(kind, str(raw[kind]), str(raw.get("debian", "")), str(raw.get("pypi", "")),
                str(raw.get("requirements", "")))


def _prepare(where: str, raw: dict) -> Prepare:
    _check_keys(where, raw, PREPARE_KEYS)
    if "command" not in raw:
        raise StackError(f"{where}: a prepare step needs a command")
    return Prepare(**raw)


def _process(where: str, raw: dict) -> Process:
    _check_keys(where, raw, PROCESS_KEYS)
    if "name" not in raw or "command" not in raw:
        raise StackError(f"{where}: a process needs a name and a command")
    return Process(**raw)


def load(folder: Path) -> Manifest:
    """Parse and check one stack folder's manifest."""
    path = folder / "stack.toml"
    where = str(path.relative_to(STACKS_DIR.parent)) if path.is_relative_to(STACKS_DIR.parent) else str(path)
    try:
        raw = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise StackError(f"{where}: not valid TOML: {exc}") from None
    _check_keys(where, raw, TOP_KEYS)
    probe = raw.get("probe", {})
    _check_keys(f"{where} [probe]", probe, PROBE_KEYS)
    processes = tuple(
        _process(f"{where} [[process]] #{i + 1}", p) for i, p in enumerate(raw.get("process", []))
    )
    for template in raw.get("templates", []):
        if not (folder / template).is_file():
            raise StackError(f"{where}: template {template!r} is not a file in {folder.name}/")
    contract = _choice(where, "contract", raw.get("contract", "full"), CONTRACTS)
    ports = dict(raw.get("ports", {}))
    ports.setdefault("port", 8080)
    for name, value in ports.items():
        if value != "auto" and (isinstance(value, bool) or not isinstance(value, int)):
            raise StackError(f"{where} [ports]: {name} = {value!r} should be a port number or \"auto\"")
    return Manifest(
        name=folder.name,
        folder=folder,
        summary=raw.get("summary", ""),
        front=raw.get("front", ""),
        interface=raw.get("interface", ""),
        app_process=raw.get("app_process", ""),
        templates=tuple(raw.get("templates", [])),
        startup_seconds=float(raw.get("startup_seconds", 20)),
        ports=ports,
        needs=tuple(_need(f"{where} [[needs]] #{i + 1}", n) for i, n in enumerate(raw.get("needs", []))),
        processes=processes,
        probe=Probe(**probe),
        environment=dict(raw.get("environment", {})),
        teaches=raw.get("teaches", ""),
        contract=contract,
        environ=dict(raw.get("environ", {})),
        chunked_request=_choice(where, "chunked_request", raw.get("chunked_request", "echoed"), CHUNKED),
        prepare=tuple(_prepare(f"{where} [[prepare]] #{i + 1}", p) for i, p in enumerate(raw.get("prepare", []))),
        environment_files=tuple(raw.get("environment_files", [])),
        urls=dict(raw.get("urls", {})),
        process_model=_choice(where, "process_model", raw.get("process_model", "none"), PROCESS_MODELS),
    )


def discover() -> dict:
    """Every stack, by name, in name order: each folder of stacks/ with a stack.toml."""
    return {
        folder.name: load(folder)
        for folder in sorted(STACKS_DIR.iterdir())
        if (folder / "stack.toml").is_file()
    }


def find(name: str) -> Manifest:
    """One stack by name, or an error that lists the stacks there are."""
    stacks = discover()
    if name not in stacks:
        raise StackError(f"unknown stack {name!r}; the stacks are: {', '.join(stacks)}")
    return stacks[name]
