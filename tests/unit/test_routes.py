"""The app contract, route by route, through the WSGI adapter and wsgiref.validate."""

import json

import pytest

TEXT = "text/plain; charset=utf-8"


def test_root_says_hello(wsgi_call):
    answer = wsgi_call("GET", "/")
    assert (answer.status, answer.body) == (200, b"Hello, World!")
    assert answer.header("Content-Type") == TEXT
    assert answer.header("Content-Length") == str(len(answer.body))


def test_json_is_byte_exact(wsgi_call):
    answer = wsgi_call("GET", "/json")
    assert answer.status == 200
    assert answer.header("Content-Type") == "application/json"
    assert answer.body == b'{"message": "Hello, World!"}'


def test_health_without_services_is_ok(wsgi_call):
    answer = wsgi_call("GET", "/health")
    assert answer.status == 200
    assert json.loads(answer.body) == {"status": "ok", "environment": "test", "services": {}}


def test_process_counter_counts_up(wsgi_call):
    first = json.loads(wsgi_call("GET", "/counter").body)
    second = json.loads(wsgi_call("GET", "/counter").body)
    assert first["backend"] == "process" and isinstance(first["pid"], int)
    assert second["counter"] == first["counter"] + 1


def test_slow_sleeps_and_says_how_long(wsgi_call):
    answer = wsgi_call("GET", "/slow", "seconds=0.05")
    assert (answer.status, answer.text) == (200, "slept 0.05 seconds")


def test_slow_is_capped(wsgi_call, make_config):
    answer = wsgi_call("GET", "/slow", "seconds=100", config=make_config(SLOW_CAP_SECONDS=0))
    assert answer.text == "slept 0 seconds"


@pytest.mark.parametrize("seconds", ["-1", "abc", "nan", "inf"])
def test_slow_rejects_bad_seconds(wsgi_call, seconds):
    answer = wsgi_call("GET", "/slow", f"seconds={seconds}")
    assert answer.status == 400
    assert answer.header("Content-Type") == TEXT
    assert "seconds" in answer.text


def test_stream_yields_numbered_chunks_without_length(wsgi_call):
    answer = wsgi_call("GET", "/stream", "chunks=3")
    assert answer.status == 200
    assert answer.header("Content-Type") == TEXT
    assert answer.header("Content-Length") is None
    assert answer.text == "chunk 1 of 3\nchunk 2 of 3\nchunk 3 of 3\n"


def test_stream_defaults_to_five_chunks(wsgi_call):
    assert wsgi_call("GET", "/stream").text.count("\n") == 5


@pytest.mark.parametrize("query", ["chunks=0", "chunks=1001", "chunks=x", "chunks=2&delay=-1"])
def test_stream_rejects_bad_arguments(wsgi_call, query):
    assert wsgi_call("GET", "/stream", query).status == 400


def test_unknown_path_is_404(wsgi_call):
    answer = wsgi_call("GET", "/nope")
    assert (answer.status, answer.body) == (404, b"Not Found\n")
    assert answer.header("Content-Type") == TEXT


def test_wrong_method_is_405_with_allow(wsgi_call):
    answer = wsgi_call("POST", "/", body=b"")
    assert (answer.status, answer.body) == (405, b"Method Not Allowed\n")
    assert answer.header("Allow") == "GET, HEAD"
    assert wsgi_call("GET", "/echo").header("Allow") == "POST"


@pytest.mark.parametrize("path", ["/", "/json", "/env", "/health", "/stream", "/nope", "/error"])
def test_head_matches_get_without_body(wsgi_call, path):
    get, head = wsgi_call("GET", path), wsgi_call("HEAD", path)
    assert head.body == b""
    assert head.status == get.status
    assert head.header("Content-Type") == get.header("Content-Type")
    if path != "/env":  # /env shows REQUEST_METHOD, so its length differs
        assert head.header("Content-Length") == get.header("Content-Length")


def test_request_id_is_echoed_when_sane(wsgi_call):
    assert wsgi_call("GET", "/", headers={"X-Request-ID": "abc-1.2_3"}).header("X-Request-ID") == "abc-1.2_3"


@pytest.mark.parametrize("given", ["", "a b", "x" * 129, "<script>"])
def test_request_id_is_replaced_when_not_sane(wsgi_call, given):
    rid = wsgi_call("GET", "/nope", headers={"X-Request-ID": given}).header("X-Request-ID")
    assert len(rid) == 32 and rid != given


def test_routing_uses_path_info_not_script_name(wsgi_call):
    answer = wsgi_call("GET", "/json", environ={"SCRIPT_NAME": "/mounted"})
    assert answer.status == 200


def test_health_names_the_release_when_one_is_configured(wsgi_call, make_config):
    answer = wsgi_call("GET", "/health", config=make_config(RELEASE="20260101T000000Z-abc1234"))
    assert json.loads(answer.body)["release"] == "20260101T000000Z-abc1234"


def test_methods_are_case_sensitive():
    """RFC 9110 9.1: 'get' is an unknown method, not GET (Apache passes it on as sent)."""
    import io
    from wsgiref.util import setup_testing_defaults

    from hello.config import load
    from hello.wsgi import make_app

    environ = {"REQUEST_METHOD": "get", "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    statuses = []
    make_app(load({"PYTHON_ENV": "test"}))(environ, lambda status, headers: statuses.append(status))
    assert statuses == ["405 Method Not Allowed"]
