"""HTTP/3 where a stack serves it (a ``quic_port`` in its manifest): advertised by Alt-Svc over
TLS, and answered over QUIC to the lab's aioquic client, as a browser would switch."""

import json

import pytest

from benchmarks.edge import h3_client


@pytest.fixture
def h3_stack(stack):
    if "quic_port" not in stack.state.ports:
        pytest.skip(f"{stack.name} serves no HTTP/3 (no quic_port in its manifest)")
    return stack


def h3_url(stack, path: str) -> str:
    return f"https://localhost:{stack.state.ports['quic_port']}{path}"


def test_tls_answers_advertise_http3_on_the_quic_port(h3_stack):
    _, headers, _ = h3_stack.request("/")
    alt_svc = {k.lower(): v for k, v in headers}["alt-svc"]
    assert f'h3=":{h3_stack.state.ports["quic_port"]}"' in alt_svc


def test_an_http3_request_is_answered(h3_stack):
    response = h3_client.get(h3_url(h3_stack, "/"), h3_stack.cafile)
    assert (response.protocol, response.status, response.body) == ("h3", 200, b"Hello, World!")
    assert response.header("content-type") == "text/plain; charset=utf-8"


def test_the_app_sees_http3_in_its_scope(h3_stack):
    scope = json.loads(h3_client.get(h3_url(h3_stack, "/env"), h3_stack.cafile).body)["environ"]
    assert (scope["http_version"], scope["scheme"]) == ("3", "https")


def test_a_body_comes_back_whole_over_http3(h3_stack):
    body = bytes(range(256)) * 400
    response = h3_client.get(
        h3_url(h3_stack, "/echo"),
        h3_stack.cafile,
        method="POST",
        body=body,
        headers={"content-type": "application/octet-stream"},
    )
    assert (response.status, response.body) == (200, body)


def test_without_the_labs_ca_the_quic_handshake_fails(h3_stack):
    with pytest.raises(ConnectionError, match="local issuer certificate"):
        h3_client.get(h3_url(h3_stack, "/"), "", timeout=5)
