"""Checker for exercise 20: the student's script rebuilds the app's environment from the lock, exactly.

The lock is the app's part of requirements/lock.txt (versions and hashes, what
every production release installs). The checker runs ``rebuild.sh LOCK VENV``
twice into two new folders and once with a lock whose first hash was changed by
one character, then compares what was installed: the lock's versions and nothing
else, the same files in both builds, no system site-packages, and a refusal when
a downloaded file does not match its hash.

    python check.py path/to/rebuild.sh
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from course.tasks.checking import ROOT, Checks
from stacks.runner import lock

REQUIREMENTS = ROOT / "requirements" / "app.txt"
SECONDS = 300  # one build, from the pip cache or the registry
TOOLS = {"pip", "setuptools", "wheel"}  # what a new virtualenv holds by itself


def tampered(text: str) -> str:
    """The lock with its first hash changed by one character: a download that no longer matches."""
    at = text.index("--hash=sha256:") + len("--hash=sha256:")
    return text[:at] + ("0" if text[at] != "0" else "1") + text[at + 1 :]


def build(script: Path, lock_file: Path, venv: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/"), "LANG": "C.UTF-8"}  # pip's cache stays
    return subprocess.run(
        ["/bin/sh", str(script), str(lock_file), str(venv)], env=env, capture_output=True, text=True, timeout=SECONDS
    )


def installed(venv: Path) -> dict:
    """{distribution name: (version, its RECORD: every file with its hash)} of what the venv holds."""
    found = {}
    for record in sorted((venv / "lib").glob("python3*/site-packages/*.dist-info/RECORD")):
        name, _, version = record.parent.name.removesuffix(".dist-info").rpartition("-")
        if lock.normalized(name) not in TOOLS:
            found[lock.normalized(name)] = (version, record.read_text())
    return found


def pinned(text: str) -> dict:
    """{name: version} the lock text pins."""
    pins = {}
    for line in text.splitlines():
        head = line.split("\\")[0].strip()
        if "==" in head and not head.startswith("#"):
            name, version = head.split(";")[0].split("==")
            pins[lock.normalized(name.strip())] = version.strip()
    return pins


def main(path: str) -> int:
    script = Path(path).absolute()
    checks = Checks(f"exercise 20: rebuilding the app's environment with {path}")
    text = lock.part_text(REQUIREMENTS)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        good, bad = folder / "app.lock.txt", folder / "tampered.lock.txt"
        good.write_text(text)
        bad.write_text(tampered(text))
        builds = []
        for name in ("first", "second"):
            done = build(script, good, folder / name)
            if not checks.expect(
                done.returncode == 0,
                f"the {name} build from the lock succeeds",
                (done.stdout + done.stderr).strip()[-300:],
            ):
                return checks.finish()
            builds.append(installed(folder / name))
        versions = {name: version for name, (version, _) in builds[0].items()}
        checks.expect(
            versions == pinned(text),
            "the environment holds exactly the lock's versions, nothing else",
            f"installed {sorted(versions.items())}, the lock pins {sorted(pinned(text).items())}",
        )
        checks.expect(
            builds[0] == builds[1],
            "two builds hold the same files with the same hashes",
            f"they differ in {sorted(n for n in set(builds[0]) | set(builds[1]) if builds[0].get(n) != builds[1].get(n))}",
        )
        config = (folder / "first" / "pyvenv.cfg").read_text()
        checks.expect(
            "include-system-site-packages = false" in config,
            "the environment sees none of the system's site-packages (isolated)",
            "pyvenv.cfg says include-system-site-packages = true: packages outside the lock leak in",
        )
        done = build(script, bad, folder / "tampered")
        checks.expect(
            done.returncode != 0,
            "a lock whose hash does not match a download is refused",
            "the build succeeded although one hash was wrong: the hashes were never checked",
        )
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
