"""The /counter and /health backend when REDIS_URL is set (PyPI ``redis``, lazy).

Short socket timeouts keep a dead Redis from tying up a worker: the request gets
a 503 with the reason in half a second instead of hanging.
"""

from __future__ import annotations

import threading

KEY = "hello:counter"
TIMEOUT_SECONDS = 0.5

_clients: dict = {}
_lock = threading.Lock()


class RedisUnavailable(Exception):
    """Redis could not be reached or answered with an error; str() says why."""


def _client(url: str):
    with _lock:
        if url not in _clients:
            try:
                import redis
            except ImportError:
                raise RedisUnavailable("the redis package is not installed (pip install redis)") from None
            _clients[url] = redis.Redis.from_url(
                url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
            )
        return _clients[url]


def _call(url: str, command):
    client = _client(url)
    import redis

    try:
        return command(client)
    except (redis.RedisError, OSError) as exc:
        raise RedisUnavailable(f"{type(exc).__name__}: {exc}") from None


def increment(url: str) -> int:
    """INCR the shared counter and return its new value."""
    return int(_call(url, lambda client: client.incr(KEY)))


def check(url: str) -> str:
    """``"ok"`` when Redis answers PING, else ``"down: <reason>"``."""
    try:
        _call(url, lambda client: client.ping())
    except RedisUnavailable as exc:
        return f"down: {exc}"
    return "ok"
