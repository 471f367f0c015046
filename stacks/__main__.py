"""``python -m stacks``: the command line of the stack runner.

The Python check comes first, before any module that needs 3.11 (tomllib) is
imported, so Ubuntu 22.04's 3.10 gets one line instead of a traceback.
"""

import sys

if sys.version_info < (3, 11):  # noqa: UP036  (the check must run on the old Python it refuses)
    version = ".".join(map(str, sys.version_info[:3]))
    raise SystemExit(
        f"error: Interface Lab needs Python 3.11 or newer (it reads TOML with tomllib); "
        f"{sys.executable} is {version}: use Debian 12, whose python3 is 3.11"
    )

from stacks.runner.cli import main  # noqa: E402

raise SystemExit(main())
