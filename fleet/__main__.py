"""``python -m fleet COMMAND``: what the make fleet-* targets run.

Namespaces need root: as an ordinary user each command that touches the hosts
refuses with one line. ``setup`` installs the fleet's Debian packages (make
setup); ``release`` builds a release tarball for real servers (no root needed:
set LAB_FLEET_DIR); ``bench --quick`` is a short fleet-bench that never writes
the committed figures.
"""

import argparse
import os
import sys

from stacks.runner import variables
from stacks.runner.errors import StackError, reported


def refuse_unless_root(target: str) -> None:
    if os.geteuid() != 0:
        raise StackError(
            f"{target}: the fleet's hosts are network namespaces, which need root: run 'sudo make {target}'"
        )


def cmd_setup(args) -> int:
    from fleet import setup

    return setup.main() or 0


def cmd_release(args) -> int:
    """For real servers: the tarball the app role unpacks, in LAB_FLEET_DIR."""
    from fleet import paths, release

    rid = release.build()
    print(f"release {rid}: {paths.fleet_dir() / 'releases' / (rid + '.tar.gz')}")
    return 0


def cmd_need_root(args) -> int:
    """The Makefile's check before it sets anything up."""
    refuse_unless_root(args.target)
    return 0


def on_the_hosts(args) -> int:
    """A command that acts on the namespace hosts: root first, then the command's own module."""
    refuse_unless_root(f"fleet-{args.command}")
    if args.command == "up":
        from fleet import up

        up.main()
    elif args.command == "down":
        from fleet import down

        down.main()
    elif args.command == "bench":
        from fleet import bench

        bench.main(quick=args.quick)
    elif args.command == "status":
        from fleet import status

        status.main()
    else:
        from fleet import deploy

        deploy.main(rollback=args.command == "rollback")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m fleet",
        description=__doc__.splitlines()[0],
        epilog=variables.help_text(variables.FLEET),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = top.add_subparsers(dest="command", required=True)
    for name, what in (
        ("up", "make the hosts and deploy everything on them with Ansible"),
        ("down", "remove every host, link, route, process and file the fleet made"),
        ("status", "the hosts, addresses, programs, the site's health from client"),
        ("deploy", "ship the checkout's release host by host, draining each at the load balancer"),
        ("rollback", "switch every app host back to its previous release"),
    ):
        sub.add_parser(name, help=what).set_defaults(func=on_the_hosts)
    bench = sub.add_parser("bench", help="wrk through the load balancer from client, and on the production stack")
    bench.add_argument("--quick", action="store_true", help="a short run whose figures are not kept")
    bench.set_defaults(func=on_the_hosts)
    sub.add_parser("setup", help="install the fleet's Debian packages (make setup)").set_defaults(func=cmd_setup)
    sub.add_parser("release", help="build a release tarball for real servers, in LAB_FLEET_DIR").set_defaults(
        func=cmd_release
    )
    need_root = sub.add_parser("need-root", help="refuse with one line unless root (the Makefile's check)")
    need_root.add_argument("target", nargs="?", default="fleet", help="the make target to name")
    need_root.set_defaults(func=cmd_need_root)
    return top


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    return reported(args.func, args)


if __name__ == "__main__":
    sys.exit(main())
