"""Checker for exercise 04: the student's location block in front of the real app.

Builds an nginx.conf around the block (an ``upstream app`` to the proxy stack's
tornado) and starts the proxy stack with it as an overlay, through the runner:
real nginx and tornado, a private run directory, a free port. Then reads /env.

    python check.py path/to/location.conf
"""

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from checking import Checks, StackError, private_stack, request  # noqa: E402

SKELETON = """\
# Built by the checker of exercise 04 around the student's location block.
include {{{{ conf }}}}/nginx-main.conf;

http {{
    include {{{{ conf }}}}/nginx-http.conf;

    upstream app {{
        server 127.0.0.1:{{{{ upstream }}}};
        keepalive 16;
    }}

    server {{
        listen {{{{ host }}}}:{{{{ port }}}};

{block}
    }}
}}
"""


def main(path: str) -> int:
    checks = Checks(f"exercise 04: the location block in {path}")
    block = Path(path).read_text()
    with tempfile.TemporaryDirectory() as overlay:
        indented = "\n".join("        " + line if line.strip() else "" for line in block.splitlines())
        (Path(overlay) / "nginx.conf").write_text(SKELETON.format(block=indented))
        try:
            with private_stack("proxy", Path(overlay)) as state:
                base = state.base_url
                status, _, body = request(base + "/env")
                if status != 200:
                    return checks.stop(f"GET /env through nginx answered {status}: {body[:80]!r}")
                environ = json.loads(body)["environ"]
                host = base.removeprefix("http://")
                checks.expect(environ.get("HTTP_HOST") == host, f"the app sees Host: {host}",
                              f"it sees {environ.get('HTTP_HOST')!r}")
                checks.expect(environ.get("HTTP_X_FORWARDED_FOR") == "127.0.0.1",
                              "the app sees X-Forwarded-For: 127.0.0.1",
                              f"it sees {environ.get('HTTP_X_FORWARDED_FOR')!r}")
                checks.expect(environ.get("HTTP_X_FORWARDED_PROTO") == "http",
                              "the app sees X-Forwarded-Proto: http",
                              f"it sees {environ.get('HTTP_X_FORWARDED_PROTO')!r}")
                checks.expect(environ.get("SERVER_PROTOCOL") == "HTTP/1.1",
                              "nginx speaks HTTP/1.1 to the app", f"it speaks {environ.get('SERVER_PROTOCOL')!r}")
                checks.expect(environ.get("HTTP_CONNECTION", "").lower() != "close",
                              "nginx does not close the upstream connection after each request",
                              "the app sees Connection: close")
                status, _, body = request(base + "/")
                checks.expect((status, body) == (200, b"Hello, World!"), "GET / answers Hello, World!")
        except StackError as exc:
            print(exc.details)
            return checks.stop(f"the proxy stack did not start with your block: {exc}")
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
