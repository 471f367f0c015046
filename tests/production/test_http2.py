"""HTTP/2 at the production edge: nginx offers h2 by ALPN over TLS, keeps HTTP/1.1 for
clients that do not ask for it, and still speaks HTTP/1.1 to gunicorn behind it."""

import json
import socket
import ssl
import subprocess

import pytest

from benchmarks.shared import h2load


def curl(production, *args: str) -> subprocess.CompletedProcess:
    url = production.url.replace("127.0.0.1", "localhost")
    return subprocess.run(
        ["curl", "-sS", "--cacert", production.cafile, *args, url + "/"], capture_output=True, text=True, timeout=20
    )


def alpn(production, offered: list) -> str | None:
    """What the server picks when a client offers ``offered`` (None: no protocol agreed, HTTP/1.1 by default)."""
    context = ssl.create_default_context(cafile=production.cafile)
    if offered:
        context.set_alpn_protocols(offered)
    with socket.create_connection(("127.0.0.1", production.state.ports["https_port"]), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as conn:
            return conn.selected_alpn_protocol()


@pytest.mark.parametrize("offered, picked", [(["h2", "http/1.1"], "h2"), (["http/1.1"], "http/1.1"), ([], None)])
def test_alpn_picks_h2_when_offered_and_http_1_1_otherwise(production, offered, picked):
    assert alpn(production, offered) == picked


@pytest.mark.parametrize("flag, version", [("--http2", "2"), ("--http1.1", "1.1")])
def test_curl_gets_the_page_over_either_protocol(production, flag, version):
    result = curl(production, flag, "-w", "\n%{http_version}")
    assert result.stdout == f"Hello, World!\n{version}", result.stderr


def test_the_app_still_receives_http_1_1_from_nginx(production):
    """h2 ends at nginx: the request reaching gunicorn is HTTP/1.1 whatever the client spoke."""
    result = subprocess.run(
        [
            "curl",
            "-sS",
            "--http2",
            "--cacert",
            production.cafile,
            "-w",
            "\n%{http_version}",
            production.url.replace("127.0.0.1", "localhost") + "/env",
        ],
        capture_output=True,
        text=True,
        timeout=20,
    )
    body, _, version = result.stdout.rpartition("\n")
    assert version == "2", result.stderr
    assert json.loads(body)["environ"]["SERVER_PROTOCOL"] == "HTTP/1.1"


@pytest.mark.parametrize("h1, clients, streams, protocol", [(False, 2, 10, "h2"), (True, 4, 1, "http/1.1")])
def test_h2load_completes_every_request(production, h1, clients, streams, protocol):
    report = h2load.run(production.url + "/", 200, clients, streams, h1=h1)
    assert report["protocol"] == protocol
    assert (report["succeeded"], report["status"]["2xx"]) == (200, 200), report
    assert (report["header_space_savings_percent"] > 0) == (not h1), (
        "HPACK compresses h2's headers, HTTP/1.1 sends them whole"
    )
