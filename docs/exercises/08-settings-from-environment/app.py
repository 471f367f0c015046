"""A small WSGI app whose settings are written into its code. Move them into the environment.

GET /          answers "<GREETING>, World!"
GET /sign?TEXT answers the HMAC-SHA256 of TEXT under SECRET_KEY, in hex
"""

import hashlib
import hmac

GREETING = "Hello"
SECRET_KEY = "dev-secret-do-not-ship"


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/sign":
        text = environ.get("QUERY_STRING", "").encode()
        body = hmac.new(SECRET_KEY.encode(), text, hashlib.sha256).hexdigest().encode()
    else:
        body = f"{GREETING}, World!".encode()
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]
