"""A visit counter, served by several gunicorn workers.

GET / answers the number of this visit, as text: 1, then 2, then 3...
"""

visits = 0


def application(environ, start_response):
    global visits
    visits += 1
    body = str(visits).encode()
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]
