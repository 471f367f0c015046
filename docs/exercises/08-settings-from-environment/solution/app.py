"""A small WSGI app whose settings come from the environment (the twelve-factor way).

GET /          answers "<GREETING>, World!"
GET /sign?TEXT answers the HMAC-SHA256 of TEXT under SECRET_KEY, in hex

GREETING is optional (default "Hello"); SECRET_KEY is required: without it the
app refuses to start, with one line that says what to set.
"""

import hashlib
import hmac
import os

GREETING = os.environ.get("GREETING", "Hello")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY is not set: put the signing key in the environment (never in the code)")


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/sign":
        text = environ.get("QUERY_STRING", "").encode()
        body = hmac.new(SECRET_KEY.encode(), text, hashlib.sha256).hexdigest().encode()
    else:
        body = f"{GREETING}, World!".encode()
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]
