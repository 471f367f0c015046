"""``python -m stacks``: the command line of the stack runner."""

from stacks.runner.cli import main

raise SystemExit(main())
