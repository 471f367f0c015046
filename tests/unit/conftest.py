"""Fixtures for the app's unit tests: configs, a validating WSGI client (the app, ``hello``, is installed: pip install -e .).

Every WSGI call goes through wsgiref.validate, so a test that passes also proves
the adapter keeps the WSGI rules a real server relies on.
"""

import io
import warnings
from pathlib import Path
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import WSGIWarning, validator

import pytest

APPS = Path(__file__).resolve().parents[2] / "apps"


class Answer:
    """What a client sees: status code, headers (case-insensitive lookup), body bytes."""

    def __init__(self, status, headers, body):
        self.status = int(status.split()[0])
        self.status_line = status
        self.headers = headers
        self.body = body

    def header(self, name):
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        return values[0] if values else None

    @property
    def text(self):
        return self.body.decode("utf-8")


@pytest.fixture
def make_config():
    """Build a Config the way the app does, from a chosen environment dict."""
    from hello.config import load

    def make(**env):
        env.setdefault("PYTHON_ENV", "test")
        return load({key: str(value) for key, value in env.items()})

    return make


@pytest.fixture
def wsgi_call(make_config):
    """Call hello's WSGI app through wsgiref.validate; returns an Answer."""
    from hello.wsgi import make_app

    def call(method, path, query="", body=None, headers=None, environ=None, config=None):
        app = validator(make_app(config or make_config()))
        env = {}
        setup_testing_defaults(env)
        env.update(REQUEST_METHOD=method, PATH_INFO=path, QUERY_STRING=query)
        if body is not None:
            env["CONTENT_LENGTH"] = str(len(body))
        env["wsgi.input"] = io.BytesIO(body or b"")
        for name, value in (headers or {}).items():
            env["HTTP_" + name.upper().replace("-", "_")] = value
        env.update(environ or {})
        seen = {}

        def start_response(status, response_headers, exc_info=None):
            seen["status"], seen["headers"] = status, response_headers

        with warnings.catch_warnings():
            warnings.simplefilter("error", WSGIWarning)
            result = app(env, start_response)
            try:
                data = b"".join(result)
            finally:
                result.close()
        return Answer(seen["status"], seen["headers"], data)

    return call
