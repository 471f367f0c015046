"""A request body with broken chunked framing is the client's fault: 4xx, never a 500.

gunicorn raises while the app reads such a body, mod_wsgi too; the app answers
400 and reports nothing (hostile traffic must not flood the error tracker). A
front server (nginx, Apache) refuses the framing itself. Bodies are sent raw;
the socket is never half-closed except in the one case that needs it (the body
ends too early), where a server may take the FIN for an abort and answer nothing.
"""

import socket

import pytest

HEAD = b"POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Type: application/octet-stream\r\n\r\n"
CASES = {
    "bad-chunk-size": (HEAD + b"zz\r\nhello\r\n0\r\n\r\n", False),
    "chunk-longer-than-its-size": (HEAD + b"3\r\nhello\r\n0\r\n\r\n", False),
    "missing-last-chunk": (HEAD + b"5\r\nhello\r\n", True),
}


def status_of(stack, raw: bytes, half_close: bool):
    """The status code the stack answers ``raw`` with, or None when it closes without an answer."""
    conn = stack.connection(timeout=15)
    conn.connect()
    sock = conn.sock
    try:
        sock.sendall(raw)
        if half_close:
            socket.socket.shutdown(sock, socket.SHUT_WR)  # the TCP FIN alone, under TLS too
        data = b""
        while b"\r\n" not in data:
            part = sock.recv(4096)
            if not part:
                break
            data += part
    except (ConnectionResetError, BrokenPipeError):
        data = b""
    finally:
        conn.close()
    return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else None


# What a server does before or around the app, which the app cannot change: (stack, case) -> why.
SERVERS_OWN = {
    ("modwsgi", "missing-last-chunk"): "mod_wsgi 4.9's Apache side answers 500 itself when the body ends "
    "early while it proxies it to the daemon (APR_INCOMPLETE); the app never runs. "
    "https://github.com/GrahamDumpleton/mod_wsgi/blob/develop/src/server/mod_wsgi.c",
    **{
        ("granian-wsgi", case): "granian's WSGI input ends at the framing error without raising: the app is "
        "handed a short body as if complete and cannot tell. https://github.com/emmett-framework/granian/issues/909"
        for case in CASES
    },
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_broken_chunked_body_is_refused_not_a_server_error(full_stack, case, request):
    if (full_stack.name, case) in SERVERS_OWN:  # runs, and fails the suite the day the server stops doing it
        request.applymarker(pytest.mark.xfail(reason=SERVERS_OWN[full_stack.name, case], strict=True))
    raw, half_close = CASES[case]
    status = status_of(full_stack, raw, half_close)
    if status is None:  # hanging up on a client that hung up mid-body (nginx: 499) is fine; 5xx is not
        assert half_close, f"{full_stack.name} closed without answering a whole request"
    else:
        assert 400 <= status < 500, f"{full_stack.name} answered {status}"
    logs = "".join(p.read_text(errors="replace") for p in (full_stack.run / "logs").glob("*.log"))
    assert "unhandled error in POST /echo" not in logs, "no error logged or reported for the client's mistake"
