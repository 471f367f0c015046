"""The pipeline's artefact: the fleet's release tarball, built once per commit, with a record.

    artefact/<release id>.tar.gz   what production's rolling deploy unpacks (fleet/release.py builds it)
    artefact/<release id>.json     commit, release id, digest, signature

The digest is the one ``make deploy`` gives a release of the same code (stacks/production/
releases.py: the app's files and its pinned requirements), so staging's release and the
artefact can be compared by it. The signature is an HMAC of the tarball with the release-signing
key, a Buildbot secret: staging and production check it before they deploy, so what reaches
production is the very file the release stage built, not a rebuild and not a substitute.
"""

import hashlib
import hmac
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

FOLDER = "artefact"  # in the build's checkout; the master keeps a copy in its artefacts/


def key() -> bytes:
    value = os.environ.get("CI_SIGNING_KEY", "")
    if not value:
        raise SystemExit(
            "ci: error: no release-signing key in CI_SIGNING_KEY (the pipeline passes it as a Buildbot secret)"
        )
    return value.encode()


def signature(tarball: Path) -> str:
    return hmac.new(key(), tarball.read_bytes(), hashlib.sha256).hexdigest()


def record_path(folder: Path, release_id: str) -> Path:
    return folder / f"{release_id}.json"


def checked(folder: Path, release_id: str) -> dict:
    """The artefact's record, once its tarball is found to be the one the release stage signed."""
    tarball = folder / f"{release_id}.tar.gz"
    try:
        record = json.loads(record_path(folder, release_id).read_text())
    except (OSError, ValueError):
        raise SystemExit(f"ci: error: no record of release {release_id!r} in {folder}") from None
    if record.get("release_id") != release_id or not tarball.is_file():
        raise SystemExit(f"ci: error: artefact {release_id!r} is incomplete in {folder}")
    if not hmac.compare_digest(signature(tarball), record.get("signature", "")):
        raise SystemExit(f"ci: error: the signature of {tarball.name} does not match: refusing to deploy it")
    return record


def unpacked(tarball: Path, into: Path) -> Path:
    """The tarball's release folder (``<id>/hello``, ...), unpacked under ``into``."""
    into.mkdir(parents=True, exist_ok=True)
    target = Path(tempfile.mkdtemp(prefix="release-", dir=into))
    with tarfile.open(tarball) as tar:
        members = tar.getmembers()
        unsafe = [
            m.name
            for m in members
            if not (m.isfile() or m.isdir()) or m.name.startswith("/") or ".." in Path(m.name).parts
        ]
        if unsafe:
            raise SystemExit(f"ci: error: {tarball.name} holds entries outside its folder or links: {unsafe[:3]}")
        tar.extractall(target, members)  # Debian 12's Python 3.11 has no extraction filters yet: checked above
    found = [p for p in target.iterdir() if (p / "hello").is_dir()]
    if len(found) != 1:
        shutil.rmtree(target, ignore_errors=True)
        raise SystemExit(f"ci: error: {tarball.name} holds no release folder with hello/")
    return found[0]
