"""``python -m course [--check]``: rewrite every generated page from its sources (make tables).

The pages and what each is made from are registered in course/registry.py; with
``--check`` nothing is written and the exit status says whether any page is stale.
"""

import argparse
import sys

from course import registry
from stacks.runner.errors import reported


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if a generated page is stale")
    return reported(tables, parser.parse_args(argv))


def tables(args) -> int:
    stale = registry.update(check=args.check)
    if args.check and stale:
        print(f"stale generated files: {', '.join(map(str, stale))}: run 'make tables'")
        return 1
    for path in stale:
        print(f"rewrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
