"""Lab 14: no worker is stuck: an upload answers at once, on every worker, one after another.

The broken copy adds an audit hook to gunicorn's configuration that opens a named
pipe for every POST; nobody reads the pipe, so ``open`` blocks, the worker stops
answering, and gunicorn ends it after its timeout (nginx: 502). py-spy shows the
worker's Python stack at the line that waits.
"""

from course.tasks.checking import request

STACK = "production"
# The check runs as anyone; finding the stuck worker does not: py-spy (and strace) attach to a
# process of another account (the workers run as the service account), which takes root.
NEEDS_ROOT_TO_LOOK = "py-spy"
UPLOADS = 6  # more than the stack's workers: every worker takes one
SECONDS = 10  # far less than gunicorn's 30 s worker timeout

# The mistake: the stack's own gunicorn_conf.py with this one change (broken); unchanged, it is the fix.
BREAK = {
    "gunicorn_conf.py": [
        (
            "worker_class = HandoverWorker\n",
            "worker_class = HandoverWorker\n"
            "\n"
            "# Uploads are recorded for the audit trail: one line per POST, to the auditor's pipe.\n"
            'AUDIT_PIPE = "{{ var }}/audit.pipe"\n'
            "\n"
            "\n"
            "def pre_request(worker, req):\n"
            '    if req.method == "POST":\n'
            "        if not os.path.exists(AUDIT_PIPE):\n"
            "            os.mkfifo(AUDIT_PIPE, 0o600)\n"
            '        with open(AUDIT_PIPE, "w") as audit:\n'
            '            audit.write(f"{req.method} {req.path}\\n")\n',
        )
    ]
}


def check(checks, url, state) -> None:
    sent = b"an upload\n" * 100
    answered = 0
    for _ in range(UPLOADS):
        try:
            status, _, body = request(url + "/echo", method="POST", body=sent, cafile=state.cafile, timeout=SECONDS)
        except OSError as exc:
            checks.expect(
                False,
                f"{UPLOADS} uploads (POST /echo) each answer within {SECONDS} s",
                f"upload {answered + 1} got no answer ({exc}): a worker is stuck; find where with py-spy dump",
            )
            return
        if (status, body) != (200, sent):
            checks.expect(
                False,
                f"{UPLOADS} uploads (POST /echo) each answer within {SECONDS} s",
                f"upload {answered + 1} got {status} {body[:60]!r}",
            )
            return
        answered += 1
    checks.expect(True, f"{UPLOADS} uploads (POST /echo) each answer within {SECONDS} s")
