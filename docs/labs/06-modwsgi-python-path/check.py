"""Lab 06: mod_wsgi's daemon processes find the app's package on their own sys.path."""

import json

from checking import request

STACK = "modwsgi"


def check(checks, url, state) -> None:
    status, _, body = request(url + "/env")
    try:
        environ = json.loads(body)["environ"]
    except (ValueError, KeyError):
        checks.expect(False, "GET /env answers the request environment", f"got {status} {body[:60]!r}")
        return
    checks.expect(environ.get("mod_wsgi.process_group") == "hello",
                  "the app runs in the daemon process group 'hello', not inside Apache's children",
                  f"mod_wsgi.process_group is {environ.get('mod_wsgi.process_group')!r}")
