"""``python -m course [--check]``: regenerate the course's numbers and diagrams (make tables)."""

import argparse
import sys

from course import diagrams, pages


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a generated part is stale")
    args = parser.parse_args(argv)
    stale = pages.update(check=args.check) + diagrams.update(check=args.check)
    if args.check and stale:
        print(f"stale generated parts of the course: {', '.join(map(str, stale))}: run 'make tables'")
        return 1
    for path in stale:
        print(f"rewrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
