"""``make check-deploy``: does the running production stack meet the production checklist?

Each item is checked against the running stack as a client or an operator would
see it (requests over HTTPS, the processes in /proc, the files on disk), never by
reading its config files back. One line per item; exit status 1 on any failure. The
items, their order and why each matters are declared in checklist.py.

    python -m stacks.production.check_deploy
"""

import argparse
import http.client
import json
import socket
import ssl
import stat
import sys
import time
import urllib.request

from stacks.production import checklist
from stacks.production.running import Running
from stacks.runner import probe, procfs, proctree
from stacks.runner.errors import StackError, reported

MIN_CERT_DAYS = 30
MIN_HSTS_SECONDS = 31536000
DEFAULT_SECRETS = ("", "changeme", "django-insecure", "secret")


def _get(running: Running, path: str):
    status, headers, body = probe.request(running.url + path, running.cafile, timeout=10)
    return status, {k.lower(): v for k, v in headers}, body


def environment(running):
    """/health's environment is production (staging for the CI pipeline's staging copy, which its stage.env
    declares). (Why it matters: checklist.py.)"""
    health = json.loads(_get(running, "/health")[2])
    expected = running.expected_environment
    return health.get("environment") == expected, f"PYTHON_ENV={health.get('environment')} (expected {expected})"


def no_tracebacks(running):
    """/error answers exactly the generic 500 body. (Why it matters: checklist.py.)"""
    status, _, body = _get(running, "/error?id=check-deploy")
    return (status, body) == (500, b"Internal Server Error\n"), f"/error answers {status} with {len(body)} bytes"


def secrets(running):
    """The app's SENTRY_DSN, the tracker's SECRET_KEY, and the modes of the credential files. (Why it matters: checklist.py.)"""
    env = procfs.environment(running.rpc().getProcessInfo("gunicorn")["pid"])
    dsn = env.get("SENTRY_DSN", "")
    credentials = running.folder / "bugsink" / "credentials.json"
    conf = (running.folder / "bugsink" / "bugsink_conf.py").read_text()
    key_line = next((line for line in conf.splitlines() if line.startswith("SECRET_KEY")), "")
    key = key_line.split("=", 1)[-1].strip().strip("\"'")
    problems = []
    if not dsn.startswith("http") or "@" not in dsn:
        problems.append("SENTRY_DSN not set for the app")
    if any(key.startswith(d) for d in DEFAULT_SECRETS if d) or len(key) < 32:
        problems.append("the tracker's SECRET_KEY is missing or a default")
    for private in (credentials, running.folder / "bugsink" / "bugsink_conf.py", running.folder / "tls" / "server.key"):
        if stat.S_IMODE(private.stat().st_mode) & 0o077:
            problems.append(f"{private.name} is readable by others")
    return not problems, "; ".join(problems) or "SENTRY_DSN set, generated SECRET_KEY, credential files 0600"


