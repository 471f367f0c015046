"""``python -m fleet up|down|status|deploy|rollback``: what the make fleet-* targets run.

Namespaces need root: as an ordinary user each of these refuses with one line.
``setup`` installs the fleet's Debian packages (make setup); ``release`` builds a
release tarball for real servers (no root needed: set LAB_FLEET_DIR); ``bench
--quick`` is a short fleet-bench that never writes the committed figures.
"""

import os
import sys

COMMANDS = ("up", "down", "status", "deploy", "rollback", "bench", "setup", "need-root", "release")


def refuse_unless_root(target: str) -> None:
    if os.geteuid() != 0:
        raise SystemExit(f"{target}: error: the fleet's hosts are network namespaces, which need root: "
                         f"run 'sudo make {target}'")


def main(argv: list) -> None:
    command, options = (argv[0], argv[1:]) if argv else ("", [])
    allowed = not options or (len(options) == 1 and (command == "need-root" or options == ["--quick"] and command == "bench"))
    if command not in COMMANDS or not allowed:
        raise SystemExit(f"usage: python -m fleet {{{'|'.join(COMMANDS)}}} (bench [--quick])")
    if command == "setup":
        from fleet import setup
        return setup.main()
    if command == "release":  # for real servers: the tarball the app role unpacks, in LAB_FLEET_DIR
        from fleet import paths, release
        rid = release.build()
        return print(f"release {rid}: {paths.fleet_dir() / 'releases' / (rid + '.tar.gz')}")
    if command == "need-root":  # the Makefile's check before it sets anything up
        return refuse_unless_root(argv[1] if len(argv) > 1 else "fleet")
    refuse_unless_root(f"fleet-{command}")
    if command == "up":
        from fleet import up
        up.main()
    elif command == "down":
        from fleet import down
        down.main()
    elif command == "bench":
        from fleet import bench
        bench.main(quick=argv[1:] == ["--quick"])
    elif command == "status":
        from fleet import status
        status.main()
    else:
        from fleet import deploy
        deploy.main(rollback=command == "rollback")


if __name__ == "__main__":
    main(sys.argv[1:])
