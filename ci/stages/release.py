"""Stage ``release``: build the artefact once (the fleet's release tarball), sign it, record it.

The release id is fleet/release.py's: the commit and a digest of the code, so the same commit
always gives the same id and the same digest. The master keeps the tarball and its record
(the pipeline uploads both); every later stage takes them from there.
"""

import json
import os
import subprocess

from ci import artefact
from ci.stages import result
from fleet import release
from stacks.production import releases
from stacks.runner.paths import APP_DIR, ROOT


def main() -> None:
    folder = ROOT / artefact.FOLDER
    os.environ["LAB_FLEET_DIR"] = str(ROOT / "artefact-build")  # where fleet/release.py writes
    os.environ.pop("RELEASE", None)  # the id comes from the code, never from a label
    release_id = release.build()
    built = ROOT / "artefact-build" / "releases" / f"{release_id}.tar.gz"
    folder.mkdir(exist_ok=True)
    tarball = folder / built.name
    os.replace(built, tarball)
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    record = {
        "release_id": release_id,
        "commit": commit,
        "digest": releases.digest(APP_DIR.parent, ROOT),
        "build": os.environ.get("CI_BUILD", ""),
        "signature": artefact.signature(tarball),
    }
    artefact.record_path(folder, release_id).write_text(json.dumps(record, indent=2) + "\n")
    print(
        f"release: built {tarball.name} ({tarball.stat().st_size} bytes) from {commit[:10]}, digest "
        f"{record['digest'][:16]}..., signed"
    )
    result(release_id=release_id, commit=commit, digest=record["digest"])


if __name__ == "__main__":
    main()
