"""A chunked request body: echoed exactly, or refused clearly, as the manifest says.

Some interfaces cannot hand a body of unknown length to the app without the
front server buffering it first. Whatever a stack does, it must be what its
manifest's ``chunked_request`` documents, and never a hang or an empty body
passed off as the client's.
"""

import os

BODY = os.urandom(200_000)


def chunks(data: bytes, size: int = 65536):
    for start in range(0, len(data), size):
        yield data[start:start + size]


def test_chunked_request_body(full_stack):
    conn = full_stack.connection(timeout=20)
    try:
        conn.request("POST", "/echo", body=chunks(BODY), encode_chunked=True,
                     headers={"Transfer-Encoding": "chunked", "Content-Type": "application/octet-stream"})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    expected = full_stack.manifest().chunked_request
    if expected == "echoed":
        assert (response.status, len(body)) == (200, len(BODY))
        assert body == BODY
    else:
        assert response.status == int(expected), body[:200]
