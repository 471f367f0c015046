"""hello.logic on an event loop: the same answers, and the loop never blocks.

The event-loop adapters (ASGI in :mod:`hello.asgi`, tornado in
:mod:`hello.tornado_app`) call :func:`handle_async` instead of
``logic.handle``. It runs the same steps, but a route that only waits (``/slow``)
awaits a timer, so thousands can wait at once on one thread; a route that calls
blocking code (Redis, the error tracker's network, a slow stream) runs in the
loop's thread pool; every other route runs inline, as it never waits.
Kept out of hello.logic so that the CGI script, a process per request, never
pays for importing asyncio.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from hello import logic

_END = object()


async def slow(request: logic.Request, config) -> logic.Response:
    """/slow without a thread: the same answer as logic.slow, the wait a timer."""
    seconds = logic.slow_seconds(request, config)
    await asyncio.sleep(seconds)
    return logic.slept(seconds)


# Views that have a waiting (async) form; the rest run inline or in a thread.
WAITING_VIEWS = {logic.slow: slow}


async def handle_async(request: logic.Request, config) -> logic.Response:
    """``logic.handle`` for event loops: the same Response, without blocking the loop."""
    started, request_id = logic.begin(request)
    route, response = logic.find_route(request)
    if route is not None:
        try:
            if route.view in WAITING_VIEWS:
                response = await WAITING_VIEWS[route.view](request, config)
            elif route.blocks:
                response = await asyncio.to_thread(route.view, request, config)
            else:
                response = route.view(request, config)
        except Exception as exc:  # the same answers as logic.handle gives
            response = logic.failed(exc, request, request_id, config)
    return logic.finish(request, response, request_id, started, config)


async def chunks(request: logic.Request, response: logic.Response) -> AsyncIterator[bytes]:
    """The chunks of a streamed body; a blocking route's are produced in a thread."""
    body = iter(response.body)
    in_thread = logic.blocks(request)
    try:
        while True:
            chunk = await asyncio.to_thread(next, body, _END) if in_thread else next(body, _END)
            if chunk is _END:
                return
            yield chunk
    finally:
        close = getattr(body, "close", None)
        if close:
            close()
