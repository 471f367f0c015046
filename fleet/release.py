"""A release of the app for the fleet: a tarball of the code, named by what it contains.

    <fleet dir>/releases/<id>.tar.gz   hello/ (the app), gunicorn_conf.py (the lab's
                                       gunicorn settings), RELEASE (the id)
    <fleet dir>/requirements/server.lock.txt   what a real server's virtualenv holds:
                                       requirements/server.txt's part of the lab's lock,
                                       with hashes (the roles install it; the lab's own
                                       hosts share the project's virtualenv instead)

The id is the checkout's git revision and a digest of the code, so the same code
gives the same release (a second fleet-up ships nothing) and changed code a new one.
``RELEASE=name`` labels a release explicitly (make fleet-deploy RELEASE=name).
"""

import hashlib
import io
import subprocess
import tarfile

from fleet import paths
from stacks.runner import lock, variables

SERVER_REQUIREMENTS = paths.ROOT / "requirements" / "server.txt"

SOURCES = {
    "hello": paths.ROOT / "apps" / "hello",
    "gunicorn_conf.py": paths.ROOT / "interfaces" / "gunicorn" / "gunicorn_conf.py",
}


def _files():
    for name, source in SOURCES.items():
        if source.is_file():
            yield name, source
            continue
        for path in sorted(source.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                yield f"{name}/{path.relative_to(source)}", path


def release_id() -> str:
    if variables.chosen("RELEASE"):
        return variables.chosen("RELEASE")
    sha = hashlib.sha256()
    for name, path in _files():
        sha.update(name.encode() + b"\0" + path.read_bytes())
    rev = (
        subprocess.run(
            ["git", "-C", str(paths.ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        or "nogit"
    )
    return f"{rev}-{sha.hexdigest()[:8]}"


def write_server_pins() -> None:
    """The pins (with hashes) the roles install on real servers, from the same lock as the lab."""
    folder = paths.fleet_dir() / "requirements"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "server.lock.txt").write_text(lock.part_text(SERVER_REQUIREMENTS))


def build() -> str:
    """Write the release tarball (if missing) and the servers' pins; return the release id."""
    write_server_pins()
    rid = release_id()
    folder = paths.fleet_dir() / "releases"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{rid}.tar.gz"
    if not target.exists():
        with tarfile.open(target, "w:gz") as tar:
            for name, path in _files():
                tar.add(path, arcname=f"{rid}/{name}", recursive=False)
            data = (rid + "\n").encode()
            info = tarfile.TarInfo(f"{rid}/RELEASE")
            info.size, info.mode = len(data), 0o644
            tar.addfile(info, io.BytesIO(data))
    return rid
