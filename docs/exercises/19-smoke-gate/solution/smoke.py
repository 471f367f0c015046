"""The smoke stage's load: is the release staging runs fit for production?

    python smoke.py URL      exit 0 when it is, 1 when it is not

Run by the pipeline after the deploy to staging; a non-zero exit stops the pipeline there,
before production. A steady series of requests shaped like the users' (mostly GET /, every
fifth a POST /echo), each answer checked whole (status and body); one failed request is
one too many.
"""

import http.client
import sys
import time
import urllib.error
import urllib.request

REQUESTS = 100
RATE = 50  # requests a second
POST_EVERY = 5
BODY = b"smoke-test"


def one(url: str, post: bool) -> str:
    """'' for the expected answer, else what went wrong."""
    request = urllib.request.Request(
        url + ("/echo" if post else "/"), data=BODY if post else None, method="POST" if post else "GET"
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    except (OSError, http.client.HTTPException) as exc:
        return f"{type(exc).__name__}: {exc}"
    expected = BODY if post else b"Hello, World!"
    return "" if status == 200 and body == expected else f"{status} {body[:40]!r}"


def main(url: str) -> int:
    failures, started = [], time.monotonic()
    for sent in range(REQUESTS):
        post = sent % POST_EVERY == POST_EVERY - 1
        error = one(url, post)
        if error:
            failures.append(f"request {sent + 1} ({'POST /echo' if post else 'GET /'}): {error}")
        time.sleep(max(0.0, started + (sent + 1) / RATE - time.monotonic()))
    print(f"smoke: {REQUESTS} requests, {len(failures)} failed")
    for failure in failures[:5]:
        print(f"  {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/")))
