"""A streamed response: the first chunk arrives as it is written, or only with the last.

``/stream?chunks=3&delay=1`` writes a chunk, waits a second, writes the next. On a
stack that passes the response on as it comes, the client sees the first chunk
about two seconds before the end; on one whose front holds it (nginx, buffering
on, with no length to wait for: FastCGI without keep_conn, SCGI, uwsgi), all
three arrive together. Which one a stack does is read from its config by
course.diagrams.streams, the same function that draws "response passed on as it
arrives" or "held" on the stack's diagram in the course: this test checks the
diagram's claim against the running stack. Times are measured from the first
chunk to the end, so a slow machine (a slow first byte) does not change the answer.
"""

import time

from course import diagrams

DELAY = 1.0  # the app caps delay at one second
PATH = f"/stream?chunks=3&delay={DELAY:g}"


def first_chunk_and_end(stack):
    """Seconds from sending the request to the first body bytes, and to the end of the body."""
    conn = stack.connection(timeout=30)
    try:
        start = time.monotonic()
        conn.request("GET", PATH)
        response = conn.getresponse()
        assert response.status == 200
        first = response.read1(65536)
        first_at = time.monotonic() - start
        rest = response.read()
        end_at = time.monotonic() - start
    finally:
        conn.close()
    assert (first + rest).decode() == "chunk 1 of 3\nchunk 2 of 3\nchunk 3 of 3\n"
    return first_at, end_at


def test_time_to_first_chunk_matches_the_stack_diagram(full_stack):
    first_at, end_at = first_chunk_and_end(full_stack)
    spread = end_at - first_at
    if diagrams.streams(full_stack.name):
        assert spread > 1.5 * DELAY, (
            f"{full_stack.name}: first chunk after {first_at:.2f} s, end after "
            f"{end_at:.2f} s: the response was held, but the diagram says it streams"
        )
    else:
        assert spread < 0.5 * DELAY, (
            f"{full_stack.name}: first chunk after {first_at:.2f} s, end after "
            f"{end_at:.2f} s: the response streamed, but the diagram says it is held"
        )