def certificate(running):
    """A TLS handshake verified against the stack's CA; the days left on the certificate. (Why it matters: checklist.py.)"""
    host, port = running.host, int(running.url.rsplit(":", 1)[1])
    context = ssl.create_default_context(cafile=running.cafile)
    with (
        socket.create_connection((host, port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname=host) as conn,
    ):
        cert = conn.getpeercert()
    days = (ssl.cert_time_to_seconds(cert["notAfter"]) - time.time()) / 86400
    return days > MIN_CERT_DAYS, f"verifies against {running.cafile}; expires in {days:.0f} days"


def hsts(running):
    """The Strict-Transport-Security header's max-age. (Why it matters: checklist.py.)"""
    value = _get(running, "/")[1].get("strict-transport-security", "")
    age = int(value.split("max-age=")[1].split(";")[0]) if "max-age=" in value else 0
    return age >= MIN_HSTS_SECONDS, f"Strict-Transport-Security: {value or '(missing)'}"


def server_tokens(running):
    """The Server header carries no version. (Why it matters: checklist.py.)"""
    server = _get(running, "/")[1].get("server", "")
    return "/" not in server, f"Server: {server}"


def _serving(running) -> list:
    tree = proctree.descendants(running.state.pid)
    return [p for p in tree if not proctree.descendants(p)]


def not_root(running):
    """The owner of every process that serves (the leaves of the process tree). (Why it matters: checklist.py.)"""
    root = [f"{p} {procfs.command_line(p)[:40]}" for p in _serving(running) if procfs.owner(p) == "root"]
    return not root, "; ".join(root) or f"{len(_serving(running))} serving processes, none as root"


def socket_permissions(running):
    """The mode of gunicorn's unix socket. (Why it matters: checklist.py.)"""
    sock = running.base / "var" / "gunicorn.sock"
    mode = stat.S_IMODE(sock.stat().st_mode)
    return not mode & 0o007, f"{sock} mode {oct(mode)}, owner {sock.owner()}"


def workers(running):
    """The children of gunicorn's master. (Why it matters: checklist.py.)"""
    count = len(proctree.descendants(running.rpc().getProcessInfo("gunicorn")["pid"]))
    return count >= 2, f"{count} gunicorn workers"


def tracker(running):
    """The tracker's API answers with the stack's token. (Why it matters: checklist.py.)"""
    token = running.credentials()["api_token"]
    request = urllib.request.Request(
        running.tracker + "/api/canonical/0/", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status == 200, f"{running.tracker}/ answers its API"


EXPECTED_JOBS = {"hello", "nginx", "redis", "prometheus"}
# A Prometheus that has just started lists its targets only after its discovery's first
# update (throttled to 5 s) and judges each one at its first scrape (scrape_interval in
# prometheus.yml): a target not seen yet is "not yet", waited for this long; a target
# scraped and found down fails at once.
TARGETS_SETTLE_SECONDS = 20


def _target_problems(targets: list) -> tuple:
    """(problems, whether any of them may still go away by itself)."""
    down = [f"{t['job']} {t['health']} ({t['lastError'] or 'not scraped yet'})" for t in targets if t["health"] != "up"]
    missing = sorted(EXPECTED_JOBS - {t["job"] for t in targets})
    pending = bool(missing) or any(t["health"] == "unknown" for t in targets)
    return down + [f"no target for {job}" for job in missing], pending


def prometheus_targets(running):
    """Prometheus' own list of targets, waited for while it has not scraped them yet. (Why it matters: checklist.py.)"""
    deadline = time.monotonic() + TARGETS_SETTLE_SECONDS
    while True:
        targets = running.prometheus.targets()
        problems, pending = _target_problems(targets)
        if not problems or not pending or time.monotonic() > deadline:
            break
        time.sleep(1)
    return not problems, "; ".join(
        problems
    ) or f"{len(targets)} targets up: {', '.join(sorted(t['job'] for t in targets))}"


def redirect(running):
    """GET / over plain HTTP answers 301 to https://. (Why it matters: checklist.py.)"""
    conn = http.client.HTTPConnection(running.host, running.http_port, timeout=10)
    conn.request("GET", "/", headers={"Host": running.host})
    response = conn.getresponse()
    conn.close()
    location = response.getheader("Location", "")
    return response.status == 301 and location.startswith("https://"), f"HTTP answers {response.status} -> {location}"


CHECKS = [(item.name, globals()[item.check]) for item in checklist.ITEMS]  # the checklist's order


def run(running: Running, names: tuple = ()) -> list:
    """(name, passed, detail) for every item of the checklist (or those whose check is in ``names``)."""
    results = []
    for name, check in CHECKS:
        if names and check.__name__ not in names:
            continue
        try:
            passed, detail = check(running)
        except (OSError, ValueError, KeyError, StackError, http.client.HTTPException) as exc:
            passed, detail = False, f"{type(exc).__name__}: {exc}"
        results.append((name, passed, detail))
    return results


def main(argv=None) -> int:
    argparse.ArgumentParser(
        prog="python -m stacks.production.check_deploy", description=__doc__.splitlines()[0]
    ).parse_args(argv)
    return reported(report)


def report(running=None, names: tuple = ()) -> int:
    """Print one line per item; 1 when any failed (the last line names them)."""
    results = run(running or Running(), names)
    for name, passed, detail in results:
        print(f"  {'ok  ' if passed else 'FAIL'}  {name:<40} {detail}")
    failed = [name for name, passed, _ in results if not passed]
    print(
        f"{len(results) - len(failed)} of {len(results)} checks pass"
        + (f"; failing: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
