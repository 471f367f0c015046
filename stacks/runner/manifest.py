"""Reading and checking ``stacks/<name>/stack.toml``.

A manifest is the whole description of a stack: what it is (for tables and
docs), what it needs installed, which ports it takes, which templates it
renders, the steps that prepare its persistent state before supervisord starts,
which processes supervisord runs and the probe that says it is up.

The dataclasses below are the schema, declared once: every key's type, default
and purpose (see schema.py). Keys the runner does not know are an error, so a
typo never passes silently. ``include`` pulls in shared parts from
stacks/common/ (see includes.py); docs/manifest-keys.md is generated from here.
"""

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path

from stacks.runner import includes, schema
from stacks.runner.errors import StackError
from stacks.runner.paths import STACKS_DIR
from stacks.runner.schema import ANY, PORT, SCALAR, spec

# How the app's code is run: what benchmarks group by and the tables show.
PROCESS_MODELS = ("per-request", "prefork", "threads", "prefork+threads", "event-loop", "prefork+event-loop", "none")
CHUNKED = ("echoed", "411", "400")  # what a chunked request body to /echo gets
CONTRACTS = ("full", "hello")  # the whole app contract, or only / and /json (no app behind)
NEED_KINDS = ("binary", "file", "python", "venv")
DEFAULT_PORT = 8080


@dataclass(frozen=True)
class Need:
    """One thing a stack needs installed (``[[needs]]``), and where it comes from: name exactly one of
    ``binary``, ``file``, ``python`` or ``venv``."""

    WHAT = "a need"
    ANCHOR = "needs"  # its section in docs/manifest-keys.md
    binary: str = field(
        default="",
        metadata=spec(
            "a program, looked up in the virtualenv, PATH and sbin; its path is the placeholder `bin_<name>`"
        ),
    )
    file: str = field(default="", metadata=spec("a file that must exist (an Apache module, say)"))
    python: str = field(default="", metadata=spec("a module the virtualenv's Python must import"))
    venv: str = field(
        default="",
        metadata=spec(
            "a virtualenv of its own, `.venv-<name>`, for a tool that pins "
            "its own dependencies; its folder is `venv_<name>`"
        ),
    )
    debian: str = field(
        default="", metadata=spec("the Debian package that provides it (installed by `make setup` as root)")
    )
    pypi: str = field(default="", metadata=spec("the PyPI package that provides it, when not its own name"))
    requirements: str = field(
        default="", metadata=spec("a venv need's pinned requirements file, relative to the checkout")
    )

    @property
    def kind(self) -> str:
        return next(k for k in NEED_KINDS if getattr(self, k))

    @property
    def name(self) -> str:
        return getattr(self, self.kind)

    def check(self, where: str) -> None:
        if sum(bool(getattr(self, k)) for k in NEED_KINDS) != 1:
            raise StackError(f"{where}: a need names exactly one of binary, file, python or venv")
        if (self.kind == "venv") != bool(self.requirements):
            raise StackError(f"{where}: a venv need names its requirements file, and only a venv need does")


@dataclass(frozen=True)
class Process:
    """One program supervisord runs for the stack (``[[process]]``; templated strings)."""

    WHAT = "a process"
    name: str = field(metadata=spec("the supervisord program name; its log is `logs/<name>.log`", required=True))
    command: str = field(metadata=spec("the command line, in the foreground", required=True))
    directory: str = field(default="{{ release }}", metadata=spec("its working directory"))
    as_root: bool = field(
        default=False,
        metadata=spec(
            "started by root, keep root (a web server master that "
            "drops its workers itself); otherwise the service account"
        ),
    )
    stopsignal: str = field(default="TERM", metadata=spec("the signal supervisord stops it with"))
    stopwaitsecs: int = field(default=10, metadata=spec("seconds between the stop signal and SIGKILL"))
    environment: dict = field(default_factory=dict, metadata=spec("variables for this program only", values=SCALAR))


@dataclass(frozen=True)
class Prepare:
    """One command run in order before supervisord starts (``[[prepare]]``; templated): sets up persistent state."""

    WHAT = "a prepare step"
    command: str = field(metadata=spec("the command, split like a shell would (no shell features)", required=True))
    as_root: bool = field(default=False, metadata=spec("run as root rather than the service account"))
    progress: bool = field(
        default=False, metadata=spec("its output is shown as it comes, besides going to the log (a long first build)")
    )
    timeout_seconds: int = field(default=300, metadata=spec("seconds the step may take before start-up fails"))


@dataclass(frozen=True)
class Probe:
    """The request that tells the stack is serving (``[probe]``): used by start, verify, tests, benchmarks."""

    WHAT = "a probe"
    path: str = field(default="/", metadata=spec("the path requested"))
    status: int = field(default=200, metadata=spec("the status it must answer"))
    body: str = field(default="Hello, World!", metadata=spec("the exact body it must answer"))
    url: str = field(
        default="http://{{ host }}:{{ port }}",
        metadata=spec("scheme, host and port the stack serves at (templated): the run state's `base_url`"),
    )
    cafile: str = field(default="", metadata=spec("the CA certificate that verifies a TLS stack (templated)"))


