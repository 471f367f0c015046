"""The lock: every version the project installs, with hashes, in generated files only.

``requirements/*.txt`` name packages (and the floors advisories set), never versions.
``make lock`` compiles ``dev.txt``, which includes every target's file, into
``requirements/lock.txt`` with uv (``uv pip compile --generate-hashes``); a
requirements file that ``dev.txt`` does not include is a virtualenv of its own
(``bugsink.txt``) and gets a lock of its own (``bugsink.lock.txt``). A second run
keeps every version the lock already has (uv prefers the output file's pins);
``make lock UPGRADE=1`` moves to the newest.

A target installs its part of a lock: the packages its file names (and the files it
includes), and what they need, read from the lock's ``# via`` lines, with
``--require-hashes --no-deps`` (Debian 12's pip cannot take hashes from a constraints
file). Standard library only: it runs before the virtualenv exists.
"""

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from stacks.runner.errors import StackError
from stacks.runner.paths import ROOT

REQUIREMENTS_DIR = ROOT / "requirements"
MAIN = REQUIREMENTS_DIR / "dev.txt"
MAIN_LOCK = REQUIREMENTS_DIR / "lock.txt"
LOCK_SUFFIX = ".lock.txt"
# The machines the lab supports (Debian 12: CPython 3.11, glibc 2.36, x86_64).
PLATFORM = ["--python-version", "3.11", "--python-platform", "x86_64-manylinux_2_36"]
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def normalized(name: str) -> str:
    """A distribution name as PEP 503 compares them (``Flask_Login`` is ``flask-login``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _lines(path: Path):
    for raw in path.read_text().splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            yield line


def includes(path: Path) -> list:
    """``path`` and every file it includes with ``-r``, recursively, each once."""
    found = [path]
    for line in _lines(path):
        if line.startswith("-r "):
            for included in includes(path.parent / line[3:].strip()):
                if included not in found:
                    found.append(included)
    return found


def requirements_in(path: Path) -> dict:
    """``{normalized name: requirement as written}`` that ``path`` itself names (not its includes)."""
    named = {}
    for line in _lines(path):
        match = NAME.match(line)
        if match and not line.startswith("-"):
            named[normalized(match.group())] = line
    return named


def is_lock(path: Path) -> bool:
    return path == MAIN_LOCK or path.name.endswith(LOCK_SUFFIX)


def lock_of(requirements: Path) -> Path:
    """The lock a requirements file installs from."""
    if requirements in includes(MAIN):
        return MAIN_LOCK
    return requirements.with_name(requirements.name.removesuffix(".txt") + LOCK_SUFFIX)


def lock_inputs() -> list:
    """What ``make lock`` compiles: dev.txt, and every file that is a virtualenv of its own."""
    main = includes(MAIN)
    others = sorted(p for p in REQUIREMENTS_DIR.glob("*.txt") if not is_lock(p) and p not in main)
    return [MAIN, *others]


@dataclass
class Entry:
    """One pinned package of a lock: its text (pin and hashes) and who needs it."""

    name: str
    version: str
    text: list = field(default_factory=list)
    via_files: set = field(default_factory=set)
    via_packages: set = field(default_factory=set)


def entries(lock: Path) -> dict:
    """``{normalized name: Entry}`` of a lock uv wrote."""
    found, current, in_via = {}, None, False
    for raw in lock.read_text().splitlines():
        if raw and not raw[0].isspace() and not raw.startswith("#"):
            name, _, version = raw.split(" ")[0].partition("==")
            current = found[normalized(name)] = Entry(normalized(name), version, [raw])
            in_via = False
        elif current and raw.startswith("    --hash"):
            current.text.append(raw)
        elif current and raw.strip().startswith("# via"):
            in_via = True
            _add_via(current, raw.strip().removeprefix("# via").strip())
        elif current and in_via and raw.strip().startswith("#"):
            _add_via(current, raw.strip().lstrip("#").strip())
    return found


def _add_via(entry: Entry, who: str) -> None:
    if who.startswith("-r "):
        entry.via_files.add((ROOT / who[3:]).resolve())
    elif who and not who.startswith("-"):
        entry.via_packages.add(normalized(who))


def part(requirements: Path) -> list:
    """The lock's entries a requirements file needs: what it and its includes name, and theirs."""
    files = {p.resolve() for p in includes(requirements)}
    pinned = entries(lock_of(requirements))
    chosen = {name for name, entry in pinned.items() if entry.via_files & files}
    missing = {n for f in files for n in requirements_in(f)} - set(pinned)
    if missing:
        raise StackError(
            f"{lock_of(requirements).relative_to(ROOT)} lacks {', '.join(sorted(missing))}: "
            "run 'make lock' after changing a requirements file"
        )
    return with_dependencies(pinned, chosen)


def with_dependencies(pinned: dict, chosen: set) -> list:
    """The entries of ``chosen`` (normalized names in ``pinned``, a lock's entries) and of what they need."""
    chosen = set(chosen)
    grew = True
    while grew:
        grew = False
        for name, entry in pinned.items():
            if name not in chosen and entry.via_packages & chosen:
                chosen.add(name)
                grew = True
    return [pinned[name] for name in sorted(chosen)]


def part_text(requirements: Path) -> str:
    """A requirements file of pins with hashes: ``requirements``' part of its lock."""
    header = (
        f"# {requirements.name}'s part of {lock_of(requirements).name} (generated; install with --require-hashes)\n"
    )
    return header + "".join("\n".join(entry.text) + "\n" for entry in part(requirements))


def compile_command(uv: str, requirements: Path, output: Path, upgrade: bool = False) -> list:
    """The uv command that writes ``output`` from ``requirements``."""
    return [
        uv,
        "pip",
        "compile",
        "--quiet",
        "--generate-hashes",
        *PLATFORM,
        "--custom-compile-command",
        "make lock",
        *(["--upgrade"] if upgrade else []),
        "-o",
        str(output.relative_to(ROOT)),
        str(requirements.relative_to(ROOT)),
    ]


def write(uv: str, upgrade: bool = False) -> None:
    """Regenerate every lock (``make lock``)."""
    for requirements in lock_inputs():
        output = lock_of(requirements)
        print(f"lock: {requirements.relative_to(ROOT)} -> {output.relative_to(ROOT)}", flush=True)
        result = subprocess.run(compile_command(uv, requirements, output, upgrade), cwd=ROOT)
        if result.returncode != 0:
            raise StackError(f"uv could not resolve {requirements.relative_to(ROOT)}; see its output above")
