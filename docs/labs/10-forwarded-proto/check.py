"""Lab 10: behind TLS termination the app knows the client used https (X-Forwarded-Proto)."""

from course.tasks.checking import env_document

STACK = "production"

# The mistake: the stack's own proxy-app.conf with this one change (broken); unchanged, it is the fix.
BREAK = {"proxy-app.conf": [("proxy_set_header X-Forwarded-Proto $scheme;\n", "")]}


def check(checks, url, state) -> None:
    client = env_document(checks, url, state.cafile).get("client")
    if client is None:
        return
    checks.expect(
        client.get("scheme") == "https", "the app sees the client's scheme: https", f"/env says client {client}"
    )
