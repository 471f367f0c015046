"""Every WSGI stack hands the app an environ with PEP 3333's required keys, of the right types.

The same rules as the standard library's ``wsgiref.validate`` (check_environ),
read off ``/env`` as each real server delivered it: objects show as ``<module.Type>``,
the flags as JSON booleans, ``wsgi.version`` as a list. An entry point adds what
its gateway leaves out (mod_python 3.5 has no ``wsgi.run_once``).
"""

import json

import pytest

REQUIRED = (
    "REQUEST_METHOD",
    "SERVER_NAME",
    "SERVER_PORT",
    "SERVER_PROTOCOL",
    "wsgi.version",
    "wsgi.input",
    "wsgi.errors",
    "wsgi.url_scheme",
    "wsgi.multithread",
    "wsgi.multiprocess",
    "wsgi.run_once",
)
FLAGS = ("wsgi.multithread", "wsgi.multiprocess", "wsgi.run_once")


def problems(environ: dict) -> list:
    """What in ``environ`` (as /env shows it) breaks PEP 3333; empty when nothing does."""
    found = [f"{key} is missing" for key in REQUIRED if key not in environ]
    found += [
        f"{key} is {environ[key]!r}, not a bool"
        for key in FLAGS
        if key in environ and not isinstance(environ[key], bool)
    ]
    if environ.get("wsgi.version", [1, 0]) != [1, 0]:
        found.append(f"wsgi.version is {environ['wsgi.version']!r}, not (1, 0)")
    if environ.get("wsgi.url_scheme", "http") not in ("http", "https"):
        found.append(f"wsgi.url_scheme is {environ['wsgi.url_scheme']!r}")
    for key in ("wsgi.input", "wsgi.errors"):
        if not str(environ.get(key, "<")).startswith("<"):
            found.append(f"{key} is {environ[key]!r}, not a stream object")
    found += [
        f"{key} is {type(value).__name__}, not a native string"
        for key, value in environ.items()
        if "." not in key and not isinstance(value, str)
    ]
    script, path = environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", "")
    if script == "/" or (script and not script.startswith("/")):
        found.append(f"SCRIPT_NAME is {script!r}: empty or starting with / but not /")
    if path and not path.startswith("/"):
        found.append(f"PATH_INFO is {path!r}: empty or starting with /")
    length = environ.get("CONTENT_LENGTH", "")
    if length and not length.isdigit():
        found.append(f"CONTENT_LENGTH is {length!r}, not a number")
    return found


def test_problems_finds_what_wsgiref_validate_would():
    good = {
        "REQUEST_METHOD": "GET",
        "SERVER_NAME": "h",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": [1, 0],
        "wsgi.input": "<io.BytesIO>",
        "wsgi.errors": "<io.TextIOWrapper>",
        "wsgi.url_scheme": "http",
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "SCRIPT_NAME": "",
        "PATH_INFO": "/env",
    }
    assert problems(good) == []
    bad = {**good, "SERVER_PORT": 80, "wsgi.multithread": 0, "SCRIPT_NAME": "/"}
    del bad["wsgi.run_once"]
    assert len(problems(bad)) == 4


def test_environ_has_what_pep_3333_requires(full_stack):
    status, _, body = full_stack.request("/env")
    environ = json.loads(body)["environ"]
    assert status == 200
    if environ.get("tornado.native") or "asgi" in environ:
        pytest.skip(f"{full_stack.name} calls the app natively or through ASGI, not through WSGI: no environ")
    assert problems(environ) == [], f"{full_stack.name}: {problems(environ)}"
