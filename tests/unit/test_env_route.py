"""/env shows the environment the interface delivered, JSON-safe, secrets hidden."""

import json
import sys
from wsgiref.util import FileWrapper


def env_of(wsgi_call, **kwargs):
    answer = wsgi_call("GET", "/env", **kwargs)
    assert answer.status == 200
    assert answer.header("Content-Type") == "application/json"
    return json.loads(answer.body)


def test_environ_values_keep_their_json_types(wsgi_call):
    env = env_of(wsgi_call, environ={"wsgi.multithread": False, "wsgi.run_once": 0, "wsgi.file_wrapper": FileWrapper})[
        "environ"
    ]
    assert env["REQUEST_METHOD"] == "GET"
    assert env["wsgi.run_once"] == 0
    assert env["wsgi.multithread"] is False
    assert env["wsgi.version"] == [1, 0]
    assert env["wsgi.input"] == "<wsgiref.validate.InputWrapper>"
    assert env["wsgi.file_wrapper"] == "<wsgiref.util.FileWrapper>"
    assert list(env) == sorted(env)


def test_process_is_described(wsgi_call):
    process = env_of(wsgi_call)["process"]
    assert process["python"] == sys.version.split()[0]
    assert process["executable"] == sys.executable
    assert isinstance(process["pid"], int)


def test_secret_looking_keys_are_hidden(wsgi_call):
    secret = {
        "HTTP_COOKIE": "s=1",
        "HTTP_AUTHORIZATION": "Bearer x",
        "MY_API_KEY": "k",
        "DB_PASSWORD": "p",
        "github_token": "t",
        "SENTRY_DSN": "d",
        "SOME_SECRET": "s",
    }
    env = env_of(wsgi_call, environ=secret)["environ"]
    assert {key: env[key] for key in secret} == dict.fromkeys(secret, "[hidden]")


def test_urls_with_credentials_are_hidden(wsgi_call, make_config):
    config = make_config(REDIS_URL="redis://:pw@127.0.0.1:1/0", SENTRY_DSN="http://key@host/1")
    env = env_of(
        wsgi_call,
        config=config,
        environ={
            "CACHE": "redis://:pw@127.0.0.1:1/0",
            "TRACKER": "http://key@host/1",
            "PLAIN": "http://example.org/",
            "DB": "postgres://u:p@db/x",
        },
    )["environ"]
    assert env["CACHE"] == env["TRACKER"] == env["DB"] == "[hidden]"
    assert env["PLAIN"] == "http://example.org/"
