#!/usr/bin/python3
"""The app as a CGI script: one process per request, started by the web server.

Debian's /usr/bin/python3 runs it (the web server's account can read it, unlike a
Python under /root). The release copy of the app sits two folders up, beside
interfaces/, so the script finds ``hello`` from its own location. wsgiref's
CGIHandler turns the CGI environment and stdin/stdout into a WSGI call, with
``wsgi.run_once`` true: the process ends after this one request.
"""

import os
import sys
from wsgiref.handlers import CGIHandler

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from hello.wsgi import application  # noqa: E402

CGIHandler().run(application)
