"""Exercise 01, a reference solution: a WSGI callable with the standard library only."""

from urllib.parse import parse_qs

TEXT = "text/plain; charset=utf-8"


def _respond(start_response, status: str, text: str):
    body = text.encode("utf-8")
    start_response(status, [("Content-Type", TEXT), ("Content-Length", str(len(body)))])
    return [body]


def application(environ, start_response):
    path = environ.get("PATH_INFO", "") or "/"
    if path == "/":
        return _respond(start_response, "200 OK", "Hello, World!")
    if path == "/greet":
        name = parse_qs(environ.get("QUERY_STRING", "")).get("name", ["stranger"])[0]
        return _respond(start_response, "200 OK", f"Hello, {name}!")
    return _respond(start_response, "404 Not Found", "Not Found\n")
