#!/usr/bin/python3 -IS
"""The app as a CGI script: one process per request, started by the web server.

Debian's /usr/bin/python3 runs it (the web server's account can read it, unlike a
Python under /root). The release copy of the app sits two folders up, beside
interfaces/, so the script finds ``hello`` from its own location, and its gateway
(cgi_gateway.py, CGI in and WSGI out) beside itself.

Every request pays for the interpreter's start and for every import, so the
script starts isolated and without the site module (``-IS``: no site packages, no
user paths, no PYTHON* variables; the app needs only the standard library), stays
this short (a script is compiled on every run, an imported module only once), and
imports only what every request needs: the app imports what only some requests
use inside the functions that use them. The stack's prepare steps compile the
release copy once and write the configuration's snapshot (hello/config.py), so no
request compiles a module or parses TOML.
"""

import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [here, os.path.dirname(os.path.dirname(here))]

import cgi_gateway  # noqa: E402
from hello.config import ConfigError  # noqa: E402

try:
    from hello.wsgi import application
except ConfigError as exc:  # a bad setting: one line in the server's error log, a 500 to the client
    print(exc, file=sys.stderr)
    sys.stdout.buffer.write(cgi_gateway.FAILED)
    sys.exit(1)

cgi_gateway.run(application)
