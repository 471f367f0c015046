"""Stage ``smoke``: is staging, on the new release, fit for production?

``check-deploy`` (stacks/production/check_deploy.py) goes through the production checklist
against staging, and a steady load (fleet/load.py, the fleet tests' own) runs for a few seconds:
any failed request, or any failed item, stops the pipeline here and production is untouched.
"""

import json
import os
import subprocess
import sys

from ci import staging
from ci.stages import fail, python, result, run, settings
from stacks.runner.paths import ROOT

LOAD_SECONDS = 8
LOAD_RATE = 25


def main() -> None:
    config = settings()
    state = staging.running(config)
    if not state:
        fail("staging is not running")
    code = run(python(), "-m", "stacks.production.check_deploy", env=staging.environment(config))
    if code != 0:
        fail(f"check-deploy failed on staging (exit {code})", smoke_failed=-1)
    https_port = str(config.ports["STAGING_HTTPS_PORT"])
    load = subprocess.run(
        [
            sys.executable,
            str(ROOT / "fleet" / "load.py"),
            "--host",
            "localhost",
            "--port",
            https_port,
            "--cafile",
            state.cafile,
            "--rate",
            str(LOAD_RATE),
            "--seconds",
            str(LOAD_SECONDS),
            "--post-every",
            "5",
        ],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=120,
    )
    summary = json.loads(load.stdout.strip().splitlines()[-1])
    print(
        f"smoke: {summary['sent']} requests in {summary['seconds']} s to staging, {summary['failed']} failed; "
        f"slowest {summary['slowest_seconds']} s"
    )
    for failure in summary["failures"]:
        print(f"  failed at {failure['at']} s: {failure['error']}")
    if summary["failed"]:
        fail(
            f"{summary['failed']} of {summary['sent']} requests failed on staging: the release goes no further",
            smoke_failed=summary["failed"],
        )
    result(smoke_requests=summary["sent"], smoke_failed=0)


if __name__ == "__main__":
    main()
