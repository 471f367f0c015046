"""``python -m benchmarks.wire``: record one request on the wire between nginx and the app (make wire)."""

import argparse
import sys

from benchmarks.wire import run
from stacks.runner.errors import reported


def main(argv=None) -> int:
    argparse.ArgumentParser(prog="python -m benchmarks.wire", description=run.__doc__.splitlines()[0]).parse_args(argv)
    return reported(run.main)


if __name__ == "__main__":
    sys.exit(main())
