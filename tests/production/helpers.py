"""Small things the production tests share: raw requests, supervisord, waiting."""

import http.client
import socket
import ssl
import urllib.request
import warnings

from prometheus_client.parser import text_string_to_metric_families

from stacks.production.prometheus_api import Prometheus
from stacks.runner import supervise
from tests.integration import lab


def plain(stack, path: str, headers: dict | None = None):
    """One plain-HTTP request to the stack's HTTP port: (status, headers dict, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", stack.state.port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def tls_context(stack, version=None) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=stack.cafile)
    if version is not None:
        with warnings.catch_warnings():  # TLS 1.0/1.1 are deprecated: that is the point of offering them
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = context.maximum_version = version
        context.set_ciphers("DEFAULT:@SECLEVEL=0")  # let the client offer old versions: the server must refuse
    return context


def handshake(stack, version) -> str:
    """The TLS version the server agreed to when the client offers only ``version``."""
    with socket.create_connection(("127.0.0.1", stack.state.ports["https_port"]), timeout=10) as raw:
        with tls_context(stack, version).wrap_socket(raw, server_hostname="localhost") as conn:
            return conn.version()


def rpc(stack):
    return supervise.rpc(stack.run)


def program(stack, name: str) -> dict:
    return rpc(stack).supervisor.getProcessInfo(name)


def prometheus(stack) -> Prometheus:
    """The stack's Prometheus, through its HTTP API."""
    return Prometheus(f"http://127.0.0.1:{stack.state.ports['prometheus_port']}")


def scrape(stack) -> tuple:
    """(status, content type, text) of /metrics on the loopback scrape listener, where Prometheus reads it."""
    url = f"http://127.0.0.1:{stack.state.ports['scrape_port']}/metrics"
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read().decode()


def counted(stack, **labels) -> float:
    """The sum of hello_requests_total over the series with these labels, over every worker live or gone."""
    return sum(
        sample.value
        for family in text_string_to_metric_families(scrape(stack)[2])
        for sample in family.samples
        if sample.name == "hello_requests_total" and labels.items() <= sample.labels.items()
    )


def healthy(stack) -> bool:
    try:
        return stack.request("/health", timeout=5)[0] == 200
    except OSError:
        return False


wait_for = lab.wait_for
