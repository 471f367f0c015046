"""Lab 11: the server certificate names the hosts clients use, and verifies against the lab's CA."""

from urllib.parse import urlsplit

from checking import request

STACK = "production"


def check(checks, url, state) -> None:
    port = urlsplit(url).port
    for host in ("localhost", "127.0.0.1"):
        try:
            status, _, _ = request(f"https://{host}:{port}/", cafile=state.cafile)
            problem = "" if status == 200 else f"status {status}"
        except OSError as exc:
            problem = str(exc)
        checks.expect(not problem, f"https://{host}:{port}/ verifies with the lab's CA", problem)
