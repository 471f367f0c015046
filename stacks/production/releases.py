"""Releases of the app in the production stack's state folder, and the ``current`` link.

    <state>/releases/<UTC time>-<git revision>/   hello/ (code), requirements.lock.txt (app.txt's
                                                  part of the lock, hashes), venv (a link to its
                                                  environment), RELEASE (its id), DIGEST
    <state>/venvs/<lock digest>/                  the virtualenv of that lock, hash-checked
    <state>/current -> releases/<id>              what gunicorn serves (its chdir and path)

gunicorn itself runs from the stack's virtualenv: it is the process manager's
layer and must survive a reload. Its workers put the release's code and the
release's own site-packages first on their path, so a deploy that changes the
app's dependencies ships them with the code, and a rollback takes them back.

A release's virtualenv is keyed by the digest of the lock it installs: a release whose
pins are those of an earlier one links to the environment that one built, so a deploy
that changes only code builds no virtualenv (what a well-kept deploy tool does: an
unchanged environment is reused, a changed lock gets a new one). An environment is
never changed once built and stays while any kept release links to it, so a rollback
gets back exactly the packages it ran with.

A release is built from a source folder (the run directory's release copy) and
never changed afterwards; the ``current`` link is switched atomically (a new
link renamed over the old one), so a worker sees either the old release or the
new one, never half of each. Standard library only: the runner calls ``ensure``
before the stack starts, and ``make deploy`` uses the same functions.

    python3 releases.py STATE_DIR SOURCE_DIR ensure
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

CODE = ("hello",)
REQUIREMENTS = Path("requirements") / "app.txt"  # relative to the checkout
LOCKED = "requirements.lock.txt"  # in the release: what its virtualenv holds
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc")
KEEP_DEFAULT = 5
ENVIRONMENTS = "venvs"  # in the state folder: one virtualenv per lock digest, shared by the releases of that lock


def pins(checkout: Path) -> str:
    """The app's dependencies as the lock pins them, with hashes (requirements/app.txt's part of it)."""
    if str(checkout) not in sys.path:
        sys.path.insert(0, str(checkout))
    from stacks.runner import lock

    return lock.part_text(checkout / REQUIREMENTS)


def digest(source: Path, checkout: Path) -> str:
    """A hash of the code and pinned dependencies a release is made of, to tell whether a new one is needed."""
    sha = hashlib.sha256(pins(checkout).encode())
    for name in CODE:
        for path in sorted((source / name).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                sha.update(str(path.relative_to(source)).encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def revision(checkout: Path) -> str:
    result = subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return result.stdout.strip() if result.returncode == 0 else "nogit"


def current(state: Path) -> Path | None:
    link = state / "current"
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def build(state: Path, source: Path, checkout: Path, reuse_environment: bool = True) -> Path:
    """A new release folder from ``source`` (not yet current). Its virtualenv is the lock's shared one
    (``reuse_environment``), or one of its own inside the release (an image layer that must hold it whole)."""
    os.umask(0o022)  # the service account reads every file of it
    release_id = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(build_time())) + "-" + revision(checkout)
    folder = state / "releases" / release_id
    suffix = 1
    while folder.exists():
        suffix += 1
        folder = state / "releases" / f"{release_id}.{suffix}"
    tmp = folder.with_name(folder.name + ".building")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name in CODE:
        shutil.copytree(source / name, tmp / name, ignore=IGNORE)
    (tmp / LOCKED).write_text(pins(checkout))
    if reuse_environment:
        (tmp / "venv").symlink_to(Path("..") / ".." / ENVIRONMENTS / environment(state, tmp / LOCKED).name)
    else:
        make_venv(tmp / "venv", tmp / LOCKED)
    (tmp / "RELEASE").write_text(folder.name + "\n")
    (tmp / "DIGEST").write_text(digest(source, checkout) + "\n")
    for path in [tmp, *(tmp / name for name in CODE), *(p for name in CODE for p in (tmp / name).rglob("*"))]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    tmp.rename(folder)
    os.chmod(folder.parent, 0o755)
    return folder


def build_time() -> float:
    """Now, or SOURCE_DATE_EPOCH when set: a reproducible build (the container image) names its
    release after the commit's time, so the same commit gives the same release id."""
    return float(os.environ.get("SOURCE_DATE_EPOCH") or time.time())


