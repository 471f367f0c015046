"""The bare repository's hook tells the master what was pushed: one authenticated POST per pushed
branch to the change hook, with the commit's revision, branch, author and subject; a deleted
branch or a tag sends nothing; a master that is down is a one-line warning, never a failed push."""

import base64
import http.server
import subprocess
import sys
import threading
import urllib.parse

from stacks.runner.paths import ROOT

HOOK = ROOT / "ci" / "post_receive.py"


def run_hook(tmp_path, lines: str, url: str) -> subprocess.CompletedProcess:
    password = tmp_path / "password"
    password.write_text("s3cret\n")
    return subprocess.run(
        [sys.executable, str(HOOK), url, str(password)],
        input=lines,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_a_push_is_one_authenticated_post_per_branch(tmp_path):
    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["Authorization"], urllib.parse.parse_qs(body.decode())))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    zero = "0" * 40
    try:
        result = run_hook(
            tmp_path,
            f"{zero} {head} refs/heads/main\n{head} {zero} refs/heads/gone\n{zero} {head} refs/tags/v1\n",
            f"http://127.0.0.1:{server.server_port}/change_hook/base",
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    assert len(received) == 1
    auth, fields = received[0]
    assert auth == "Basic " + base64.b64encode(b"hook:s3cret").decode()
    assert fields["revision"] == [head] and fields["branch"] == ["main"] and fields["comments"][0]
    assert "pipeline started for main" in result.stdout


def test_a_master_that_is_down_does_not_fail_the_push(tmp_path):
    from stacks.runner.ports import pick_free

    result = run_hook(
        tmp_path, f"{'0' * 40} {'1' * 40} refs/heads/main\n", f"http://127.0.0.1:{pick_free()}/change_hook/base"
    )
    assert result.returncode == 0
    assert "did not take the push" in result.stdout and "make ci-status" in result.stdout
