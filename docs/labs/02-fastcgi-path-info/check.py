"""Lab 02: with the app mounted at /, SCRIPT_NAME is empty and PATH_INFO is the whole path."""

import json

from checking import request

STACK = "fastcgi"


def check(checks, url, state) -> None:
    status, _, body = request(url + "/env?x=1")
    try:
        environ = json.loads(body)["environ"]
    except (ValueError, KeyError):
        checks.expect(False, "GET /env answers the request environment", f"got {status} {body[:60]!r}")
        return
    checks.expect(environ.get("SCRIPT_NAME") == "", "SCRIPT_NAME is empty: the app is mounted at /",
                  f"it is {environ.get('SCRIPT_NAME')!r}")
    checks.expect(environ.get("PATH_INFO") == "/env", "PATH_INFO is /env: the path the app routes on",
                  f"it is {environ.get('PATH_INFO')!r}")