@dataclass(frozen=True)
class Knob:
    """One setting `make tune` may sweep (`[tunable.NAME]`): the placeholder `{{ NAME }}` in the stack's
    commands and templates, which renders to the shipped value unless a run chose another (`TUNE_NAME=`)."""

    WHAT = "a tunable knob"
    ANCHOR = "knob"
    doc: str = field(metadata=spec("what the knob does, in one sentence (the tuning page shows it)", required=True))
    shipped: object = field(metadata=spec("the value the stack ships with", required=True))
    values: tuple = field(metadata=spec("the values the sweep tries", items=SCALAR, required=True))
    quick: tuple = field(
        default=(),
        metadata=spec("the values a quick sweep (`QUICK=1`) tries; a knob without them stays shipped", items=SCALAR),
    )
    grid: bool = field(
        default=True,
        metadata=spec(
            "swept against every other grid knob (the product: the knee plot's axis, the heat map); `false`: tried "
            "one value at a time from the shipped configuration"
        ),
    )
    env: str = field(
        default="",
        metadata=spec(
            "delivered as this environment variable of every program, set only when a run chose a value (the "
            "server's own default is `shipped`), instead of as a placeholder"
        ),
    )

    def check(self, where: str) -> None:
        if not self.values:
            raise StackError(f"{where}: values is empty; list the values the sweep tries")
        if self.env and not self.env.replace("_", "").isalnum():
            raise StackError(f"{where}: env {self.env!r} is not an environment variable name")


@dataclass(frozen=True)
class Manifest:
    """A parsed, checked stack manifest: the top-level keys of ``stack.toml``."""

    WHAT = "a stack"
    name: str = field(metadata=spec("the folder's name", derived=True))
    folder: Path = field(metadata=spec("the stack's folder", derived=True))
    summary: str = field(default="", metadata=spec("one line: what the stack shows (tables, `make stacks`)"))
    front: str = field(default="", metadata=spec("the web server in front, if any (tables)"))
    interface: str = field(default="", metadata=spec("how the app is reached (tables)"))
    app_process: str = field(default="", metadata=spec("what runs the app's code (tables)"))
    process_model: str = field(
        default="none", metadata=spec("how the app's code is run: what benchmarks group by", choices=PROCESS_MODELS)
    )
    teaches: str = field(default="", metadata=spec("what the stack teaches, for its course page"))
    include: tuple = field(
        default=(),
        metadata=spec(
            "shared parts, files under stacks/ (`common/nginx.toml`): their lists come first, their other keys are "
            "defaults",
            items=str,
        ),
    )
    templates: tuple = field(
        default=(),
        metadata=spec("files rendered into `conf/` by their base name, relative to the stack's folder", items=str),
    )
    startup_seconds: float = field(default=20.0, metadata=spec("the deadline for the probe to pass at start"))
    ports: dict = field(
        default_factory=lambda: {"port": DEFAULT_PORT},
        metadata=spec(
            "ports by name: each is a placeholder and the variable of its upper-case name (`https_port`: "
            '`HTTPS_PORT`); `"auto"` picks a free one',
            values=PORT,
        ),
    )
    needs: tuple = field(default=(), metadata=spec("what must be installed", items=Need))
    prepare: tuple = field(default=(), metadata=spec("commands run in order before supervisord starts", items=Prepare))
    processes: tuple = field(default=(), metadata=spec("the programs supervisord runs", toml="process", items=Process))
    probe: Probe = field(default_factory=Probe, metadata=spec("the request that says the stack is up"))
    environment: dict = field(
        default_factory=dict, metadata=spec("variables for every program (templated)", values=SCALAR)
    )
    environment_files: tuple = field(
        default=(),
        metadata=spec(
            "KEY=VALUE files written by prepare steps, joined to every program's environment (templated)", items=str
        ),
    )
    urls: dict = field(default_factory=dict, metadata=spec("more URLs the run summary names (templated)", values=str))
    contract: str = field(
        default="full", metadata=spec("the whole app contract, or only / and /json (no app behind)", choices=CONTRACTS)
    )
    chunked_request: str = field(
        default="echoed", metadata=spec("what a chunked request body to /echo gets", choices=CHUNKED)
    )
    environ: dict = field(
        default_factory=dict, metadata=spec("keys /env must show, with their values (tests)", values=ANY)
    )
    websocket: bool = field(
        default=False, metadata=spec("serves the WebSocket echo at /ws (tests check it either way; tables show it)")
    )
    tunable: dict = field(
        default_factory=dict,
        metadata=spec(
            "the knobs `make tune` sweeps, by name (each a placeholder, or an environment variable)", values=Knob
        ),
    )


TABLES = {
    "stack.toml": Manifest,
    "[[needs]]": Need,
    "[[process]]": Process,
    "[[prepare]]": Prepare,
    "[probe]": Probe,
    "[tunable.NAME]": Knob,
}


def load(folder: Path) -> Manifest:
    """Parse and check one stack folder's manifest, its included parts merged in."""
    path = folder / "stack.toml"
    raw = includes.merged(
        path, STACKS_DIR, lambda table, where: schema.load(Manifest, table, where, name="", folder=folder)
    )
    where = includes.shown(path)
    stack = schema.load(Manifest, raw, where, name=folder.name, folder=folder)
    if "port" not in stack.ports:  # every stack serves on PORT
        stack = replace(stack, ports={**stack.ports, "port": DEFAULT_PORT})
    for template in stack.templates:
        if not (folder / template).is_file():
            raise StackError(f"{where}: template {template!r} is not a file in {folder.name}/")
    return stack


def discover() -> dict:
    """Every stack, by name, in name order: each folder of stacks/ with a stack.toml."""
    return {folder.name: load(folder) for folder in sorted(STACKS_DIR.iterdir()) if (folder / "stack.toml").is_file()}


def find(name: str) -> Manifest:
    """One stack by name, or an error that lists the stacks there are."""
    stacks = discover()
    if name not in stacks:
        close = difflib.get_close_matches(name, stacks, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise StackError(f"unknown stack {name!r}; {hint}the stacks are: {', '.join(stacks)}")
    return stacks[name]
