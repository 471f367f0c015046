"""Every environment variable the lab's command lines read, declared once.

A person steers ``make run-stack`` and the other targets with variables
(``make run-stack PORT=8081``): make passes them on, and each command line reads
them here, once, into its options (``RunOptions.from_environ``). Below the
command lines nothing reads the environment to be steered; Python callers pass
``RunOptions``. Each command line's ``--help`` lists the ones it reads from this
declaration (``python -m stacks run --help``, ``python -m fleet --help``,
``python -m benchmarks --help``, ``python -m course.tasks.exercise --help``), and
tests/unit/test_variables_declared.py fails on any read of a name not declared
here; the app's own settings
(``REDIS_URL``, ``MAX_BODY_BYTES``, ...) are declared by the app
(apps/hello/config/settings.toml) and handed on to it.
"""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    """One environment variable: its name, its default ('' for none), what it chooses, who reads it."""

    name: str
    default: str
    means: str
    read_by: str


RUNNER = "python -m stacks (make run-stack, stop-stack, status, logs, environ-table)"
FLEET = "python -m fleet (make fleet-*)"
BENCH = "python -m benchmarks (make bench, load, slow-clients, availability, hostile, tune)"
CHECKERS = "python -m course.tasks (make check, lab-start, lab-check, progress)"
TOOLS = "the production stack's tools (make deploy, rollback) and python -m stacks.container.image (make image)"
VARIABLES = (
    Variable("PORT", "8080", "the stack's main port", RUNNER),
    Variable(
        "*_PORT", "", "another port a manifest names (HTTPS_PORT, TRACKER_PORT, ...; default: the manifest's)", RUNNER
    ),
    Variable("HOST", "127.0.0.1", "the address the stack listens on", RUNNER),
    Variable("PYTHON_ENV", "development", "the app's configuration: development, test, staging or production", RUNNER),
    Variable(
        "LAB_RUN_DIR",
        "/tmp/interface-lab-<uid>",
        "the run directory: rendered configs, logs, sockets, state",
        RUNNER + "; the production tools; locust",
    ),
    Variable(
        "LAB_STATE_DIR",
        "",
        "where what must survive lives (the lab's CA, the tracker's database, releases); default "
        "/var/lib/interface-lab/stacks as root, $XDG_STATE_HOME/interface-lab/stacks (~/.local/state/...) "
        "as a user, inside LAB_RUN_DIR when that is set",
        RUNNER,
    ),
    Variable("LAB_OVERLAY", "", "a folder of files replacing same-named templates of the stack", RUNNER),
    Variable(
        "TUNE_*",
        "",
        "a value for a knob the stack's manifest declares tunable (TUNE_WORKERS=6: its "
        "[tunable.workers]; default: the shipped value)",
        RUNNER + "; make tune",
    ),
    Variable("LAB_USER", "www-data", "the account servers run as when started by root", RUNNER),
    Variable(
        "VENV", "", "the project's virtualenv (default: the checkout's .venv)", RUNNER + "; python -m stacks setup"
    ),
    Variable(
        "KEEP_RELEASES",
        "",
        "how many releases a deploy keeps, older ones pruned (default: releases.KEEP_DEFAULT)",
        TOOLS,
    ),
    Variable(
        "IMAGE_CACHE",
        "",
        "where the image's base tarball, .deb files and stages are kept; default /var/cache/interface-lab/image "
        "as root, ~/.cache/interface-lab/image as a user",
        TOOLS,
    ),
    Variable("LAB_FLEET_DIR", "/run/interface-lab-fleet", "the fleet's own files: keys, TLS, releases, records", FLEET),
    Variable(
        "FLEET_INVENTORY",
        "",
        "the inventory to build from and act on (default: the one fleet-up last built from, else the lab's)",
        FLEET,
    ),
    Variable(
        "RELEASE", "", "the id of the release to build (default: a digest of the code and the git revision)", FLEET
    ),
    Variable("FLEET_RECORD", "", "1: this run's figures replace the committed benchmarks/results/fleet.json", FLEET),
    Variable(
        "LAB_FLEET_RESULTS", "", "where a run's fleet figures go when not committed (default: in LAB_FLEET_DIR)", FLEET
    ),
    Variable(
        "BENCH_RESULTS",
        "",
        "the folder results go to (default: benchmarks/results for a full run, benchmarks/scratch otherwise)",
        BENCH,
    ),
    Variable(
        "LOCUST_THINK",
        "",
        "seconds each locust user waits between requests (default: the load settings' range; make load THINK=)",
        BENCH + "; locust -f benchmarks/locustfile.py",
    ),
    Variable(
        "CHECK_RESULTS", "", "a file a checker also writes its checks to, as JSON (make progress sets it)", CHECKERS
    ),
)
BY_NAME = {variable.name: variable for variable in VARIABLES}


def get(name: str, environ=None) -> str:
    """The value of declared variable ``name`` in ``environ`` (default: this process), else its default."""
    variable = BY_NAME[name]  # a KeyError here: declare the variable above first
    return (os.environ if environ is None else environ).get(name, variable.default)


def chosen(name: str, environ=None) -> str:
    """The value a person set for declared variable ``name``, or '' when unset: for a variable
    whose default is computed by its reader (LAB_RUN_DIR's ``<uid>``), not a literal."""
    BY_NAME[name]  # noqa: B018  (a KeyError here: declare the variable above first)
    return (os.environ if environ is None else environ).get(name, "")


def help_text(reader: str = RUNNER) -> str:
    """The variables command line ``reader`` (RUNNER, FLEET, BENCH, CHECKERS, TOOLS) reads, as its
    ``--help`` shows them, one a line."""
    read = [v for v in VARIABLES if reader in v.read_by]
    width = max(len(v.name) for v in read)
    lines = [
        "environment variables (declared in stacks/runner/variables.py; make passes them on: make ... NAME=value):"
    ]
    lines += [f"  {v.name:<{width}}  {v.means}" + (f" (default {v.default})" if v.default else "") for v in read]
    if reader == RUNNER:
        lines.append("  and the app's settings (REDIS_URL, MAX_BODY_BYTES, ...: apps/hello/config/settings.toml)")
    return "\n".join(lines)
