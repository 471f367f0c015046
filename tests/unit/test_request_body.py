"""POST /echo: binary-exact bodies, chunked input, and the 411/413 refusals."""

import io
import os


def test_echo_returns_a_mebibyte_of_random_bytes_exactly(wsgi_call):
    body = os.urandom(1 << 20)
    answer = wsgi_call("POST", "/echo", body=body)
    assert answer.status == 200
    assert answer.header("Content-Type") == "application/octet-stream"
    assert answer.body == body


def test_echo_of_nothing_is_empty(wsgi_call):
    answer = wsgi_call("POST", "/echo")
    assert (answer.status, answer.body, answer.header("Content-Length")) == (200, b"", "0")


def chunked(body):
    """The environ a de-chunking server (gunicorn) gives: no length, input terminated."""
    return {"wsgi.input": io.BytesIO(body), "wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked"}


def test_chunked_body_is_read_to_eof_when_input_is_terminated(wsgi_call):
    body = os.urandom(200_000)
    assert wsgi_call("POST", "/echo", environ=chunked(body)).body == body


def test_chunked_body_without_terminated_input_is_411_not_empty(wsgi_call):
    environ = {"wsgi.input": io.BytesIO(b"never read"), "HTTP_TRANSFER_ENCODING": "chunked"}
    answer = wsgi_call("POST", "/echo", environ=environ)
    assert (answer.status, answer.body) == (411, b"Length Required\n")
    assert answer.header("Content-Type") == "text/plain; charset=utf-8"


def test_content_length_over_the_limit_is_413(wsgi_call, make_config):
    answer = wsgi_call("POST", "/echo", body=b"x" * 11, config=make_config(MAX_BODY_BYTES=10))
    assert answer.status == 413
    assert "10 bytes" in answer.text


def test_body_at_the_limit_is_accepted(wsgi_call, make_config):
    answer = wsgi_call("POST", "/echo", body=b"x" * 10, config=make_config(MAX_BODY_BYTES=10))
    assert answer.status == 200


def test_chunked_body_over_the_limit_is_413(wsgi_call, make_config):
    answer = wsgi_call("POST", "/echo", environ=chunked(b"x" * 11), config=make_config(MAX_BODY_BYTES=10))
    assert answer.status == 413
