"""Checker for exercise 02: run the student's CGI script as a web server would.

One new process per request, the CGI/1.1 variables as its environment, the body
on stdin — left open, as a server may leave it — and the output parsed into a
status, headers and body. No server is needed to see CGI for what it is.

    python check.py path/to/hello.cgi
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from course.tasks.checking import Checks, says_hello

SECONDS = 5


def run_cgi(script: Path, method: str, path: str, body: bytes = b"") -> tuple:
    """(status, headers, body, problem) for one request, the script run once."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "GATEWAY_INTERFACE": "CGI/1.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "SERVER_SOFTWARE": "exercise-checker",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1",
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "CONTENT_LENGTH": str(len(body)) if body else "",
        "CONTENT_TYPE": "application/octet-stream" if body else "",
    }
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [sys.executable, str(script)], env=env, stdin=subprocess.PIPE, stdout=out, stderr=err
        )
        try:
            process.stdin.write(body)
            process.stdin.flush()
            process.wait(SECONDS)  # stdin stays open: the script must stop at CONTENT_LENGTH
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            return 0, {}, b"", f"still running after {SECONDS}s: read exactly CONTENT_LENGTH bytes, not to the end"
        finally:
            process.stdin.close()
        out.seek(0)
        err.seek(0)
        output, errors = out.read(), err.read().decode(errors="replace").strip()
    if process.returncode != 0:
        return 0, {}, b"", f"exited with status {process.returncode}: {errors.splitlines()[-1:] or ''}"
    return parse(output)


def parse(output: bytes) -> tuple:
    """Split CGI output into (status, headers, body, problem)."""
    for separator in (b"\r\n\r\n", b"\n\n"):
        head, found, body = output.partition(separator)
        if found:
            break
    else:
        return 0, {}, b"", f"no blank line after the headers in {output[:60]!r}"
    headers = {}
    for line in head.decode("latin-1").splitlines():
        name, colon, value = line.partition(":")
        if not colon:
            return 0, {}, b"", f"{line!r} is not a header (Name: value)"
        headers[name.strip().lower()] = value.strip()
    if "content-type" not in headers:
        return 0, headers, body, "no Content-Type header"
    status = headers.pop("status", "200 OK")
    return int(status.split()[0]), headers, body, ""


def main(path: str) -> int:
    script = Path(path)
    checks = Checks(f"exercise 02: the CGI script {path}")
    status, headers, body, problem = run_cgi(script, "GET", "/")
    says_hello(checks, (status, headers, body), problem)
    sent = bytes(range(256)) * 64 + b"\r\n\r\nend"
    status, headers, body, problem = run_cgi(script, "POST", "/echo", sent)
    checks.expect(
        (status, body) == (200, sent),
        "POST /echo returns 16 KiB of binary body exactly",
        problem or f"got {status}, {len(body)} bytes back of {len(sent)}",
    )
    checks.expect(
        headers.get("content-type") == "application/octet-stream",
        "POST /echo says Content-Type: application/octet-stream",
        problem or f"got {headers.get('content-type')!r}",
    )
    status, _, body, problem = run_cgi(script, "GET", "/no/such/page")
    checks.expect(
        (status, body) == (404, b"Not Found\n"),
        "GET /no/such/page answers 404 Not Found",
        problem or f"got {status} {body[:60]!r}",
    )
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
