"""Exercise 21: a native mod_python handler (edit your copy, not this file).

Apache imports this module inside each of its own children and calls
``handler(req)`` for every request; ``req`` is mod_python's request object.
"""

from mod_python import apache


def handler(req):
    req.write("Hello, World!")  # TODO: say text/plain; charset=utf-8 first (req.content_type)
    # TODO: POST /echo returns the body; /pid says which process answered; other paths 404
    return apache.OK
