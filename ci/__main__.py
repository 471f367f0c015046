"""``python -m ci up|down|status|setup|checkconfig``: what the make ci-* targets run.

    up           start the Buildbot master and worker under supervisord (make ci-up)
    down         stop them and the staging stack; nothing of them is left running (make ci-down)
    status       what runs, where the UI is, the last builds (make ci-status)
    setup        build Buildbot's own virtualenv, .venv-buildbot (part of make setup)
    checkconfig  'buildbot checkconfig' on ci/master.cfg with throw-away settings and secrets

Settings come from the environment: CI_PORT (web UI, default 8310), CI_WORKER_PORT (8311),
STAGING_PORT / STAGING_HTTPS_PORT / STAGING_TRACKER_PORT / STAGING_PROMETHEUS_PORT (8320-8323),
CI_PROFILE (full: the whole fast test stage; quick: lint and a named selection), CI_AUTO_PROMOTE
(1: continuous deployment), CI_VERIFY_SECONDS (how long production is watched), LAB_CI_DIR, LAB_USER
(under root, the account the master and the build worker run as; default www-data). PIPELINE_RECORD=1
(make pipeline-measure) makes the pipeline's tests record their figures in benchmarks/results/.
"""

import argparse
import sys

from stacks.runner.errors import reported

COMMANDS = ("up", "down", "status", "setup", "checkconfig")


def run(command: str) -> int:
    if command == "setup":
        from ci import setup

        return setup.main()
    if command == "checkconfig":
        from ci import checkconfig

        return checkconfig.main()
    from ci import server

    return {"up": server.up, "down": server.down, "status": server.status}[command]()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ci",
        description=__doc__.splitlines()[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawTextHelpFormatter,
    )
    parser.add_argument("command", choices=COMMANDS)
    args = parser.parse_args(argv)
    return reported(run, args.command)


if __name__ == "__main__":
    sys.exit(main())
