"""A visit counter, served by several gunicorn workers.

GET / answers the number of this visit, as text: 1, then 2, then 3... The count
lives in Redis, the backing service named by REDIS_URL, so every worker — and
every restart of the app — shares it. With Redis unreachable: 503.
"""

import os

import redis

REDIS = redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=2)


def application(environ, start_response):
    try:
        status, body = "200 OK", str(REDIS.incr("visits")).encode()
    except redis.RedisError as exc:
        status, body = "503 Service Unavailable", f"redis unavailable: {exc}\n".encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]
