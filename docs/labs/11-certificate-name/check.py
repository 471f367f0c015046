"""Lab 11: the server certificate names the hosts clients use, and verifies against the lab's CA."""

from urllib.parse import urlsplit

from course.tasks.checking import request

STACK = "production"

# The mistake: the stack's own tls.py with this one change (broken); unchanged, it is the fix.
BREAK = {
    "tls.py": [
        (
            '    names = ["DNS:localhost", "IP:127.0.0.1", "IP:::1"]\n    extra = f"IP:{host}" if host.replace(".", "").isdigit() or ":" in host else f"DNS:{host}"\n    return ",".join(names + ([extra] if extra not in names and host not in ("", "0.0.0.0") else []))',
            '    return "DNS:hello.example.com"  # the name the service will have on the internet',
        )
    ]
}


def check(checks, url, state) -> None:
    port = urlsplit(url).port
    for host in ("localhost", "127.0.0.1"):
        try:
            status, _, _ = request(f"https://{host}:{port}/", cafile=state.cafile)
            problem = "" if status == 200 else f"status {status}"
        except OSError as exc:
            problem = str(exc)
        checks.expect(not problem, f"https://{host}:{port}/ verifies with the lab's CA", problem)
