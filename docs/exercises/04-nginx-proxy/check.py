"""Checker for exercise 04: the student's location block in front of the real app.

Builds an nginx.conf around the block (an ``upstream app`` to the proxy stack's
tornado) and starts the proxy stack with it as an overlay, through the runner:
real nginx and tornado, a private run directory, a free port. The same server
also listens with TLS on a unix socket in the run directory, with a certificate
made for this run, so the block is tried over both schemes. Then it reads /env.

Each answer is checked by what it does, not by what it looks like: a client that
already sent ``X-Forwarded-For`` must find its address first in the chain, the
scheme must follow the connection (``https`` over TLS), and keep-alive is proven
by the app seeing the same upstream connection (``REMOTE_PORT``) on consecutive
requests, not inferred from a missing ``Connection: close``.

    python check.py path/to/location.conf
"""

import http.client
import json
import socket
import ssl
import subprocess
import sys
import tempfile
from pathlib import Path

from course.tasks.checking import Checks, StackError, private_stack, request

SKELETON = """\
# Built by the checker of exercise 04 around the student's location block.
include {{{{ conf }}}}/nginx-main.conf;

http {{
    include {{{{ conf }}}}/nginx-http.conf;

    upstream app {{
        server 127.0.0.1:{{{{ upstream }}}};
        keepalive 16;
    }}

    server {{
        listen {{{{ host }}}}:{{{{ port }}}};
        listen unix:{{{{ var }}}}/{tls_socket} ssl;
        ssl_certificate {certificate};
        ssl_certificate_key {key};

{block}
    }}
}}
"""
TLS_SOCKET = "exercise-04-tls.sock"
CLIENT_CHAIN = "203.0.113.9"  # an address the client says it forwarded for (TEST-NET-3, never routed)
KEPT_ALIVE_REQUESTS = 3


def certificate(folder: Path) -> tuple:
    """A self-signed certificate for localhost, for this run only: (certificate, key)."""
    crt, key = folder / "localhost.crt", folder / "localhost.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(key),
            "-out",
            str(crt),
        ],
        check=True,
        capture_output=True,
    )
    return crt, key


class _UnixHTTPS(http.client.HTTPSConnection):
    """HTTPS to a unix socket: nginx's TLS listener in the run directory."""

    def __init__(self, path: Path, cafile: Path):
        context = ssl.create_default_context(cafile=str(cafile))
        super().__init__("localhost", context=context, timeout=10)
        self.path = path

    def connect(self):
        raw = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        raw.settimeout(self.timeout)
        raw.connect(str(self.path))
        self.sock = self._context.wrap_socket(raw, server_hostname="localhost")


def env_over_tls(path: Path, cafile: Path) -> tuple:
    connection = _UnixHTTPS(path, cafile)
    try:
        connection.request("GET", "/env")
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def environ_of(url: str, headers: dict | None = None) -> dict:
    status, _, body = request(url + "/env", headers=headers)
    return json.loads(body)["environ"] if status == 200 else {}


def upstream_ports(url: str) -> list:
    """The app's REMOTE_PORT on consecutive requests: nginx's side of the upstream connection each used.

    The requests share one client connection, so one nginx worker serves them all:
    each worker keeps its own idle upstream connections.
    """
    connection = http.client.HTTPConnection(url.removeprefix("http://").rstrip("/"), timeout=10)
    ports = []
    try:
        for _ in range(KEPT_ALIVE_REQUESTS):
            connection.request("GET", "/env")
            response = connection.getresponse()
            body = response.read()
            ports.append(json.loads(body)["environ"].get("REMOTE_PORT") if response.status == 200 else None)
    finally:
        connection.close()
    return ports


def main(path: str) -> int:
    checks = Checks(f"exercise 04: the location block in {path}")
    block = Path(path).read_text()
    with tempfile.TemporaryDirectory() as overlay, tempfile.TemporaryDirectory() as tls:
        crt, key = certificate(Path(tls))
        indented = "\n".join("        " + line if line.strip() else "" for line in block.splitlines())
        (Path(overlay) / "nginx.conf").write_text(
            SKELETON.format(block=indented, tls_socket=TLS_SOCKET, certificate=crt, key=key)
        )
        try:
            with private_stack("proxy", Path(overlay)) as state:
                base = state.base_url
                status, _, body = request(base + "/env")
                if status != 200:
                    return checks.stop(f"GET /env through nginx answered {status}: {body[:80]!r}")
                environ = json.loads(body)["environ"]
                host = base.removeprefix("http://")
                checks.expect(
                    environ.get("HTTP_HOST") == host,
                    f"the app sees Host: {host}",
                    f"it sees {environ.get('HTTP_HOST')!r}",
                )
                checks.expect(
                    environ.get("HTTP_X_FORWARDED_FOR") == "127.0.0.1",
                    "the app sees X-Forwarded-For: 127.0.0.1",
                    f"it sees {environ.get('HTTP_X_FORWARDED_FOR')!r}",
                )
                chained = environ_of(base, {"X-Forwarded-For": CLIENT_CHAIN}).get("HTTP_X_FORWARDED_FOR")
                checks.expect(
                    chained == f"{CLIENT_CHAIN}, 127.0.0.1",
                    "a client's own X-Forwarded-For is kept and the client's address appended",
                    f"sent X-Forwarded-For: {CLIENT_CHAIN}, the app sees {chained!r}",
                )
                checks.expect(
                    environ.get("HTTP_X_FORWARDED_PROTO") == "http",
                    "the app sees X-Forwarded-Proto: http over plain HTTP",
                    f"it sees {environ.get('HTTP_X_FORWARDED_PROTO')!r}",
                )
                status, body = env_over_tls(state.run / "var" / TLS_SOCKET, crt)
                proto = json.loads(body)["environ"].get("HTTP_X_FORWARDED_PROTO") if status == 200 else None
                checks.expect(
                    proto == "https",
                    "the app sees X-Forwarded-Proto: https over TLS",
                    f"over TLS it sees {proto!r} (status {status})",
                )
                checks.expect(
                    environ.get("SERVER_PROTOCOL") == "HTTP/1.1",
                    "nginx speaks HTTP/1.1 to the app",
                    f"it speaks {environ.get('SERVER_PROTOCOL')!r}",
                )
                ports = upstream_ports(base)
                checks.expect(
                    ports[0] is not None and len(set(ports)) == 1,
                    f"{KEPT_ALIVE_REQUESTS} requests in a row reuse one upstream connection",
                    f"the app saw them from ports {ports}: a new connection each time",
                )
                status, _, body = request(base + "/")
                checks.expect((status, body) == (200, b"Hello, World!"), "GET / answers Hello, World!")
        except StackError as exc:
            print(exc.details)
            return checks.stop(f"the proxy stack did not start with your block: {exc}")
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
