"""Exercise 01: a WSGI callable from scratch. The instructions are in README.md."""


def application(environ, start_response):
    # TODO: route on environ["PATH_INFO"]: "/" says hello, "/greet" greets by name,
    # anything else is a 404. And WSGI wants bytes, not str.
    start_response("200 OK", [("Content-Type", "text/plain")])
    return "Hello, World!"
