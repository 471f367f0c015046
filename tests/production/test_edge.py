"""What a client sees at the edge: TLS verified by the local CA, redirects, refusals, headers."""

import http.client
import json
import ssl
import subprocess

import pytest

from tests.integration import lab
from tests.production.helpers import handshake, plain


def test_https_answers_and_verifies_with_the_generated_ca(production):
    status, headers, body = production.request("/")
    header = {k.lower(): v for k, v in headers}
    assert (status, body) == (200, b"Hello, World!")
    assert header["strict-transport-security"].startswith("max-age=")
    assert header["server"] == "nginx", "server_tokens off: no version"
    assert production.url.startswith("https://")


def test_curl_with_cacert_succeeds(production):
    result = subprocess.run(
        ["curl", "-sS", "--cacert", production.cafile, production.url.replace("127.0.0.1", "localhost") + "/"],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.stdout == "Hello, World!", result.stderr


def test_without_the_ca_the_certificate_is_not_trusted(production):
    with pytest.raises(ssl.SSLCertVerificationError):
        conn = http.client.HTTPSConnection(
            "127.0.0.1",
            production.state.ports["https_port"],
            timeout=10,
            context=ssl.create_default_context(cafile=None),
        )
        conn.request("GET", "/")


def test_http_redirects_to_https_keeping_path_and_query(production):
    status, headers, _ = plain(production, "/json?x=1", {"Host": "localhost"})
    https_port = production.state.ports["https_port"]
    assert status == 301
    assert headers["location"] == f"https://localhost:{https_port}/json?x=1"


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_unknown_host_names_are_refused(production, scheme):
    if scheme == "http":
        conn = http.client.HTTPConnection("127.0.0.1", production.state.port, timeout=10)
    else:
        conn = production.connection(timeout=10)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        conn.request("GET", "/", headers={"Host": "attacker.example"})
        conn.getresponse()
    conn.close()


def test_tls_1_2_and_1_3_only(production):
    assert handshake(production, ssl.TLSVersion.TLSv1_3) == "TLSv1.3"
    assert handshake(production, ssl.TLSVersion.TLSv1_2) == "TLSv1.2"
    for old in (ssl.TLSVersion.TLSv1_1, ssl.TLSVersion.TLSv1):
        with pytest.raises(ssl.SSLError):
            handshake(production, old)


def test_app_sees_https_and_the_real_client_through_the_proxy(production):
    document = json.loads(production.request("/env")[2])
    assert document["client"] == {"addr": "127.0.0.1", "scheme": "https"}
    assert document["environ"]["HTTP_X_FORWARDED_PROTO"] == "https"


def test_request_id_is_passed_to_the_app_and_logged_by_both(production):
    status, headers, _ = production.request("/json", headers={"X-Request-ID": "edge-test-42"})
    assert status == 200 and dict((k.lower(), v) for k, v in headers)["x-request-id"] == "edge-test-42"
    generated = dict((k.lower(), v) for k, v in production.request("/json")[1])["x-request-id"]
    assert len(generated) >= 16, "nginx makes one when the client sends none"
    for log in ("nginx-access.log", "gunicorn.log"):

        def logged(log=log):  # a server writes its access line once the answer is sent: the client can read it first
            lines = (production.run / "logs" / log).read_text().splitlines()
            return {"edge-test-42", generated} <= {
                json.loads(line)["request_id"] for line in lines if line.startswith("{")
            }

        assert lab.wait_for(logged, 5), f"{log} names both request ids"


def test_oversized_body_is_refused_by_the_app_limit(production):
    status, _, _ = production.request(
        "/echo",
        method="POST",
        body=b"x" * (10 * 1024 * 1024 + 1),
        headers={"Content-Type": "application/octet-stream"},
        timeout=30,
    )
    assert status == 413
