"""A client of the Buildbot master's REST API (``/api/v2``), logged in as one of its accounts.

The web UI requires a login, and so does its API: ``/auth/login`` with HTTP basic
authentication opens a session (a cookie) that the later requests carry. Standard library
only; used by ``make ci-status``, the pipeline's own helpers and the tests.
"""

import base64
import http.cookiejar
import json
import urllib.error
import urllib.request


class Api:
    def __init__(self, base_url: str, user: str = "", password: str = "", timeout: float = 20) -> None:
        self.base = base_url.rstrip("/")
        self.timeout = timeout
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        if user:
            self.login(user, password)

    def login(self, user: str, password: str) -> None:
        request = urllib.request.Request(self.base + "/auth/login")
        request.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode())
        with self.opener.open(request, timeout=self.timeout) as response:
            response.read()

    def get(self, path: str, **query) -> dict:
        """GET /api/v2/PATH; the decoded JSON."""
        url = f"{self.base}/api/v2/{path.lstrip('/')}"
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        with self.opener.open(url, timeout=self.timeout) as response:
            return json.loads(response.read())

    def raw(self, path: str) -> bytes:
        with self.opener.open(f"{self.base}/api/v2/{path.lstrip('/')}", timeout=self.timeout) as response:
            return response.read()

    def control(self, path: str, method: str, **params) -> dict:
        """A JSON-RPC control call (``force`` on a force scheduler, ``stop`` on a build, ...)."""
        body = json.dumps({"jsonrpc": "2.0", "method": method, "id": 1, "params": params}).encode()
        request = urllib.request.Request(
            f"{self.base}/api/v2/{path.lstrip('/')}",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with self.opener.open(request, timeout=self.timeout) as response:
            return json.loads(response.read())

    def builds(self, builder: str = "") -> list:
        """Every build (of one builder), oldest first, with its properties."""
        path = f"builders/{builder}/builds" if builder else "builds"
        return self.get(path, property="*", order="number")["builds"]

    def steps(self, buildid: int) -> list:
        return self.get(f"builds/{buildid}/steps")["steps"]

    def log_text(self, logid: int) -> str:
        return self.raw(f"logs/{logid}/raw").decode(errors="replace")


def answers(url: str, timeout: float = 3) -> bool:
    """Whether the master's web server answers at all (it needs no login for its front page)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False
