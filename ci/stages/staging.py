"""Stage ``staging``: deploy the artefact to staging, exactly as ``make deploy`` deploys a release.

Staging (ci/staging.py) is the production stack with ``PYTHON_ENV=staging``, started once and
kept running between builds. The artefact's signature is checked, the tarball unpacked, and
``python -m stacks.production.deploy --source`` builds, checks and switches to it with a
graceful reload; a release that fails the deploy's own checks never becomes current, and the
previous one keeps serving. The release staging then runs must carry the artefact's digest.
"""

import os
import shutil

from ci import artefact, staging
from ci.stages import fail, python, result, run, settings
from stacks.runner.paths import ROOT


def main() -> None:
    config = settings()
    release_id = os.environ["CI_RELEASE_ID"]
    record = artefact.checked(ROOT / artefact.FOLDER, release_id)
    staging.ensure(config)
    before = staging.release(config)  # the release staging served until now: the build records it
    print(f"staging: serving {before.name if before else '(nothing yet)'}; deploying {release_id}")
    source = artefact.unpacked(ROOT / artefact.FOLDER / f"{release_id}.tar.gz", config.path / "sources")
    try:
        code = run(python(), "-m", "stacks.production.deploy", "--source", str(source), env=staging.environment(config))
    finally:
        shutil.rmtree(source.parent, ignore_errors=True)
    if code != 0:
        fail(
            f"the deploy to staging failed (exit {code}); staging still serves its previous release", staging_release=""
        )
    current = staging.release(config)
    digest = (current / "DIGEST").read_text().strip()
    if digest != record["digest"]:
        fail(
            f"staging's release {current.name} has digest {digest[:16]}, not the artefact's {record['digest'][:16]}",
            staging_release=current.name,
        )
    print(
        f"staging: {current.name} serves at {staging.running(config).base_url}/, digest {digest[:16]}... "
        "(the artefact's)"
    )
    result(staging_release=current.name, previous_staging_release=before.name if before else "")


if __name__ == "__main__":
    main()
