"""Set up the error tracker (bugsink) once, offline, and hand the app its DSN.

Run by the production stack before it starts (a ``[[prepare]]`` step), with the
bugsink virtualenv's Python, as the account bugsink serves as. The first run
writes bugsink's config (``bugsink-create-conf``), migrates both of its
databases, creates an admin with a generated password, an API token and the
project the app reports to; every run migrates (a no-op when current) and
writes the DSN for this start's tracker port. Credentials go to files only
their owner can read, never to the checkout or a template.

    python bugsink_setup.py STATE_DIR TRACKER_PORT
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
# Appended to the generated config: the tracker listens on loopback HTTP behind no
# proxy, so its base URL (and the DSN's host) come from the environment of each start;
# BUGSINK_ALLOWED_HOSTS adds the names it answers to beyond loopback (the fleet's ops host).
OVERRIDES = """

# --- interface lab: set by stacks/production/bugsink_setup.py ---
import os  # noqa: E402

BUGSINK["BASE_URL"] = os.environ.get("BUGSINK_BASE_URL", "http://127.0.0.1:8000")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", *filter(None, os.environ.get("BUGSINK_ALLOWED_HOSTS", "").split(","))]
SNAPPEA["TASK_ALWAYS_EAGER"] = True  # digest events in the request: no separate worker process
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
"""


def manage(home: Path, *args: str, env: dict | None = None) -> str:
    result = subprocess.run(
        [str(BIN / "bugsink-manage"), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {}), "PYTHONPATH": str(home), "DJANGO_SETTINGS_MODULE": "bugsink_conf"},
    )
    if result.returncode != 0:
        sys.exit(f"bugsink-manage {args[0]} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def first_setup(home: Path) -> dict:
    conf = home / "bugsink_conf.py"
    subprocess.run(
        [
            str(BIN / "bugsink-create-conf"),
            "--template",
            "singleserver",
            "--host",
            "127.0.0.1",
            "--base-dir",
            str(home / "data"),
            "--output-file",
            str(conf),
        ],
        check=True,
        capture_output=True,
    )
    conf.write_text(conf.read_text() + OVERRIDES)
    os.chmod(conf, 0o600)  # it holds the SECRET_KEY
    migrate(home)
    password = secrets.token_urlsafe(24)
    manage(
        home,
        "createsuperuser",
        "--noinput",
        env={
            "DJANGO_SUPERUSER_USERNAME": "admin",
            "DJANGO_SUPERUSER_EMAIL": "admin@localhost",
            "DJANGO_SUPERUSER_PASSWORD": password,
        },
    )
    token = manage(home, "create_auth_token").strip().splitlines()[-1]
    project = (
        manage(
            home,
            "shell",
            "-c",
            (
                "from projects.models import Project; p = Project.objects.create(name='hello'); "
                "print(p.id, p.sentry_key)"
            ),
        )
        .strip()
        .splitlines()[-1]
        .split()
    )
    return {
        "admin_user": "admin",
        "admin_password": password,
        "api_token": token,
        "project_id": int(project[0]),
        "sentry_key": project[1].replace("-", ""),
    }


def migrate(home: Path) -> None:
    (home / "data").mkdir(mode=0o700, exist_ok=True)
    manage(home, "migrate", "-v0")
    manage(home, "migrate", "--database=snappea", "-v0")


def main(state: str, port: str) -> None:
    home = Path(state) / "bugsink"
    home.mkdir(mode=0o700, exist_ok=True)
    credentials = home / "credentials.json"
    if credentials.is_file():
        migrate(home)
        found = json.loads(credentials.read_text())
    else:
        found = first_setup(home)
        private(credentials, json.dumps(found, indent=2) + "\n")
        print(f"bugsink: set up; admin credentials and API token in {credentials}")
    dsn = f"http://{found['sentry_key']}@127.0.0.1:{port}/{found['project_id']}"
    private(Path(state) / "app.env", f"# written by bugsink_setup.py at every start\nSENTRY_DSN={dsn}\n")


if __name__ == "__main__":  # the production stack's prepare step, in the tracker's own virtualenv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("state", help="the stack's state folder (bugsink/ and app.env go there)")
    parser.add_argument("port", help="the tracker's port, for the DSN")
    args = parser.parse_args()
    main(args.state, args.port)
