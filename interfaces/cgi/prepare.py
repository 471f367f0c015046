"""The CGI stacks' prepare step: the configuration's snapshot, written into the release copy at start.

A CGI process reads its configuration on every request; parsing the TOML files
would import ``tomllib`` (and ``re``, ``datetime``...) every time. This step
parses and checks them once, with the interpreter that runs the script, and
writes the result beside them (hello.config.write_snapshot). A bad value fails
the step, and so the start, with the app's one-line error; a file edited later is
read and checked again by the request that finds it changed.

    /usr/bin/python3 -I -S <release>/interfaces/cgi/prepare.py
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

try:
    from hello import config

    written = config.write_snapshot()
except Exception as exc:
    if type(exc).__name__ != "ConfigError":  # the class lives in the module that may have failed to import
        raise
    sys.exit(str(exc))
print(f"wrote {written}")
