"""Lab 08: gunicorn starts and stays up under supervisord, logging where supervisord collects it."""

from course.tasks.checking import program_running

STACK = "production"

# The mistake: the stack's own gunicorn_conf.py with this one change (broken); unchanged, it is the fix.
BREAK = {
    "gunicorn_conf.py": [
        (
            "keepalive = 5\n",
            'keepalive = 5\n# Errors to a file of their own, as on the old server.\nerrorlog = "/var/log/hello/gunicorn-error.log"\n',
        )
    ]
}


def check(checks, url, state) -> None:
    program_running(checks, state, "gunicorn")
