"""The production checklist, declared once: every item, the check that tests it, why it matters.

``make check-deploy`` (check_deploy.py) runs the check of each item, in this order,
against the running production stack; docs/checklist.md shows the same items as a
table (course/checklist.py, written by ``make tables``). A new item is one line here
and one function in check_deploy.py; a test fails when either is missing.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    name: str  # as the tool prints it and the page lists it
    check: str  # the function of check_deploy.py that checks it against the running stack
    why: str  # why it matters, for the page


ITEMS = (
    Item(
        "production environment",
        "environment",
        "The app runs with PYTHON_ENV=production: production settings (no tracebacks, JSON logs) apply only "
        "if it says so.",
    ),
    Item(
        "no tracebacks to clients",
        "no_tracebacks",
        "A failing request answers a generic 500: a traceback shows attackers code, paths and versions.",
    ),
    Item(
        "secrets set, not defaults",
        "secrets",
        "Secrets are set and not defaults, and their files are private: a default key is a known key.",
    ),
    Item(
        "certificate valid, not close to expiry",
        "certificate",
        "The certificate verifies and is not about to expire: an expired one stops every client at once.",
    ),
    Item("HSTS", "hsts", "Strict-Transport-Security for a year or more: browsers then never try plain HTTP first."),
    Item(
        "server_tokens off",
        "server_tokens",
        "The Server header names no version: no free hint of which vulnerabilities apply.",
    ),
    Item(
        "HTTP redirects to HTTPS",
        "redirect",
        "Plain HTTP redirects to HTTPS (301): a user who types the bare name still ends up encrypted.",
    ),
    Item(
        "no process serving as root",
        "not_root",
        "No process that handles requests runs as root: a bug in it is then not a bug with root's powers.",
    ),
    Item(
        "app socket not open to others",
        "socket_permissions",
        "The app's unix socket is closed to other accounts: nobody but nginx can talk to the app directly.",
    ),
    Item(
        "at least two workers",
        "workers",
        "At least two workers: one slow request or one crashed worker does not stop the service.",
    ),
    Item(
        "error tracker reachable",
        "tracker",
        "The error tracker answers: errors are an event stream someone reads, not lines lost in a log.",
    ),
    Item(
        "Prometheus scrapes every target",
        "prometheus_targets",
        "Prometheus scrapes the app, nginx, Redis and itself: a target it cannot read is a blind spot no alert covers.",
    ),
)
