"""The app behind flup: a FastCGI or an SCGI server on a unix socket.

One runner for two protocols, because flup shapes them alike: a threaded
server that reads the web server's parameters into a WSGI environ and calls
``hello.wsgi:application``. flup is unmaintained, so it only ever listens on a
unix socket that nobody but the service account can open (mode 0600, set by
the umask when the socket is bound), never on a network address. It leaves its
socket file behind on exit; this script removes it.

    python serve.py --protocol fastcgi --socket /run/dir/var/fastcgi.sock
"""

import argparse
import os
import sys

SOCKET_UMASK = 0o177  # socket mode 0600: the service account (nginx's workers) only
MAX_THREADS = 128  # flup closes a new connection when every thread is busy: keep it above nginx's concurrency


def server_class(protocol: str):
    if protocol == "fastcgi":
        from flup.server.fcgi import WSGIServer
    else:
        from flup.server.scgi import WSGIServer
    return WSGIServer


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--protocol", choices=("fastcgi", "scgi"), required=True)
    parser.add_argument("--socket", required=True, help="path of the unix socket to listen on")
    parser.add_argument("--max-threads", type=int, default=MAX_THREADS, help="threads that run requests at once")
    args = parser.parse_args(argv)
    from hello.wsgi import application  # after parsing: --help works without the app

    server = server_class(args.protocol)(
        application,
        bindAddress=args.socket,
        umask=SOCKET_UMASK,
        maxThreads=args.max_threads,
    )
    print(f"flup {args.protocol} server on unix:{args.socket}, up to {args.max_threads} threads", flush=True)
    try:
        server.run()
    finally:
        if os.path.exists(args.socket):
            os.unlink(args.socket)
    return 0


if __name__ == "__main__":
    sys.exit(main())