def make_venv(venv: Path, requirements: Path) -> None:
    """The release's own virtualenv with the app's pinned dependencies (pip, from its cache or the index)."""
    subprocess.run(["/usr/bin/python3", "-m", "venv", str(venv)], check=True)
    result = subprocess.run(
        [
            str(venv / "bin" / "pip"),
            "install",
            "-q",
            "--disable-pip-version-check",
            "--require-hashes",
            "--no-deps",
            "-r",
            str(requirements),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"pip could not install {requirements} into {venv}:\n{result.stdout}{result.stderr}")


def environment_key(requirements: Path) -> str:
    return hashlib.sha256(requirements.read_bytes()).hexdigest()[:20]


def environment(state: Path, requirements: Path) -> Path:
    """The virtualenv of this lock, built the first time a release needs it (into a temporary
    folder, renamed into place when complete: a half-built one is never used) and reused after."""
    folder = state / ENVIRONMENTS
    venv = folder / environment_key(requirements)
    if (venv / "bin" / "python").exists():
        print(f"releases: the lock is unchanged: reusing its virtualenv {ENVIRONMENTS}/{venv.name}")
        return venv
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o755)
    tmp = folder / f"{venv.name}.building-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    make_venv(tmp, requirements)
    try:
        tmp.rename(venv)
    except OSError:  # another deploy built it meanwhile: use that one
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"releases: a new lock: built its virtualenv {ENVIRONMENTS}/{venv.name}")
    return venv


def site_packages(release: Path) -> Path:
    """Where the release's virtualenv keeps its packages (the same Python as the stack's)."""
    return release / "venv" / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"


def switch(state: Path, release: Path) -> None:
    """Point ``current`` at ``release`` atomically."""
    tmp = state / "current.new"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(Path("releases") / release.name)
    os.replace(tmp, state / "current")


def releases(state: Path) -> list:
    """Every finished release, oldest first."""
    folder = state / "releases"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and (p / "RELEASE").is_file())


def prune(state: Path, keep: int = KEEP_DEFAULT) -> list:
    """Remove the oldest releases beyond ``keep``, never the current one; return those removed."""
    live = current(state)
    old = [r for r in releases(state) if r != live][: max(0, len(releases(state)) - keep)]
    for release in old:
        shutil.rmtree(release)
    in_use = {(r / "venv").resolve() for r in releases(state)}
    folder = state / ENVIRONMENTS
    for venv in sorted(folder.iterdir()) if folder.is_dir() else []:
        if ".building-" not in venv.name and venv.resolve() not in in_use:
            shutil.rmtree(venv)  # no kept release runs on it any more
    return old


def ensure(state: Path, source: Path, checkout: Path) -> Path:
    """Keep the current release when it holds the same code as ``source``, else make and switch to a new one."""
    live = current(state)
    if live and (live / "DIGEST").is_file() and (live / "DIGEST").read_text().strip() == digest(source, checkout):
        print(f"releases: serving the current release {live.name}")
        return live
    release = build(state, source, checkout)
    switch(state, release)
    prune(state)
    print(f"releases: made and switched to {release.name}")
    return release


def main(argv=None) -> None:
    """The production stack's prepare step: ``releases.py STATE SOURCE ensure`` (standard library only:
    it runs under the interpreter the stack's prepare step names, without the lab's packages)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("state_dir", type=Path, help="the stack's state folder")
    parser.add_argument("source_dir", type=Path, help="the app to release (the run folder's release copy)")
    parser.add_argument("command", choices=["ensure"], help="make a release and switch to it unless one is current")
    args = parser.parse_args(argv)
    ensure(args.state_dir, args.source_dir, Path(__file__).resolve().parents[2])


if __name__ == "__main__":
    main()
