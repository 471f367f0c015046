#!/usr/bin/env python3
"""Serve the WSGI app stand-alone on the standard library's wsgiref, one thread per request.

    python apps/hello/run.py --port=8888 [--host=127.0.0.1]

The lab's "standalone" stack and the quickest way to try the app: no server to
install. PORT and PYTHON_ENV are honoured; errors a person can act on are one line.
"""

import argparse
import errno
import os
import signal
import socketserver
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

# Work from any directory: the package lives next to this file, in apps/.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    """wsgiref's server with a daemon thread per request, so /slow does not block others."""

    daemon_threads = True


def _stop(signum, frame):
    raise SystemExit(0)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Serve hello.wsgi:application on wsgiref.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None, help="default: PORT, else 8080")
    args = parser.parse_args(argv)
    try:
        from hello.config import ConfigError

        try:
            from hello.wsgi import CONFIG, application
        except ConfigError as exc:
            print(exc, file=sys.stderr)
            return 2
    except ImportError as exc:
        print(f"run.py: cannot import the app: {exc}", file=sys.stderr)
        return 2
    port = args.port if args.port is not None else CONFIG.port
    try:
        server = ThreadingWSGIServer((args.host, port), WSGIRequestHandler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"run.py: port {port} is in use; choose another with --port", file=sys.stderr)
        else:
            print(f"run.py: cannot listen on {args.host}:{port}: {exc.strerror}", file=sys.stderr)
        return 1
    server.set_app(application)
    signal.signal(signal.SIGTERM, _stop)
    print(f"Serving on http://{args.host}:{port}/", flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
