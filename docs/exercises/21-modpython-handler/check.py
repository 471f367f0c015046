"""Checker for exercise 21: the student's mod_python handler inside the real modpython stack.

The stack's own apache.conf is rendered with one change: ``PythonHandler`` names the
student's module, found on ``PythonPath`` in a folder Apache's unprivileged user
can read (the checkout may not be). The runner starts Apache under supervisord as
it always does; the stack comes up only once ``GET /`` answers ``Hello, World!``.

    python check.py path/to/handler.py
"""

import shutil
import sys
import tempfile
from pathlib import Path

from course.tasks.checking import ROOT, Checks, StackError, private_stack, request, says_hello
from stacks.runner import procfs, proctree

STACK = "modpython"
MODULE = "student_handler"
HANDLER_LINE = "PythonHandler hello_modpython\n"
PATH_LINE = "PythonPath \"['{{ release }}', "


def overlay_for(handler: Path, folder: Path) -> Path:
    """An overlay whose apache.conf calls the student's module (copied beside it, world-readable)."""
    code = folder / "code"
    code.mkdir(mode=0o755)
    shutil.copyfile(handler, code / f"{MODULE}.py")
    (code / f"{MODULE}.py").chmod(0o644)
    conf = (ROOT / "stacks" / STACK / "apache.conf").read_text()
    for line in (HANDLER_LINE, PATH_LINE):
        if conf.count(line) != 1:
            raise SystemExit(
                f"error: stacks/{STACK}/apache.conf changed: update {Path(__file__).name} ({line.strip()!r})"
            )
    conf = conf.replace(HANDLER_LINE, f"PythonHandler {MODULE}\n").replace(PATH_LINE, f"PythonPath \"['{code}', ")
    overlay = folder / "overlay"
    overlay.mkdir(mode=0o755)
    (overlay / "apache.conf").write_text(conf)
    return overlay


def check_pid(checks: Checks, url: str, state) -> None:
    """/pid names a process of this Apache, below supervisord, not running as root."""
    status, _, body = request(url + "/pid")
    text = body.decode(errors="replace").strip()
    if not checks.expect(
        status == 200 and text.isdigit(), "GET /pid answers a process number", f"got {status} {text[:60]!r}"
    ):
        return
    pid = int(text)
    checks.expect(
        pid in proctree.descendants(state.pid),
        f"process {pid} is one of the stack's Apache children: the handler runs inside Apache",
        "that process is not below the stack's supervisord",
    )
    owner = procfs.owner(pid)
    checks.expect(
        owner not in ("root", "?"), f"process {pid} runs as Apache's unprivileged user ({owner})", f"it runs as {owner}"
    )


def main(path: str) -> int:
    checks = Checks(f"exercise 21: the mod_python handler {path}")
    with tempfile.TemporaryDirectory() as folder:
        Path(folder).chmod(0o755)
        overlay = overlay_for(Path(path), Path(folder))
        try:
            with private_stack(STACK, overlay=overlay) as state:
                url = state.base_url
                says_hello(checks, request(url + "/"))
                sent = bytes(range(256)) * 16
                status, headers, body = request(url + "/echo", method="POST", body=sent)
                checks.expect(
                    (status, body) == (200, sent),
                    "POST /echo returns 4 KiB of binary body exactly",
                    f"got {status}, {len(body)} bytes back of {len(sent)}",
                )
                checks.expect(
                    headers.get("content-type") == "application/octet-stream",
                    "POST /echo says Content-Type: application/octet-stream",
                    f"got {headers.get('content-type')!r}",
                )
                check_pid(checks, url, state)
                status, _, _ = request(url + "/no/such/page")
                checks.expect(status == 404, "GET /no/such/page answers 404", f"got {status}")
        except StackError as exc:
            return checks.stop(f"the modpython stack did not come up with your handler: {exc}")
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
