"""mod_python's WSGI handler, with the response status the app chose and a complete environ.

Debian's mod_python 3.5 ``mod_python.wsgi`` handler passes the WSGI status line
to Apache as ``status_line`` only and leaves ``req.status`` at 200; Apache then
discards the mismatched line and every response goes out as ``200 OK`` (a 404
or 500 with the right body, but the wrong code). This handler runs the very
same ``mod_python.wsgi.handler`` (it still reads ``PythonOption
mod_python.wsgi.application``) with a request whose ``wsgi_start_response``
also sets ``req.status``. Only Apache's own Python imports it.
"""

import mod_python.wsgi


class _RequestWithStatus:
    """The mod_python request, except that start_response also sets the status code."""

    def __init__(self, req):
        self._req = req

    def __getattr__(self, name):
        return getattr(self._req, name)

    def build_wsgi_env(self):
        """mod_python's environ, made valid: PEP 3333 requires ``wsgi.run_once``, which 3.5
        leaves out, and string values, which its ``SCRIPT_FILENAME`` (None) is not.

        False: an Apache child serves many requests in the same interpreter.
        """
        environ = self._req.build_wsgi_env()
        if environ is not None:
            environ.setdefault("wsgi.run_once", False)
            for key in [key for key, value in environ.items() if value is None]:
                del environ[key]  # CGI variables are strings or absent (SCRIPT_FILENAME came as None)
        return environ

    def wsgi_start_response(self, status, headers, *exc_info):
        write = self._req.wsgi_start_response(status, headers, *exc_info)
        self._req.status = int(status.split(" ", 1)[0])
        return write


def handler(req):
    """Apache's entry point (``PythonHandler hello_modpython``)."""
    return mod_python.wsgi.handler(_RequestWithStatus(req))
