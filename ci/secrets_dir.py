"""The CI server's secrets: one file each in ``<ci dir>/secrets`` (mode 0600), made at ``make ci-up``.

Buildbot reads them with its ``SecretInAFile`` provider; a step gets one only as
``util.Secret(NAME)``, which Buildbot renders into the command at the last moment and masks
in every log it keeps. None of them is ever put in the worker's environment, which the worker
would print at the top of each step's log. They are kept across restarts (the passwords people
log in with stay the same) and removed by nothing but deleting the folder.
"""

import os
import secrets
from pathlib import Path

# name -> what it is for
NAMES = {
    "worker-password": "the build worker's password to the master",
    "deploy-worker-password": "the deploy worker's password to the master",
    "change-hook-password": "what the bare repository's post-receive hook sends to the master",
    "developer-password": "the web UI's 'developer' account: sees everything, starts the delivery pipeline",
    "release-manager-password": "the web UI's 'release-manager' account: may also promote to production",
    "release-signing-key": "the key the release stage signs each artefact with, checked before every deploy",
}


def ensure(folder: Path) -> dict:
    """Make the folder and any secret missing from it; return {name: value}."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    values = {}
    for name in NAMES:
        path = folder / name
        if not path.is_file():
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(24) + "\n")
        values[name] = path.read_text().strip()
    return values


def read(folder: Path) -> dict:
    """{name: value} of every secret there is."""
    return {p.name: p.read_text().strip() for p in sorted(folder.iterdir()) if p.is_file()} if folder.is_dir() else {}
