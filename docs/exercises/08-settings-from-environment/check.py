"""Checker for exercise 08: the student's app reads its settings from the environment.

The app is served by a real gunicorn three times, with different environments:
a greeting and a random signing key; no greeting (the default); no key at all
(gunicorn must not come up, and its output must name the missing setting).

    python check.py path/to/app.py
"""

import hashlib
import hmac
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from course.tasks.checking import GUNICORN, Checks, NotServing, end_group, free_port, request, serving


def gunicorn(app: Path, port: int) -> list:
    return [
        str(GUNICORN),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--chdir",
        str(app.parent),
        f"{app.stem}:application",
    ]


def base_env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("GREETING", "SECRET_KEY")}


def refuses_without_key(app: Path, folder: Path) -> tuple:
    """(refused, its output): gunicorn with no SECRET_KEY must exit, not keep serving."""
    port = free_port()
    log = folder / "no-key.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            gunicorn(app, port), env=base_env(), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        process.wait(12)  # a worker that cannot import the app makes gunicorn's master exit
    except subprocess.TimeoutExpired:
        pass
    finally:
        end_group(process)
    return process.returncode not in (None, 0), log.read_text(errors="replace")


def main(path: str) -> int:
    checks = Checks(f"exercise 08: the settings of {path}")
    app = Path(path).resolve()
    key = secrets.token_hex(16)
    text = secrets.token_hex(4)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        try:
            port = free_port()
            with serving(
                gunicorn(app, port), port, folder / "set.log", {**base_env(), "GREETING": "Bonjour", "SECRET_KEY": key}
            ):
                status, _, body = request(f"http://127.0.0.1:{port}/")
                checks.expect(
                    body == b"Bonjour, World!",
                    "with GREETING=Bonjour, GET / answers Bonjour, World!",
                    f"got {status} {body[:60]!r}",
                )
                status, _, body = request(f"http://127.0.0.1:{port}/sign?{text}")
                wanted = hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest().encode()
                checks.expect(
                    body == wanted,
                    "GET /sign signs with the SECRET_KEY from the environment",
                    "the signature is not made with the key the checker set",
                )
            port = free_port()
            with serving(gunicorn(app, port), port, folder / "default.log", {**base_env(), "SECRET_KEY": key}):
                status, _, body = request(f"http://127.0.0.1:{port}/")
                checks.expect(
                    body == b"Hello, World!",
                    "without GREETING, GET / answers Hello, World!",
                    f"got {status} {body[:60]!r}",
                )
        except NotServing as exc:
            return checks.stop(f"gunicorn did not serve your app: {exc}")
        refused, output = refuses_without_key(app, folder)
        checks.expect(
            refused and "SECRET_KEY" in output,
            "without SECRET_KEY the app refuses to start, and says SECRET_KEY is missing",
            "it started anyway" if not refused else "its output does not name SECRET_KEY",
        )
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
