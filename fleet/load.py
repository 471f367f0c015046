"""A steady, bounded load on the site, run on the client host (standard library only).

    python3 fleet/load.py --host NAME --cafile CA [--port 443] [--rate 20] [--seconds 60] [--post-every 5]
                          [--progress FILE] [--record]

Sends requests at a fixed rate to https://<site>/ (the name resolved through the
client's resolver, so through the fleet's DNS), one connection per request, until
the time is up or it gets SIGTERM; then prints one JSON line: requests sent,
failed ones (anything but the expected answer), the first few failures, and the
slowest answer (a retried request is slow, not failed: this is where it shows).
Every ``--post-every``-th request is a POST /echo (not idempotent: the load
balancer must not retry it, so a drain that drops one would show here).
``--progress FILE`` rewrites FILE with the summary so far every second, for a watcher that
must act before the load ends (the pipeline's verify stage); ``--port`` aims it at a stack on
other ports (the pipeline's staging). ``--record`` adds every request to the summary as
``[seconds from the start, status (0: no answer), the X-Request-ID it came back with, failed]``:
what fleet/deploy_timeline.py joins with the app hosts' access logs to draw a rolling deploy.
"""

import argparse
import http.client
import json
import os
import signal
import ssl
import sys
import time


def one_request(host: str, port: int, context, post: bool) -> tuple:
    """('' for the expected answer, else what went wrong; the status, 0 for none; the answer's X-Request-ID)."""
    body = b"fleet-load"
    try:
        conn = http.client.HTTPSConnection(host, port, context=context, timeout=10)
        conn.request("POST" if post else "GET", "/echo" if post else "/", body=body if post else None)
        response = conn.getresponse()
        data = response.read()
        conn.close()
    except (OSError, http.client.HTTPException) as exc:
        return f"{type(exc).__name__}: {exc}", 0, ""
    expected = body if post else b"Hello, World!"
    error = "" if response.status == 200 and data == expected else f"{response.status} {data[:60]!r}"
    return error, response.status, response.getheader("X-Request-ID", "")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--cafile", required=True)
    parser.add_argument("--port", type=int, default=443)
    parser.add_argument("--progress", default="")
    parser.add_argument("--rate", type=float, default=20)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--post-every", type=int, default=0)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args(argv)
    context = ssl.create_default_context(cafile=args.cafile)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    sent, failures, started, slowest, reported, recorded = 0, [], time.monotonic(), 0.0, 0.0, []

    def summary(final: bool = False) -> str:
        figures = {
            "sent": sent,
            "failed": len(failures),
            "seconds": round(time.monotonic() - started, 1),
            "slowest_seconds": round(slowest, 2),
            "failures": failures[:10],
        }
        return json.dumps({**figures, "requests": recorded} if final and args.record else figures)

    while not stop and time.monotonic() - started < args.seconds:
        post = bool(args.post_every) and sent % args.post_every == args.post_every - 1
        began = time.monotonic()
        error, status, request_id = one_request(args.host, args.port, context, post)
        slowest = max(slowest, time.monotonic() - began)
        if args.record:
            recorded.append([round(began - started, 3), status, request_id, bool(error)])
        if error:
            failures.append({"at": round(time.monotonic() - started, 2), "post": post, "error": error})
        sent += 1
        if args.progress and time.monotonic() - reported >= 1:
            write_progress(args.progress, summary())
            reported = time.monotonic()
        time.sleep(max(0.0, started + sent / args.rate - time.monotonic()))
    if args.progress:
        write_progress(args.progress, summary())
    print(summary(final=True))
    sys.stdout.flush()


def write_progress(path: str, text: str) -> None:
    with open(path + ".new", "w") as out:
        out.write(text + "\n")
    os.replace(path + ".new", path)


if __name__ == "__main__":
    main()
